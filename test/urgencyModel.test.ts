import {
  countFeatures,
  FeatureVocabulary,
  trainUrgencyModel,
  urgencyModelFrom,
} from '../src/signposting/urgencyModel';

const examples = [
  { text: 'my dad is sweating and shaking and hard to rouse', urgent: true },
  { text: 'she has climbed over the railing on the bridge', urgent: true },
  { text: 'he is shaking and I cannot wake him', urgent: true },
  { text: 'what are the diabetes rates in Luton', urgent: false },
  { text: 'how do we evaluate the bridge project', urgent: false },
  { text: 'what data do we hold on falls', urgent: false },
];

describe('the learnt urgency model', () => {
  const model = trainUrgencyModel(examples);

  it('scores a message written like the urgent examples above one written like work', () => {
    expect(model.score(['my mum is shaking and hard to rouse'])).toBeGreaterThan(
      model.score(['what are the falls rates in Luton']),
    );
  });

  it('takes the most urgent sentence, so a buried one is not diluted by the rest', () => {
    const alone = model.score(['he is shaking and hard to rouse']);
    expect(model.score(['what data do we hold on falls', 'he is shaking and hard to rouse'])).toBe(alone);
  });

  it('gives no score to a message with no words, and learns nothing from no examples', () => {
    expect(model.score([''])).toBe(Number.NEGATIVE_INFINITY);
    expect(trainUrgencyModel([]).score(['he is shaking'])).toBe(0);
  });

  it('with proportional smoothing, a word as common in both classes weighs nothing whatever their sizes', () => {
    // One urgent message in five and one other in five say "kettle"; there are four times more others.
    const urgentTexts = [
      'he is not breathing',
      'she took the lot',
      'kettle boiled over on him',
      'cannot wake her',
      'blood everywhere',
    ];
    const otherTexts = Array.from({ length: 20 }, (_, i) =>
      i % 5 === 0 ? `kettle query ${i}` : `audit template ${i}`,
    );
    const counts = countFeatures([
      ...urgentTexts.map((text) => ({ text, urgent: true })),
      ...otherTexts.map((text) => ({ text, urgent: false })),
    ]);
    const baseline = (m: ReturnType<typeof urgencyModelFrom>) => m.score(['zebra']);
    const proportional = urgencyModelFrom(counts, 'proportional');
    const equal = urgencyModelFrom(counts, 'equal');
    expect(proportional.score(['kettle']) - baseline(proportional)).toBeCloseTo(0, 6);
    // Equal pseudo-counts lean such a word towards the smaller class: the drift that made long
    // ordinary messages add up to urgent.
    expect(equal.score(['kettle']) - baseline(equal)).toBeGreaterThan(0.1);
    // A word only the urgent messages use still counts for urgency, and one only the others use against.
    expect(proportional.score(['breathing']) - baseline(proportional)).toBeGreaterThan(1);
    expect(proportional.score(['audit']) - baseline(proportional)).toBeLessThan(-1);
  });

  it('models sharing one numbering of features score exactly as each does alone', () => {
    const others = [
      { text: 'the bridge is closed and the kettle is broken', urgent: true },
      { text: 'my manager wants the falls data by friday', urgent: false },
    ];
    const vocabulary = new FeatureVocabulary();
    const first = trainUrgencyModel(examples, vocabulary);
    const second = trainUrgencyModel(others, vocabulary);
    const sentences = ['he is shaking on the bridge', 'kettle data by friday', 'zebra', ''];
    const read = sentences.map((s) => vocabulary.read(s.split(' ').filter(Boolean)));
    sentences.forEach((sentence, i) => {
      expect(first.scoreFeatures([read[i]])).toBe(trainUrgencyModel(examples).score([sentence]));
      expect(second.scoreFeatures([read[i]])).toBe(trainUrgencyModel(others).score([sentence]));
    });
  });
});
