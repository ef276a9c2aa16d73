import type { KnowledgeEntry } from '../knowledge/entry';
import { STOP_WORDS, stem, tokensOf, words } from './normalise';

/** One entry as the search measures it: its texts as token sets. */
export interface IndexedEntry {
  entry: KnowledgeEntry;
  /** How many phrasings (the title and each alternative question) the entry has. */
  phrasingCount: number;
  /** Each phrasing's summed word weights. */
  phrasingWeights: number[];
  /** The indexes of the phrasings holding each word, in runs that TokenPosting.phrasings points to. */
  holders: number[];
}

/**
 * Every entry holding a word, in entry order, with where it holds it: `flags` IN_KEY (title,
 * questions, tags), IN_SUMMARY and IN_ALL (a key word is also in the summary and the whole), and
 * `phrasings`, where in the entry's `holders` the phrasings holding it are, packed as start * 65536 +
 * count (0 when it is in none). Typed arrays per word, not maps per entry: at 10,000 entries the
 * maps were tens of megabytes, and the search reads a question's words once for all candidates.
 */
export interface TokenPosting {
  entries: Int32Array;
  flags: Uint8Array;
  phrasings: Uint32Array;
}

/** Field flags of TokenPosting.flags. */
export const IN_KEY = 1;
export const IN_SUMMARY = 2;
export const IN_ALL = 4;

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
  /**
   * Each entry's title and alternative questions as token sets, for building the likelihood models:
   * the search itself reads phrasingsOf, so these need not be kept once the index is built.
   */
  phrasingSets: Set<string>[][];
  weights: WordWeights;
  /** Every entry holding a word, whatever the field. */
  tokenPostings: ReadonlyMap<string, TokenPosting>;
  /**
   * Entries by pair of neighbouring words in their title and questions ("run chart", "process
   * measure"), in entry order.
   */
  bigramPostings: ReadonlyMap<string, Int32Array>;
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
    const lists = new Map<string, number[]>();
    phrasings.forEach((p, j) => {
      for (const t of p) append(lists, t, j);
    });
    const phrasingsOf = new Map<string, number>();
    const holders: number[] = [];
    for (const [t, list] of lists) {
      // Packed into 32 bits: 65,536 phrasings holding a word in one entry is far beyond any entry.
      if (holders.length >= 65536) throw new Error(`entry ${entry.id} has too many phrasings to index`);
      phrasingsOf.set(t, holders.length * 65536 + list.length);
      holders.push(...list);
    }
    const fields = new Map<string, number>();
    const mark = (list: Iterable<string>, flags: number): void => {
      for (const t of list) if (!fields.has(t)) fields.set(t, flags);
    };
    mark(phrasingsOf.keys(), IN_KEY | IN_SUMMARY | IN_ALL);
    mark(entry.tags.flatMap(tokensNoted), IN_KEY | IN_SUMMARY | IN_ALL);
    mark(tokensNoted(entry.summary), IN_SUMMARY | IN_ALL);
    mark(tokensNoted(entry.body), IN_ALL);
    return { entry, phrasings, phrasingCount: phrasings.length, bigrams, fields, phrasingsOf, holders };
  });

  const df = new Map<string, number>();
  const holding = new Map<string, number[]>();
  tokenised.forEach((item, i) => {
    for (const t of item.fields.keys()) {
      df.set(t, (df.get(t) ?? 0) + 1);
      append(holding, t, i);
    }
  });
  const pairHolders = new Map<string, number[]>();
  tokenised.forEach((item, i) => {
    for (const pair of item.bigrams) append(pairHolders, pair, i);
  });
  const bigramPostings = new Map([...pairHolders].map(([pair, list]) => [pair, Int32Array.from(list)]));
  const tokenPostings = new Map<string, TokenPosting>();
  for (const [t, list] of holding) {
    tokenPostings.set(t, {
      entries: Int32Array.from(list),
      flags: Uint8Array.from(list, (i) => tokenised[i].fields.get(t) ?? 0),
      phrasings: Uint32Array.from(list, (i) => tokenised[i].phrasingsOf.get(t) ?? 0),
    });
  }
  const weights = wordWeights(df, Math.max(1, tokenised.length));
  const items: IndexedEntry[] = tokenised.map(({ entry, phrasingCount, holders, phrasings }) => ({
    entry,
    phrasingCount,
    holders,
    phrasingWeights: phrasings.map((p) => weights.sum(p)),
  }));
  const phrasingSets = tokenised.map((item) => item.phrasings);

  const idRank = new Int32Array(items.length);
  items
    .map((item, i) => ({ id: item.entry.id, i }))
    .sort((a, b) => a.id.localeCompare(b.id))
    .forEach((x, rank) => {
      idRank[x.i] = rank;
    });
  return {
    items,
    phrasingSets,
    weights,
    tokenPostings,
    bigramPostings,
    byStopWords,
    tokenOfWritten,
    idRank,
  };
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
