import { confidenceInputs, decide, judge, VAGUE_RATIO } from '../src/search/decision';
import type { MatchFeatures } from '../src/search/matchFeatures';
import {
  candidateScore,
  FEATURES,
  type FeatureName,
  featureValues,
  type QuestionMatch,
} from '../src/search/searchModel';
import { SEARCH_MODEL } from '../src/search/trainedModel';

const candidate = (id: string): MatchFeatures => ({
  id,
  dice: 0,
  recall: 0,
  key: 0,
  summary: 0,
  all: 0.2,
  evidence: 0,
  diceKnown: 0,
  keyKnown: 0,
  allKnown: 0.7,
  titleDice: 0,
  phraseCover: 0,
  rarest: 0,
  bigram: 0,
  slotsMet: 0,
  likelihood: 1,
  exampleLikelihood: 1,
});

describe('confidence inputs', () => {
  it('a lone candidate leads by its own score, not by the most a lead can be', () => {
    const match: QuestionMatch = { words: 3, offTopic: 0, unknownShare: 0.7, candidates: [candidate('a')] };
    expect(confidenceInputs(match, [2], [1], [0]).lead).toBeCloseTo(0.2);
  });

  it('otherwise the lead is over the runner-up, capped at ten points', () => {
    const match: QuestionMatch = {
      words: 3,
      offTopic: 0,
      unknownShare: 0.7,
      candidates: [candidate('a'), candidate('b')],
    };
    expect(confidenceInputs(match, [2, 1.5], [0.6, 0.4], [0, 1]).lead).toBeCloseTo(0.05);
    expect(confidenceInputs(match, [15, 1], [1, 0], [0, 1]).lead).toBe(1);
  });
});

describe('vague one-word questions', () => {
  // Two candidates with the same features share the ranking equally.
  const twins = (words: number): QuestionMatch => ({
    words,
    offTopic: 0,
    unknownShare: 0.7,
    candidates: [candidate('a'), candidate('b')],
  });

  it('one word that fits two entries alike is vague', () => {
    expect(judge(twins(1), SEARCH_MODEL).vague).toBe(true);
  });

  it('a longer question, or one word with a clear first candidate, is not', () => {
    expect(judge(twins(2), SEARCH_MODEL).vague).toBe(false);
    const clear: QuestionMatch = {
      words: 1,
      offTopic: 0,
      unknownShare: 0.7,
      candidates: [{ ...candidate('a'), titleDice: 1 }, candidate('b')],
    };
    const judged = judge(clear, SEARCH_MODEL);
    expect(judged.shares[judged.order[1]]).toBeLessThan(VAGUE_RATIO * judged.shares[judged.order[0]]);
    expect(judged.vague).toBe(false);
  });

  it('an exact phrasing of one entry is never vague', () => {
    const exact: QuestionMatch = {
      words: 1,
      offTopic: 0,
      unknownShare: 0.7,
      candidates: [{ ...candidate('a'), dice: 1 }, candidate('b')],
    };
    expect(judge(exact, SEARCH_MODEL).vague).toBe(false);
  });
});

describe('the off-topic veto', () => {
  const thresholds = { answer: 0.2, suggest: 0.3, offTopic: 0.98 };
  const sure = { answer: 0.9, shortlist: 0.9, vague: false };

  it('refuses a question whose words are almost surely off-topic, however sure the ranking', () => {
    expect(decide({ ...sure, offTopic: 0.98 }, thresholds)).toBe('none');
    expect(decide({ ...sure, offTopic: 0.9799 }, thresholds)).toBe('answer');
  });

  it('never refuses an exact phrasing of an entry', () => {
    const exact: QuestionMatch = {
      words: 4,
      offTopic: 1,
      unknownShare: 0,
      candidates: [{ ...candidate('a'), dice: 1 }, candidate('b')],
    };
    const judged = judge(exact, SEARCH_MODEL);
    expect(judged.offTopic).toBe(0);
    expect(decide(judged, SEARCH_MODEL.thresholds)).toBe('answer');
  });
});

describe('the ranking score', () => {
  const f: MatchFeatures = {
    ...candidate('x'),
    dice: 0.5,
    recall: 0.11,
    key: 0.12,
    summary: 0.13,
    all: 0.14,
    evidence: 1.2,
    diceKnown: 0.15,
    keyKnown: 0.16,
    allKnown: 0.17,
    titleDice: 0.18,
    phraseCover: 0.19,
    rarest: 0.21,
    slotsMet: 0.23,
    bigram: 0.22,
    likelihood: 0.25,
    exampleLikelihood: 0.36,
  };

  it('reads each feature at its own place in FEATURES', () => {
    const values = featureValues(f);
    const at = (name: FeatureName) => values[FEATURES.indexOf(name)];
    expect(values).toHaveLength(FEATURES.length);
    for (const name of [
      'dice',
      'recall',
      'key',
      'summary',
      'all',
      'diceKnown',
      'keyKnown',
      'allKnown',
    ] as const)
      expect(at(name)).toBe(f[name]);
    for (const name of ['titleDice', 'phraseCover', 'rarest', 'slotsMet', 'bigram', 'likelihood'] as const)
      expect(at(name)).toBe(f[name]);
    expect(at('exampleLikelihood')).toBe(0.36);
    expect(at('evidence')).toBe(0.6);
    expect(at('diceSquared')).toBe(0.25);
    expect(at('likelihoodRoot')).toBe(0.5);
    expect(at('exampleLikelihoodRoot')).toBe(0.6);
  });

  it('is the weighted sum of the features by name, plus the bonus for an exact phrasing', () => {
    const values = featureValues(f);
    const byName = FEATURES.reduce((s, name, i) => s + SEARCH_MODEL.weights[name] * values[i], 0);
    expect(candidateScore(f, SEARCH_MODEL.weights)).toBeCloseTo(byName, 12);
    expect(candidateScore({ ...f, dice: 1 }, SEARCH_MODEL.weights)).toBeGreaterThan(byName + 11);
  });
});
