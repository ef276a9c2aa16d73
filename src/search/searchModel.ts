import type { ConfidenceFeature } from './confidenceFeatures';
import type { MatchFeatures } from './matchFeatures';

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
 *    questions in knowledge/training/, never from test/eval/questions.jsonl. Stage two and the
 *    decision are in decision.ts.
 *
 * Only the two thresholds are calibrated on the evaluation set. `npm run train:search` writes
 * searchModel.json; trainedModel.ts reads and checks it.
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

export interface SearchModel {
  weights: Record<FeatureName, number>;
  /** Logistic model: the first candidate is the right answer. */
  answer: Record<ConfidenceFeature, number>;
  /** Logistic model: the right answer is among the first three candidates. */
  shortlist: Record<ConfidenceFeature, number>;
  /** `offTopic`: off-topic odds at or over which a question is refused (decision.ts); 1.01 never. */
  thresholds: { answer: number; suggest: number; offTopic: number };
}

/**
 * A candidate's features as the model reads them, in FEATURES order: the ranking and the training
 * script read arrays, as a record read by name per feature was a good part of each search's time.
 */
export function featureValues(f: MatchFeatures): number[] {
  return writeFeatureValues(f, new Array<number>(FEATURES.length));
}

/** featureValues written into `out`, which the ranking reuses for every candidate. */
function writeFeatureValues<T extends { [i: number]: number }>(f: MatchFeatures, out: T): T {
  out[0] = f.dice;
  out[1] = f.recall;
  out[2] = f.key;
  out[3] = f.summary;
  out[4] = f.all;
  // Two rare words' worth of key-field evidence is as much as counts.
  out[5] = Math.min(1, f.evidence / 2);
  out[6] = f.diceKnown;
  out[7] = f.keyKnown;
  out[8] = f.allKnown;
  out[9] = f.dice * f.dice;
  out[10] = f.titleDice;
  out[11] = f.phraseCover;
  out[12] = f.rarest;
  out[13] = f.slotsMet;
  out[14] = f.bigram;
  out[15] = f.likelihood;
  out[16] = Math.sqrt(f.likelihood);
  out[17] = f.exampleLikelihood;
  out[18] = Math.sqrt(f.exampleLikelihood);
  return out;
}

/**
 * Added to the score of an entry one of whose phrasings the question matches word for word. It is
 * not learned: held-out questions never match their own entry exactly. It is set so that typing an
 * entry's alternative question always gets that entry (kb:check relies on it), unless two entries
 * share the phrasing, when the bot asks "Did you mean".
 */
export const EXACT_PHRASING_BONUS = 12;

/** One candidate's feature values at a time, for candidateScore. */
const candidateValues = new Float64Array(FEATURES.length);

/** Each model's ranking weights in FEATURES order, made once per model. */
const weightArrays = new WeakMap<SearchModel['weights'], number[]>();

export function candidateScore(f: MatchFeatures, weights: SearchModel['weights']): number {
  let w = weightArrays.get(weights);
  if (!w) {
    w = FEATURES.map((name) => weights[name]);
    weightArrays.set(weights, w);
  }
  const x = writeFeatureValues(f, candidateValues);
  let s = f.dice >= 0.9999 ? EXACT_PHRASING_BONUS : 0;
  for (let i = 0; i < w.length; i++) s += w[i] * x[i];
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

export const softmax = (scores: readonly number[]): number[] => {
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
};

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
