import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { config as loadDotenv } from 'dotenv';
import { strToU8, zipSync } from 'fflate';
import { buildManifest, type ManifestValues, type TeamsManifest } from '../src/appPackage/buildManifest';
import {
  type Config,
  loadConfig,
  PLACEHOLDER_BOT_ID,
  PLACEHOLDER_PRIVACY_URL,
  PLACEHOLDER_TEAMS_APP_ID,
  PLACEHOLDER_TERMS_URL,
} from '../src/config';
import { ConfigError } from '../src/errors';
import { PROJECT_ROOT } from '../src/paths';
import { COMMANDS } from '../src/routes';

/**
 * `npm run package`: builds build/appPackage.zip (manifest.json, color.png, outline.png at the root,
 * as Teams expects) from appPackage/ and the configuration, after checking the manifest against the
 * Teams schema offline.
 */

export const APP_PACKAGE_DIR = join(PROJECT_ROOT, 'appPackage');
export const PACKAGE_FILE = join(PROJECT_ROOT, 'build', 'appPackage.zip');
const ICONS = ['color.png', 'outline.png'] as const;

export function manifestValues(config: Config): ManifestValues {
  return {
    teamsAppId: config.teamsAppId,
    botId: config.microsoftAppId !== '' ? config.microsoftAppId : PLACEHOLDER_BOT_ID,
    privacyUrl: config.privacyUrl,
    termsUrl: config.termsUrl,
  };
}

/**
 * One warning per placeholder the package would carry. A package with placeholders installs, but
 * cannot reach the bot or be published, so an admin must see which settings are missing.
 */
export function placeholderWarnings(config: Config): { variable: string; warning: string }[] {
  const found: { variable: string; warning: string }[] = [];
  const add = (variable: string, consequence: string): void => {
    found.push({ variable, warning: `${variable} is not set: ${consequence}` });
  };
  if (config.teamsAppId === PLACEHOLDER_TEAMS_APP_ID)
    add(
      'TEAMS_APP_ID',
      `the manifest id is the placeholder ${PLACEHOLDER_TEAMS_APP_ID}; generate a GUID once and keep it`,
    );
  if (config.microsoftAppId === '')
    add(
      'MicrosoftAppId',
      `the bot id is the placeholder ${PLACEHOLDER_BOT_ID}; Teams cannot reach the bot until it is ` +
        "the Azure Bot's Microsoft App ID",
    );
  if (config.privacyUrl === PLACEHOLDER_PRIVACY_URL)
    add('PRIVACY_URL', `the privacy link is the placeholder ${PLACEHOLDER_PRIVACY_URL}`);
  if (config.termsUrl === PLACEHOLDER_TERMS_URL)
    add('TERMS_URL', `the terms of use link is the placeholder ${PLACEHOLDER_TERMS_URL}`);
  return found;
}

/** Every warning to show an admin: the configuration's, then the package's, each thing said once. */
export function packageWarnings(config: Config): string[] {
  // loadConfig already warns about an unset TEAMS_APP_ID in its own words.
  const extra = placeholderWarnings(config)
    .filter(({ variable }) => !config.warnings.some((w) => w.startsWith(`${variable} is not set`)))
    .map(({ warning }) => warning);
  return [...config.warnings, ...extra];
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
  zip: Uint8Array;
}

export async function buildAppPackage(config: Config): Promise<AppPackage> {
  const template = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');
  const manifest = buildManifest(template, manifestValues(config), COMMANDS);
  const errors = await validateManifest(manifest);
  if (errors.length > 0)
    throw new Error(
      `the manifest does not match the Teams schema:\n${errors.map((e) => `  - ${e}`).join('\n')}`,
    );
  const files: Record<string, Uint8Array> = {
    'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
  };
  for (const icon of ICONS) files[icon] = readFileSync(join(APP_PACKAGE_DIR, icon));
  return { manifest, zip: zipSync(files, { level: 9 }) };
}

async function main(): Promise<void> {
  loadDotenv({ path: join(PROJECT_ROOT, '.env'), quiet: true });
  const config = loadConfig(process.env);
  for (const warning of packageWarnings(config)) process.stderr.write(`warning: ${warning}\n`);

  const { zip } = await buildAppPackage(config);
  mkdirSync(dirname(PACKAGE_FILE), { recursive: true });
  writeFileSync(PACKAGE_FILE, zip);
  process.stdout.write(`Wrote ${PACKAGE_FILE}\n`);
}

if (require.main === module)
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`App package not built. ${err.message}\n`);
    else process.stderr.write(`App package not built: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
