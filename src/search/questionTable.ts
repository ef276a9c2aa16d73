import type { TokenPosting } from './entryIndex';
import type { Slot } from './questionSlots';

/**
 * Where each of a question's words is in each candidate, read from the words' postings once per
 * question: looking every word up in every candidate's own map (80 candidates by 10 to 30 words)
 * was the largest part of the search's time.
 */
export interface QuestionTable {
  /** The column of each token of each option of each slot: columns[slot][option][k]. */
  columns: Int32Array[][];
  /** How many candidates: a column's cells, one per candidate in the order given. */
  width: number;
  /** TokenPosting.flags at column * width + candidate; 0 where the candidate lacks the word. */
  flags: Uint8Array;
  /** TokenPosting.phrasings at the same cell; 0 where no phrasing of the candidate holds it. */
  phrasings: Uint32Array;
  /** How many of the question's word pairs (repeats counted) each candidate's phrasings hold. */
  pairsHeld: Uint16Array;
}

/** Each entry's position among this question's candidates plus one, 0 for the rest; reset after use. */
let positionOf = new Int32Array(0);

/** What the table is read from. */
export interface Postings {
  tokenPostings: ReadonlyMap<string, TokenPosting>;
  bigramPostings: ReadonlyMap<string, Int32Array>;
  entryCount: number;
}

export function questionTable(
  slots: readonly Slot[],
  pairs: readonly string[],
  candidates: readonly number[],
  { tokenPostings, bigramPostings, entryCount }: Postings,
): QuestionTable {
  const columnOf = new Map<string, number>();
  const columnFor = (token: string): number => {
    let column = columnOf.get(token);
    if (column === undefined) {
      column = columnOf.size;
      columnOf.set(token, column);
    }
    return column;
  };
  const columns = slots.map((s) => s.options.map((o) => Int32Array.from(o.tokens, columnFor)));
  const width = candidates.length;
  const flags = new Uint8Array(columnOf.size * width);
  const phrasings = new Uint32Array(columnOf.size * width);
  if (positionOf.length < entryCount) positionOf = new Int32Array(entryCount);
  candidates.forEach((entry, c) => {
    positionOf[entry] = c + 1;
  });
  for (const [token, column] of columnOf) {
    const posting = tokenPostings.get(token);
    if (!posting) continue;
    const { entries } = posting;
    for (let k = 0; k < entries.length; k++) {
      const position = positionOf[entries[k]];
      if (position === 0) continue;
      const cell = column * width + position - 1;
      flags[cell] = posting.flags[k];
      phrasings[cell] = posting.phrasings[k];
    }
  }
  const pairsHeld = new Uint16Array(width);
  for (const pair of pairs) {
    const holders = bigramPostings.get(pair);
    if (!holders) continue;
    for (let k = 0; k < holders.length; k++) {
      const position = positionOf[holders[k]];
      if (position !== 0) pairsHeld[position - 1]++;
    }
  }
  for (const entry of candidates) positionOf[entry] = 0;
  return { columns, width, flags, phrasings, pairsHeld };
}
