// biome-ignore-all lint/suspicious/noTemplateCurlyInString: some strings are card template text or messages typed with ${...}, not JavaScript templates
import { MemoryCounters } from '../src/counters';
import { message, submit } from './helpers/activities';
import {
  actionsOf,
  cardOf,
  type RunningServer,
  repliesOf,
  startTestServer,
  textOf,
} from './helpers/testServer';
import { vagueWord } from './helpers/vagueWord';

let server: RunningServer;
const counters = new MemoryCounters();
beforeAll(async () => {
  server = await startTestServer({}, { counters });
});
afterAll(() => server.stop());

async function reply(activity: unknown): Promise<{ summary: string; card: Record<string, unknown> }> {
  const res = await server.post('/api/messages', activity);
  expect(res.status).toBe(200);
  const replies = repliesOf(res.json);
  expect(replies).toHaveLength(1);
  return { summary: String(replies[0].summary), card: cardOf(replies[0])! };
}

const asks = (card: Record<string, unknown>) =>
  actionsOf(card)
    .filter((a) => (a.data as { verb?: string })?.verb === 'ask')
    .map((a) => ({
      title: String(a.title),
      id: (a.data as { id: string }).id,
      data: a.data as Record<string, unknown>,
    }));

describe('answering a question', () => {
  it('answers "what is proportionate universalism" with the source link and review status', async () => {
    const { summary, card } = await reply(message('what is proportionate universalism'));
    expect(summary).toBe('Answer: Proportionate universalism');
    const text = textOf(card);
    expect(text).toMatch(/^Proportionate universalism/);
    expect(text).toMatch(/Draft: written from its source in [A-Z][a-z]+ \d{4}, awaiting review by \S/);
    const source = actionsOf(card).find((a) => a.type === 'Action.OpenUrl');
    expect(String(source?.url)).toMatch(/^https:\/\//);
    expect(String(source?.title)).toBe('Open the source');
    expect(text).toContain(
      `Source: ${server.app.knowledge.byId.get('proportionate-universalism')!.source.title}`,
    );
    expect(actionsOf(card).some((a) => a.type === 'Action.ToggleVisibility')).toBe(true);
    const related = asks(card);
    expect(related.length).toBeGreaterThan(0);
    expect(related.length).toBeLessThanOrEqual(3);
    expect(related.map((r) => r.id)).not.toContain('proportionate-universalism');
  });

  it('answers a question with "${...}" in it like any other, keeping the text as typed', async () => {
    // The card carries the question; such text is not a template field the data failed to fill.
    const res = await server.post('/api/messages', message('run chart ${a}'));
    const [activity] = repliesOf(res.json);
    expect(String(activity.summary)).toMatch(/^Answer: Run chart/);
    expect(JSON.stringify(cardOf(activity))).toContain('run chart ${a}');
  });

  it('gives the same answer when @mentioned in a channel', async () => {
    const personal = await reply(message('what is proportionate universalism'));
    const channel = await reply(message('what is proportionate universalism', 'channel'));
    expect(channel.card).toEqual(personal.card);
  });

  it('finds the answer through typos and synonyms', async () => {
    expect((await reply(message('quality improvment'))).summary).toMatch(/^Answer: Quality improvement/);
    // Typos are corrected as typed, before stemming cuts them short ("bulding" -> "buld").
    expect((await reply(message('bulding blocks of helth'))).summary).toMatch(
      /^Answer: (The )?[Bb]uilding blocks of health/,
    );
    expect((await reply(message('social determinants of health'))).summary).toMatch(
      /^Answer: Wider determinants/,
    );
  });

  it('offers "Did you mean" for a vague question, and a choice pressed gets that entry', async () => {
    const { summary, card } = await reply(message(vagueWord(server.app.knowledge.index)));
    expect(summary).toBe('Did you mean…');
    const choices = asks(card);
    expect(choices.length).toBeGreaterThanOrEqual(2);
    expect(choices.length).toBeLessThanOrEqual(3);
    const chosen = choices[1];
    const answer = await reply(submit(chosen.data));
    expect(answer.summary).toBe(`Answer: ${server.app.knowledge.byId.get(chosen.id)!.title}`);
  });

  it('says honestly when it has no answer, with a tip and the help button', async () => {
    const { summary, card } = await reply(message('asdkjh qwe zzz'));
    expect(summary).toBe("I don't have an answer to that yet");
    expect(textOf(card)).toMatch(/Tip/);
    const help = actionsOf(card).find((a) => (a.data as { verb?: string })?.verb === 'help');
    expect(help).toBeDefined();
    expect((await reply(submit(help!.data as Record<string, unknown>))).summary).toBe('How I can help');
  });

  it('signposts "I have chest pain" before any search, keeping only a count', async () => {
    // The spy sits on the index the bot answers from (app.knowledge is the one it was built with).
    const search = jest.spyOn(server.app.knowledge.index, 'search');
    const countsBefore = new Map(counters.counts);
    try {
      const { card } = await reply(message('I have chest pain'));
      const text = textOf(card);
      expect(text).toMatch(/999/);
      expect(text).toMatch(/111/);
      expect(text).toMatch(/safeguarding lead/i);
      // The emergency line stands out, and every button opens a page Teams can open (no tel: link).
      const emergency = JSON.stringify(card).match(/\{[^{}]*"In an emergency"[^{}]*\}/)?.[0] ?? '';
      expect(emergency).toMatch(/"color":"Attention"/);
      expect(actionsOf(card).map((a) => [a.title, a.url])).toEqual([
        ['NHS 111 online', 'https://111.nhs.uk'],
      ]);
      expect(search).not.toHaveBeenCalled();
      // The spy is not blind: an ordinary question goes through it.
      await reply(message('what is proportionate universalism'));
      expect(search).toHaveBeenCalledTimes(1);
    } finally {
      search.mockRestore();
    }
    expect(counters.counts.get('signpost.emergency')).toBe((countsBefore.get('signpost.emergency') ?? 0) + 1);
    // The count is all that is kept: no other counter moved, and none is named after the message.
    const moved = [...counters.counts]
      .filter(([name, n]) => countsBefore.get(name) !== n)
      .map(([name]) => name);
    expect(moved).toEqual(['signpost.emergency']);
    expect([...counters.counts.keys()].join(' ')).not.toMatch(/chest|pain/i);
  });

  it('every example on the help card gets an answer to its own entry', async () => {
    const help = await reply(message('help'));
    for (const example of asks(help.card)) {
      const typed = await reply(message(example.title));
      expect(typed.summary).toBe(`Answer: ${server.app.knowledge.byId.get(example.id)!.title}`);
    }
  });

  it('an ask button for an entry that no longer exists gets the no-answer card', async () => {
    expect((await reply(submit({ verb: 'ask', id: 'no-such-entry' }))).summary).toBe(
      "I don't have an answer to that yet",
    );
  });
});
