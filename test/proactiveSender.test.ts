import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardDataMap } from '../src/cards/cardTypes';
import { loadCardRenderer } from '../src/cards/renderCard';
import { createLogger } from '../src/log';
import { PROJECT_ROOT } from '../src/paths';
import { cardReply, type Reply } from '../src/routing/reply';
import { BotFrameworkProactiveSender, type ConversationRef } from '../src/teams/proactiveSender';
import { backoffDelay, parseRetryAfter } from '../src/teams/retry';
import { BOT_ID, message, TENANT_ID } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { type RunningServer, startTestServer } from './helpers/testServer';

const NOW = Date.parse('2026-12-07T10:00:00Z');
const ATTEMPT_TIMEOUT_MS = 300;

let server: RunningServer;
let connector: FakeConnector;
/** Every wait the sender asked for, in order; none is really waited. */
let sleeps: number[] = [];
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  server = await startTestServer(
    {},
    {
      logger: createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line)) }),
      proactive: {
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.5,
        now: () => NOW,
        attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      },
    },
  );
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  connector = await new FakeConnector().start();
  sleeps = [];
  logLines.length = 0;
});
afterEach(async () => {
  await connector.stop();
});

const channelRef = (serviceUrl = connector.url): ConversationRef => ({
  channelId: 'msteams',
  serviceUrl,
  conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT_ID },
  bot: { id: BOT_ID },
});
const conversationPath = `/v3/conversations/${encodeURIComponent('19:general@thread.tacv2')}/activities`;

const cards = loadCardRenderer(join(PROJECT_ROOT, 'cards'));
const tipData = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'cards/samples/tip.json'), 'utf8'),
) as CardDataMap['tip'];
const tipMessage = (): Reply => cardReply('tip', tipData, 'A framing tip for this week');

describe('sending first to a stored conversation', () => {
  it('posts a new message to the conversation with the card and its summary', async () => {
    const tip = tipMessage();
    const result = await server.app.proactive.send(channelRef(), tip);

    expect(result).toEqual({ ok: true, activityId: 'activity-1', attempts: 1 });
    expect(connector.requests).toHaveLength(1);
    const [posted] = connector.requests;
    expect(posted.method).toBe('POST');
    // sendToConversation (a new post), not a reply to some activity.
    expect(posted.path).toBe(conversationPath);
    expect(posted.body?.replyToId).toBeUndefined();
    expect(posted.body?.type).toBe('message');
    expect(posted.body?.summary).toBe('A framing tip for this week');
    expect(posted.body?.conversation).toEqual({
      id: '19:general@thread.tacv2',
      conversationType: 'channel',
      tenantId: TENANT_ID,
    });
    expect(posted.body?.from).toEqual({ id: BOT_ID });
    expect(posted.body?.attachments).toEqual([
      { contentType: 'application/vnd.microsoft.card.adaptive', content: cards.render('tip', tipData) },
    ]);
    expect(sleeps).toEqual([]);
  });

  it('a plain text message is posted as text', async () => {
    const result = await server.app.proactive.send(channelRef(), { text: 'Hello, channel' });
    expect(result.ok).toBe(true);
    expect(connector.requests[0].body?.text).toBe('Hello, channel');
  });
});

