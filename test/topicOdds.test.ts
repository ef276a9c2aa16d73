import { readKnowledge } from '../src/knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../src/paths';
import { tokens } from '../src/search/normalise';
import { buildTopicOdds, EVIDENCE_WORDS } from '../src/search/topicOdds';
import { SEARCH_MODEL } from '../src/search/trainedModel';

describe('off-topic odds', () => {
  const odds = buildTopicOdds(
    ['what is a run chart', 'how do we plan a pdsa cycle', 'what are the marmot principles'].map(tokens),
    ['wifi not working on my laptop', 'is my laptop covered by it support', 'what is the weather'].map(
      tokens,
    ),
    0.1,
  );

  it('leans off-topic for words the off-topic questions use, on-topic for the content', () => {
    expect(odds.offTopic(tokens('my laptop wifi'))).toBeGreaterThan(0.9);
    expect(odds.offTopic(tokens('pdsa cycle plan'))).toBeLessThan(0.1);
  });

  it('without the content to check against, says nothing (even odds) for words neither side has seen', () => {
    expect(odds.offTopic(tokens('zyxt qwerv'))).toBeCloseTo(0.5, 5);
  });

  describe('words neither side has seen', () => {
    const on = ['what is a run chart', 'how do we plan a pdsa cycle', 'run chart or pdsa cycle'].map(tokens);
    const off = ['wifi on my laptop', 'knitting a scarf', 'book the boardroom'].map(tokens);
    const content = new Set(tokens('run chart pdsa cycle plan marmot principles median'));
    const withUnseen = buildTopicOdds(on, off, 0.1, { known: (t) => content.has(t), onTopicQuestions: on });

    it('lean off-topic, by how much more often off-topic questions use such words', () => {
      // Every off-topic word here is used once in all the training, none of the practice ones is.
      expect(withUnseen.unseenWeight).toBeGreaterThan(1);
      expect(withUnseen.offTopic(tokens('zyxt'))).toBeGreaterThan(0.7);
      expect(withUnseen.offTopic(tokens('zyxt qwerv'))).toBeGreaterThan(withUnseen.offTopic(tokens('zyxt')));
    });

    it('say nothing when the content holds them', () => {
      expect(withUnseen.offTopic(tokens('median'))).toBeCloseTo(0.5, 5);
    });
  });

  describe('long messages', () => {
    // Forty words each side, each used once: every off-topic word adds the same evidence.
    const onWords = Array.from({ length: 40 }, (_, i) => `qi${i}`);
    const offWords = Array.from({ length: 40 }, (_, i) => `tea${i}`);
    // Heavy smoothing keeps each word's evidence small (log 1.1), so the odds stay far from 0 and 1.
    const even = buildTopicOdds([onWords], [offWords], 10);
    const logit = (p: number): number => Math.log(p / (1 - p));

    it('add up the evidence of up to EVIDENCE_WORDS words in full', () => {
      const six = logit(even.offTopic(offWords.slice(0, 6)));
      expect(logit(even.offTopic(offWords.slice(0, EVIDENCE_WORDS)))).toBeCloseTo(
        (six * EVIDENCE_WORDS) / 6,
        5,
      );
    });

    it('weigh no more than EVIDENCE_WORDS words, however long', () => {
      const capped = even.offTopic(offWords.slice(0, EVIDENCE_WORDS));
      expect(even.offTopic(offWords.slice(0, 3 * EVIDENCE_WORDS))).toBeCloseTo(capped, 10);
    });

    it('keep the average: a few everyday words in a long on-topic message leave it on-topic', () => {
      const chatty = [...offWords.slice(0, 4), ...onWords.slice(0, 20)];
      expect(even.offTopic(chatty)).toBeLessThan(0.5);
      expect(even.offTopic(chatty)).toBeGreaterThan(even.offTopic(onWords.slice(0, 20)));
    });
  });

  it('is 0 when there are no off-topic questions to learn from', () => {
    expect(buildTopicOdds([tokens('run chart')], [], 0.1).offTopic(tokens('laptop'))).toBe(0);
  });

  describe('with the shipped training files', () => {
    // Read once for both tests: the knowledge and its training files, and the odds built from them.
    const loaded = readKnowledge(`${PROJECT_ROOT}/knowledge`, PROJECT_ROOT);
    const shipped = buildTopicOdds(
      [...loaded.examples.values()].flat().map(tokens),
      loaded.offTopic.map(tokens),
      0.1,
    );

    it('tells IT help from a QI question', () => {
      expect(shipped.offTopic(tokens('my outlook password expired'))).toBeGreaterThan(0.8);
      expect(shipped.offTopic(tokens('how do we measure improvement in a QI project'))).toBeLessThan(0.2);
      expect(shipped.offTopic(tokens('how do I write a QI project charter'))).toBeLessThan(0.2);
    });

    it('a content word the off-topic questions use in another sense weakens the odds, not the answer', () => {
      // off-topic-2.jsonl asks about printer and taxi drivers, so "driver" alone reads as half
      // off-topic (0.47; it was under 0.2 before that file). The odds are one input of the
      // confidence models, trained with that file, and the question is still answered.
      expect(shipped.offTopic(tokens('how do i draw a driver diagram'))).toBeLessThan(0.6);
      const result = loaded.knowledge?.index.search('how do i draw a driver diagram');
      expect(result?.decision).toBe('answer');
      expect(result?.results[0]?.entry.id).toBe('driver-diagram');
    });

    it('a lone content word in an off-topic question is refused through the veto, not answered', () => {
      // blind-i's fish soup was answered with the fishbone diagram (0.30) before the veto: one rare
      // word made its only candidate look certain while every other word read off-topic.
      const soup = 'easy fish soup recipe? got leftover fishbones and heads from the market';
      // The odds the search itself reads (entry phrasings and practice questions against off-topic).
      expect(loaded.knowledge?.index.features(soup).offTopic).toBeGreaterThanOrEqual(
        SEARCH_MODEL.thresholds.offTopic,
      );
      expect(loaded.knowledge?.index.search(soup).decision).toBe('none');
      const diagram = loaded.knowledge?.index.search('how do I draw a fishbone diagram for our project');
      expect(diagram?.decision).toBe('answer');
      expect(diagram?.results[0]?.entry.id).toBe('fishbone-diagram');
    });
  });
});
