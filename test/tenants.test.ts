import type { Activity } from 'botbuilder';
import { createLogger } from '../src/log';
import { botAdded, execute, installationUpdate, message, submit, TENANT_ID } from './helpers/activities';
import { KeyServer } from './helpers/keyServer';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

const FOREIGN = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

/** An activity whose conversation.tenantId (or channelData's, with `where`) says another tenant. */
function claiming(activity: Activity, tenantId: string, where: 'conversation' | 'channelData'): Activity {
  const copy = structuredClone(activity) as unknown as Record<string, Record<string, unknown>>;
  if (where === 'conversation') copy.conversation.tenantId = tenantId;
  else copy.channelData.tenant = { id: tenantId };
  return copy as unknown as Activity;
}

describe('ALLOWED_TENANT_IDS (given in upper case; Teams sends lower case)', () => {
  const lines: string[] = [];
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer(
      { ALLOWED_TENANT_IDS: TENANT_ID.toUpperCase() },
      { logger: createLogger('info', { write: (l: string) => void lines.push(l) }) },
    );
  });
  afterAll(() => server.stop());

  const logsOf = async (activity: unknown) => {
    const before = lines.length;
    const res = await server.post('/api/messages', activity);
    return { res, logged: lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it('serves the allowed tenant whatever the case, in both fields', async () => {
    const res = await server.post(
      '/api/messages',
      claiming(message('help'), TENANT_ID.toUpperCase(), 'conversation'),
    );
    expect(res.status).toBe(200);
    expect(repliesOf(res.json)).toHaveLength(1);
  });

  const kinds: [string, () => Activity][] = [
    ['a message', () => message('help')],
    ['a card submit', () => submit({ verb: 'help' })],
    ['an Action.Execute invoke', () => execute('help', {})],
    ['an install', () => installationUpdate('groupChat')],
    ['the bot added to a team', () => botAdded('channel')],
  ];

  describe.each(['conversation', 'channelData'] as const)('a foreign tenant id in %s', (where) => {
    it.each(kinds)(
      '%s gets an empty 200, one log line with the tenant id only, nothing stored',
      async (_k, make) => {
        const { res, logged } = await logsOf(claiming(make(), FOREIGN.toUpperCase(), where));
        expect(res.status).toBe(200);
        expect(res.text).toBe('');
        expect(logged).toHaveLength(1);
        expect(logged[0]).toMatchObject({ event: 'tenant-refused', tenantId: FOREIGN, level: 'warn' });
        const {
          service: _s,
          time: _t,
          level: _l,
          msg: _m,
          correlationId: _c,
          event: _e,
          ...rest
        } = logged[0];
        expect(rest).toEqual({ tenantId: FOREIGN });
        expect(await server.app.installations.count()).toBe(0);
      },
    );
  });

  it('an activity with no tenant id at all is refused when a list is set', async () => {
    const activity = message('help') as unknown as Record<string, unknown>;
    delete activity.channelData;
    const { res, logged } = await logsOf(activity);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(logged).toEqual([expect.objectContaining({ event: 'tenant-refused', tenantId: 'none' })]);
  });

  it('a foreign tenant id over 64 characters is cut in the log line', async () => {
    const { logged } = await logsOf(claiming(message('help'), 'x'.repeat(500), 'conversation'));
    expect(logged).toEqual([expect.objectContaining({ event: 'tenant-refused', tenantId: 'x'.repeat(64) })]);
  });
});

describe('with an app id and no ALLOWED_TENANT_IDS', () => {
  const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const keys = new KeyServer();
  let server: RunningServer;
  beforeAll(async () => {
    await keys.start();
    server = await startTestServer(
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'app-password-for-tests-only' },
      { authentication: { openIdMetadataUrl: keys.metadataUrl } },
    );
  });
  afterAll(async () => {
    await server.stop();
    await keys.stop();
  });

  const post = async (activity: Activity) => {
    const token = await keys.sign({
      iss: 'https://api.botframework.com',
      aud: APP_ID,
      serviceurl: activity.serviceUrl,
    });
    return server.post('/api/messages', activity, { Authorization: `Bearer ${token}` });
  };

  it('an activity carrying a tenant id is served', async () => {
    const res = await post(message('help'));
    expect(res.status).toBe(200);
    expect(repliesOf(res.json)).toHaveLength(1);
  });

  it('an activity with no tenant id at all is refused, invokes too', async () => {
    for (const activity of [message('help'), execute('help', {}), installationUpdate('personal')]) {
      delete (activity as unknown as Record<string, unknown>).channelData;
      const res = await post(activity);
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
    }
    expect(await server.app.installations.count()).toBe(0);
  });
});
