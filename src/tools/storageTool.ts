import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { type Config, loadConfig } from '../config';
import { ConfigError } from '../errors';
import { PROJECT_ROOT } from '../paths';
import { isStorageError, openStorage, type Storage } from '../storage';

/** The service's configuration, from the environment and .env, as every admin tool reads it. */
export function toolConfig(): Config {
  loadDotenv({ path: join(PROJECT_ROOT, '.env'), quiet: true });
  return loadConfig(process.env);
}

/** Opens the configured storage for `work` and closes it after, whatever happens. */
export async function withStorage<T>(config: Config, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(config);
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/**
 * Runs a tool's main and exits with its code. A bad configuration or an unreachable store is the
 * admin's to fix, so it is said in one line; anything else is printed as it is.
 */
export function runTool(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const known = err instanceof ConfigError || isStorageError(err);
      process.stderr.write(`${name} failed: ${known ? (err as Error).message : String(err)}\n`);
      process.exit(1);
    },
  );
}
