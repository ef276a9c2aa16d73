import { tokens } from '../src/search/normalise';

describe('question words', () => {
  it('drops phrases that ask for a plain answer, keeping the topic', () => {
    expect(tokens('prop universalism in plain English?')).toEqual(tokens('prop universalism'));
    expect(tokens('QI in a nutshell')).toEqual(['qi']);
    expect(tokens('explain the IMD in simple terms')).toEqual(tokens('explain the IMD'));
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
