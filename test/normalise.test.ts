import { tokens } from '../src/search/normalise';

describe('question words', () => {
  it('drops phrases that ask for a plain answer, keeping the topic', () => {
    expect(tokens('prop universalism in plain English?')).toEqual(tokens('prop universalism'));
    expect(tokens('QI in a nutshell')).toEqual(['qi']);
    expect(tokens('explain the IMD in simple terms')).toEqual(tokens('the IMD'));
  });

  it('drops "explain" asked of the assistant, and keeps it when explaining is the asker\'s task', () => {
    expect(tokens('building blocks of health explain simply')).toEqual(tokens('building blocks of health'));
    expect(tokens('can you explain core20plus5')).toEqual(['core20plus5']);
    expect(tokens('model for improvement explained')).toEqual(tokens('model for improvement'));
    for (const own of [
      'how do I explain the wider determinants',
      'ways to explain health to residents',
      'tips for when we explain it',
      'I need to explain housing to the board',
    ])
      expect(tokens(own)).toContain('explain');
    expect(tokens('explaining the causes of ill health')).toContain('explain');
  });

  it('drops contractions, which lose their apostrophe, but not "ill" health', () => {
    expect(tokens("I'm a manager and it doesn't work")).toEqual(['manager', 'work']);
    expect(tokens("what's ill health?")).toEqual(['ill', 'health']);
  });

  it('keeps the same words when they are about the topic', () => {
    expect(tokens('English indices of deprivation')).toContain('english');
    expect(tokens('plain language leaflets')).toContain('plain');
    expect(tokens('terms of reference')).toContain('term');
  });
});