describe('retries', () => {
  it('429 with Retry-After in seconds is retried after exactly that delay', async () => {
    connector.next({ kind: 'throttle', retryAfterSeconds: 7 });
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    expect(result).toEqual({ ok: true, activityId: 'activity-2', attempts: 2 });
    expect(sleeps).toEqual([7000]);
    expect(connector.requests.map((r) => r.path)).toEqual([conversationPath, conversationPath]);
  });

  it('412 (conversation busy) is retried; a pacing hook is awaited before every attempt', async () => {
    connector.next({ kind: 'status', status: 412 }, { kind: 'throttle', retryAfterSeconds: 1 });
    let paced = 0;
    const result = await server.app.proactive.send(channelRef(), tipMessage(), {
      beforeAttempt: async () => void paced++,
    });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(paced).toBe(3);
    expect(connector.requests).toHaveLength(3);
  });

  it('429 with Retry-After as an HTTP date waits until that time', async () => {
    connector.next({
      kind: 'throttle',
      retryAfterSeconds: 0,
      retryAfter: new Date(NOW + 12_000).toUTCString(),
    });
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    expect(result.ok).toBe(true);
    expect(sleeps).toEqual([12_000]);
  });

  it('a Retry-After longer than a minute is cut to 60 s', async () => {
    connector.next({ kind: 'throttle', retryAfterSeconds: 3600 });
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    expect(result.ok).toBe(true);
    expect(sleeps).toEqual([60_000]);
  });

  it('500 then success: retried once after a backoff step', async () => {
    connector.next({ kind: 'status', status: 500 });
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    expect(result).toEqual({ ok: true, activityId: 'activity-2', attempts: 2 });
    // First step 1000 ms with equal jitter: 500 + 500 * random (0.5).
    expect(sleeps).toEqual([750]);
    expect(connector.requests).toHaveLength(2);
  });

  it('5xx every time: four attempts with growing backoff, then reported', async () => {
    connector.always({ kind: 'status', status: 503 });
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    expect(result).toEqual({ ok: false, reason: 'server-error', status: 503, attempts: 4 });
    expect(sleeps).toEqual([750, 1500, 3000]);
    expect(connector.requests).toHaveLength(4);
  });

  it.each([
    [404, 'conversation-gone'],
    [403, 'forbidden'],
  ] as const)('%i is final: reported as %s without a retry or an apology', async (status, reason) => {
    connector.always({ kind: 'status', status });
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    expect(result).toEqual({ ok: false, reason, status, attempts: 1 });
    expect(sleeps).toEqual([]);
    // One call only: the turn-error handler's apology is never sent the same way.
    expect(connector.requests).toHaveLength(1);
  });

  it('a connector that never answers: each attempt times out, and the timeout is reported', async () => {
    connector.always({ kind: 'hang' });
    const started = performance.now();
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    const ms = performance.now() - started;
    expect(result).toEqual({ ok: false, reason: 'timeout', attempts: 4 });
    expect(connector.requests).toHaveLength(4);
    expect(sleeps).toEqual([750, 1500, 3000]);
    expect(ms).toBeGreaterThanOrEqual(4 * ATTEMPT_TIMEOUT_MS * 0.9);
    expect(ms).toBeLessThan(4 * ATTEMPT_TIMEOUT_MS + 3000);
  });

  it('a connector that answers again after hanging once gets the message', async () => {
    connector.next({ kind: 'hang' });
    const result = await server.app.proactive.send(channelRef(), tipMessage());
    expect(result).toEqual({ ok: true, activityId: 'activity-2', attempts: 2 });
  });

  it('an address nothing listens on: network errors are retried, then reported', async () => {
    const gone = await new FakeConnector().start();
    const url = gone.url;
    await gone.stop();
    const result = await server.app.proactive.send(channelRef(url), tipMessage());
    expect(result).toEqual({ ok: false, reason: 'network-error', attempts: 4 });
    expect(sleeps).toEqual([750, 1500, 3000]);
  });
});

