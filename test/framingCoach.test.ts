import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CoachRule,
  type CoachStrength,
  compileCoach,
  MAX_DRAFT_CHARS,
  MAX_PHRASE_WORDS,
  parsePhrase,
} from '../src/coach/coach';
import { MAX_FINDINGS_SHOWN, MAX_QUOTE_CHARS } from '../src/coach/coachReplies';
import { tokenise } from '../src/coach/tokenise';
import { loadKnowledge } from '../src/knowledge/loadKnowledge';
import { plainDraft } from '../src/routing/plainText';
import { execute, message, submit } from './helpers/activities';
import {
  actionsOf,
  cardOf,
  type RunningServer,
  repliesOf,
  startTestServer,
  textOf,
} from './helpers/testServer';

const ROOT = join(__dirname, '..');
const coach = loadKnowledge(join(ROOT, 'knowledge'), ROOT).guidance.coach;

const rule = (id: string, phrases: string[], extra: Partial<CoachRule> = {}): CoachRule => ({
  id,
  phrases,
  notBefore: [],
  notAfter: [],
  openingOnly: false,
  except: [],
  better: `better ${id}`,
  why: `why ${id}`,
  source: 'house style',
  tests: { matches: [], ignores: [] },
  ...extra,
});
const strength = (id: string, allOf: string[][], extra: Partial<CoachStrength> = {}): CoachStrength => ({
  id,
  says: id,
  why: id,
  source: 'house style',
  allOf,
  notBefore: [],
  notAfter: [],
  tests: { matches: [], ignores: [] },
  ...extra,
});
const found = (c: ReturnType<typeof compileCoach>, draft: string) =>
  c.check(draft).findings.map((f) => `${f.rule.id}:${f.quote}${f.times > 1 ? `x${f.times}` : ''}`);

describe('splitting a draft into words', () => {
  it('keeps apostrophes, decimals, thousands and percentages; splits on hyphens', () => {
    expect(
      tokenise("It's hard-to-reach: 9.7 years, 1,200 people, 36% (2019–20).").map((t) => t.norm),
    ).toEqual(["it's", 'hard', 'to', 'reach', '9.7', 'years', '1,200', 'people', '36%', '2019', '20']);
  });

  it('starts a new sentence after . ! ? ; : … and a line break, keeping original offsets', () => {
    const tokens = tokenise('One two. Three\nfour; five');
    expect(tokens.map((t) => t.sentence)).toEqual([0, 0, 1, 2, 3]);
    expect(tokens.map((t) => 'One two. Three\nfour; five'.slice(t.start, t.end))).toEqual([
      'One',
      'two',
      'Three',
      'four',
      'five',
    ]);
  });

  it('reads curly apostrophes and capitals as plain ones', () => {
    expect(tokenise('CAN’T Stop').map((t) => t.norm)).toEqual(["can't", 'stop']);
  });
});

describe('reading a draft typed as Teams HTML', () => {
  it('keeps the text and its line breaks, drops the tags, decodes entities', () => {
    expect(
      plainDraft(
        '<p>The NHS is <b>in crisis</b>.</p><p>We&nbsp;can&#39;t&nbsp;wait &amp; see.<br/>Really.</p>',
      ),
    ).toBe("The NHS is in crisis.\nWe can't wait & see.\nReally.\n");
  });

  it('leaves text with a lone < alone, however many there are', () => {
    expect(plainDraft('Fewer than <5 people')).toBe('Fewer than <5 people');
    const many = '<'.repeat(10_000);
    expect(plainDraft(many)).toBe(many);
  });
});

