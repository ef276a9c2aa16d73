import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_USER_KEY_SECRET_LENGTH } from '../config';
import { ConfigError } from '../errors';

export const USER_KEY_SECRET_FILE = 'user-key-secret';

/**
 * USER_KEY_SECRET when it is set; otherwise the one kept in DATA_DIR, generated on first start.
 * Losing it only means users are not recognised again (what was kept for them is no longer theirs); it is kept so
 * that a restart does not do that.
 */
export function resolveUserKeySecret(config: { userKeySecret: string; dataDir: string }): string {
  if (config.userKeySecret !== '') return config.userKeySecret;
  const file = join(config.dataDir, USER_KEY_SECRET_FILE);
  try {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx': of two instances starting at once on one folder, one writes and the other reads.
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= MIN_USER_KEY_SECRET_LENGTH) return secret;
    throw new Error(
      `${file} holds ${secret.length} characters; at least ${MIN_USER_KEY_SECRET_LENGTH} are needed`,
    );
  } catch (err) {
    throw new ConfigError([
      {
        variable: 'USER_KEY_SECRET',
        problem: `is not set and ${file} could not be used: ${(err as Error).message}`,
        fix: 'set USER_KEY_SECRET, or make DATA_DIR a folder the service can write to',
      },
    ]);
  }
}
