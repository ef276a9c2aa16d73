import { createLogger } from '../src/log';
import { execute, message, submit } from './helpers/activities';
import { type RunningServer, startTestServer } from './helpers/testServer';

const lines: string[] = [];
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(
    {},
    { logger: createLogger('trace', { write: (l: string) => void lines.push(l) }) },
  );
});
afterAll(() => server.stop());

const HUGE = 'Zq'.repeat(50_000);
const LONG_ID = 'Zq'.repeat(500);

const logsOf = async (body: unknown) => {
  const before = lines.length;
  const res = await server.post('/api/messages', body);
  return {
    res,
    records: lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>),
    raw: lines.slice(before),
  };
};

describe('logs carry only allow-listed values the caller sent', () => {
  it('a 100 KB verb is logged as "unknown", submit and execute alike', async () => {
    for (const activity of [submit({ verb: HUGE }), execute(HUGE, {})]) {
      const { res, records, raw } = await logsOf(activity);
      expect(res.status).toBe(200);
      const action = records.find((r) => r.event === 'card-action');
      expect(action?.verb).toBe('unknown');
      for (const line of raw) expect(line).not.toContain('ZqZq');
      expect(raw.every((l) => l.length < 1024)).toBe(true);
    }
  });

  it('a known verb is logged as itself', async () => {
    const { records } = await logsOf(submit({ verb: 'help' }));
    expect(records.find((r) => r.event === 'card-action')?.verb).toBe('help');
  });

  it('an unknown activity type and conversation type are logged as "unknown"', async () => {
    const activity = { ...message('help'), type: LONG_ID } as Record<string, unknown>;
    activity.conversation = { ...(activity.conversation as object), conversationType: LONG_ID };
    const { res, records, raw } = await logsOf(activity);
    expect(res.status).toBe(200);
    expect(records.find((r) => r.msg === 'turn handled')).toMatchObject({
      activityType: 'unknown',
      conversationType: 'unknown',
    });
    for (const line of raw) expect(line).not.toContain('ZqZq');
  });

  it('known values are logged as they are', async () => {
    const { records } = await logsOf(message('help', 'groupChat'));
    expect(records.find((r) => r.msg === 'turn handled')).toMatchObject({
      activityType: 'message',
      conversationType: 'groupChat',
    });
  });

  it('an invoke the bot does not handle is a 400, not a 501', async () => {
    const activity = {
      ...execute('help', {}, 'personal', { expectReplies: false }),
      name: 'composeExtension/query',
    };
    const { res, records } = await logsOf(activity);
    expect(res.status).toBe(400);
    expect(records).toHaveLength(1);
  });

  it('so is one sent with expectReplies, where botbuilder puts its 501 among the replies', async () => {
    const activity = { ...execute('help', {}, 'personal'), name: 'task/fetch' };
    expect(activity.deliveryMode).toBe('expectReplies');
    const { res, records } = await logsOf(activity);
    expect(res.status).toBe(400);
    expect(records).toMatchObject([{ status: 400, reason: 'unsupported invoke' }]);
  });
});
