import { installationOf } from '../src/storage';
import { botAdded, installationUpdate } from './helpers/activities';
import { cardOf, type RunningServer, repliesOf, startTestServer, textOf } from './helpers/testServer';

let server: RunningServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.stop());

const send = async (activity: unknown) => repliesOf((await server.post('/api/messages', activity)).json);

describe('welcome on installation', () => {
  it.each(['personal', 'channel', 'groupChat'] as const)(
    'in %s scope, installationUpdate then conversationUpdate give exactly one welcome',
    async (scope) => {
      const conversationId = scope === 'personal' ? 'a:install-test' : undefined;
      const first = await send(installationUpdate(scope, { conversationId }));
      const second = await send(botAdded(scope, { conversationId }));
      const all = [...first, ...second];
      expect(all).toHaveLength(1);
      expect(textOf(cardOf(all[0]))).toMatch(/health-equity assistant/);
    },
  );

  it('the other order also gives one welcome', async () => {
    const first = await send(botAdded('personal', { conversationId: 'a:order' }));
    const second = await send(installationUpdate('personal', { conversationId: 'a:order' }));
    expect([...first, ...second]).toHaveLength(1);
  });

  it('people joining a team get no message', async () => {
    expect(await send(botAdded('channel', {}, ['29:new-member']))).toHaveLength(0);
  });

  it('an app upgrade of an installed conversation is not welcomed again', async () => {
    const conversationId = 'a:upgrade';
    // The installation itself is welcomed, so the silence below is about the upgrade.
    expect(await send(installationUpdate('personal', { conversationId }))).toHaveLength(1);
    const upgrade = { ...installationUpdate('personal', { conversationId }), action: 'add-upgrade' };
    expect(await send(upgrade)).toHaveLength(0);
    expect(await server.app.installations.get(installationOf(upgrade).id)).toBeDefined();
  });

  it('an upgrade with no welcome on record (installed before the ledger) is recorded, not welcomed', async () => {
    // Nothing was claimed for this conversation, so only the "add-upgrade" check stands between
    // the upgrade and a welcome: the ledger cannot hide a regression here.
    const conversationId = 'a:upgrade-unrecorded';
    const upgrade = { ...installationUpdate('personal', { conversationId }), action: 'add-upgrade' };
    expect(await send(upgrade)).toHaveLength(0);
    expect(await server.app.installations.get(installationOf(upgrade).id)).toBeDefined();
  });

  it('a reinstall after removal is welcomed again', async () => {
    await send(installationUpdate('personal', { conversationId: 'a:again' }));
    await send({ ...installationUpdate('personal', { conversationId: 'a:again' }), action: 'remove' });
    expect(await send(installationUpdate('personal', { conversationId: 'a:again' }))).toHaveLength(1);
  });
});
