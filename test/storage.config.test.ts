import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config';
import { ConfigError } from '../src/errors';
import { resolveUserKeySecret, StorageError } from '../src/storage';
import { openStorage, SQLITE_FILE } from '../src/storage/openStorage';
import { SQLITE_SCHEMA_VERSION, SqliteStorage } from '../src/storage/sqliteStorage';
import { USER_KEY_SECRET_FILE } from '../src/storage/userKeySecret';

const SECRET = 'a'.repeat(64);
const AZURITE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'storage-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('storage configuration', () => {
  it('defaults to SQLite in ./data of the project, with a generated user key secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ storage: 'sqlite', userKeySecret: '', azureStorageConnectionString: '' });
    expect(isAbsolute(config.dataDir)).toBe(true);
    expect(config.dataDir).toMatch(/[/\\]data$/);
  });

  it('takes Azure Blob settings', () => {
    const config = loadConfig({
      STORAGE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: AZURITE,
      AZURE_STORAGE_CONTAINER: 'health-equity-bot',
      USER_KEY_SECRET: SECRET,
    });
    expect(config).toMatchObject({
      storage: 'azure-blob',
      azureStorageContainer: 'health-equity-bot',
      userKeySecret: SECRET,
    });
    expect(loadConfig({ ...okAzure(), STORAGE: 'AZURE-BLOB' }).storage).toBe('azure-blob');
    for (const connection of [
      'UseDevelopmentStorage=true',
      'DefaultEndpointsProtocol=https;AccountName=acc;AccountKey=a2V5;EndpointSuffix=core.windows.net',
      'BlobEndpoint=https://acc.blob.core.windows.net/;SharedAccessSignature=sv=2024&sig=x',
    ])
      expect(loadConfig({ ...okAzure(), AZURE_STORAGE_CONNECTION_STRING: connection }).storage).toBe(
        'azure-blob',
      );
  });

  it('names every missing Azure setting, with its fix', () => {
    const message = problemsOf({ STORAGE: 'azure-blob' });
    for (const name of ['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER', 'USER_KEY_SECRET'])
      expect(message).toMatch(new RegExp(`${name}: .*\\(fix: `));
  });

  it('refuses a bad backend, connection string, container or secret, and never quotes the connection string', () => {
    expect(problemsOf({ STORAGE: 'postgres' })).toMatch(
      /STORAGE: "postgres" is not a storage backend \(fix: use sqlite/,
    );
    const message = problemsOf({
      STORAGE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: 'AccountName=acc;AccountKey=very-secret-key',
      AZURE_STORAGE_CONTAINER: 'Bad_Name',
      USER_KEY_SECRET: 'short',
    });
    expect(message).toMatch(/AZURE_STORAGE_CONNECTION_STRING: has no DefaultEndpointsProtocol/);
    expect(message).toMatch(/AZURE_STORAGE_CONTAINER: "Bad_Name" is not a valid container name/);
    expect(message).toMatch(/USER_KEY_SECRET: is 5 characters; it needs at least 32/);
    expect(message).not.toContain('very-secret-key');
    expect(problemsOf({ ...okAzure(), AZURE_STORAGE_CONNECTION_STRING: 'hello' })).toMatch(
      /AZURE_STORAGE_CONNECTION_STRING: is not a storage connection string/,
    );
    expect(problemsOf({ ...okAzure(), AZURE_STORAGE_CONTAINER: 'a--b' })).toMatch(/AZURE_STORAGE_CONTAINER/);
  });

  it('warns when Azure settings are given to SQLite', () => {
    expect(loadConfig({ AZURE_STORAGE_CONTAINER: 'x-y-z' }).warnings.join(' ')).toMatch(/ignored/);
  });
});

const okAzure = () => ({
  STORAGE: 'azure-blob',
  AZURE_STORAGE_CONNECTION_STRING: AZURITE,
  AZURE_STORAGE_CONTAINER: 'bot',
  USER_KEY_SECRET: SECRET,
});

describe('USER_KEY_SECRET', () => {
  it('is generated into DATA_DIR on first start, readable only by the service, and kept', () => {
    const dataDir = join(dir, 'new-folder');
    const first = resolveUserKeySecret({ userKeySecret: '', dataDir });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dataDir, USER_KEY_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveUserKeySecret({ userKeySecret: '', dataDir })).toBe(first);
  });

  it('when set, is used as it is and nothing is written', () => {
    expect(resolveUserKeySecret({ userKeySecret: SECRET, dataDir: dir })).toBe(SECRET);
    expect(() => readFileSync(join(dir, USER_KEY_SECRET_FILE))).toThrow();
  });

  it('a damaged secret file stops start-up naming USER_KEY_SECRET', () => {
    writeFileSync(join(dir, USER_KEY_SECRET_FILE), 'abc\n');
    expect(() => resolveUserKeySecret({ userKeySecret: '', dataDir: dir })).toThrow(
      /USER_KEY_SECRET: .*holds 3 characters.*\(fix: set USER_KEY_SECRET/,
    );
  });
});

describe('the SQLite file', () => {
  const settings = (dataDir: string) => loadConfig({ DATA_DIR: dataDir });

  it('is created with its folder, in WAL mode, at the current schema version', async () => {
    const dataDir = join(dir, 'a', 'b');
    const store = await openStorage(settings(dataDir));
    await store.close();
    const db = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    db.close();
  });

  it('an empty file from before the schema is migrated at start-up', async () => {
    const file = join(dir, SQLITE_FILE);
    new Database(file).close();
    const store = SqliteStorage.open(file);
    await store.write([{ key: 'k', value: 1 }]);
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    db.close();
  });

  it('a file from a newer version of the bot is refused, saying what to do', () => {
    const file = join(dir, SQLITE_FILE);
    const db = new Database(file);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    let error: unknown;
    try {
      SqliteStorage.open(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `schema version ${SQLITE_SCHEMA_VERSION + 1} .*knows up to ${SQLITE_SCHEMA_VERSION}: run the newer`,
      ),
    );
  });

  it('a DATA_DIR that cannot be created stops start-up naming DATA_DIR', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    await expect(openStorage(settings(join(file, 'data')))).rejects.toThrow(
      /DATA_DIR: .* could not be created .*\(fix: point DATA_DIR at a folder/,
    );
  });
});
