/**
 * How much a question's words sound like the off-topic questions in knowledge/training (IT help,
 * weather, bookings, other council services) rather than like the way partners ask about the
 * content. Naive Bayes over two bags of words: on-topic (titles, alternative questions, practice
 * questions) and off-topic.
 *
 * A word neither bag holds is evidence too, when the content does not know it either: off-topic
 * questions range over the whole language, so their words are far more often ones nothing else in
 * the training uses than partners' questions are ("knitting", "portfolio", "debone"). How much more
 * often is counted on the training questions themselves (a word found in no other training question
 * and not in the content), so the evidence is learnt, not set by hand.
 */
export interface TopicOdds {
  /** Chance in [0, 1] that the question is off-topic, from its words alone, even priors. */
  offTopic(questionTokens: readonly string[]): number;
  /** What one word unknown to the bags and the content adds to the log odds (0 without unseen). */
  readonly unseenWeight: number;
}

/** What the odds need to weigh unseen words; without it such words say nothing. */
export interface UnseenWords {
  /** Whether the content (any entry's text) holds the token. */
  known: (token: string) => boolean;
  /** The practice questions (not titles or alternative questions, which are content). */
  onTopicQuestions: readonly Iterable<string>[];
}

/**
 * The most words whose evidence adds up in full: 12 content words, the length 95% of the practice
 * questions in knowledge/training stay within (median 5), so a question asked the usual way is
 * weighed as before.
 */
export const EVIDENCE_WORDS = 12;

type Counts = Map<string, number>;

const count = (texts: readonly Iterable<string>[]): Counts => {
  const c: Counts = new Map();
  // A word counts once per question: one question repeating a word is not more evidence.
  for (const text of texts) for (const t of new Set(text)) c.set(t, (c.get(t) ?? 0) + 1);
  return c;
};

/**
 * Log of (share of off-topic question words seen nowhere else) over (the same share for practice
 * questions), each smoothed by one so an empty side cannot give an infinite weight.
 */
function unseenWeight(
  on: Counts,
  off: Counts,
  offTopic: readonly Iterable<string>[],
  unseen: UnseenWords,
): number {
  const share = (texts: readonly Iterable<string>[]): number => {
    let words = 0;
    let alone = 0;
    for (const text of texts)
      for (const t of new Set(text)) {
        words++;
        if ((on.get(t) ?? 0) + (off.get(t) ?? 0) === 1 && !unseen.known(t)) alone++;
      }
    return (alone + 1) / (words + 2);
  };
  return Math.log(share(offTopic)) - Math.log(share(unseen.onTopicQuestions));
}

export function buildTopicOdds(
  onTopic: readonly Iterable<string>[],
  offTopic: readonly Iterable<string>[],
  smoothing: number,
  unseen?: UnseenWords,
): TopicOdds {
  const on = count(onTopic);
  const off = count(offTopic);
  const vocabulary = new Set([...on.keys(), ...off.keys()]);
  const total = (c: Counts): number => [...c.values()].reduce((a, b) => a + b, 0);
  const logOn = Math.log(total(on) + smoothing * vocabulary.size);
  const logOff = Math.log(total(off) + smoothing * vocabulary.size);
  const weight = unseen && off.size > 0 ? unseenWeight(on, off, offTopic, unseen) : 0;
  return {
    unseenWeight: weight,
    offTopic(questionTokens) {
      if (off.size === 0) return 0;
      let z = 0;
      let counted = 0;
      for (const t of new Set(questionTokens)) {
        if (vocabulary.has(t)) {
          z += Math.log((off.get(t) ?? 0) + smoothing) - logOff;
          z -= Math.log((on.get(t) ?? 0) + smoothing) - logOn;
          counted++;
        } else if (unseen && !unseen.known(t)) {
          z += weight;
          counted++;
        }
      }
      // Naive Bayes adds every word as independent evidence, so a long message was almost surely
      // off-topic whatever it asked: one "tea" or "tonight" among twenty words tipped a partner's
      // chatty question about run charts to 0.999 and the veto refused it. A message longer than
      // EVIDENCE_WORDS weighs as much as one of that length, its words' average kept.
      if (counted > EVIDENCE_WORDS) z *= EVIDENCE_WORDS / counted;
      return 1 / (1 + Math.exp(-z));
    },
  };
}