describe('matching rules', () => {
  it('matches whole words, case and punctuation aside, and quotes the draft as written', () => {
    const c = compileCoach([rule('r', ['hard to reach'])], []);
    expect(found(c, 'We reach Hard-to-Reach groups.')).toEqual(['r:Hard-to-Reach']);
    expect(found(c, 'It is hard to reachable.')).toEqual([]);
  });

  it('never matches across the end of a sentence', () => {
    const c = compileCoach([rule('r', ['lifestyle choices'])], []);
    expect(found(c, 'A lifestyle. Choices matter.')).toEqual([]);
  });

  it('prefers the phrase that starts first, then the longest; counts repeats once with a tally', () => {
    const c = compileCoach([rule('short', ['lifestyle']), rule('long', ['lifestyle choices'])], []);
    expect(found(c, 'Lifestyle choices and lifestyle choices, and a lifestyle.')).toEqual([
      'long:Lifestyle choicesx2',
      'short:lifestyle',
    ]);
  });

  it('supports word*, {number} and {percent}', () => {
    const c = compileCoach(
      [rule('w', ['neighbourhood*']), rule('n', ['{number} in {number}']), rule('p', ['{percent}'])],
      [],
    );
    expect(found(c, 'Our neighbourhoods: 1 in 3 people, 36% of them.')).toEqual([
      'w:neighbourhoods',
      'n:1 in 3',
      'p:36%',
    ]);
  });

  it('applies not_before, not_after, except and where: opening', () => {
    const c = compileCoach(
      [
        rule('inevitable', ['inevitable'], { notAfter: ['not'] }),
        rule('crisis', ['crisis'], { notBefore: ['line'], except: ['mental health crisis'] }),
        rule('stats', ['{percent}'], { openingOnly: true }),
      ],
      [],
    );
    expect(
      found(c, '12% agree. It is not inevitable. Call the crisis line in a mental health crisis.'),
    ).toEqual(['stats:12%']);
    expect(found(c, 'It is inevitable. Only 12% agree. It is a crisis.')).toEqual([
      'inevitable:inevitable',
      'crisis:crisis',
    ]);
  });

  it('finds a strength when every list has a phrase in the same sentence', () => {
    const c = compileCoach([], [strength('s', [['home*'], ['causes', 'leads to']], { notAfter: ['never'] })]);
    expect(c.check('A cold home causes stress.').strengths.map((s) => s.id)).toEqual(['s']);
    expect(c.check('A cold home. That causes stress.').strengths).toEqual([]);
    expect(c.check('Homes never leads to stress.').strengths).toEqual([]);
  });

  it('refuses phrases it cannot match', () => {
    expect(parsePhrase('{date} now')).toEqual({ error: '"{date}" is not {number} or {percent}' });
    expect(parsePhrase('e.g. this')).toHaveProperty('error');
    expect(parsePhrase('ab*')).toHaveProperty('error');
    expect(
      parsePhrase(
        Array(MAX_PHRASE_WORDS + 1)
          .fill('word')
          .join(' '),
      ),
    ).toHaveProperty('error');
  });
});

