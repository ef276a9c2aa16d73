import type { KnowledgeEntry } from '../knowledge/entry';
import { STOP_WORDS, stem, tokensOf, words } from './normalise';

/** One entry as the search measures it: its texts as token sets. */
export interface IndexedEntry {
  entry: KnowledgeEntry;
  /** Title and each alternative question as token sets. */
  phrasings: Set<string>[];
  /** Each phrasing's summed word weights. */
  phrasingWeights: number[];
  /** Pairs of neighbouring words in the title and questions ("run chart", "process measure"). */
  bigrams: Set<string>;
  /** Words of the title, questions and tags. */
  key: Set<string>;
  /** Key words plus the summary's. */
  summary: Set<string>;
  all: Set<string>;
}

/** Word weights from document frequency over whole entries: rare words decide. */
export interface WordWeights {
  known(token: string): boolean;
  weight(token: string): number;
  sum(tokens: Iterable<string>): number;
  /** An unknown word weighs as much as the rarest known one, so off-topic questions stay low. */
  readonly unknown: number;
  /** The weight of a word only one entry holds: the unit of the evidence and rarest features. */
  readonly rarest: number;
}

export interface EntryIndex {
  items: IndexedEntry[];
  weights: WordWeights;
  /** Entries by word, where the word is a key word (title, questions, tags). */
  keyPostings: ReadonlyMap<string, readonly number[]>;
  /** Entries by word, where the word is only in the summary or body. */
  bodyPostings: ReadonlyMap<string, readonly number[]>;
  /** Entries with a phrasing made only of stop words, by that phrasing's words joined by spaces. */
  byStopWords: ReadonlyMap<string, readonly number[]>;
  /** Every word of the content as written with the index token it stands for, in order of first use. */
  tokenOfWritten: ReadonlyMap<string, string>;
  /** Each entry's rank by id: ties are broken by id, so results do not depend on file order. */
  idRank: Int32Array;
}

export const pairsOf = (sequence: readonly string[]): string[] =>
  sequence.slice(1).map((t, i) => `${sequence[i]} ${t}`);

const append = (map: Map<string, number[]>, key: string, i: number): void => {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
};

export function indexEntries(entries: readonly KnowledgeEntry[]): EntryIndex {
  // Typo correction compares a misspelt word with the content's words as written.
  const tokenOfWritten = new Map<string, string>();
  /** tokens(), noting each written word on the way, so the text is normalised once. */
  const tokensNoted = (text: string): string[] => {
    const written = words(text);
    for (const w of written) if (!STOP_WORDS.has(w) && !tokenOfWritten.has(w)) tokenOfWritten.set(w, stem(w));
    return tokensOf(written);
  };
  // A phrasing made only of stop words ("What can you do?") has no tokens to match: it is matched by
  // its words, exactly, and only by a question that has no tokens either.
  const byStopWords = new Map<string, number[]>();
  const tokenised = entries.map((entry, i) => {
    const texts = [entry.title, ...entry.questions];
    const sequences = texts.map(tokensNoted);
    sequences.forEach((sequence, j) => {
      if (sequence.length > 0) return;
      const key = words(texts[j]).join(' ');
      const list = byStopWords.get(key);
      if (!list) byStopWords.set(key, [i]);
      else if (!list.includes(i)) list.push(i);
    });
    const phrasings = sequences.map((q) => new Set(q));
    const bigrams = new Set(sequences.flatMap(pairsOf));
    const key = new Set([...phrasings.flatMap((p) => [...p]), ...entry.tags.flatMap(tokensNoted)]);
    const summary = new Set([...key, ...tokensNoted(entry.summary)]);
    const all = new Set([...summary, ...tokensNoted(entry.body)]);
    return { entry, phrasings, bigrams, key, summary, all };
  });

  const df = new Map<string, number>();
  // Two posting lists, so key matches can score high while body-only matches stay bounded.
  const keyPostings = new Map<string, number[]>();
  const bodyPostings = new Map<string, number[]>();
  tokenised.forEach((item, i) => {
    for (const t of item.all) {
      df.set(t, (df.get(t) ?? 0) + 1);
      append(item.key.has(t) ? keyPostings : bodyPostings, t, i);
    }
  });
  const weights = wordWeights(df, Math.max(1, tokenised.length));
  const items: IndexedEntry[] = tokenised.map((item) => ({
    ...item,
    phrasingWeights: item.phrasings.map((p) => weights.sum(p)),
  }));

  const idRank = new Int32Array(items.length);
  items
    .map((item, i) => ({ id: item.entry.id, i }))
    .sort((a, b) => a.id.localeCompare(b.id))
    .forEach((x, rank) => {
      idRank[x.i] = rank;
    });
  return { items, weights, keyPostings, bodyPostings, byStopWords, tokenOfWritten, idRank };
}

function wordWeights(df: ReadonlyMap<string, number>, n: number): WordWeights {
  const idfOf = new Map<string, number>();
  for (const [t, count] of df) idfOf.set(t, Math.log(1 + n / count));
  const unknown = Math.log(1 + n / 0.5);
  const weight = (t: string): number => idfOf.get(t) ?? unknown;
  return {
    known: (t) => df.has(t),
    weight,
    sum(tokens) {
      let sum = 0;
      for (const t of tokens) sum += weight(t);
      return sum;
    },
    unknown,
    rarest: Math.log(1 + n / 1),
  };
}
