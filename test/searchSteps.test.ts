import type { KnowledgeEntry } from '../src/knowledge/entry';
import { selectCandidates } from '../src/search/candidates';
import { indexEntries } from '../src/search/entryIndex';
import { measureCandidates } from '../src/search/matchFeatures';
import { questionSlots, type SlotContext, synonymPhrases } from '../src/search/questionSlots';
import { buildCorrector } from '../src/search/typoCorrection';

const entry = (id: string, title: string, questions: string[], body = ''): KnowledgeEntry => ({
  id,
  aliases: [],
  title,
  questions,
  tags: [],
  principle: null,
  summary: title,
  source: { title: 'Source', url: 'https://example.org' },
  owner: 'Test team',
  written: '2026-01-01',
  related: [],
  body,
  file: `${id}.md`,
});

const index = indexEntries([
  entry('run-chart', 'Run charts', ['How do I read a run chart?']),
  entry('pdsa', 'Plan do study act cycles', ['How do I run a PDSA cycle?'], 'Health improvement work.'),
  entry('health', 'Health inequalities', ['What are health inequalities?']),
]);
const context = (offTopicWords: string[] = []): SlotContext => ({
  weights: index.weights,
  correct: buildCorrector(index.tokenOfWritten, offTopicWords),
  synonyms: synonymPhrases([['pdsa', 'plan do study act']], index.weights),
});

describe('reading a question (questionSlots)', () => {
  it('gives a known word one slot met by itself', () => {
    const q = questionSlots('inequalities', context());
    expect(q.slots).toHaveLength(1);
    expect(q.slots[0].options.map((o) => o.tokens)).toEqual([q.tokens]);
    expect(q.known).toBe(q.total);
  });

  it('meets a misspelt word through its correction, at less than full credit', () => {
    const [slot] = questionSlots('helth', context()).slots;
    expect(slot.options).toHaveLength(1);
    expect(slot.options[0].factor).toBeGreaterThan(0.6);
    expect(slot.options[0].factor).toBeLessThan(1);
    expect(slot.weight).toBe(index.weights.weight(slot.options[0].tokens[0]));
  });

  it('leaves a word the off-topic questions use uncorrected, weighing as an unknown word', () => {
    const q = questionSlots('helth', context(['helth', 'check', 'car']));
    expect(q.slots).toEqual([{ weight: index.weights.unknown, options: [] }]);
    expect(q.known).toBe(q.total);
    expect(q.knownSlots).toBe(0);
  });

  it('counts a typed synonym phrase as one slot its group can meet', () => {
    const q = questionSlots('plan do study act', context());
    expect(q.slots).toHaveLength(1);
    expect(q.slots[0].options.map((o) => o.factor)).toEqual([1, 0.8]);
  });
});

describe('choosing candidates (selectCandidates)', () => {
  it('keeps the entries holding most of the question first, and no more than asked', () => {
    const q = questionSlots('run chart', context());
    const ids = selectCandidates(q.slots, q.total, index).map((i) => index.items[i].entry.id);
    expect(ids[0]).toBe('run-chart');
    expect(ids).toContain('pdsa');
    expect(selectCandidates(q.slots, q.total, index, 1)).toHaveLength(1);
  });

  it('gives the same answer however often it is asked: no state is kept between calls', () => {
    const a = questionSlots('health improvement', context());
    const b = questionSlots('run chart', context());
    const first = selectCandidates(a.slots, a.total, index);
    selectCandidates(b.slots, b.total, index);
    expect(selectCandidates(a.slots, a.total, index)).toEqual(first);
  });
});

describe('measuring a candidate (matchFeatures)', () => {
  // The same shares for every candidate, however many are measured.
  const likely = { likelihood: [0.5, 0.5], exampleLikelihood: [0.5, 0.5] };
  const many = Array.from({ length: 40 }, (_, i) => `Which ward number ${i} has the longest wait?`);
  const wide = indexEntries([
    entry('short', 'Run charts', ['How do I read a run chart?']),
    entry('long', 'Waiting times', [...many, 'Where is the fishbone diagram kept?'], 'Outpatient clinics.'),
  ]);
  const ask = (text: string) =>
    questionSlots(text, {
      weights: wide.weights,
      correct: buildCorrector(wide.tokenOfWritten, []),
      synonyms: [],
    });
  const measured = { ...wide, entryCount: wide.items.length, rarestWeight: wide.weights.rarest };
  const measure = (item: number, text: string) => measureCandidates(measured, [item], ask(text), likely)[0];

  it('measures each candidate alike, whatever the others beside it and their order', () => {
    const text = 'How do I read a run chart for the fishbone diagram?';
    const together = measureCandidates(measured, [1, 0], ask(text), likely);
    expect(together).toEqual([measure(1, text), measure(0, text)]);
    expect(together[1].dice).toBeGreaterThan(together[0].dice);
  });

  it('finds a question that is any one of many phrasings, the last included, and keeps no state between candidates', () => {
    const before = measure(1, 'Where is the fishbone diagram kept?');
    expect(before.dice).toBeCloseTo(1, 9);
    expect(before.titleDice).toBeLessThan(0.2);
    measure(0, 'how do I read a run chart');
    expect(measure(1, 'Where is the fishbone diagram kept?')).toEqual(before);
    expect(measure(0, 'Where is the fishbone diagram kept?').dice).toBe(0);
  });

  it('counts a word found only in the body in the whole text, not in the key words or summary', () => {
    const f = measure(1, 'outpatient');
    expect(f.all).toBeCloseTo(1, 9);
    expect(f.key).toBe(0);
    expect(f.summary).toBe(0);
    expect(f.dice).toBe(0);
  });
});
