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
  const vocabulary = new Set<string>();
  for (const bag of bags) for (const text of bag) for (const t of text) vocabulary.add(t);
  const counts = bags.map((bag) => {
    const c = new Map<string, number>();
    for (const text of bag) for (const t of text) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  });
  // log(words counted + smoothing × vocabulary): each entry's denominator, fixed.
  const logDenominators = bags.map((bag) =>
    Math.log(bag.reduce((sum, text) => sum + text.size, 0) + smoothing * vocabulary.size),
  );
  return {
    shares(entries, questionTokens) {
      const known = [...new Set(questionTokens)].filter((t) => vocabulary.has(t));
      return softmax(
        entries.map((i) => {
          let sum = 0;
          for (const t of known) sum += Math.log((counts[i].get(t) ?? 0) + smoothing) - logDenominators[i];
          return sum;
        }),
      );
    },
  };
}
