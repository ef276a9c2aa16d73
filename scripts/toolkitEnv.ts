import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { PROJECT_ROOT } from '../src/paths';

/**
 * The Agents Toolkit's environments: env/.env.NAME (committed) and env/.env.NAME.user (secrets, not
 * committed), as m365agents*.yml name them with `environmentFolderPath: ./env`.
 */
export const ENV_FOLDER = join(PROJECT_ROOT, 'env');

/** Environments run on a developer's machine: their packages may carry placeholders and examples. */
export const LOCAL_ENVIRONMENTS: readonly string[] = ['local', 'playground'];

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

export function environmentNames(folder = ENV_FOLDER): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((f) => /^\.env\.([A-Za-z0-9_-]+)$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort();
}

/** A variable's value in an environment: '' when unset. */
export type EnvLookup = (variable: string) => string;

/**
 * Reads an environment as the Toolkit does when it runs provision or deploy: a variable set (not
 * empty) in the process environment wins, then env/.env.NAME, then env/.env.NAME.user. So the same
 * script works when the Toolkit runs it (everything already in the environment, secrets decrypted)
 * and when a person or a pipeline runs it with the files and secrets of their own.
 */
export function readEnvironment(
  name: string,
  processEnv: Readonly<Record<string, string | undefined>>,
  folder = ENV_FOLDER,
): EnvLookup {
  const known = environmentNames(folder);
  if (!/^[A-Za-z0-9_-]+$/.test(name) || !known.includes(name))
    throw new EnvironmentError(
      `there is no environment "${name}" (env/.env.${name}); the environments are: ${known.join(', ')}`,
    );
  const file = parse(readFileSync(join(folder, `.env.${name}`)));
  const userFile = join(folder, `.env.${name}.user`);
  const user = existsSync(userFile) ? parse(readFileSync(userFile)) : {};
  const values: Record<string, string> = { ...user, ...file, TEAMSFX_ENV: name };
  for (const [key, value] of Object.entries(user)) if (!values[key]) values[key] = value;
  return (variable) => {
    const value = (processEnv[variable] || values[variable] || '').trim();
    // The Toolkit encrypts secrets it writes into .env.NAME.user with a key of the project's; only
    // it can read them back, and passes them decrypted to the commands it runs.
    if (value.startsWith('crypto_'))
      throw new EnvironmentError(
        `${variable} in env/.env.${name}.user is encrypted by the Agents Toolkit: run this through ` +
          '`atk provision` or `atk deploy`, or set it in the environment',
      );
    return value;
  };
}

/** `--env NAME` or `--env=NAME` among the arguments, and the rest. */
export function environmentArgument(args: readonly string[]): { env: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let env: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--env') {
      env = args[++i] ?? '';
    } else if (arg.startsWith('--env=')) env = arg.slice('--env='.length);
    else rest.push(arg);
  }
  return { env, rest };
}
