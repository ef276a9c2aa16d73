/**
 * How much a question's words sound like the off-topic questions in knowledge/training (IT help,
 * weather, bookings, other council services) rather than like the way partners ask about the
 * content. Naive Bayes over two bags of words: on-topic (titles, alternative questions, practice
 * questions) and off-topic. A word neither bag holds says nothing; the search's unknown share
 * covers those.
 */
export interface TopicOdds {
  /** Chance in [0, 1] that the question is off-topic, from its words alone, even priors. */
  offTopic(questionTokens: readonly string[]): number;
}

export function buildTopicOdds(
  onTopic: readonly Iterable<string>[],
  offTopic: readonly Iterable<string>[],
  smoothing: number,
): TopicOdds {
  const count = (texts: readonly Iterable<string>[]): Map<string, number> => {
    const c = new Map<string, number>();
    // A word counts once per question: one question repeating a word is not more evidence.
    for (const text of texts) for (const t of new Set(text)) c.set(t, (c.get(t) ?? 0) + 1);
    return c;
  };
  const on = count(onTopic);
  const off = count(offTopic);
  const vocabulary = new Set([...on.keys(), ...off.keys()]);
  const total = (c: Map<string, number>): number => [...c.values()].reduce((a, b) => a + b, 0);
  const logOn = Math.log(total(on) + smoothing * vocabulary.size);
  const logOff = Math.log(total(off) + smoothing * vocabulary.size);
  return {
    offTopic(questionTokens) {
      if (off.size === 0) return 0;
      let z = 0;
      for (const t of new Set(questionTokens)) {
        if (!vocabulary.has(t)) continue;
        z += Math.log((off.get(t) ?? 0) + smoothing) - logOff;
        z -= Math.log((on.get(t) ?? 0) + smoothing) - logOn;
      }
      return 1 / (1 + Math.exp(-z));
    },
  };
}