describe('changing a message posted before', () => {
  it('update replaces the activity in place (PUT to its id) with the new card', async () => {
    const tip = tipMessage();
    const result = await server.app.proactive.update(channelRef(), 'activity-41', tip);
    expect(result).toEqual({ ok: true, activityId: 'activity-41', attempts: 1 });
    const [put] = connector.requests;
    expect(put.method).toBe('PUT');
    expect(put.path).toBe(`${conversationPath}/activity-41`);
    expect(put.body?.id).toBe('activity-41');
    expect(put.body?.replyToId).toBeUndefined();
    expect(put.body?.summary).toBe('A framing tip for this week');
    expect((put.body!.attachments as { content: unknown }[])[0].content).toEqual(
      cards.render('tip', tipData),
    );
  });

  it('delete removes the activity (DELETE to its id)', async () => {
    const result = await server.app.proactive.delete(channelRef(), 'activity-42');
    expect(result).toEqual({ ok: true, activityId: 'activity-42', attempts: 1 });
    expect(connector.requests.map((r) => [r.method, r.path])).toEqual([
      ['DELETE', `${conversationPath}/activity-42`],
    ]);
  });

  it('update and delete are retried like a send', async () => {
    connector.next({ kind: 'throttle', retryAfterSeconds: 2 });
    expect((await server.app.proactive.update(channelRef(), 'activity-43', tipMessage())).attempts).toBe(2);
    connector.next({ kind: 'status', status: 500 });
    expect((await server.app.proactive.delete(channelRef(), 'activity-43')).attempts).toBe(2);
    expect(sleeps).toEqual([2000, 750]);
  });
});

describe('replies in a turn', () => {
  it("keep the SDK client's own retries: only proactive calls have theirs taken away", async () => {
    await server.app.proactive.send(channelRef(), tipMessage());
    connector.next({ kind: 'status', status: 500 });
    const res = await server.post(
      '/api/messages',
      message('help', 'personal', { serviceUrl: connector.url, expectReplies: false }),
    );
    expect(res.status).toBe(200);
    await connector.waitFor(3);
    expect(connector.requests.slice(1).map((r) => r.body?.summary)).toEqual([
      'How I can help',
      'How I can help',
    ]);
    expect(sleeps).toEqual([]);
  });
});

describe('faults', () => {
  it('a fault that is not an HTTP failure is reported as "error" at once and logged with its name', async () => {
    const lines: Record<string, unknown>[] = [];
    const adapter = {
      continueConversationAsync: async () => {
        throw new TypeError('no connector client');
      },
    } as unknown as ConstructorParameters<typeof BotFrameworkProactiveSender>[0]['adapter'];
    const sender = new BotFrameworkProactiveSender(
      {
        adapter,
        botAppId: '',
        logger: createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) }),
        cards,
      },
      { sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(await sender.send(channelRef(), tipMessage())).toEqual({
      ok: false,
      reason: 'error',
      attempts: 1,
    });
    expect(sleeps).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'proactive-failed',
        reason: 'error',
        err: expect.objectContaining({ name: 'TypeError' }),
      }),
    ]);
  });
});

describe('logs', () => {
  it('say what happened to each call and never what the message said', async () => {
    connector.next({ kind: 'status', status: 500 }).next({ kind: 'status', status: 404 });
    await server.app.proactive.send(channelRef(), {
      text: 'a private sentence',
      summary: 'a private summary',
    });
    const events = logLines.filter((l) => String(l.event).startsWith('proactive-'));
    expect(events.map((l) => [l.event, l.operation, l.conversationType, l.reason, l.status])).toEqual([
      ['proactive-retry', 'send', 'channel', 'server-error', 500],
      ['proactive-failed', 'send', 'channel', 'conversation-gone', 404],
    ]);
    expect(JSON.stringify(logLines)).not.toMatch(/private/);
  });
});

describe('retry timing (pure)', () => {
  it.each([
    ['7', 7000],
    [' 0 ', 0],
    ['1.5', 1500],
    ['3600', 60_000],
    [new Date(NOW + 5000).toUTCString(), 5000],
    [new Date(NOW - 5000).toUTCString(), 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('Retry-After %p waits %p ms (cap 60 s)', (value, expected) => {
    expect(parseRetryAfter(value, NOW, 60_000)).toBe(expected);
  });

  it('backoff doubles each attempt, with jitter between half and the whole step, up to the cap', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, 1000, 30_000, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 1000, 30_000, () => 0.99))).toEqual([995, 1990, 3980]);
    expect(backoffDelay(10, 1000, 30_000, () => 0)).toBe(15_000);
  });
});
