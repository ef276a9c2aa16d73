import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config';
import { openStorage, type Storage } from '../src/storage';
import { StorageClosedError, StorageConflictError, StorageInputError } from '../src/storage/errors';
import { SQLITE_FILE } from '../src/storage/openStorage';
import { BACKENDS, type BackendFixture, type StoreEnv, startBackend } from './helpers/azurite';
import { ROOT } from './helpers/process';

const open = (env: StoreEnv): Promise<Storage> => openStorage(loadConfig(env));

/** Every key of a store, following continuations. */
async function allKeys(store: Storage, prefix = '', limit?: number): Promise<string[]> {
  const keys: string[] = [];
  let continuation: string | undefined;
  do {
    const page = await store.list(prefix, { limit, continuation });
    if (limit) expect(page.keys.length).toBeLessThanOrEqual(limit);
    keys.push(...page.keys);
    continuation = page.continuation;
  } while (continuation);
  return keys;
}

/** How many writes the writer acknowledges before it is killed. */
const KILL_AFTER_ACKS = 300;

/**
 * Runs the built storage module in its own process, writing a stream of keys with 4 writes in
 * flight: it prints "start <key>" before each write and "ack <key>" once the write's promise
 * resolved. Right after printing its KILL_AFTER_ACKS-th ack it sends itself SIGKILL, in the same
 * step, so the kill lands at the worst moment for a store that acknowledges before the data is
 * safe (a kill sent from here would arrive some time later, after any such store had caught up).
 * stdout is a pipe, which Node writes synchronously on Linux, so every printed ack reaches us.
 * `ackFirst` wraps the store in one that acknowledges first and writes later: the control that
 * shows the check can fail.
 */
