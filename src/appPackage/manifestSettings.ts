import {
  PLACEHOLDER_BOT_ID,
  PLACEHOLDER_PRIVACY_URL,
  PLACEHOLDER_TEAMS_APP_ID,
  PLACEHOLDER_TERMS_URL,
} from '../config';
import type { ManifestValues } from './buildManifest';

/** The organisation-specific values of the Teams manifest, by the `${{NAME}}` the template uses. */
export type ManifestVariable =
  | 'TEAMS_APP_ID'
  | 'BOT_ID'
  | 'DEVELOPER_NAME'
  | 'PUBLISHER_SUFFIX'
  | 'WEBSITE_URL'
  | 'PRIVACY_URL'
  | 'TERMS_URL';

export interface ManifestSetting {
  variable: ManifestVariable;
  key: keyof ManifestValues;
  /** What it is in the manifest, in an admin's words. */
  what: string;
  /** What a local package carries while the variable is unset. Never publishable. */
  placeholder: string;
  /** How to get a real value. */
  fix: string;
  /** Why a value cannot be used at all (a bad format), whatever the environment. */
  problem: (value: string) => string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notGuid = (value: string) => (GUID.test(value) ? undefined : `"${value}" is not a GUID`);
const notHttps = (value: string) =>
  /^https:\/\/[^\s/]+\.[^\s]+$/.test(value) ? undefined : `"${value}" is not an https:// address`;
const tooLong =
  (max: number, where = 'Teams allows') =>
  (value: string) =>
    value.length <= max ? undefined : `"${value}" is ${value.length} characters; ${where} ${max}`;

/** The short name is "Health Equity " and the suffix: Teams allows 30 characters in all. */
export const APP_NAME_STEM = 'Health Equity';
const SUFFIX_MAX = 30 - APP_NAME_STEM.length - 1;

export const MANIFEST_SETTINGS: readonly ManifestSetting[] = [
  {
    variable: 'TEAMS_APP_ID',
    key: 'teamsAppId',
    what: 'the Teams app id',
    placeholder: PLACEHOLDER_TEAMS_APP_ID,
    fix: 'provisioning with the Agents Toolkit writes it; otherwise generate one with `node -e "console.log(crypto.randomUUID())"` and keep it for good',
    problem: notGuid,
  },
  {
    variable: 'BOT_ID',
    key: 'botId',
    what: "the bot id (the Azure Bot's Microsoft App ID)",
    placeholder: PLACEHOLDER_BOT_ID,
    fix: "provisioning with the Agents Toolkit writes it; otherwise copy the Azure Bot's Microsoft App ID",
    problem: notGuid,
  },
  {
    variable: 'DEVELOPER_NAME',
    key: 'developerName',
    what: 'the developer (publisher) name Teams shows on the app',
    placeholder: 'Health equity assistant (OSS)',
    fix: "your organisation's name as the publisher, at most 32 characters",
    problem: tooLong(32),
  },
  {
    variable: 'PUBLISHER_SUFFIX',
    key: 'publisherSuffix',
    what: `the words after "${APP_NAME_STEM}" in the app's name, naming the publisher as the store asks of a generic name`,
    placeholder: '(OSS)',
    fix: `for example "by Luton Council" or "(Luton)"; "${APP_NAME_STEM} " and it make at most 30 characters`,
    problem: tooLong(SUFFIX_MAX, `after "${APP_NAME_STEM} " the short name has room for`),
  },
  {
    variable: 'WEBSITE_URL',
    key: 'websiteUrl',
    what: "the publisher's website",
    placeholder: 'https://example.org',
    fix: "the https:// address of your organisation's page about the assistant",
    problem: notHttps,
  },
  {
    variable: 'PRIVACY_URL',
    key: 'privacyUrl',
    what: 'the privacy statement link',
    placeholder: PLACEHOLDER_PRIVACY_URL,
    fix: 'the https:// address of your privacy statement for the assistant (docs/privacy.md lists what it keeps)',
    problem: notHttps,
  },
  {
    variable: 'TERMS_URL',
    key: 'termsUrl',
    what: 'the terms of use link',
    placeholder: PLACEHOLDER_TERMS_URL,
    fix: 'the https:// address of your terms of use',
    problem: notHttps,
  },
];

/** Hosts reserved for examples and tests (RFC 2606 and 6761): never an organisation's real page. */
const EXAMPLE_HOST = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

/** Why a value is still an example, or undefined when it looks like a real one. */
export function exampleReason(setting: ManifestSetting, value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value === setting.placeholder) return `is the placeholder "${value}"`;
  if (setting.problem === notGuid && /^0{8}-0{4}-0{4}-0{4}-0{11}[0-9a-f]$/i.test(value))
    return `is the placeholder "${value}"`;
  if (setting.problem === notHttps) {
    let host = '';
    try {
      host = new URL(value).hostname;
    } catch {
      return undefined; // Its format problem is reported instead.
    }
    return EXAMPLE_HOST.test(host) ? `is an example address (${value})` : undefined;
  }
  if (setting.problem !== notGuid && /\bexample\b/i.test(value)) return `is an example ("${value}")`;
  return undefined;
}

export interface ManifestSettingsResult {
  values: ManifestValues;
  /** Example values allowed in this build, each said once. */
  warnings: string[];
  /** Values that stop the build: bad formats always, example values where they are not allowed. */
  problems: string[];
}

/**
 * The manifest values from a lookup of variables (an env file merged with the environment). A
 * local build (local mode, the local and playground environments) may carry placeholders and
 * example values, each with a warning; any other environment refuses them, naming each.
 */
export function readManifestSettings(
  lookup: (variable: ManifestVariable) => string,
  options: {
    allowExamples: boolean;
    /** The name to show for a variable read under another name (local mode reads BOT_ID as MicrosoftAppId). */
    shownAs?: Partial<Record<ManifestVariable, string>>;
  },
): ManifestSettingsResult {
  const values = {} as ManifestValues;
  const warnings: string[] = [];
  const problems: string[] = [];
  for (const setting of MANIFEST_SETTINGS) {
    const name = options.shownAs?.[setting.variable] ?? setting.variable;
    const raw = lookup(setting.variable).trim();
    const format = raw === '' ? undefined : setting.problem(raw);
    if (format) {
      problems.push(`${name} ${format}: ${setting.fix}`);
      values[setting.key] = setting.placeholder;
      continue;
    }
    const example = exampleReason(setting, raw);
    values[setting.key] = raw === '' ? setting.placeholder : raw;
    if (example === undefined) continue;
    if (options.allowExamples)
      warnings.push(
        raw === ''
          ? `${name} is not set: ${setting.what} is the placeholder ${setting.placeholder}`
          : `${name} ${example}: fine for trying the app, not for publishing it`,
      );
    else problems.push(`${name} ${example}. It is ${setting.what}: ${setting.fix}`);
  }
  return { values, warnings, problems };
}
