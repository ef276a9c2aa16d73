import { erase, parseEraseArgs } from '../src/tools/erase';
import { installationUpdate, message } from './helpers/activities';
import { type RunningServer, startTestServer } from './helpers/testServer';

const SECRET = 'e'.repeat(64);
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({}, { userKeySecret: SECRET });
});
afterAll(() => server.stop());

describe('npm run erase', () => {
  it('reads exactly one of --conversation, --user or --user-key', () => {
    expect(parseEraseArgs(['--conversation', '19:x@thread.tacv2;messageid=1'])).toEqual({
      kind: 'conversation',
      id: '19:x@thread.tacv2',
    });
    expect(parseEraseArgs(['--user', 'abc'])).toEqual({ kind: 'user', aadObjectId: 'abc' });
    expect(parseEraseArgs(['--user-key', `users/${'a'.repeat(64)}`])).toEqual({
      kind: 'user-key',
      hash: 'a'.repeat(64),
    });
    expect(parseEraseArgs([])).toMatch(/exactly one/);
    expect(parseEraseArgs(['--user-key', 'short'])).toMatch(/64-hex/);
    expect(parseEraseArgs(['--everything', 'x'])).toMatch(/unknown option/);
  });

  it('--conversation erases an installation installed through the endpoint, and its data', async () => {
    const install = installationUpdate('groupChat', { conversationId: '19:erase-me@thread.v2' });
    expect((await server.post('/api/messages', install)).status).toBe(200);
    const { installations, storage } = server.app;
    expect(await installations.get('19:erase-me@thread.v2')).toBeDefined();
    expect((await storage.list('data/', { limit: 100 })).keys.some((k) => k.includes('erase-me'))).toBe(true);

    expect(await erase({ kind: 'conversation', id: '19:erase-me@thread.v2' }, storage, SECRET)).toMatch(
      /^erased/,
    );
    expect(await installations.get('19:erase-me@thread.v2')).toBeUndefined();
    expect((await storage.list('data/', { limit: 100 })).keys.some((k) => k.includes('erase-me'))).toBe(
      false,
    );
    expect(await erase({ kind: 'conversation', id: '19:erase-me@thread.v2' }, storage, SECRET)).toMatch(
      /^no installation/,
    );
    // Other conversations are untouched.
    await server.post('/api/messages', message('help'));
  });

  it('--user and --user-key erase the flags kept under the keyed hash', async () => {
    const { userFlags, storage } = server.app;
    await userFlags.set('AAD-Object-1', 'seenTour', true);
    expect(await erase({ kind: 'user', aadObjectId: 'aad-object-1' }, storage, SECRET)).toMatch(
      /^erased users\//,
    );
    expect(await userFlags.get('AAD-Object-1')).toEqual({});

    await userFlags.set('aad-object-2', 'seenTour', true);
    const hash = userFlags.keyFor('aad-object-2').replace('users/', '');
    expect(await erase({ kind: 'user-key', hash }, storage, SECRET)).toBe(`erased users/${hash}`);
    expect(await userFlags.get('aad-object-2')).toEqual({});
  });
});
