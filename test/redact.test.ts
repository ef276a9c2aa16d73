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
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ['my name is Zed Marker, what is a PDSA cycle', 'my name is [name], what is a PDSA cycle'],
    ["Hi, I'm called jo bloggs", "Hi, I'm called [name]"],
    ['My name is Priya and I run a food bank', 'My name is [name] I run a food bank'],
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

  it('leaves ordinary text alone: years, percentages, principle numbers, times', () => {
    const text = 'In 2023, 35% of Luton lived in the 20% most deprived areas; principle 4; meet at 10:30.';
    expect(redact(text)).toBe(text);
  });
});
