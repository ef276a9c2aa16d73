import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/loadKnowledge';
import { execute, message } from './helpers/activities';
import {
  actionsOf,
  cardOf,
  type RunningServer,
  repliesOf,
  startTestServer,
  textOf,
} from './helpers/testServer';

const ROOT = join(__dirname, '..');
const knowledge = loadKnowledge(join(ROOT, 'knowledge'), ROOT);
const tips = knowledge.guidance.tips;
/** The Health Foundation, its FrameWorks partner, and the NCCDH summary of the toolkit. */
const GUIDANCE_HOSTS = /^(www\.|reader\.|alumni\.)?health\.org\.uk$|^nccdh\.ca$|^frameworksuk\.org$/;

type Card = Record<string, unknown>;

const anotherOne = (card: Card) =>
  actionsOf(card).find((a) => a.type === 'Action.Execute' && a.title === 'Another one') as {
    verb: string;
    data: Record<string, unknown>;
    fallback: { type: string; data: Record<string, unknown> };
  };
const tipOf = (card: Card) => tips.get(String(anotherOne(card).data.current))!;

describe('framing tip content', () => {
  it('has at least 20 tips, each with do, instead, why and a source', () => {
    expect(tips.all.length).toBeGreaterThanOrEqual(20);
    for (const tip of tips.all) {
      for (const field of [tip.title, tip.do, tip.instead, tip.why, tip.source.title])
        expect(field.length).toBeGreaterThan(5);
      if (tip.ask) expect(knowledge.byId.has(tip.ask)).toBe(true);
    }
  });

  it('takes every source from the Health Foundation guidance', () => {
    for (const tip of tips.all) expect(new URL(tip.source.url).hostname).toMatch(GUIDANCE_HOSTS);
  });

  it('uses British spelling', () => {
    const text = tips.all.map((t) => `${t.title} ${t.do} ${t.instead} ${t.why}`).join(' ');
    expect(text).not.toMatch(/\b(neighborhood|color|behavior|center|program|organization|favor)\b/i);
  });
});

describe('the tip command', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const reply = async (text: string) => {
    const replies = repliesOf((await server.post('/api/messages', message(text))).json);
    expect(replies).toHaveLength(1);
    return { summary: String(replies[0].summary), card: cardOf(replies[0])! };
  };

  it('shows a tip card: do, instead of, why, the source, Another one with a Submit fallback', async () => {
    const { summary, card } = await reply('tip');
    const tip = tipOf(card);
    expect(summary).toBe(`Framing tip: ${tip.title}`);
    const text = textOf(card);
    for (const part of [tip.title, tip.do, tip.instead, tip.why, `Source: ${tip.source.title}`])
      expect(text).toContain(part);
    const another = anotherOne(card);
    expect(another.verb).toBe('tip-another');
    expect(another.fallback).toEqual({
      type: 'Action.Submit',
      title: 'Another one',
      data: { verb: 'tip-another', current: tip.id },
    });
    expect(actionsOf(card).find((a) => a.type === 'Action.OpenUrl')?.url).toBe(tip.source.url);
  });

  it.each(['tips', 'Tip!'])('"%s" is the tip command too', async (text) => {
    expect((await reply(text)).summary).toMatch(/^Framing tip: /);
  });

  it('"tip for talking about housing" is a question', async () => {
    expect((await reply('tip for talking about housing')).summary).not.toMatch(/^Framing tip/);
  });

  it('acceptance: "Another one" from a tip card, posted unchanged to a freshly started server in a new conversation, gets a different tip', async () => {
    const { card } = await reply('tip');
    const { verb, data } = anotherOne(card);
    const before = tipOf(card);
    await server.stop();
    server = await startTestServer();
    const res = await server.post(
      '/api/messages',
      execute(verb, data, 'personal', { conversationId: 'a:brand-new-conversation' }),
    );
    const invokeResponse = repliesOf(res.json).find((a) => a.type === 'invokeResponse')!;
    const body = (
      invokeResponse.value as { status: number; body: { statusCode: number; type: string; value: Card } }
    ).body;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const after = tipOf(body.value);
    expect(after.id).not.toBe(before.id);
    expect(textOf(body.value)).toContain(after.title);
    // The invoke answers the presser; no new message is posted.
    expect(repliesOf(res.json).filter((a) => a.type === 'message')).toEqual([]);
  });

  it('pressing Another one again and again visits every tip', async () => {
    const seen = new Set<string>();
    let current = tips.all[0].id;
    for (let i = 0; i < tips.all.length; i++) {
      const res = await server.post('/api/messages', execute('tip-another', { current }));
      const body = (
        repliesOf(res.json).find((a) => a.type === 'invokeResponse')!.value as { body: { value: Card } }
      ).body;
      current = tipOf(body.value).id;
      seen.add(current);
    }
    expect(seen.size).toBe(tips.all.length);
  });
});
