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

  it('--user and --user-key erase what is kept under the keyed hash, and nothing else', async () => {
    const { userKeyOf, storage } = server.app;
    // What a feature would keep for a person: an item at the key and one beneath it.
    const first = userKeyOf('AAD-Object-1');
    await storage.write([
      { key: first, value: { seen: true } },
      { key: `${first}/feedback`, value: { n: 1 } },
      { key: userKeyOf('someone-else'), value: { seen: true } },
    ]);
    expect(await erase({ kind: 'user', aadObjectId: 'aad-object-1' }, storage, SECRET)).toBe(
      `erased ${first}`,
    );
    expect((await storage.read([first, `${first}/feedback`])).size).toBe(0);
    expect((await storage.read([userKeyOf('someone-else')])).size).toBe(1);

    const second = userKeyOf('aad-object-2');
    await storage.write([{ key: second, value: { seen: true } }]);
    const hash = second.replace('users/', '');
    expect(await erase({ kind: 'user-key', hash }, storage, SECRET)).toBe(`erased users/${hash}`);
    expect((await storage.read([second])).size).toBe(0);
    expect(await erase({ kind: 'user-key', hash }, storage, SECRET)).toBe(
      `nothing stored under users/${hash}`,
    );
  });
});
