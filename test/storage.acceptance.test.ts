import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE } from '../src/storage/openStorage';
import { USER_KEY_SECRET_FILE } from '../src/storage/userKeySecret';
import { installationUpdate } from './helpers/activities';
import { BACKENDS, type BackendFixture, type StoreEnv, startAzurite, startBackend } from './helpers/azurite';
import { run, type ServiceProcess, startService } from './helpers/process';

const post = (url: string, body: unknown) =>
  fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

async function storageHealth(service: ServiceProcess): Promise<{ status: number; storage: unknown }> {
  const res = await fetch(`${service.url}/healthz`);
  return { status: res.status, storage: ((await res.json()) as { storage: unknown }).storage };
}

async function stop(service: ServiceProcess): Promise<void> {
  service.child.kill('SIGTERM');
  expect(await service.exited).toBe(0);
}

describe.each(BACKENDS)('the real service on %s', (name) => {
  let backend: BackendFixture;
  let env: StoreEnv;
  beforeAll(async () => {
    backend = await startBackend(name);
  });
  afterAll(() => backend?.stop());
  beforeEach(() => {
    env = backend.fresh();
  });

  it('an installation survives a restart, and an uninstall removes it', async () => {
    const personal = installationUpdate('personal', { conversationId: 'a:acceptance-personal' });
    let service = await startService(env);
    expect(await storageHealth(service)).toEqual({
      status: 200,
      storage: { backend: name, reachable: true, installations: 0 },
    });
    expect((await post(service.url, personal)).status).toBe(200);
    expect((await storageHealth(service)).storage).toMatchObject({ installations: 1 });
    await stop(service);

    service = await startService(env);
    try {
      expect(await storageHealth(service)).toEqual({
        status: 200,
        storage: { backend: name, reachable: true, installations: 1 },
      });
      // Still welcomed once: the second install event after the restart gets no reply.
      const again = await post(service.url, personal);
      expect(((await again.json()) as { activities: unknown[] }).activities).toHaveLength(0);
      await post(service.url, { ...personal, action: 'remove' });
      expect((await storageHealth(service)).storage).toMatchObject({ installations: 0 });
    } finally {
      await stop(service);
    }
    if (name === 'sqlite') {
      expect(existsSync(join(env.DATA_DIR, SQLITE_FILE))).toBe(true);
      expect(existsSync(join(env.DATA_DIR, USER_KEY_SECRET_FILE))).toBe(true);
    }
  });
});

describe('start-up with storage settings that cannot work', () => {
  const start = (env: Record<string, string>) =>
    run(process.execPath, [join('dist', 'src', 'index.js')], {
      env: { PORT: '0', MicrosoftAppId: '', LOG_LEVEL: 'silent', ...env },
    });

  it('missing Azure settings stop start-up naming each', async () => {
    const result = await start({ STORAGE: 'azure-blob' });
    expect(result.code).toBe(1);
    for (const variable of ['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER', 'USER_KEY_SECRET'])
      expect(result.stderr).toContain(`${variable}:`);
  });

  it('an account that does not answer, or refuses the key, stops start-up naming the connection string', async () => {
    const azurite = await startAzurite();
    try {
      const secret = {
        USER_KEY_SECRET: 'k'.repeat(40),
        AZURE_STORAGE_CONTAINER: 'bot',
        STORAGE: 'azure-blob',
      };
      const wrongKey = azurite.connectionString.replace(/AccountKey=[^;]+/, 'AccountKey=d3Jvbmcta2V5');
      const refused = await start({ ...secret, AZURE_STORAGE_CONNECTION_STRING: wrongKey });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /AZURE_STORAGE_CONNECTION_STRING: the storage account refused its credentials/,
      );
      expect(refused.stderr).not.toContain('d3Jvbmcta2V5');

      const closedPort = azurite.connectionString.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9');
      const silent = await start({ ...secret, AZURE_STORAGE_CONNECTION_STRING: closedPort });
      expect(silent.code).toBe(1);
      expect(silent.stderr).toMatch(/AZURE_STORAGE_CONNECTION_STRING: the storage account did not answer/);
    } finally {
      await azurite.stop();
    }
  });

  it('a DATA_DIR that cannot be written stops start-up naming DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-data-dir-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      const result = await start({ DATA_DIR: join(dir, 'file', 'data') });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/DATA_DIR: .*could not be created/);
      expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
