import type { Activity } from 'botbuilder';
import { loadConfig } from '../src/config';
import { installationDataKey, openStorage, type Storage, userKeyFor } from '../src/storage';
import { installationKey } from '../src/storage/keys';
import { BOT_ID, botAdded, installationUpdate, type Scope, TENANT_ID } from './helpers/activities';
import { BACKENDS, type BackendFixture, type StoreEnv, startBackend } from './helpers/azurite';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

/** One instance of the service on a store of its own opening, as a second machine would have. */
interface Instance {
  server: RunningServer;
  storage: Storage;
  send(activity: unknown): Promise<Record<string, unknown>[]>;
  health(): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

async function startInstance(env: StoreEnv): Promise<Instance> {
  const storage = await openStorage(loadConfig(env));
  const server = await startTestServer(env, { storage });
  return {
    server,
    storage,
    send: async (activity) => repliesOf((await server.post('/api/messages', activity)).json),
    async health() {
      const res = await fetch(`${server.url}/healthz`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async stop() {
      await server.stop();
      await storage.close();
    },
  };
}

const uninstall = (scope: Scope, conversationId?: string): Activity =>
  ({ ...installationUpdate(scope, { conversationId }), action: 'remove' }) as unknown as Activity;

function teamDeleted(): Activity {
  const activity = botAdded('channel') as unknown as Record<string, unknown>;
  delete activity.membersAdded;
  activity.channelData = { ...(activity.channelData as object), eventType: 'teamDeleted' };
  return activity as unknown as Activity;
}

function botRemoved(scope: Scope, conversationId?: string): Activity {
  const activity = botAdded(scope, { conversationId }) as unknown as Record<string, unknown>;
  delete activity.membersAdded;
  activity.membersRemoved = [{ id: BOT_ID }];
  return activity as unknown as Activity;
}

describe.each(BACKENDS)('installations on %s', (name) => {
  let backend: BackendFixture;
  let env: StoreEnv;
  const instances: Instance[] = [];
  const start = async (): Promise<Instance> => {
    const instance = await startInstance(env);
    instances.push(instance);
    return instance;
  };

  beforeAll(async () => {
    backend = await startBackend(name);
  });
  afterAll(() => backend?.stop());
  beforeEach(() => {
    env = backend.fresh();
  });
  afterEach(async () => {
    for (const instance of instances.splice(0)) await instance.stop();
  });

  it('a personal chat is recorded with the minimal conversation reference, and counted in /healthz', async () => {
    const bot = await start();
    const activity = installationUpdate('personal', { conversationId: 'a:personal-1' }) as unknown as Record<
      string,
      unknown
    >;
    activity.from = { id: '29:user', name: 'Someone', aadObjectId: '00000000-0000-0000-0000-0000000000aa' };
    expect(await bot.send(activity)).toHaveLength(1);
    const stored = (await bot.storage.read([installationKey('a:personal-1')])).get(
      installationKey('a:personal-1'),
    );
    expect(stored?.value).toEqual({
      reference: {
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: 'a:personal-1', conversationType: 'personal', tenantId: TENANT_ID },
        bot: { id: BOT_ID },
      },
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await bot.health()).toEqual({
      status: 200,
      body: expect.objectContaining({ storage: { backend: name, reachable: true, installations: 1 } }),
    });
  });

  it('a team is one installation, recorded under the team, whichever event comes', async () => {
    const bot = await start();
    await bot.send(installationUpdate('channel'));
    await bot.send(botAdded('channel'));
    await bot.send({ ...installationUpdate('channel'), action: 'add-upgrade' });
    expect(await bot.server.app.installations.count()).toBe(1);
    const record = await bot.server.app.installations.get('19:team@thread.tacv2');
    expect(record?.reference.conversation).toEqual({
      id: '19:general@thread.tacv2',
      conversationType: 'channel',
      tenantId: TENANT_ID,
    });
  });

  it('an uninstall removes the installation and all its data, and nothing of the others', async () => {
    const bot = await start();
    const ids = ['a:inst', 'a:inst/2', 'a:inst2'];
    for (const id of ids) {
      await bot.send(installationUpdate('personal', { conversationId: id }));
      await bot.storage.write([
        { key: installationDataKey(id, 'digest', '2025-W01'), value: { sent: true } },
        { key: installationDataKey(id, 'huddle'), value: { step: 2 } },
      ]);
    }
    const dataOf = async (id: string) =>
      (await bot.storage.list(installationDataKey(id, ''), { limit: 100 })).keys.length;
    expect(await dataOf('a:inst')).toBe(3); // the welcome record and the two above

    await bot.send(uninstall('personal', 'a:inst'));
    expect(await bot.server.app.installations.get('a:inst')).toBeUndefined();
    expect(await dataOf('a:inst')).toBe(0);
    for (const other of ['a:inst/2', 'a:inst2']) {
      expect(await bot.server.app.installations.get(other)).toBeDefined();
      expect(await dataOf(other)).toBe(3);
    }
    expect((await bot.health()).body.storage).toMatchObject({ installations: 2 });
    // Uninstalling what is not there is harmless.
    await bot.send(uninstall('personal', 'a:never'));
    expect(await bot.server.app.installations.count()).toBe(2);
  });

  it('a deleted team, and a group chat the bot was removed from, are removed', async () => {
    const bot = await start();
    await bot.send(installationUpdate('channel'));
    await bot.send(installationUpdate('groupChat'));
    expect(await bot.server.app.installations.count()).toBe(2);
    await bot.send(teamDeleted());
    expect(await bot.server.app.installations.get('19:team@thread.tacv2')).toBeUndefined();
    await bot.send(botRemoved('groupChat'));
    expect(await bot.server.app.installations.count()).toBe(0);
    expect((await bot.storage.list('')).keys).toEqual([]);
  });

  it('welcomes exactly once across two instances racing, and not again after a restart', async () => {
    const [first, second] = await Promise.all([start(), start()]);
    const conversations = ['a:race-1', 'a:race-2', 'a:race-3', 'a:race-4', 'a:race-5'];
    const replies = await Promise.all(
      conversations.map(async (conversationId) => {
        const both = await Promise.all([
          first.send(installationUpdate('personal', { conversationId })),
          second.send(botAdded('personal', { conversationId })),
        ]);
        return both.flat().length;
      }),
    );
    expect(replies).toEqual([1, 1, 1, 1, 1]);
    await first.stop();
    const restarted = await start();
    expect(await restarted.send(botAdded('personal', { conversationId: 'a:race-1' }))).toHaveLength(0);
    expect((await restarted.health()).body.storage).toMatchObject({ installations: 5 });
  });

  it('a user is known only by an HMAC of the AAD object id under the secret', async () => {
    const bot = await start();
    const aadObjectId = '6F1A2B3C-0000-4000-8000-00000000ABCD';
    const key = bot.server.app.userKeyOf(aadObjectId);
    expect(key).toMatch(/^users\/[0-9a-f]{64}$/);
    expect(bot.server.app.userKeyOf(aadObjectId.toLowerCase())).toBe(key);
    expect(userKeyFor('another-secret-of-at-least-thirty-two-chars', aadObjectId)).not.toBe(key);
    expect(key.toLowerCase()).not.toContain(aadObjectId.toLowerCase());
  });

  // Last: it takes the backend away.
  it('/healthz answers 503 with reachable: false when storage cannot be reached', async () => {
    const bot = await start();
    await bot.send(installationUpdate('personal'));
    if (backend.azurite) await backend.azurite.stop();
    else await bot.storage.close();
    expect(await bot.health()).toEqual({
      status: 503,
      body: expect.objectContaining({
        status: 'unavailable',
        storage: { backend: name, reachable: false, installations: 0 },
      }),
    });
  });
});