describe('the shipped coach rules', () => {
  it('has at least 30 rules, each with test sentences, and strengths', () => {
    expect(coach.rules.length).toBeGreaterThanOrEqual(30);
    expect(coach.strengths.length).toBeGreaterThanOrEqual(3);
    for (const r of [...coach.rules, ...coach.strengths]) {
      expect(r.tests.matches.length).toBeGreaterThan(0);
      expect(r.tests.ignores.length).toBeGreaterThan(0);
    }
  });

  it.each(coach.rules.map((r) => [r.id, r] as const))(
    'rule %s matches its tests and ignores the others',
    (_id, r) => {
      for (const sentence of r.tests.matches)
        expect(coach.check(sentence).findings.map((f) => f.rule.id)).toContain(r.id);
      for (const sentence of r.tests.ignores)
        expect(coach.check(sentence).findings.map((f) => f.rule.id)).not.toContain(r.id);
    },
  );

  it.each(coach.strengths.map((s) => [s.id, s] as const))(
    'strength %s finds its tests and ignores the others',
    (_id, s) => {
      for (const sentence of s.tests.matches) expect(coach.check(sentence).strengths).toContain(s);
      for (const sentence of s.tests.ignores) expect(coach.check(sentence).strengths).not.toContain(s);
    },
  );

  it('covers every kind of phrase the issue lists', () => {
    const ruleFor = (sentence: string) => coach.check(sentence).findings.map((f) => f.rule.id);
    const cases: [string, string][] = [
      ['Obesity is down to lifestyle choices.', 'lifestyle-choices'],
      ['It is their own fault.', 'blame'],
      ['The NHS is in crisis.', 'crisis'],
      ['An epidemic of diabetes.', 'epidemic'],
      ['Early death is inevitable here.', 'inevitable'],
      ['Nothing can be done.', 'nothing-can-be-done'],
      ['It is a myth that poor people are lazy.', 'myth-busting'],
      ['The deprived need help.', 'the-deprived'],
      ['We will reach hard to reach groups.', 'hard-to-reach'],
      ['We help vulnerable people.', 'vulnerable'],
      ['We act on the wider determinants.', 'determinants-jargon'],
      ['36% of children live in poverty.', 'leading-with-statistics'],
      ['Smoking is a burden on the NHS.', 'burden-on-the-nhs'],
    ];
    for (const [sentence, id] of cases) expect(ruleFor(sentence)).toContain(id);
  });

  it('marks rules the Health Foundation guidance does not support as house style', () => {
    const house = coach.rules.filter((r) => r.source === 'house style').map((r) => r.id);
    expect(house).toEqual(expect.arrayContaining(['hard-to-reach', 'vulnerable', 'the-deprived']));
    expect(house).not.toContain('crisis');
    expect(house).not.toContain('myth-busting');
    const yaml = readFileSync(join(ROOT, 'knowledge', 'coach-rules.yaml'), 'utf8');
    expect(yaml.match(/source: house style/g)?.length).toBe(
      house.length + coach.strengths.filter((s) => s.source === 'house style').length,
    );
  });

  it('does work in proportion to the draft, whatever it holds (linear time)', () => {
    const perWord = (draft: string) => coach.check(draft).work / Math.max(1, tokenise(draft).length);
    const hostile = [
      'take responsibility for their '.repeat(400),
      'the '.repeat(2500),
      'crisis epidemic lifestyle myth '.repeat(300),
      'not '.repeat(2500),
    ];
    for (const draft of hostile) {
      const small = coach.check(draft.slice(0, 1000)).work;
      const large = coach.check(draft.slice(0, 10_000)).work;
      expect(large).toBeLessThanOrEqual(small * 11);
      expect(perWord(draft.slice(0, 10_000))).toBeLessThanOrEqual(MAX_PHRASE_WORDS * 4);
    }
  });

  it(`reads at most ${MAX_DRAFT_CHARS.toLocaleString('en-GB')} characters and says so`, () => {
    const draft = `${'Fine words here. '.repeat(700)}It is a crisis.`;
    expect(draft.length).toBeGreaterThan(MAX_DRAFT_CHARS);
    const result = coach.check(draft);
    expect(result.truncated).toBe(true);
    expect(result.checkedChars).toBe(MAX_DRAFT_CHARS);
    expect(result.findings).toEqual([]);
  });
});

