import { softmax } from './searchModel';

/**
 * Naive Bayes over word sets: each entry has a bag of texts (as token sets), and a question's words
 * are scored by how often the entry's texts hold them, with additive smoothing. Unlike coverage, a
 * word common to all of an entry's texts counts more than one found in a single one.
 */
export interface WordLikelihood {
  /** The given entries' likelihoods of the question's words, as shares among those entries. */
  shares(entries: readonly number[], questionTokens: readonly string[]): number[];
}

export function buildWordLikelihood(
  bags: readonly (readonly ReadonlySet<string>[])[],
  smoothing: number,
): WordLikelihood {
  // A question of K known words scores K × (log smoothing − denominator) plus, for each word the
  // entry's texts hold, log((count + smoothing) / smoothing): kept per word as sparse postings, so a
  // question costs additions, not logarithms, and memory grows with the text, not words × entries.
  const logSmoothing = Math.log(smoothing);
  const byWord = new Map<string, { entries: number[]; gains: number[] }>();
  bags.forEach((bag, i) => {
    const counts = new Map<string, number>();
    for (const text of bag) for (const t of text) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, c] of counts) {
      const list = byWord.get(t) ?? { entries: [], gains: [] };
      byWord.set(t, list);
      list.entries.push(i);
      list.gains.push(Math.log(c + smoothing) - logSmoothing);
    }
  });
  const postings = new Map(
    [...byWord].map(([t, list]) => [
      t,
      { entries: Int32Array.from(list.entries), gains: Float64Array.from(list.gains) },
    ]),
  );
  // log(words counted + smoothing × vocabulary): each entry's denominator, fixed. The vocabulary is
  // every word some entry holds, the postings' words.
  const logDenominators = Float64Array.from(bags, (bag) =>
    Math.log(bag.reduce((sum, text) => sum + text.size, 0) + smoothing * postings.size),
  );
  // The bags themselves are not kept: only their number is read from here on.
  const entryCount = bags.length;
  return {
    shares(entries, questionTokens) {
      const known = [...new Set(questionTokens)].flatMap((t) => postings.get(t) ?? []);
      const gain = new Float64Array(entryCount);
      for (const p of known) for (let k = 0; k < p.entries.length; k++) gain[p.entries[k]] += p.gains[k];
      return softmax(entries.map((i) => known.length * (logSmoothing - logDenominators[i]) + gain[i]));
    },
  };
}
