import { type QuestionMatch, rank, type SearchModel } from './searchModel';

// Stage two of the model (searchModel.ts has the overview and stage one): from the ranking and the
// question, the chance that the first candidate is right and that the right one is among the first
// three, and what the bot does with them.

/** Answer, ask "Did you mean", or say the bot does not know. */
export type Decision = 'answer' | 'suggest' | 'none';

import { CONFIDENCE_FEATURES, type ConfidenceFeature } from './confidenceFeatures';

export { CONFIDENCE_FEATURES, type ConfidenceFeature };

/** The model's reading of one question. */
export interface Judgement {
  /** Candidate indexes, best first (ties by id). */
  order: number[];
  /** Each candidate's share of the ranking softmax, by candidate index. */
  shares: number[];
  /** Chance that the first candidate is the right answer. */
  answer: number;
  /** Chance that the right answer is among the first three. */
  shortlist: number;
  /** A one-word question that fits several entries alike: never answered outright (see VAGUE_RATIO). */
  vague: boolean;
  /** The question's off-topic odds (topicOdds.ts); 0 for an exact phrasing, which is never refused. */
  offTopic: number;
}

/**
 * A question of one word, not an exact phrasing, whose runner-up has at least this share of the
 * first candidate's is vague: the bot asks "Did you mean" whatever the confidence. With one word
 * there is nothing else to tell the entries apart; "measures" (process, outcome, qi-measures at
 * 0.43, 0.39, 0.37) was otherwise answered with process measures.
 */
export const VAGUE_RATIO = 0.8;

/** The inputs of both confidence models, from the ranked candidates. */
export function confidenceInputs(
  match: QuestionMatch,
  scores: readonly number[],
  shares: readonly number[],
  order: readonly number[],
): Record<ConfidenceFeature, number> {
  const [first, second] = order;
  const top = first === undefined ? 0 : scores[first];
  // A missing runner-up counts as an entry that matched nothing (score 0), not as the full lead: a
  // lone candidate reached through one loose typo correction must not look certain.
  const lead = top - (second === undefined ? 0 : scores[second]);
  return {
    bias: 1,
    topShare: first === undefined ? 0 : shares[first],
    // Past ten points the lead says nothing more; the exact-phrasing bonus alone is twelve.
    lead: Math.min(10, lead) / 10,
    topScore: top / 10,
    unknownShare: match.unknownShare,
    length: Math.log(1 + match.words) / 3,
    offTopic: match.offTopic,
    threeShare: order.slice(0, 3).reduce((sum, i) => sum + shares[i], 0),
  };
}

const logistic = (x: Record<ConfidenceFeature, number>, w: Record<ConfidenceFeature, number>): number => {
  let z = 0;
  for (const name of CONFIDENCE_FEATURES) z += w[name] * x[name];
  return 1 / (1 + Math.exp(-z));
};

/**
 * An exact phrasing of one entry (its title or an alternative question, word for word) is answered
 * with certainty; kb:check relies on it. If two entries share it, the bot asks "Did you mean".
 */
function exactPhrasing(match: QuestionMatch, order: readonly number[]): 'one' | 'shared' | 'no' {
  const exact = (i: number | undefined): boolean => i !== undefined && match.candidates[i].dice >= 0.9999;
  if (!exact(order[0])) return 'no';
  return exact(order[1]) ? 'shared' : 'one';
}

export function judge(match: QuestionMatch, model: SearchModel): Judgement {
  const { scores, shares, order } = rank(match, model.weights);
  const x = confidenceInputs(match, scores, shares, order);
  const exact = exactPhrasing(match, order);
  const [first, second] = order;
  return {
    order,
    shares,
    vague:
      exact === 'no' &&
      match.words === 1 &&
      second !== undefined &&
      shares[second] >= VAGUE_RATIO * shares[first],
    answer: exact === 'one' ? 1 : exact === 'shared' ? 0 : logistic(x, model.answer),
    shortlist: exact === 'no' ? logistic(x, model.shortlist) : 1,
    offTopic: exact === 'no' ? match.offTopic : 0,
  };
}

/**
 * What the bot does with a judgement: answer, ask "Did you mean", or say it does not know. A question
 * whose words are almost surely off-topic (odds at or over `thresholds.offTopic`) is refused whatever
 * the ranking says: the confidence models weigh the odds linearly, so one rare content word used in
 * another sense ("fishbones" in a soup recipe) left a lone candidate looking certain. The veto is
 * chosen by `npm run train:search` on the training questions alone.
 */
export function decide(
  judged: Pick<Judgement, 'answer' | 'shortlist' | 'vague' | 'offTopic'>,
  thresholds: SearchModel['thresholds'],
): Decision {
  if (judged.offTopic >= thresholds.offTopic) return 'none';
  if (judged.answer >= thresholds.answer && !judged.vague) return 'answer';
  if (judged.shortlist >= thresholds.suggest) return 'suggest';
  return 'none';
}