async function crashWhileWriting(
  env: StoreEnv,
  options: { ackFirst?: boolean } = {},
): Promise<{ acked: string[]; inFlight: string[] }> {
  const writer = `
    const { openStorage } = require(${JSON.stringify(join(ROOT, 'dist', 'src', 'storage', 'openStorage.js'))});
    const { loadConfig } = require(${JSON.stringify(join(ROOT, 'dist', 'src', 'config.js'))});
    (async () => {
      const store = await openStorage(loadConfig(JSON.parse(process.env.STORE_ENV)));
      const write = process.env.ACK_FIRST
        ? (items) => {
            setImmediate(() => void store.write(items));
            return Promise.resolve(items.map(() => 'not-yet'));
          }
        : (items) => store.write(items);
      const killAfter = Number(process.env.KILL_AFTER_ACKS);
      let n = 0;
      let acks = 0;
      const worker = async (w) => {
        for (;;) {
          const key = 'crash/' + w + '/' + n++;
          process.stdout.write('start ' + key + '\\n');
          await write([{ key, value: { key, pad: 'p'.repeat(2000) } }]);
          process.stdout.write('ack ' + key + '\\n');
          if (++acks === killAfter) process.kill(process.pid, 'SIGKILL');
        }
      };
      await Promise.all([0, 1, 2, 3].map(worker));
    })();`;
  const child = spawn(process.execPath, ['-e', writer], {
    env: {
      PATH: process.env.PATH ?? '',
      STORE_ENV: JSON.stringify(env),
      KILL_AFTER_ACKS: String(KILL_AFTER_ACKS),
      ...(options.ackFirst ? { ACK_FIRST: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // A writer that never gets to its kill is stopped, and reported as such.
  let stalled = false;
  const deadline = setTimeout(() => {
    stalled = true;
    child.kill('SIGKILL');
  }, 20000);
  // 'close', not 'exit': it comes after the pipes are drained, so no printed line is missed.
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, sig) => resolve(sig)),
  );
  clearTimeout(deadline);
  if (stalled || signal !== 'SIGKILL')
    throw new Error(
      `the writer did not kill itself (${stalled ? 'stalled' : `signal ${signal}`}):\n${stderr}`,
    );
  const lines = stdout.split('\n');
  const keysOf = (prefix: string): string[] =>
    lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
  const acked = keysOf('ack ');
  const ackedSet = new Set(acked);
  return { acked, inFlight: keysOf('start ').filter((key) => !ackedSet.has(key)) };
}

/** The acknowledged keys a store does not hold with their own value. */
async function missingFrom(store: Storage, acked: readonly string[]): Promise<string[]> {
  const found = await store.read(acked);
  return acked.filter((key) => (found.get(key)?.value as { key?: string } | undefined)?.key !== key);
}

describe.each(BACKENDS)('the storage contract on %s', (name) => {
  let backend: BackendFixture;
  let env: StoreEnv;
  let store: Storage;
  const opened: Storage[] = [];
  const openMore = async (): Promise<Storage> => {
    const another = await open(env);
    opened.push(another);
    return another;
  };

  beforeAll(async () => {
    backend = await startBackend(name);
  });
  afterAll(() => backend?.stop());
  beforeEach(async () => {
    env = backend.fresh();
    store = await openMore();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  it('reports its backend', () => {
    expect(store.backend).toBe(name);
  });

  it('reads back what it wrote, with an eTag; missing keys are absent', async () => {
    const [eTag] = await store.write([{ key: 'rw/one', value: { n: 1, nested: [true, null, 'é'] } }]);
    expect(eTag).toEqual(expect.any(String));
    const found = await store.read(['rw/one', 'rw/missing']);
    expect([...found.keys()]).toEqual(['rw/one']);
    expect(found.get('rw/one')).toEqual({ key: 'rw/one', value: { n: 1, nested: [true, null, 'é'] }, eTag });
  });

  it('an unconditional write overwrites, and deletes remove (missing keys are no error)', async () => {
    await store.write([{ key: 'rw/a', value: 1 }]);
    await store.write([
      { key: 'rw/a', value: 2 },
      { key: 'rw/b', value: 3 },
    ]);
    expect((await store.read(['rw/a'])).get('rw/a')?.value).toBe(2);
    await store.delete(['rw/a', 'rw/never']);
    const found = await store.read(['rw/a', 'rw/b']);
    expect([...found.keys()]).toEqual(['rw/b']);
  });

  it('a write with the current eTag succeeds and gives a new eTag', async () => {
    const [first] = await store.write([{ key: 'etag/x', value: 'v1' }]);
    const [second] = await store.write([{ key: 'etag/x', value: 'v2', eTag: first }]);
    expect(second).not.toBe(first);
    expect((await store.read(['etag/x'])).get('etag/x')).toMatchObject({ value: 'v2', eTag: second });
  });

  it('a write with a stale eTag fails with StorageConflictError and changes nothing', async () => {
    const [stale] = await store.write([{ key: 'etag/y', value: 'v1' }]);
    const [current] = await store.write([{ key: 'etag/y', value: 'v2' }]);
    const error = await store.write([{ key: 'etag/y', value: 'lost', eTag: stale }]).catch((e) => e);
    expect(error).toBeInstanceOf(StorageConflictError);
    expect(error).toMatchObject({ name: 'StorageConflictError', key: 'etag/y', operation: 'write' });
    expect((await store.read(['etag/y'])).get('etag/y')).toMatchObject({ value: 'v2', eTag: current });
  });

  it('a write with an eTag to a deleted key is a conflict, not a resurrection', async () => {
    const [eTag] = await store.write([{ key: 'etag/z', value: 1 }]);
    await store.delete(['etag/z']);
    await expect(store.write([{ key: 'etag/z', value: 2, eTag }])).rejects.toBeInstanceOf(
      StorageConflictError,
    );
    expect((await store.read(['etag/z'])).size).toBe(0);
  });

  it('of two writers holding the same eTag, exactly one wins', async () => {
    const [eTag] = await store.write([{ key: 'etag/race', value: 0 }]);
    const other = await openMore();
    const results = await Promise.allSettled([
      store.write([{ key: 'etag/race', value: 'a', eTag }]),
      other.write([{ key: 'etag/race', value: 'b', eTag }]),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(StorageConflictError);
  });

  it('create makes a new item and fails with StorageConflictError when the key exists', async () => {
    const eTag = await store.create('create/one', { first: true });
    expect((await store.read(['create/one'])).get('create/one')).toEqual({
      key: 'create/one',
      value: { first: true },
      eTag,
    });
    const error = await store.create('create/one', { first: false }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageConflictError);
    expect(error).toMatchObject({ key: 'create/one', operation: 'create' });
    expect((await store.read(['create/one'])).get('create/one')?.value).toEqual({ first: true });
  });

  it('create racing create, from two open stores: exactly one of 20 wins', async () => {
    const other = await openMore();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).create('create/lease', { by: i })),
    );
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StorageConflictError);
    expect((await store.read(['create/lease'])).get('create/lease')?.value).toEqual({ by: won[0] });
  });

  it('changes asked for at the same moment each stand or fall alone', async () => {
    const [stale] = await store.write([{ key: 'together/s', value: 'v1' }]);
    await store.write([{ key: 'together/s', value: 'v2' }]);
    await store.write([{ key: 'together/d', value: 'doomed' }]);
    const [firstA, secondA, b, staleWrite, plain, deleted] = await Promise.allSettled([
      store.create('together/a', 1),
      store.create('together/a', 2),
      store.create('together/b', 3),
      store.write([{ key: 'together/s', value: 'lost', eTag: stale }]),
      store.write([{ key: 'together/w', value: 'kept' }]),
      store.delete(['together/d']),
    ]);
    expect([firstA.status, secondA.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(b.status).toBe('fulfilled');
    expect(staleWrite).toMatchObject({ status: 'rejected', reason: expect.any(StorageConflictError) });
    expect(plain.status).toBe('fulfilled');
    expect(deleted.status).toBe('fulfilled');
    const found = await store.read(['together/a', 'together/b', 'together/s', 'together/w', 'together/d']);
    expect(found.get('together/a')?.value).toBe(firstA.status === 'fulfilled' ? 1 : 2);
    expect(found.get('together/b')?.value).toBe(3);
    expect(found.get('together/s')?.value).toBe('v2');
    expect(found.get('together/w')?.value).toBe('kept');
    expect(found.has('together/d')).toBe(false);
  });

  it('create after delete succeeds again', async () => {
    await store.create('create/again', 1);
    await store.delete(['create/again']);
    await expect(store.create('create/again', 2)).resolves.toEqual(expect.any(String));
  });

  it('keys that other stores merge or mangle stay apart', async () => {
    const keys = [
      'a/b',
      'a//b',
      'a/b/',
      '/a/b',
      'a\\b',
      'a.b',
      'a/./b',
      'a/../b',
      '.',
      '..',
      'A',
      'a',
      'a b',
      'a+b',
      '%41',
      'a~41',
      '~7E',
      'x?y',
      'x#y',
      '19:x@thread.tacv2;messageid=1',
      '19:x@thread.tacv2;messageid=2',
      '19:x@thread.tacv2',
      'a:1Xyz-personal',
      'caf\u00e9',
      'cafe\u0301',
      'emoji \u{1F600}',
      'tab\there',
      'line\nbreak',
    ];
    await store.write(keys.map((key, i) => ({ key, value: i })));
    const found = await store.read(keys);
    expect(found.size).toBe(keys.length);
    keys.forEach((key, i) => {
      expect(found.get(key)?.value).toBe(i);
    });
    expect((await allKeys(store)).sort()).toEqual([...keys].sort());
  });

  it('1,100-character keys differing only at the end are different items, and list by prefix', async () => {
    const stem = `long/${'k'.repeat(1090)}`;
    const wide = `long/${'\u00e9'.repeat(540)}`; // 1,080 bytes: far longer once escaped
    const keys = [`${stem}a1234`, `${stem}a1235`, `${stem}b1234`, `${wide}1`, `${wide}2`];
    for (const key of keys) expect(key.length).toBeGreaterThanOrEqual(545);
    expect(keys[0].length).toBe(1100);
    await store.write(keys.map((key, i) => ({ key, value: i })));
    const found = await store.read(keys);
    keys.forEach((key, i) => {
      expect(found.get(key)?.value).toBe(i);
    });
    expect((await allKeys(store, 'long/')).sort()).toEqual([...keys].sort());
    expect((await allKeys(store, `${stem}a`)).sort()).toEqual([keys[0], keys[1]]);
    expect(await allKeys(store, `${wide}2`)).toEqual([keys[4]]);
    await store.delete([keys[1]]);
    expect((await store.read(keys)).size).toBe(4);
  });

  it('an item of 1 MB round-trips', async () => {
    const big = { text: 'x'.repeat(1024 * 1024), tail: 'end' };
    await store.write([{ key: 'big/1mb', value: big }]);
    expect((await store.read(['big/1mb'])).get('big/1mb')?.value).toEqual(big);
    await expect(store.create('big/created', big)).resolves.toEqual(expect.any(String));
  });

  it('listing pages through every key under the prefix exactly once', async () => {
    const inside = Array.from({ length: 23 }, (_, i) => `list/p/${String(i).padStart(2, '0')}`);
    const outside = ['list/p', 'list/pp/0', 'list/q/0', 'list0'];
    await store.write([...inside, ...outside].map((key) => ({ key, value: key })));
    const listed = await allKeys(store, 'list/p/', 5);
    expect(listed.sort()).toEqual(inside);
    expect(await allKeys(store, 'list/none/')).toEqual([]);
    expect((await allKeys(store, '')).length).toBe(inside.length + outside.length);
  });

  it('restart: closed and opened again, the data is there', async () => {
    await store.write([{ key: 'restart/a', value: { kept: true } }]);
    await store.create('restart/b', 2);
    await store.close();
    await expect(store.read(['restart/a'])).rejects.toBeInstanceOf(StorageClosedError);
    const reopened = await openMore();
    const found = await reopened.read(['restart/a', 'restart/b']);
    expect(found.get('restart/a')?.value).toEqual({ kept: true });
    expect(found.get('restart/b')?.value).toBe(2);
    await expect(reopened.create('restart/b', 3)).rejects.toBeInstanceOf(StorageConflictError);
  });

  it('refuses keys and values outside the contract, the same way on every backend', async () => {
    for (const key of ['', '\ud800', 'x\udc00y', 'k'.repeat(2049), '\u00e9'.repeat(1025)])
      await expect(store.write([{ key, value: 1 }])).rejects.toBeInstanceOf(StorageInputError);
    await expect(store.create('ok', undefined)).rejects.toBeInstanceOf(StorageInputError);
    await expect(store.write([{ key: 'ok', value: () => 1 }])).rejects.toBeInstanceOf(StorageInputError);
    await expect(store.list('x', { limit: 0 })).rejects.toBeInstanceOf(StorageInputError);
    await expect(store.write([{ key: 'k'.repeat(2048), value: 1 }])).resolves.toHaveLength(1);
  });

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('SIGKILL in the middle of a stream of writes: every acknowledged write is there after reopening', async () => {
    await store.close();
    const { acked, inFlight } = await crashWhileWriting(env);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    // The kill landed mid-stream: other writes had started and were not yet acknowledged.
    expect(inFlight.length).toBeGreaterThan(0);

    if (name === 'sqlite') {
      const db = new Database(join(env.DATA_DIR, SQLITE_FILE));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
    const reopened = await openMore();
    expect(await missingFrom(reopened, acked)).toEqual([]);
    // The store is whole: it lists, and takes new writes.
    expect((await allKeys(reopened, 'crash/')).length).toBeGreaterThanOrEqual(acked.length);
    await expect(reopened.create('crash/after', 1)).resolves.toEqual(expect.any(String));
  });
});

describe('the SIGKILL check itself', () => {
  let backend: BackendFixture;
  beforeAll(async () => {
    backend = await startBackend('sqlite');
  });
  afterAll(() => backend?.stop());

  it('fails for a store that acknowledges writes before making them', async () => {
    const env = backend.fresh();
    const { acked } = await crashWhileWriting(env, { ackFirst: true });
    const reopened = await open(env);
    try {
      expect((await missingFrom(reopened, acked)).length).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });
});
