import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths';

/**
 * The Microsoft 365 Agents Toolkit CLI, installed on demand into build/toolkit-cli rather than as a
 * devDependency: as one, it adds 300 MB to every `npm ci`, and its keytar dependency then runs an
 * install script that downloads a binary from GitHub or compiles against libsecret. Installed with
 * --ignore-scripts (as the Toolkit's docs allow), `atk validate` and the yml schemas work without
 * keytar. The version is pinned: there is no lockfile for it.
 */
export const TOOLKIT_CLI_VERSION = '1.1.17';
export const TOOLKIT_CLI_PREFIX = join(PROJECT_ROOT, 'build', 'toolkit-cli');
export const TOOLKIT_CLI_PACKAGE = join(
  TOOLKIT_CLI_PREFIX,
  'node_modules',
  '@microsoft',
  'm365agentstoolkit-cli',
);
export const ATK = join(TOOLKIT_CLI_PREFIX, 'node_modules', '.bin', 'atk');

/** Installs the CLI unless this version is there; returns a problem, or undefined when ready. */
export function ensureToolkitCli(): string | undefined {
  const manifest = join(TOOLKIT_CLI_PACKAGE, 'package.json');
  if (existsSync(manifest) && existsSync(ATK)) {
    const installed = (require(manifest) as { version?: string }).version;
    if (installed === TOOLKIT_CLI_VERSION) return undefined;
  }
  const result = spawnSync(
    'npm',
    [
      'install',
      '--prefix',
      TOOLKIT_CLI_PREFIX,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      `@microsoft/m365agentstoolkit-cli@${TOOLKIT_CLI_VERSION}`,
    ],
    { encoding: 'utf8', timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.status === 0 && existsSync(ATK)) return undefined;
  return `npm install of @microsoft/m365agentstoolkit-cli@${TOOLKIT_CLI_VERSION} failed (exit ${result.status}): ${(result.stderr ?? '').slice(-500)}`;
}

if (require.main === module) {
  const problem = ensureToolkitCli();
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  process.stdout.write(`Agents Toolkit CLI ${TOOLKIT_CLI_VERSION} ready: ${ATK}\n`);
}
