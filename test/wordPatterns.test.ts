import { PatternSet, patternWords } from '../src/signposting/wordPatterns';

function matcher(patterns: string[], lists: Record<string, string[]> = {}, gap = 3) {
  const set = new PatternSet(new Map(Object.entries(lists)), gap);
  for (const p of patterns) expect(set.add(p, 'x')).toBeNull();
  return (text: string) => set.matchAll(patternWords(text)).length > 0;
}

describe('word patterns', () => {
  it('reads words as people type them: case, punctuation and apostrophes ignored', () => {
    expect(patternWords("He's NOT breathing!!")).toEqual(['hes', 'not', 'breathing']);
    expect(patternWords('can’t breathe')).toEqual(['cant', 'breathe']);
  });

  it('matches words in order with up to the gap between, and not beyond it', () => {
    const m = matcher(['took ... too many ... pills']);
    expect(m('my friend took way too many of her pills')).toBe(true);
    expect(m('took too many pills')).toBe(true);
    expect(m('took a lot of time and then far too many meetings about the pills')).toBe(false);
    expect(m('too many pills took')).toBe(false);
  });

  it('remembers words across messages and still matches the same after many thousands of new ones', () => {
    const m = matcher(['overdos* ... pills~', 'cant breathe']);
    expect(m('an overdose of pils')).toBe(true);
    // More distinct words than the set remembers, so its memory of words is emptied on the way.
    for (let i = 0; i < 25_000; i++) expect(m(`word${i} overdoing pillows`)).toBe(false);
    expect(m('an overdose of pils')).toBe(true);
    expect(m('i cant breathe')).toBe(true);
    expect(m(`${'x'.repeat(500)} overdosed on pills`)).toBe(true);
  });

  it('starts a match only at its first word: a later word met first is not held against it', () => {
    const m = matcher(['took ... pills']);
    expect(m('pills, then she took all the pills')).toBe(true);
    expect(m('pills took')).toBe(false);
  });

  it('"...N" sets the gap for one place', () => {
    const m = matcher(['im ...1 burden']);
    expect(m('im a burden')).toBe(true);
    expect(m('im writing about the burden')).toBe(false);
  });

  it('keeps the latest start of each part, so a later, closer word still completes the match', () => {
    const m = matcher(['a ...2 b ...1 c']);
    expect(m('a b x b c')).toBe(true);
  });

  it('choices may be words or phrases, and run from one "..." to the next', () => {
    const m = matcher(['passed out|blacked out', 'hurt|hurting ...2 myself|herself']);
    expect(m('she blacked out')).toBe(true);
    expect(m('I keep hurting myself')).toBe(true);
    expect(m('blacked')).toBe(false);
  });

  it('word* is a start of a word; word~ allows one slip; # is a number; <list> a named list', () => {
    const m = matcher(['suicid*', 'overdose~', 'took ... # ... <pills>'], {
      pills: ['paracetamol', 'tablets'],
    });
    expect(m('she is suicidal')).toBe(true);
    expect(m('he overdoes it')).toBe(true);
    expect(m('he ovredose')).toBe(true);
    expect(m('took 30 paracetamol')).toBe(true);
    expect(m('took thirty paracetamol')).toBe(false);
    expect(m('overrode')).toBe(false);
  });

  it('skips hidden words but still counts them for the gap', () => {
    const set = new PatternSet(new Map(), 1);
    set.add('hit ... me', 'x');
    const words = patternWords('hit me up');
    expect(set.matchAll(words).length).toBe(1);
    expect(set.matchAll(words, new Set([1])).length).toBe(0);
  });

  it('names what is wrong with a pattern it cannot read', () => {
    const set = new PatternSet(new Map(), 3);
    expect(set.add('... pills', 'x')?.message).toMatch(/must stand between two words/);
    expect(set.add('took ...', 'x')?.message).toMatch(/ends with/);
    expect(set.add('<nolist> pills', 'x')?.message).toMatch(/no list named <nolist>/);
    expect(set.add('ab*', 'x')?.message).toMatch(/3 letters/);
    expect(set.add('hurt~', 'x')?.message).toMatch(/5 letters/);
    expect(set.add('a||b', 'x')?.message).toMatch(/empty choice/);
  });
});
