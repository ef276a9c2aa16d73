import { trainUrgencyModel } from '../src/signposting/urgencyModel';

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
});
