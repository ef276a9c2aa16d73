import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { RATE_LIMITED_TEXT, RateLimiter } from '../src/teams/rateLimit';
import { execute, message } from './helpers/activities';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

describe('RateLimiter', () => {
  it('allows the limit in a burst, then one more as each share of the minute passes', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 30, now: () => now });
    for (let i = 0; i < 30; i++) expect(limiter.take('u')).toBe('allowed');
    expect(limiter.take('u')).toBe('limited');
    expect(limiter.take('u')).toBe('limited-again');
    now += 1000;
    expect(limiter.take('u')).toBe('limited-again');
    now += 1000; // 2 s is one message at 30 a minute
    expect(limiter.take('u')).toBe('allowed');
    expect(limiter.take('u')).toBe('limited');
    now += 60_000;
    for (let i = 0; i < 30; i++) expect(limiter.take('u')).toBe('allowed');
  });

  it('keeps users apart', () => {
    const limiter = new RateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.take('a')).toBe('allowed');
    expect(limiter.take('b')).toBe('allowed');
    expect(limiter.take('a')).toBe('limited');
  });

  it('holds at most maxUsers buckets, forgetting the least recently seen', () => {
    const limiter = new RateLimiter({ perMinute: 1, maxUsers: 100, now: () => 0 });
    for (let i = 0; i < 10_000; i++) limiter.take(`user-${i}`);
    expect(limiter.size).toBe(100);
    expect(limiter.take('user-9999')).toBe('limited');
  });
});

describe('RATE_LIMIT_PER_MINUTE', () => {
  it('defaults to 30 and refuses a value that is not a whole number', () => {
    expect(loadConfig({}).rateLimitPerMinute).toBe(30);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_PER_MINUTE: "lots"/);
  });
});

describe('a user over the limit, through the endpoint', () => {
  const lines: string[] = [];
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer(
      { RATE_LIMIT_PER_MINUTE: '3' },
      { logger: createLogger('info', { write: (l: string) => void lines.push(l) }) },
    );
  });
  afterAll(() => server.stop());

  const ask = (userId: string) => server.post('/api/messages', message('help', 'personal', { userId }));

  it('gets a polite reply once, then nothing until the allowance refills; others are still served', async () => {
    for (let i = 0; i < 3; i++)
      expect(repliesOf((await ask('29:busy')).json)[0].summary).toBe('How I can help');
    const before = lines.length;
    const over = await ask('29:busy');
    expect(over.status).toBe(200);
    expect(repliesOf(over.json).map((r) => r.text)).toEqual([RATE_LIMITED_TEXT]);
    const again = await ask('29:busy');
    expect(again.status).toBe(200);
    expect(repliesOf(again.json)).toEqual([]);
    expect(repliesOf((await ask('29:someone-else')).json)[0].summary).toBe('How I can help');

    const limited = lines.slice(before).filter((l) => l.includes('rate-limited'));
    expect(limited).toHaveLength(1);
    expect(limited[0]).not.toContain('busy');
  });

  it('a card action over the limit gets the text in its invoke response', async () => {
    for (let i = 0; i < 3; i++)
      await server.post('/api/messages', execute('help', {}, 'personal', { userId: '29:presser' }));
    const res = await server.post('/api/messages', execute('help', {}, 'personal', { userId: '29:presser' }));
    expect(res.status).toBe(200);
    const [reply] = repliesOf(res.json);
    expect(reply.type).toBe('invokeResponse');
    expect((reply.value as { body: { value: string } }).body.value).toBe(RATE_LIMITED_TEXT);
  });
});
