import { ConfigError } from './errors';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** Placeholder ids used in the manifest until real ones are configured. */
export const PLACEHOLDER_TEAMS_APP_ID = '00000000-0000-0000-0000-000000000000';
/** Placeholder bot id in the app package until MicrosoftAppId is set. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000001';
export const PLACEHOLDER_PRIVACY_URL = 'https://example.org/privacy';
export const PLACEHOLDER_TERMS_URL = 'https://example.org/terms';

export interface Config {
  port: number;
  host: string;
  /** True when no MicrosoftAppId is set: requests are not authenticated. */
  localMode: boolean;
  microsoftAppId: string;
  microsoftAppPassword: string;
  microsoftAppType: AppType;
  microsoftAppTenantId: string;
  /** Empty means every tenant is served (only allowed in local mode or multi-tenant with a warning). */
  allowedTenantIds: readonly string[];
  teamsAppId: string;
  logLevel: LogLevel;
  shutdownGraceMs: number;
  maxBodyBytes: number;
  /** Shown in the Teams app package; placeholders pointing at the project until set. */
  privacyUrl: string;
  termsUrl: string;
  /** Non-fatal findings to log once the logger exists. */
  warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The only reader of the environment. Collects every problem before failing, so one start-up
 * attempt tells an admin everything that needs fixing.
 */
export function loadConfig(env: Env): Config {
  const problems: { variable: string; problem: string; fix: string }[] = [];
  const warnings: string[] = [];
  const str = (name: string): string => (env[name] ?? '').trim();

  const int = (name: string, fallback: number, min: number, max: number, fix: string): number => {
    const raw = str(name);
    if (raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push({ variable: name, problem: `"${raw}" is not a whole number from ${min} to ${max}`, fix });
      return fallback;
    }
    return value;
  };

  const port = int('PORT', 3978, 0, 65535, 'set PORT to a free TCP port such as 3978, or leave it unset');
  const shutdownGraceMs = int(
    'SHUTDOWN_GRACE_MS',
    10000,
    0,
    600000,
    'set SHUTDOWN_GRACE_MS to milliseconds, for example 10000',
  );
  const maxBodyBytes = int(
    'MAX_BODY_BYTES',
    262144,
    1024,
    10485760,
    'set MAX_BODY_BYTES to a size in bytes, for example 262144',
  );

  const microsoftAppId = str('MicrosoftAppId');
  const microsoftAppPassword = str('MicrosoftAppPassword');
  const microsoftAppTenantId = str('MicrosoftAppTenantId');
  const localMode = microsoftAppId === '';

  const rawType = str('MicrosoftAppType');
  let microsoftAppType: AppType = 'MultiTenant';
  if (rawType !== '') {
    const match = APP_TYPES.find((t) => t.toLowerCase() === rawType.toLowerCase());
    if (match) microsoftAppType = match;
    else
      problems.push({
        variable: 'MicrosoftAppType',
        problem: `"${rawType}" is not a known app type`,
        fix: `use one of ${APP_TYPES.join(', ')}`,
      });
  }

  if (!localMode) {
    if (!GUID.test(microsoftAppId))
      problems.push({
        variable: 'MicrosoftAppId',
        problem: 'is not a GUID',
        fix: "copy the Azure Bot's Microsoft App ID, or leave it empty for local mode",
      });
    if (microsoftAppType !== 'UserAssignedMSI' && microsoftAppPassword === '')
      problems.push({
        variable: 'MicrosoftAppPassword',
        problem: 'is empty while MicrosoftAppId is set',
        fix: "set the app registration's client secret",
      });
    if (microsoftAppType === 'SingleTenant' && !GUID.test(microsoftAppTenantId))
      problems.push({
        variable: 'MicrosoftAppTenantId',
        problem: 'must be a tenant GUID for a SingleTenant app',
        fix: 'set the Entra tenant id of the app registration',
      });
  }

  let allowedTenantIds = str('ALLOWED_TENANT_IDS')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const badTenants = allowedTenantIds.filter((t) => !GUID.test(t));
  if (badTenants.length > 0)
    problems.push({
      variable: 'ALLOWED_TENANT_IDS',
      problem: `not tenant GUIDs: ${badTenants.join(', ')}`,
      fix: 'give a comma-separated list of Entra tenant ids',
    });
  if (allowedTenantIds.length === 0 && microsoftAppType === 'SingleTenant' && microsoftAppTenantId !== '')
    allowedTenantIds = [microsoftAppTenantId];
  if (!localMode && allowedTenantIds.length === 0)
    warnings.push('ALLOWED_TENANT_IDS is empty: activities from every tenant will be served');

  const rawHost = str('HOST');
  const host = rawHost !== '' ? rawHost : localMode ? '127.0.0.1' : '0.0.0.0';

  const rawLevel = str('LOG_LEVEL').toLowerCase();
  let logLevel: LogLevel = 'info';
  if (rawLevel !== '') {
    const match = LOG_LEVELS.find((l) => l === rawLevel);
    if (match) logLevel = match;
    else
      problems.push({
        variable: 'LOG_LEVEL',
        problem: `"${rawLevel}" is not a log level`,
        fix: `use one of ${LOG_LEVELS.join(', ')}`,
      });
  }

  let teamsAppId = str('TEAMS_APP_ID');
  if (teamsAppId === '') {
    teamsAppId = PLACEHOLDER_TEAMS_APP_ID;
    warnings.push('TEAMS_APP_ID is not set: the app package uses a placeholder id');
  } else if (!GUID.test(teamsAppId))
    problems.push({
      variable: 'TEAMS_APP_ID',
      problem: 'is not a GUID',
      fix: 'generate one (for example with `node -e "console.log(crypto.randomUUID())"`) and keep it for good',
    });

  const url = (name: string, fallback: string): string => {
    const raw = str(name);
    if (raw === '') return fallback;
    if (!/^https:\/\/[^\s/]+\.[^\s]+$/.test(raw)) {
      problems.push({
        variable: name,
        problem: `"${raw}" is not an https:// address`,
        fix: 'give the full https:// address of the page',
      });
      return fallback;
    }
    return raw;
  };
  const privacyUrl = url('PRIVACY_URL', PLACEHOLDER_PRIVACY_URL);
  const termsUrl = url('TERMS_URL', PLACEHOLDER_TERMS_URL);

  if (localMode) warnings.push('MicrosoftAppId is empty: local mode, requests are NOT authenticated');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    localMode,
    microsoftAppId,
    microsoftAppPassword,
    microsoftAppType,
    microsoftAppTenantId,
    allowedTenantIds,
    teamsAppId,
    logLevel,
    shutdownGraceMs,
    maxBodyBytes,
    privacyUrl,
    termsUrl,
    warnings,
  };
}
