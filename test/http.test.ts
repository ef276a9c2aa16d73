import { connect } from 'node:net';
import { COMMANDS } from '../src/routes';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../src/server/createServer';
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

describe('routes that do not exist', () => {
  it.each([
    ['GET /api/messages', 405, 'GET', '/api/messages', /method not allowed/],
    ['POST to an unknown path', 404, 'POST', '/api/<script>x</script>', /no such route/],
  ])(
    '%s gets %d with our error shape, not echoing the path',
    async (_name, status, method, path, pattern) => {
      const res = await fetch(`${server.url}${path}`, { method });
      expect(res.status).toBe(status);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: expect.stringMatching(pattern) });
      expect(text).not.toMatch(/script|api\/messages/);
    },
  );
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

  // A web page may send these to a local bot without the browser asking first; application/json it may not.
  it.each([
    'text/plain;charset=json',
    'text/plain; json',
    'application/x-www-form-urlencoded;json',
    'multipart/form-data; boundary=json',
    'image/json',
    'application/jsonp',
  ])('content-type %s gets 415, the activity unread', async (contentType) => {
    const res = await server.post('/api/messages', message('help'), { 'Content-Type': contentType });
    expect(res.status).toBe(415);
    expect((res.json as { error: string }).error).toMatch(/application\/json/);
  });

  it("the server gives headers 20 seconds and a whole request 30, not Node's 5 minutes", () => {
    expect(server.app.server.server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.app.server.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });

  it('no content-type at all gets 415', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      // A Blob without a type: fetch sends no Content-Type header.
      body: new Blob([JSON.stringify(message('help'))]),
    });
    expect(res.status).toBe(415);
  });

  it.each(['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.example+json'])(
    'content-type %s is read',
    async (contentType) => {
      const res = await server.post('/api/messages', message('help'), { 'Content-Type': contentType });
      expect(res.status).toBe(200);
    },
  );

  it.each([
    ['streamed in chunks past MAX_BODY_BYTES', 'Transfer-Encoding: chunked', true],
    ['declared as 10 GB', 'Content-Length: 10000000000', false],
  ])('a body %s gets 413 and the connection is closed, not read on', async (_name, header, chunked) => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${header}\r\n\r\n`,
    );
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    socket.on('error', () => undefined);
    let open = true;
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        open = false;
        resolve();
      }),
    );
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    // Keeps streaming, as a sender that ignores the answer would, until the server closes on it.
    while (open && sent < 256 * 1024 * 1024) {
      const flushed = chunked
        ? socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n')
        : socket.write(chunk);
      sent += chunk.length;
      if (!flushed) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
    }
    await closed;
    const [head] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    // The refusal itself says the connection ends: nothing more of the body is read.
    expect(head).toMatch(/\r\nconnection: close/i);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
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
