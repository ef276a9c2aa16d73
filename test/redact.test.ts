import { redact } from '../src/redact';

describe('redacting what people type before it is stored', () => {
  it.each([
    ['email me at jo.bloggs@nhs.net please', 'email me at [email] please'],
    ['my nhs number is 943 476 5919', 'my nhs number is [NHS or phone number]'],
    ['nhs no 9434765919.', 'nhs no [NHS or phone number].'],
    ['call 01582 547653 or 07700 900123', 'call [phone number] or [phone number]'],
    ['ring +44 (0)1582 547730', 'ring [phone number]'],
    ['lives at LU1 2AB near the park', 'lives at [postcode] near the park'],
    ['postcode lu12ab', 'postcode [postcode]'],
    ['ask <at>Sam Smith</at> about it', 'ask [name] about it'],
    ['ping @sam.smith for the data', 'ping [name] for the data'],
    ['@Jo Bloggs can you check', '[name] can you check'],
    ['ring 0044 1582 546000', 'ring [phone number]'],
    ['mobile 07700\u2011900123', 'mobile [phone number]'],
    ['mobile \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13', 'mobile [phone number]'],
    ['NI number AB 12 34 56 C', 'NI number [NI number]'],
    ['dob 03/04/1987, and he was seen 3.4.21', 'dob [date], and he was seen [date]'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['my name is Zed Marker, what is a PDSA cycle', 'my name is [name], what is a PDSA cycle'],
    ["Hi, I'm called jo bloggs", "Hi, I'm called [name]"],
    ['My name is Priya and I run a food bank', 'My name is [name] I run a food bank'],
    ["I'm Priya Raman, what is PU?", "I'm [name], what is PU?"],
    ['I am Dr Priya Raman and I lead on QI', 'I am [name] and I lead on QI'],
    ["Hi, it's Dawn from the food bank", "Hi, it's [name] from the food bank"],
    ['this is Marta Nowak at the hub', 'this is [name] at the hub'],
  ])('a self-introduction: %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it("removes the sender's own name, whole or in part, in any case, and nothing inside other words", () => {
    expect(redact('Zed Marker here: can zed get the toolkit? Ask MARKER', ['Zed Marker'])).toBe(
      '[name] here: can [name] get the toolkit? Ask [name]',
    );
    expect(redact('Zedonk and Markers stay', ['Zed Marker'])).toBe('Zedonk and Markers stay');
    expect(redact('what does (Dr) mean', ['O’Neil (Dr)'])).toBe('what does ([name]) mean');
  });

  it.each([
    'I am new to QI and this is the toolkit from ELFT?',
    'im NOT sure, im WFH today',
    'the 20-20-20 rule for screens',
  ])('leaves alone what only looks like an introduction or a number: %s', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('leaves ordinary text alone: years, percentages, principle numbers, times', () => {
    const text = 'In 2023, 35% of Luton lived in the 20% most deprived areas; principle 4; meet at 10:30.';
    expect(redact(text)).toBe(text);
  });
});
