import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** http://127.0.0.1:<port>/devstoreaccount1 */
  blobEndpoint: string;
  connectionString: string;
  /** A container name not used before in this Azurite. */
  newContainer(): string;
  stop(): Promise<void>;
}

/**
 * Starts the Azurite blob service from node_modules on a free loopback port, in memory, for one
 * test file (or the storage bench). Nothing leaves the machine.
 */
export async function startAzurite(): Promise<Azurite> {
  const workspace = mkdtempSync(join(tmpdir(), 'azurite-'));
  const child = spawn(
    join(PROJECT_ROOT, 'node_modules', '.bin', 'azurite-blob'),
    [
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
      // In memory: nothing to clean up, and the workspace (cwd) only catches stray files.
      '--inMemoryPersistence',
    ],
    { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let port: string;
  try {
    port = await listeningPort(child);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    rmSync(workspace, { recursive: true, force: true });
    throw err;
  }
  const blobEndpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  let stopped = false;
  return {
    blobEndpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${blobEndpoint};`,
    newContainer: () => `test-${randomBytes(6).toString('hex')}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

function listeningPort(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 30 s:\n${output}`)), 30000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.removeListener('data', onData);
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`Azurite could not be started (run npm ci): ${err.message}`));
    });
  });
}

export type BackendName = 'sqlite' | 'azure-blob';
export const BACKENDS: readonly BackendName[] = ['sqlite', 'azure-blob'];

/** Where a store lives, as the service's environment variables (they work for loadConfig too). */
export type StoreEnv = Record<string, string>;

/** One backend for a test file: SQLite in a temporary folder, or Azure Blob on a private Azurite. */
export interface BackendFixture {
  name: BackendName;
  /** The environment of a new, empty store (a new folder or a new container). */
  fresh(): StoreEnv;
  azurite?: Azurite;
  stop(): Promise<void>;
}

export async function startBackend(name: BackendName): Promise<BackendFixture> {
  if (name === 'sqlite') {
    const root = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
    return {
      name,
      fresh: () => ({ STORAGE: 'sqlite', DATA_DIR: mkdtempSync(join(root, 'data-')) }),
      async stop() {
        rmSync(root, { recursive: true, force: true });
      },
    };
  }
  const azurite = await startAzurite();
  return {
    name,
    azurite,
    fresh: () => ({
      STORAGE: 'azure-blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: azurite.newContainer(),
      USER_KEY_SECRET: randomBytes(32).toString('hex'),
    }),
    stop: () => azurite.stop(),
  };
}
