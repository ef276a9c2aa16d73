import { message } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { cardOf, type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

const SECRET = 'a-digest-trigger-secret-for-tests';
/** Thursday 3 December 2026, 12:00 UTC (winter: London is UTC). */
let now = new Date('2026-12-03T12:00:00Z');
let server: RunningServer;
let connector: FakeConnector;

const start = (env: Record<string, string> = {}) =>
  startTestServer(
    { DIGEST_TRIGGER_SECRET: SECRET, DIGEST_CHECK_SECONDS: '0', ...env },
    {
      clock: () => now,
      proactive: { sleep: async () => {}, attemptTimeoutMs: 300, baseDelayMs: 1 },
      digestSleep: async () => {},
    },
  );

beforeEach(async () => {
  now = new Date('2026-12-03T12:00:00Z');
  server = await start();
  connector = await new FakeConnector().start();
});
afterEach(async () => {
  await server.stop();
  await connector.stop();
});

/** A message in a channel (its own conversation id), posted through /api/messages. */
async function say(text: string, channel = '19:general@thread.tacv2', target = server) {
  const res = await target.post(
    '/api/messages',
    message(text, 'channel', { conversationId: channel, serviceUrl: connector.url }),
  );
  expect(res.status).toBe(200);
  return repliesOf(res.json);
}
const textsOf = (replies: Record<string, unknown>[]) => replies.map((r) => String(r.text ?? '')).join('\n');
const trigger = (auth?: string, target = server) =>
  target.post('/api/digest/run', {}, auth === undefined ? {} : { Authorization: auth });

describe('opting in and out', () => {
  it('digest on is confirmed with the schedule and the first time; status names the next time', async () => {
    expect(textsOf(await say('digest on'))).toMatch(
      /Digest on: every Monday at 09:00 \(UK time\)\. The first one comes on Monday 7 December at 09:00/,
    );
    expect(textsOf(await say('digest status'))).toMatch(/next one comes on Monday 7 December at 09:00/);
    expect(textsOf(await say('digest on fortnightly tuesday 10:30'))).toMatch(/Tuesday 8 December at 10:30/);
    expect(textsOf(await say('digest off'))).toMatch(/Digest off/);
    expect(textsOf(await say('digest status'))).toMatch(/The digest is off here/);
  });

  it('a schedule it cannot read gets a reply naming the words it did not understand', async () => {
    const text = textsOf(await say('digest on fortnightly tuesday 25:00'));
    expect(text).toMatch(/didn't understand "25:00"/);
    expect(textsOf(await say('digest status'))).toMatch(/off here/);
  });

  it('digest preview posts the card here and now', async () => {
    const replies = await say('digest preview');
    const card = cardOf(replies.find((r) => Array.isArray(r.attachments)));
    expect(JSON.stringify(card)).toContain('Marmot principle of the week');
    // A weekly digest is headed by the Monday of its week, in British wording.
    expect(JSON.stringify(card)).toMatch(/Week beginning \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(String(replies.find((r) => r.summary)?.summary)).toMatch(/^Health equity digest: /);
  });

  it('"digest of the Marmot review" is a question, not the command', async () => {
    const replies = await say('digest of the marmot review');
    expect(textsOf(replies)).not.toMatch(/Digest on|digest is off/);
    expect(replies.some((r) => Array.isArray(r.attachments))).toBe(true);
  });

  it('in a personal chat it says digests are for channels and group chats', async () => {
    const res = await server.post('/api/messages', message('digest on'));
    expect(textsOf(repliesOf(res.json))).toMatch(/team channel or a group chat/);
  });
});

describe('the trigger route', () => {
  it('refuses a missing or wrong secret, and runs with the right one', async () => {
    expect((await trigger()).status).toBe(401);
    expect((await trigger('Bearer wrong')).status).toBe(401);
    expect((await trigger(SECRET)).status).toBe(401);
    const ok = await trigger(`Bearer ${SECRET}`);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ran: true, due: 0, sent: 0 });
  });

  it('answers 404 when no secret is set', async () => {
    const other = await start({ DIGEST_TRIGGER_SECRET: '' });
    try {
      expect((await trigger(`Bearer ${SECRET}`, other)).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe('delivery', () => {
  const channels = ['19:a@thread.tacv2', '19:b@thread.tacv2', '19:c@thread.tacv2', '19:d@thread.tacv2'];

  it('with 429, 412, 5xx and a hang on first attempts, every channel gets exactly one digest; a removed bot turns it off', async () => {
    for (const c of channels) await say('digest on', c);
    await say('digest on', '19:gone@thread.tacv2');
    connector.forPath('19:gone@thread.tacv2', { kind: 'status', status: 404 });
    // Monday 7 December, 09:00:30 London: everyone's first digest is due.
    now = new Date('2026-12-07T09:00:30Z');
    connector.next(
      { kind: 'throttle', retryAfterSeconds: 1 },
      { kind: 'status', status: 412 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
    );
    const first = await server.app.digest.run();
    expect(first).toMatchObject({ ran: true, due: 5, sent: 4, refused: 1, failed: 0 });
    expect(first.retried).toBeGreaterThanOrEqual(1);
    for (const c of channels) {
      expect(connector.delivered(c)).toHaveLength(1);
      expect(JSON.stringify(connector.delivered(c)[0].body)).toContain('Marmot principle of the week');
    }
    expect(connector.delivered('19:gone@thread.tacv2')).toHaveLength(0);
    expect(textsOf(await say('digest status', '19:gone@thread.tacv2'))).toMatch(/stopped/);

    // The same period again: nothing is due, nothing is sent.
    const posts = connector.requests.length;
    expect(await server.app.digest.run()).toMatchObject({ ran: true, due: 0, sent: 0 });
    expect(connector.requests.length).toBe(posts);

    // A week on, each channel gets its next one, and status says when it last came.
    now = new Date('2026-12-14T09:00:05Z');
    expect(await server.app.digest.run()).toMatchObject({ due: 4, sent: 4 });
    for (const c of channels) expect(connector.delivered(c)).toHaveLength(2);
    expect(textsOf(await say('digest status', channels[0]))).toMatch(/last one came on Monday 14 December/);
  });

  it('a send that hangs is not sent again by a later run (it may have arrived)', async () => {
    await say('digest on', channels[0]);
    now = new Date('2026-12-07T09:00:30Z');
    connector.always({ kind: 'hang' });
    const first = await server.app.digest.run();
    expect(first).toMatchObject({ due: 1, sent: 0, failed: 1 });
    connector.always({ kind: 'ok' });
    const second = await server.app.digest.run();
    expect(second).toMatchObject({ due: 1, sent: 0, skipped: 1 });
  });

  it('two instances sharing storage, started at once: each channel gets one digest', async () => {
    const other = await startTestServer(
      { DIGEST_TRIGGER_SECRET: SECRET, DIGEST_CHECK_SECONDS: '0' },
      {
        storage: server.app.storage,
        clock: () => now,
        proactive: { sleep: async () => {}, baseDelayMs: 1 },
        digestSleep: async () => {},
      },
    );
    try {
      for (const c of channels) await say('digest on', c);
      now = new Date('2026-12-07T09:01:00Z');
      const runs = await Promise.all([
        server.app.digest.run(),
        other.app.digest.run(),
        server.app.digest.run(),
      ]);
      expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(4);
      for (const c of channels) expect(connector.delivered(c)).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it('counts the answers given (entry ids only) and shows the most asked in the next digest', async () => {
    await say('digest on', channels[0]);
    for (const q of [
      'what is proportionate universalism',
      'proportionate universalism',
      'what is a pdsa cycle',
    ])
      await server.post('/api/messages', message(q));
    now = new Date('2026-12-07T09:00:30Z');
    expect(await server.app.digest.run()).toMatchObject({ sent: 1 });
    const body = JSON.stringify(connector.delivered(channels[0])[0].body);
    expect(body).toContain('Asked most since the last digest');
    expect(body).toMatch(/proportionate universalism[^"]*\(2\u00a0times\)/i);
  });
});
