import Database from 'better-sqlite3';
import { checkKey, checkLimit, checkPrefix, newETag, serialise } from './codec';
import { StorageClosedError, StorageConflictError, StorageError, StorageInputError } from './errors';
import { GroupCommit } from './groupCommit';
import type { ListOptions, ListPage, Storage, StoredItem, WriteItem } from './storage';

/**
 * Each entry takes the schema from version i to i + 1 (the file's `PRAGMA user_version`). Never
 * edit one that has shipped: add the next.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE items (
     key TEXT PRIMARY KEY NOT NULL,
     value TEXT NOT NULL,
     etag TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT`,
];
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** The default backend: one SQLite file in WAL mode, for a single instance. */
export class SqliteStorage implements Storage {
  readonly backend = 'sqlite' as const;
  private db: Database.Database | undefined;
  private readonly sql: ReturnType<typeof prepare>;
  private readonly commits: GroupCommit;

  /** Opens (creating if needed) and migrates the file. The folder must exist. */
  static open(file: string): SqliteStorage {
    return new SqliteStorage(new Database(file));
  }

  private constructor(db: Database.Database) {
    this.db = db;
    try {
      db.pragma('journal_mode = WAL');
      // FULL: a write is on disk when it is acknowledged, even if the machine loses power next.
      db.pragma('synchronous = FULL');
      // Another process (a second `npm start` on the same folder) waits for the lock, not fails.
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (err) {
      db.close();
      throw err;
    }
    this.sql = prepare(db);
    this.commits = new GroupCommit(db);
  }

  private open(): Database.Database {
    if (!this.db?.open) throw new StorageClosedError(this.backend);
    return this.db;
  }

  async read(keys: readonly string[]): Promise<Map<string, StoredItem>> {
    this.open();
    const found = new Map<string, StoredItem>();
    for (const key of keys) {
      const row = this.sql.read.get(checkKey(key));
      if (row) found.set(key, { key, value: JSON.parse(row.value), eTag: row.etag });
    }
    return found;
  }

  async write(items: readonly WriteItem[]): Promise<string[]> {
    this.open();
    const rows = items.map((item) => ({
      key: checkKey(item.key),
      value: serialise(item.key, item.value),
      expected: item.eTag,
    }));
    // All or nothing: a conflict undoes this call's rows only, not the others committed with them.
    return this.commits.add(() =>
      rows.map(({ key, value, expected }) => {
        const etag = newETag();
        const now = Date.now();
        if (expected === undefined) this.sql.upsert.run({ key, value, etag, now });
        else if (this.sql.update.run({ key, value, etag, now, expected }).changes === 0)
          throw new StorageConflictError('write', key);
        return etag;
      }),
    );
  }

  async create(key: string, value: unknown): Promise<string> {
    this.open();
    const etag = newETag();
    const row = { key: checkKey(key), value: serialise(key, value), etag, now: Date.now() };
    return this.commits.add(() => {
      if (this.sql.insert.run(row).changes === 0) throw new StorageConflictError('create', key);
      return etag;
    });
  }

  async delete(keys: readonly string[]): Promise<void> {
    this.open();
    const checked = keys.map(checkKey);
    return this.commits.add(() => {
      for (const key of checked) this.sql.delete.run(key);
    });
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    this.open();
    checkPrefix(prefix);
    const limit = checkLimit(options);
    const rows =
      options?.continuation === undefined
        ? this.sql.listFrom.all({ prefix, limit: limit + 1 })
        : this.sql.listAfter.all({
            prefix,
            after: decodeContinuation(options.continuation),
            limit: limit + 1,
          });
    const keys: string[] = [];
    for (const { key } of rows) {
      if (!key.startsWith(prefix)) return { keys };
      keys.push(key);
    }
    if (keys.length <= limit) return { keys };
    keys.pop();
    return { keys, continuation: Buffer.from(keys[keys.length - 1], 'utf8').toString('base64url') };
  }

  async ping(): Promise<void> {
    this.open();
    this.sql.ping.get();
  }

  async close(): Promise<void> {
    // Closing checkpoints the WAL into the main file; writes already asked for are committed first.
    if (this.db?.open) {
      this.commits.flush();
      this.db.close();
    }
    this.db = undefined;
  }
}

function decodeContinuation(token: string): string {
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || Buffer.from(key, 'utf8').toString('base64url') !== token)
    throw new StorageInputError('the list continuation is not one this store gave');
  return key;
}

function prepare(db: Database.Database) {
  return {
    read: db.prepare<[string], { value: string; etag: string }>(
      'SELECT value, etag FROM items WHERE key = ?',
    ),
    upsert: db.prepare(
      `INSERT INTO items (key, value, etag, updated_at) VALUES (@key, @value, @etag, @now)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at`,
    ),
    update: db.prepare(
      'UPDATE items SET value = @value, etag = @etag, updated_at = @now WHERE key = @key AND etag = @expected',
    ),
    insert: db.prepare(
      `INSERT INTO items (key, value, etag, updated_at) VALUES (@key, @value, @etag, @now)
       ON CONFLICT (key) DO NOTHING`,
    ),
    delete: db.prepare('DELETE FROM items WHERE key = ?'),
    // Keys sort by their UTF-8 bytes, so the keys sharing a prefix are one contiguous run from it.
    listFrom: db.prepare<{ prefix: string; limit: number }, { key: string }>(
      'SELECT key FROM items WHERE key >= @prefix ORDER BY key LIMIT @limit',
    ),
    listAfter: db.prepare<{ prefix: string; after: string; limit: number }, { key: string }>(
      'SELECT key FROM items WHERE key >= @prefix AND key > @after ORDER BY key LIMIT @limit',
    ),
    ping: db.prepare('SELECT 1'),
  };
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length)
    throw new StorageError(
      `${db.name} has schema version ${version} but this version of the bot knows up to ${MIGRATIONS.length}: ` +
        'run the newer version of the bot, or restore the file from a backup taken before the upgrade',
    );
  for (let next = version; next < MIGRATIONS.length; next++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[next]);
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}
