import Fuse from 'fuse.js';

/** An index token a typed word may be a misspelling of; `score` is fuse's (0 = exact). */
export interface Correction {
  item: string;
  score: number;
}

/** Index tokens a typed word may be a misspelling of, closest first, at most two. */
export type Corrector = (written: string) => readonly Correction[];

/**
 * Fuse score at or under which an unknown word is taken as a typo of a known one: one wrong letter
 * in five gets through ("helth", "pdsas"), two do not.
 */
export const TYPO_THRESHOLD = 0.34;
/** Shorter words are not corrected; correction compares words as typed, so "lutn" and "blok" are. */
const MIN_TYPO_LENGTH = 4;
const CACHE_SIZE = 5000;

/**
 * Fuse runs over the content's words as written, not over whole entries: it only has to turn a
 * misspelt word into known ones. It compares the word as typed, before stemming, because stemming a
 * misspelling cuts it short ("bulding" -> "buld") and keeps it away from what was meant; the written
 * word found then stands for its index token. A typo rarely changes a word's first letter or its
 * length by more than two, so the words are split by first letter and length and a word is compared
 * only with its neighbours: at 10,000 entries that is a few hundred words, not 30,000.
 *
 * `realWords` are words the off-topic questions use: a word typed as written there is a real word,
 * not a misspelling of a content word (corrected, "rain later?" was answered).
 */
export function buildCorrector(
  tokenOfWritten: ReadonlyMap<string, string>,
  realWords: readonly string[],
): Corrector {
  const bucketWords = new Map<string, string[]>();
  for (const word of tokenOfWritten.keys()) {
    const name = `${word[0]}${word.length}`;
    const list = bucketWords.get(name);
    if (list) list.push(word);
    else bucketWords.set(name, [word]);
  }
  const fuseOptions = { includeScore: true, threshold: TYPO_THRESHOLD, ignoreLocation: true };
  const buckets = new Map<string, Fuse<string>>();
  for (const [name, list] of bucketWords) buckets.set(name, new Fuse(list, fuseOptions));
  const notTypos = new Set(realWords.filter((w) => !tokenOfWritten.has(w)));
  // Partners repeat the same misspellings; a memo keeps fuse off the hot path for them. It changes
  // no result: corrections depend on the word alone.
  const memo = new Map<string, Correction[]>();

  return (written) => {
    const cached = memo.get(written);
    if (cached) return cached;
    const hits: Correction[] = [];
    if (written.length >= MIN_TYPO_LENGTH && !/\d/.test(written) && !notTypos.has(written))
      for (let length = written.length - 2; length <= written.length + 2; length++)
        for (const h of buckets.get(`${written[0]}${length}`)?.search(written, { limit: 2 }) ?? [])
          if ((h.score ?? 1) <= TYPO_THRESHOLD)
            hits.push({ item: tokenOfWritten.get(h.item) ?? h.item, score: h.score ?? 1 });
    hits.sort((a, b) => a.score - b.score || a.item.localeCompare(b.item));
    const best = hits.filter((h, i) => hits.findIndex((o) => o.item === h.item) === i).slice(0, 2);
    if (memo.size > CACHE_SIZE) memo.clear();
    memo.set(written, best);
    return best;
  };
}
