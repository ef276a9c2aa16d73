import type { MatchFeatures } from './matchFeatures';

export type Decision = 'answer' | 'suggest' | 'none';

/**
 * The search's scoring model, in two stages.
 *
 * 1. Ranking: each candidate's score is a weighted sum of its match features; a softmax over the
 *    candidates gives each one's share. The weights are learned from the content (each alternative
 *    question is held out of its entry and asked as a question) and, at a lower weight, from the
 *    practice questions in knowledge/training/.
 * 2. Confidence: two logistic models read the ranking (the first candidate's share and score, its
 *    lead over the second) and the question (how much of it the content has never seen, how long it
 *    is). One gives the chance that the first candidate is the right answer ("answer"), the other
 *    the chance that the right answer is among the first three ("shortlist", for "Did you mean").
 *    They learn from the held-out alternative questions, the practice questions and the off-topic
 *    questions in knowledge/training/, never from test/eval/questions.jsonl.
 *
 * Only the two thresholds are calibrated on the evaluation set. `npm run train:search` writes
 * searchModel.json.
 */
export const FEATURES = [
  'dice',
  'recall',
  'key',
  'summary',
  'all',
  'evidence',
  'diceKnown',
  'keyKnown',
  'allKnown',
  'diceSquared',
  'titleDice',
  'phraseCover',
  'rarest',
  'slotsMet',
  'bigram',
  'likelihood',
  'likelihoodRoot',
  // The same likelihood with the entry's practice questions (knowledge/training) counted as
  // phrasings, trained with the practice questions in the ranking (see PRACTICE_RANKING_WEIGHT in
  // trainSearch.ts). It is a feature of its own: counting practice questions in the plain likelihood
  // put other entries' practice words ahead of an entry's own phrasings.
  'exampleLikelihood',
  'exampleLikelihoodRoot',
] as const;

export type FeatureName = (typeof FEATURES)[number];

/**
 * What the confidence models read. Two logistic models fitted on training questions, rather than a
 * "none of them" option in the ranking softmax, keep the evaluation set out of the fitting; one
 * model for both thresholds did worse at the shortlist.
 */
export const CONFIDENCE_FEATURES = [
  'bias',
  'topShare',
  'lead',
  'topScore',
  'unknownShare',
  'length',
  // The off-topic odds (topicOdds.ts): without them, off-topic questions that share one content word
  // ("report a pothole", "teams not working??") score like vague on-topic ones. Word odds cannot
  // tell an off-topic question about the content's own subjects (figures it does not hold).
  'offTopic',
  // The first three candidates' shares together: what "Did you mean" offers.
  'threeShare',
] as const;

export type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];

export interface SearchModel {
  weights: Record<FeatureName, number>;
  /** Logistic model: the first candidate is the right answer. */
  answer: Record<ConfidenceFeature, number>;
  /** Logistic model: the right answer is among the first three candidates. */
  shortlist: Record<ConfidenceFeature, number>;
  thresholds: { answer: number; suggest: number };
}

export function featureVector(f: MatchFeatures): Record<FeatureName, number> {
  return {
    dice: f.dice,
    recall: f.recall,
    key: f.key,
    summary: f.summary,
    all: f.all,
    // Two rare words' worth of key-field evidence is as much as counts.
    evidence: Math.min(1, f.evidence / 2),
    diceKnown: f.diceKnown,
    keyKnown: f.keyKnown,
    allKnown: f.allKnown,
    diceSquared: f.dice * f.dice,
    titleDice: f.titleDice,
    phraseCover: f.phraseCover,
    rarest: f.rarest,
    slotsMet: f.slotsMet,
    bigram: f.bigram,
    likelihood: f.likelihood,
    likelihoodRoot: Math.sqrt(f.likelihood),
    exampleLikelihood: f.exampleLikelihood,
    exampleLikelihoodRoot: Math.sqrt(f.exampleLikelihood),
  };
}

/**
 * Added to the score of an entry one of whose phrasings the question matches word for word. It is
 * not learned: held-out questions never match their own entry exactly. It is set so that typing an
 * entry's alternative question always gets that entry (kb:check relies on it), unless two entries
 * share the phrasing, when the bot asks "Did you mean".
 */
export const EXACT_PHRASING_BONUS = 12;

export function candidateScore(f: MatchFeatures, weights: SearchModel['weights']): number {
  const x = featureVector(f);
  let s = f.dice >= 0.9999 ? EXACT_PHRASING_BONUS : 0;
  for (const name of FEATURES) s += weights[name] * x[name];
  return s;
}

/** A question's candidates as the model sees them, with the number of words the question kept. */
export interface QuestionMatch {
  words: number;
  /** Chance that the question is off-topic from its words alone (topicOdds.ts). */
  offTopic: number;
  /**
   * Share of the question's weight carried by words the index has never seen (1 when nothing
   * matched). It is the question's, not a candidate's: as a ranking feature it would add the same
   * to every candidate's score and could not reorder them (training kept its weight at 0), but it
   * tells the confidence models how much of the question the content can speak to.
   */
  unknownShare: number;
  candidates: MatchFeatures[];
}

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
}

/**
 * A question of one word, not an exact phrasing, whose runner-up has at least this share of the
 * first candidate's is vague: the bot asks "Did you mean" whatever the confidence. With one word
 * there is nothing else to tell the entries apart; "measures" (process, outcome, qi-measures at
 * 0.43, 0.39, 0.37) was otherwise answered with process measures.
 */
export const VAGUE_RATIO = 0.8;

export const softmax = (scores: readonly number[]): number[] => {
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
};

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

/** Stage one: every candidate's score and share, and their order, best first. */
export function rank(
  match: QuestionMatch,
  weights: SearchModel['weights'],
): { scores: number[]; shares: number[]; order: number[] } {
  const { candidates } = match;
  const scores = candidates.map((f) => candidateScore(f, weights));
  const shares = candidates.length === 0 ? [] : softmax(scores);
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => shares[b] - shares[a] || candidates[a].id.localeCompare(candidates[b].id));
  return { scores, shares, order };
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
  };
}

/** What the bot does with a judgement: answer, ask "Did you mean", or say it does not know. */
export function decide(
  judged: Pick<Judgement, 'answer' | 'shortlist' | 'vague'>,
  thresholds: SearchModel['thresholds'],
): Decision {
  if (judged.answer >= thresholds.answer && !judged.vague) return 'answer';
  if (judged.shortlist >= thresholds.suggest) return 'suggest';
  return 'none';
}
