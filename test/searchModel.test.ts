import type { MatchFeatures } from '../src/knowledge/searchIndex';
import { confidenceInputs, type QuestionMatch } from '../src/knowledge/searchModel';

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
  unknownShare: 0.7,
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
    const match: QuestionMatch = { words: 3, candidates: [candidate('a')] };
    expect(confidenceInputs(match, [2], [1], [0]).lead).toBeCloseTo(0.2);
  });

  it('otherwise the lead is over the runner-up, capped at ten points', () => {
    const match: QuestionMatch = { words: 3, candidates: [candidate('a'), candidate('b')] };
    expect(confidenceInputs(match, [2, 1.5], [0.6, 0.4], [0, 1]).lead).toBeCloseTo(0.05);
    expect(confidenceInputs(match, [15, 1], [1, 0], [0, 1]).lead).toBe(1);
  });
});
