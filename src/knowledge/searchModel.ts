import type { MatchFeatures } from './searchIndex';
import trained from './searchModel.json';

/**
 * The search's scoring model: a softmax over the candidate entries plus a "none of them" option.
 * Each candidate's score is a weighted sum of its match features; the none option's score comes
 * from the question as a whole. The answer's confidence is its softmax probability, so it is in
 * [0, 1], and it falls when two entries fit equally well or when the question fits none.
 *
 * The weights are learned by `npm run train:search` from the content itself (each alternative
 * question is held out of its entry and asked as a question); only the none option and the two
 * thresholds are calibrated on test/eval/questions.jsonl. searchModel.json holds the result.
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
  'unknownShare',
  'diceSquared',
  'titleDice',
  'phraseCover',
  'rarest',
  'slotsMet',
  'bigram',
] as const;

export type FeatureName = (typeof FEATURES)[number];

export const NONE_FEATURES = ['bias', 'unknownShare', 'bestDice', 'bestKey'] as const;

export interface SearchModel {
  weights: Record<FeatureName, number>;
  none: Record<(typeof NONE_FEATURES)[number], number>;
  thresholds: { answer: number; suggest: number };
}

export const SEARCH_MODEL: SearchModel = trained as SearchModel;

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
    unknownShare: f.unknownShare,
    diceSquared: f.dice * f.dice,
    titleDice: f.titleDice,
    phraseCover: f.phraseCover,
    rarest: f.rarest,
    slotsMet: f.slotsMet,
    bigram: f.bigram,
  };
}

/**
 * Added to the score of an entry one of whose phrasings the question matches word for word. It is
 * not learned: held-out questions never match their own entry exactly. It is set so that typing an
 * entry's alternative question always gets that entry (kb:check relies on it), unless two entries
 * share the phrasing, when the bot asks "Did you mean".
 */
export const EXACT_PHRASING_BONUS = 12;

export function candidateScore(f: MatchFeatures, model: SearchModel): number {
  const x = featureVector(f);
  let s = f.dice >= 0.9999 ? EXACT_PHRASING_BONUS : 0;
  for (const name of FEATURES) s += model.weights[name] * x[name];
  return s;
}

/** What the "none of them" option sees: the question as a whole, through its best candidates. */
export function noneInputs(
  features: readonly MatchFeatures[],
): Record<(typeof NONE_FEATURES)[number], number> {
  return {
    bias: 1,
    unknownShare: features[0]?.unknownShare ?? 1,
    bestDice: Math.max(0, ...features.map((f) => f.dice)),
    bestKey: Math.max(0, ...features.map((f) => f.key)),
  };
}

export function noneScore(features: readonly MatchFeatures[], model: SearchModel): number {
  const x = noneInputs(features);
  let s = 0;
  for (const name of NONE_FEATURES) s += model.none[name] * x[name];
  return s;
}

/** Each candidate's probability of being the answer; what is left over is "none of them". */
export function answerProbabilities(features: readonly MatchFeatures[], model: SearchModel): number[] {
  const scores = features.map((f) => candidateScore(f, model));
  const none = noneScore(features, model);
  const max = Math.max(none, ...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, b) => a + b, 0) + Math.exp(none - max);
  return exp.map((e) => e / total);
}
