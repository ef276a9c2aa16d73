import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { config as loadDotenv } from 'dotenv';
import { strToU8, zipSync } from 'fflate';
import { buildManifest, type ManifestValues, type TeamsManifest } from '../src/appPackage/buildManifest';
import { type ManifestVariable, readManifestSettings } from '../src/appPackage/manifestSettings';
import { type Config, loadConfig } from '../src/config';
import { ConfigError } from '../src/errors';
import { PROJECT_ROOT } from '../src/paths';
import { COMMANDS } from '../src/routes';
import { EnvironmentError, environmentArgument, LOCAL_ENVIRONMENTS, readEnvironment } from './toolkitEnv';

/**
 * `npm run package`: builds build/appPackage.zip (manifest.json, color.png, outline.png at the root,
 * as Teams expects) from appPackage/ and the configuration (environment or .env, the service's own
 * names), after checking the manifest against the Teams schema offline.
 *
 * `npm run package -- --env NAME`: the same from an Agents Toolkit environment (env/.env.NAME, the
 * Toolkit's names such as BOT_ID), into build/appPackage.NAME.zip and build/NAME/ (the manifest and
 * icons, for `atk validate --manifest-file`). Outside the local environments it refuses while any
 * organisation-specific value is still an example, naming each.
 */

export const APP_PACKAGE_DIR = join(PROJECT_ROOT, 'appPackage');
export const PACKAGE_FILE = join(PROJECT_ROOT, 'build', 'appPackage.zip');
const ICONS = ['color.png', 'outline.png'] as const;

export const packageFileFor = (env: string): string => join(PROJECT_ROOT, 'build', `appPackage.${env}.zip`);
export const manifestFolderFor = (env: string): string => join(PROJECT_ROOT, 'build', env);

/**
 * Local mode: the service's configuration gives the ids and links, checked as the service checks
 * them; the rest of the manifest settings come from the same environment. Each placeholder left
 * gives one warning, each thing said once (loadConfig already warns about TEAMS_APP_ID in its
 * own words).
 */
export function localManifestSettings(
  env: Readonly<Record<string, string | undefined>>,
  config: Config,
): { values: ManifestValues; warnings: string[]; problems: string[] } {
  const lookup = (variable: ManifestVariable): string =>
    variable === 'BOT_ID' ? config.microsoftAppId : (env[variable] ?? '');
  const read = readManifestSettings(lookup, { allowExamples: true, shownAs: { BOT_ID: 'MicrosoftAppId' } });
  const said = (warning: string) => config.warnings.some((w) => w.split(':')[0] === warning.split(':')[0]);
  const extra = read.warnings
    .filter((w) => !said(w))
    .map((w) =>
      w.startsWith('MicrosoftAppId is not set')
        ? `${w}; Teams cannot reach the bot until it is the Azure Bot's Microsoft App ID`
        : w,
    );
  return { values: read.values, warnings: [...config.warnings, ...extra], problems: read.problems };
}

type AppManifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
type ManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/v(\d+\.\d+)\/MicrosoftTeams\.schema\.json$/i;

/**
 * Schema errors of a Teams manifest, none when valid. The schema is the copy bundled with
 * @microsoft/app-manifest, passed in explicitly: left to itself the library would fetch it from the
 * network whenever the bundled copy is missing, and packaging must work offline.
 */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
    return ['the manifest is not a JSON object'];
  const { manifestVersion, $schema } = manifest as { manifestVersion?: unknown; $schema?: unknown };
  if (typeof manifestVersion !== 'string' || !/^\d+\.\d+$/.test(manifestVersion))
    return ['/manifestVersion is missing or not a version such as "1.22"'];
  const schemaFile = join(
    dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
  if (!existsSync(schemaFile))
    return [`/manifestVersion ${manifestVersion} has no schema bundled with @microsoft/app-manifest`];
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as ManifestSchema;
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as AppManifest, schema);
  // The schema only asks $schema to be a URI; a mismatch would make editors check another version.
  const schemaVersion = typeof $schema === 'string' ? SCHEMA_URL.exec($schema)?.[1] : undefined;
  if (schemaVersion !== manifestVersion)
    errors.push(
      `/$schema must be the Teams schema URL for v${manifestVersion}, not ${JSON.stringify($schema)}`,
    );
  return errors;
}

export interface AppPackage {
  manifest: TeamsManifest;
  /** What the zip holds, by name. */
  files: Record<string, Uint8Array>;
  zip: Uint8Array;
}

export async function buildAppPackage(values: ManifestValues): Promise<AppPackage> {
  const template = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
  const manifest = buildManifest(template, values, COMMANDS);
  const errors = await validateManifest(manifest);
  if (errors.length > 0)
    throw new Error(
      `the manifest does not match the Teams schema:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
    );
  const files = packageFiles(manifest);
  return { manifest, files, zip: zipSync(files, { level: 9 }) };
}

function packageFiles(manifest: TeamsManifest): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  for (const icon of ICONS) files[icon] = readFileSync(join(APP_PACKAGE_DIR, icon));
  return files;
}

class PackageRefused extends Error {
  override name = 'PackageRefused';
}

const refuse = (heading: string, problems: readonly string[]): never => {
  throw new PackageRefused(`${heading}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
};

async function packageLocal(): Promise<void> {
  loadDotenv({ path: join(PROJECT_ROOT, '.env'), quiet: true });
  const config = loadConfig(process.env);
  const { values, warnings, problems } = localManifestSettings(process.env, config);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  if (problems.length > 0) refuse('these settings cannot go into the manifest', problems);

  const { zip } = await buildAppPackage(values);
  mkdirSync(dirname(PACKAGE_FILE), { recursive: true });
  writeFileSync(PACKAGE_FILE, zip);
  process.stdout.write(`Wrote ${PACKAGE_FILE}\n`);
}

async function packageEnvironment(env: string): Promise<void> {
  const lookup = readEnvironment(env, process.env);
  const local = LOCAL_ENVIRONMENTS.includes(env);
  const { values, warnings, problems } = readManifestSettings(lookup, { allowExamples: local });
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  if (problems.length > 0)
    refuse(
      `environment ${env} is not local, so its package must carry your organisation's own values; ` +
        `set them in env/.env.${env} (or the environment)`,
      problems,
    );

  const { files, zip } = await buildAppPackage(values);
  const folder = manifestFolderFor(env);
  mkdirSync(folder, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
  writeFileSync(packageFileFor(env), zip);
  process.stdout.write(
    `Wrote ${packageFileFor(env)} (its manifest and icons in ${relative(PROJECT_ROOT, folder)}/)\n`,
  );
}

async function main(): Promise<void> {
  const { env, rest } = environmentArgument(process.argv.slice(2));
  if (rest.length > 0 || env === '')
    throw new PackageRefused(`usage: npm run package [-- --env NAME]; not understood: ${rest.join(' ')}`);
  if (env === undefined) await packageLocal();
  else await packageEnvironment(env);
}

if (require.main === module)
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`App package not built. ${err.message}\n`);
    else if (err instanceof PackageRefused || err instanceof EnvironmentError)
      process.stderr.write(`App package not built: ${err.message}\n`);
    else process.stderr.write(`App package not built: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
