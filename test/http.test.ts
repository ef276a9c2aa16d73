import { COMMANDS } from '../src/routes';
import { message } from './helpers/activities';
import { actionsOf, cardOf, type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('GET /healthz', () => {
  it('reports status, version, the knowledge it serves and its storage', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      status: 'ok',
      version: '0.0.0-test',
      knowledge: {
        entries: server.app.knowledge.entries.length,
        version: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
      storage: { backend: 'sqlite', reachable: true, installations: 0 },
    });
    expect(server.app.knowledge.entries.length).toBeGreaterThanOrEqual(25);
  });
});

describe('POST /api/messages refuses what is not an activity', () => {
  it.each([
    ['malformed JSON', '{"type": "message",', /not valid JSON/],
    ['an empty body', '', /empty/],
    ['a JSON array', '[]', /JSON object/],
    ['a body with no type', { ...message('help'), type: undefined }, /type/],
    ['a numeric type', { ...message('help'), type: 1 }, /type/],
    ['no conversation id', { ...message('help'), conversation: {} }, /conversation\.id/],
    ['no serviceUrl', { ...message('help'), serviceUrl: undefined }, /serviceUrl/],
  ])('%s gets 400 naming the problem', async (_name, body, pattern) => {
    const res = await server.post('/api/messages', body);
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(pattern);
  });

  it('a body over MAX_BODY_BYTES gets 413', async () => {
    const res = await server.post('/api/messages', { ...message('help'), padding: 'x'.repeat(300_000) });
    expect(res.status).toBe(413);
    expect((res.json as { error: string }).error).toMatch(/larger/);
  });

  it('keeps serving after bad requests', async () => {
    await server.post('/api/messages', '{not json');
    const res = await server.post('/api/messages', message('help'));
    expect(res.status).toBe(200);
    expect(repliesOf(res.json)).toHaveLength(1);
  });
});

describe('help', () => {
  const helpCardOf = async (activity: unknown) => {
    const res = await server.post('/api/messages', activity);
    expect(res.status).toBe(200);
    const replies = repliesOf(res.json);
    expect(replies).toHaveLength(1);
    return { reply: replies[0], card: cardOf(replies[0]) };
  };

  it('answers with the help card whose examples are ask buttons with a displayText', async () => {
    const { reply, card } = await helpCardOf(message('help'));
    expect(reply.summary).toBe('How I can help');
    const asks = actionsOf(card).filter((a) => (a.data as { verb?: string })?.verb === 'ask');
    expect(asks.length).toBeGreaterThanOrEqual(3);
    for (const action of asks) {
      expect(action.type).toBe('Action.Submit');
      const data = action.data as {
        verb: string;
        id: string;
        msteams: { type: string; displayText: string };
      };
      expect(server.app.knowledge.byId.has(data.id)).toBe(true);
      expect(data.msteams).toEqual({ type: 'messageBack', displayText: action.title });
    }
  });

  it("names every command a partner can type; the expert team's two are on their own cards", async () => {
    const { card } = await helpCardOf(message('help'));
    const text = JSON.stringify(card);
    const forEveryone = COMMANDS.filter((c) => !['experts', 'report'].includes(c.name));
    expect(forEveryone.length).toBeGreaterThanOrEqual(7);
    for (const command of forEveryone)
      expect([command.name, text.includes(`**${command.name}`)]).toEqual([command.name, true]);
  });

  it('gives the same card to "<at>Bot</at> help" in a channel and in a group chat', async () => {
    const personal = await helpCardOf(message('help'));
    const channel = await helpCardOf(message('help', 'channel'));
    const group = await helpCardOf(message('help', 'groupChat'));
    expect(channel.card).toEqual(personal.card);
    expect(group.card).toEqual(personal.card);
  });
});
