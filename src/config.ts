import { isAbsolute, join } from 'node:path';
import { ConfigError } from './errors';
import { PROJECT_ROOT } from './paths';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];
const STORAGE_BACKENDS = ['sqlite', 'azure-blob'] as const;
export type StorageKind = (typeof STORAGE_BACKENDS)[number];
/** USER_KEY_SECRET shorter than this is refused: it is the key of an HMAC. */
export const MIN_USER_KEY_SECRET_LENGTH = 32;

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
  /** Lower case. Empty means every tenant is served (local mode, or multi-tenant with a warning). */
  allowedTenantIds: readonly string[];
  teamsAppId: string;
  logLevel: LogLevel;
  shutdownGraceMs: number;
  maxBodyBytes: number;
  /** Messages (and card actions) a user may send per minute; 0 means no limit. */
  rateLimitPerMinute: number;
  /** Shown in the Teams app package; placeholders pointing at the project until set. */
  privacyUrl: string;
  termsUrl: string;
  storage: StorageKind;
  /** Absolute; SQLite's file and the generated USER_KEY_SECRET live here. */
  dataDir: string;
  /** Empty unless STORAGE=azure-blob. Holds a secret: never log it. */
  azureStorageConnectionString: string;
  azureStorageContainer: string;
  /** Empty means: use the one generated into DATA_DIR (see storage/userKeySecret.ts). */
  userKeySecret: string;
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

  const rateLimitPerMinute = int(
    'RATE_LIMIT_PER_MINUTE',
    30,
    0,
    10000,
    'set RATE_LIMIT_PER_MINUTE to messages a user may send per minute, for example 30 (0 for no limit)',
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

  // Lower case: Teams sends tenant ids in lower case, and they compare without regard to case.
  let allowedTenantIds = str('ALLOWED_TENANT_IDS')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const badTenants = allowedTenantIds.filter((t) => !GUID.test(t));
  if (badTenants.length > 0)
    problems.push({
      variable: 'ALLOWED_TENANT_IDS',
      problem: `not tenant GUIDs: ${badTenants.join(', ')}`,
      fix: 'give a comma-separated list of Entra tenant ids',
    });
  if (allowedTenantIds.length === 0 && microsoftAppType === 'SingleTenant' && microsoftAppTenantId !== '')
    allowedTenantIds = [microsoftAppTenantId.toLowerCase()];
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

  const storage = readStorage(str, problems, warnings);

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
    rateLimitPerMinute,
    privacyUrl,
    termsUrl,
    ...storage,
    warnings,
  };
}

type Problems = { variable: string; problem: string; fix: string }[];
const SECRET_FIX =
  'generate one with `node -e "console.log(crypto.randomBytes(32).toString(\'hex\'))"` and keep it for good';

/** STORAGE and the variables of each backend. */
function readStorage(
  str: (name: string) => string,
  problems: Problems,
  warnings: string[],
): Pick<
  Config,
  'storage' | 'dataDir' | 'azureStorageConnectionString' | 'azureStorageContainer' | 'userKeySecret'
> {
  const rawStorage = str('STORAGE').toLowerCase();
  let storage: StorageKind = 'sqlite';
  if (rawStorage !== '') {
    const match = STORAGE_BACKENDS.find((b) => b === rawStorage);
    if (match) storage = match;
    else
      problems.push({
        variable: 'STORAGE',
        problem: `"${rawStorage}" is not a storage backend`,
        fix: 'use sqlite (one instance, the default) or azure-blob (several instances)',
      });
  }

  const rawDataDir = str('DATA_DIR') || './data';
  const dataDir = isAbsolute(rawDataDir) ? rawDataDir : join(PROJECT_ROOT, rawDataDir);

  const azureStorageConnectionString = str('AZURE_STORAGE_CONNECTION_STRING');
  const azureStorageContainer = str('AZURE_STORAGE_CONTAINER');
  if (storage === 'azure-blob') {
    if (azureStorageConnectionString === '')
      problems.push({
        variable: 'AZURE_STORAGE_CONNECTION_STRING',
        problem: 'is empty while STORAGE=azure-blob',
        fix: "copy a connection string from the storage account's Access keys in the Azure portal",
      });
    else {
      const problem = connectionStringProblem(azureStorageConnectionString);
      if (problem)
        problems.push({
          variable: 'AZURE_STORAGE_CONNECTION_STRING',
          problem,
          fix: "copy the whole connection string from the storage account's Access keys in the Azure portal",
        });
    }
    if (azureStorageContainer === '')
      problems.push({
        variable: 'AZURE_STORAGE_CONTAINER',
        problem: 'is empty while STORAGE=azure-blob',
        fix: 'name the blob container for the bot, for example health-equity-bot (created if missing)',
      });
    else if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(azureStorageContainer))
      problems.push({
        variable: 'AZURE_STORAGE_CONTAINER',
        problem: `"${azureStorageContainer}" is not a valid container name`,
        fix: 'use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit',
      });
  } else if (azureStorageConnectionString !== '' || azureStorageContainer !== '')
    warnings.push('AZURE_STORAGE_* is set but STORAGE is not azure-blob: the settings are ignored');

  const userKeySecret = str('USER_KEY_SECRET');
  if (userKeySecret !== '' && userKeySecret.length < MIN_USER_KEY_SECRET_LENGTH)
    problems.push({
      variable: 'USER_KEY_SECRET',
      problem: `is ${userKeySecret.length} characters; it needs at least ${MIN_USER_KEY_SECRET_LENGTH}`,
      fix: SECRET_FIX,
    });
  else if (userKeySecret === '' && storage === 'azure-blob')
    problems.push({
      variable: 'USER_KEY_SECRET',
      problem:
        'is empty while STORAGE=azure-blob: each instance would generate its own and hash users differently',
      fix: `${SECRET_FIX}, then set the same value on every instance`,
    });

  return { storage, dataDir, azureStorageConnectionString, azureStorageContainer, userKeySecret };
}

/** Why a connection string cannot work, or undefined. Never quotes it: it holds the account key. */
function connectionStringProblem(value: string): string | undefined {
  const parts = new Map<string, string>();
  for (const pair of value.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0) parts.set(pair.slice(0, at).trim().toLowerCase(), pair.slice(at + 1).trim());
  }
  if (parts.get('usedevelopmentstorage')?.toLowerCase() === 'true') return undefined;
  if (parts.has('accountkey')) {
    if (!parts.get('accountname')) return 'has an AccountKey but no AccountName';
    const protocol = parts.get('defaultendpointsprotocol')?.toLowerCase();
    if (protocol !== 'https' && protocol !== 'http') return 'has no DefaultEndpointsProtocol=https';
    if (!parts.get('blobendpoint') && !parts.get('endpointsuffix'))
      return 'has neither a BlobEndpoint nor an EndpointSuffix';
    return undefined;
  }
  if (parts.has('sharedaccesssignature')) {
    if (!/^https?:\/\//.test(parts.get('blobendpoint') ?? ''))
      return 'has a SharedAccessSignature but no BlobEndpoint';
    return undefined;
  }
  return 'is not a storage connection string (it needs AccountName and AccountKey, or BlobEndpoint and SharedAccessSignature)';
}