describe('the check command and the Check my wording card', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const reply = async (activity: unknown) => {
    const replies = repliesOf((await server.post('/api/messages', activity)).json);
    expect(replies).toHaveLength(1);
    return { summary: String(replies[0].summary), card: cardOf(replies[0])! };
  };
  const invokeCard = async (verb: string, data: Record<string, unknown>) => {
    const res = await server.post('/api/messages', execute(verb, data));
    const body = (
      repliesOf(res.json).find((a) => a.type === 'invokeResponse')!.value as {
        body: { statusCode: number; value: Record<string, unknown> };
      }
    ).body;
    expect(body.statusCode).toBe(200);
    return body.value;
  };

  it('acceptance: quotes "lifestyle choices" and "crisis" with better wordings and why', async () => {
    const { summary, card } = await reply(
      message('check People in deprived areas make poor lifestyle choices; it is a crisis.'),
    );
    expect(summary).toBe('Wording check: 2 phrases to look at');
    const text = textOf(card);
    expect(text).toContain('I found 2 phrases that work against the message.');
    for (const [quote, id] of [
      ['lifestyle choices', 'lifestyle-choices'],
      ['crisis', 'crisis'],
    ]) {
      const r = coach.rules.find((x) => x.id === id)!;
      expect(text).toContain(`“${quote}”`);
      expect(text).toContain(`**Try:** ${r.better}`);
      expect(text).toContain(r.why);
    }
    expect(text).toContain('Source: Reframing the conversation');
  });

  it('says which advice is house style, and what the draft does well', async () => {
    const { card } = await reply(
      message(
        'check We will work with hard-to-reach families. A cold home causes stress, and it can change.',
      ),
    );
    const text = textOf(card);
    expect(text).toContain('“hard-to-reach”');
    expect(text).toContain('House style: our own advice, not from the Health Foundation guidance.');
    expect(text).toContain('What works well');
    expect(text).toContain('✓ Explains how a building block shapes health');
    expect(text).toContain('✓ Shows that change is possible');
  });

  it(`shows at most ${MAX_FINDINGS_SHOWN} findings, then "and N more"`, async () => {
    const draft = coach.rules
      .filter((r) => !r.openingOnly)
      .slice(0, 14)
      .map((r) => r.tests.matches[0])
      .join('\n');
    const { summary, card } = await reply(message(`check\n${draft}`));
    const count = Number(/(\d+) phrases/.exec(summary)![1]);
    expect(count).toBeGreaterThan(MAX_FINDINGS_SHOWN);
    const text = textOf(card);
    expect(text.match(/^“/gm)).toHaveLength(MAX_FINDINGS_SHOWN);
    expect(text).toContain(`…and ${count - MAX_FINDINGS_SHOWN} more.`);
  });

  it('keeps the message under 40 KB whatever the draft holds', async () => {
    const longNumbers = Array.from({ length: 12 }, (_v, i) => `${String(i + 1).repeat(700)}%`).join(' ');
    const res = await server.post(
      '/api/messages',
      message(`check ${longNumbers} of people. ${coach.rules.map((r) => r.tests.matches[0]).join('\n')}`),
    );
    const [activity] = repliesOf(res.json);
    expect(JSON.stringify(activity).length * 2).toBeLessThan(40 * 1024);
    const quotes = textOf(cardOf(activity)).match(/^“.*”$/gm) ?? [];
    expect(quotes.length).toBe(MAX_FINDINGS_SHOWN);
    for (const q of quotes) expect(q.length).toBeLessThanOrEqual(MAX_QUOTE_CHARS + 2);
  });

  it('a draft with nothing to change says so', async () => {
    const { summary, card } = await reply(
      message('check Good homes and fair pay help people live longer, healthier lives.'),
    );
    expect(summary).toBe('Wording check: nothing to change');
    expect(textOf(card)).toContain('I found nothing in this draft that works against the message.');
  });

  it('"check" alone, and "check my wording", show the Check my wording card with a text box', async () => {
    for (const text of ['check', 'Check my wording']) {
      const { summary, card } = await reply(message(text));
      expect(summary).toBe('Check my wording');
      const input = (card.body as { type: string; id?: string; maxLength?: number }[]).find(
        (e) => e.type === 'Input.Text',
      );
      expect(input).toMatchObject({ id: 'draft', maxLength: MAX_DRAFT_CHARS });
      const check = actionsOf(card).find((a) => a.title === 'Check')!;
      expect(check).toMatchObject({ type: 'Action.Execute', verb: 'coach-check' });
      expect(check.fallback).toEqual({
        type: 'Action.Submit',
        title: 'Check',
        data: { verb: 'coach-check' },
      });
    }
  });

  it('the Check button replaces the card with the result, for the presser', async () => {
    const card = await invokeCard('coach-check', { draft: 'Diabetes is a ticking time bomb.' });
    expect(textOf(card)).toContain('“ticking time bomb”');
    const again = actionsOf(card).find((a) => a.title === 'Check another')!;
    expect(again).toMatchObject({ type: 'Action.Execute', verb: 'coach-again' });
    const blank = await invokeCard('coach-again', {});
    expect(textOf(blank)).toContain('Check my wording');
  });

  it('an empty box gets the card back with a note', async () => {
    const card = await invokeCard('coach-check', { draft: '   ' });
    expect(textOf(card)).toContain('There was nothing to check.');
  });

  it('a draft pasted as Teams HTML is read as text', async () => {
    const card = await invokeCard('coach-check', {
      draft: '<p>The NHS is <b>in crisis</b>.</p><p>We&nbsp;can&#39;t wait.</p>',
    });
    expect(textOf(card)).toContain('“in crisis”');
  });

  it('the help card\'s "Check my wording" button posts the card', async () => {
    const { summary } = await reply(submit({ verb: 'coach-open' }));
    expect(summary).toBe('Check my wording');
  });

  it('a quote containing "${" does not break the card', async () => {
    const { card } = await reply(message('check Families who are hard${to reach need more help.'));
    expect(textOf(card)).toContain('“hard$ {to reach”');
  });

  it.each([
    'check what the toolkit says about crisis language',
    'check if the NHS is a Marmot place',
    'check the toolkit',
  ])('"%s" is a question', async (text) => {
    const { summary } = await reply(message(text));
    expect(summary).not.toMatch(/^Wording check|^Check my wording/);
  });
});
