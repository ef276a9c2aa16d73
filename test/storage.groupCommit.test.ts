import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StorageClosedError, StorageConflictError } from '../src/storage/errors';
import { GroupCommit } from '../src/storage/groupCommit';
import { SqliteStorage } from '../src/storage/sqliteStorage';

describe('SQLite writes asked for together are committed together', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes asked for and not yet committed are committed by close, and there after reopening', async () => {
    const file = join(dir, 'bot.sqlite');
    const store = SqliteStorage.open(file);
    const asked = Array.from({ length: 50 }, (_, i) => store.create(`close/${i}`, { i }));
    await store.close();
    await expect(Promise.all(asked)).resolves.toHaveLength(50);
    const reopened = SqliteStorage.open(file);
    const found = await reopened.read(asked.map((_, i) => `close/${i}`));
    expect(found.size).toBe(50);
    await reopened.close();
  });

  it('one transaction per pass of the event loop, however many changes', async () => {
    const db = new Database(join(dir, 'count.sqlite'));
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    // better-sqlite3 exposes no commit hook: count the outermost transactions the batch opens.
    let outer = 0;
    const transaction = db.transaction.bind(db);
    db.transaction = ((fn: (...args: unknown[]) => unknown) => {
      const wrapped = transaction(fn);
      return Object.assign((...args: unknown[]) => {
        if (!db.inTransaction) outer++;
        return wrapped(...args);
      }, wrapped);
    }) as typeof db.transaction;
    const commits = new GroupCommit(db);
    const rows = await Promise.all(
      Array.from({ length: 30 }, (_, i) => commits.add(() => insert.run(`k${i}`).changes)),
    );
    expect(rows).toEqual(Array(30).fill(1));
    expect(outer).toBe(1);
    await commits.add(() => insert.run('later'));
    expect(outer).toBe(2);
    db.close();
  });

  it('a change that throws is undone alone; the others in its batch commit', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const commits = new GroupCommit(db);
    const results = await Promise.allSettled([
      commits.add(() => insert.run('a')),
      commits.add(() => {
        insert.run('half');
        throw new StorageConflictError('write', 'half');
      }),
      commits.add(() => insert.run('b')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const keys = db.prepare<[], { k: string }>('SELECT k FROM t ORDER BY k').all();
    expect(keys.map((r) => r.k)).toEqual(['a', 'b']);
    db.close();
  });

  it('changes asked for on a database closed underneath them are refused as closed', async () => {
    const db = new Database(':memory:');
    const commits = new GroupCommit(db);
    const asked = commits.add(() => 1);
    db.close();
    await expect(asked).rejects.toBeInstanceOf(StorageClosedError);
  });
});
