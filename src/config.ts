import { isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { combinationsSchema } from './configRules';
import { type APP_TYPES, type LOG_LEVELS, type STORAGE_BACKENDS, variablesSchema } from './configSchema';
import { ConfigError } from './errors';
import { PROJECT_ROOT } from './paths';

export { MIN_USER_KEY_SECRET_LENGTH } from './configSchema';
export type LogLevel = (typeof LOG_LEVELS)[number];
export type AppType = (typeof APP_TYPES)[number];
export type StorageKind = (typeof STORAGE_BACKENDS)[number];

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
  /** Bearer secret of POST /api/digest/run; empty turns the route off (404). */
  digestTriggerSecret: string;
  /** Digest sends a second, across all channels. */
  digestSendsPerSecond: number;
  /** How often this instance looks for due digests; 0 turns its scheduler off. */
  digestCheckSeconds: number;
  /** How long a digest run's lease lasts unless renewed: how long a crashed run delays the rest. */
  digestLeaseSeconds: number;
  /** Lower-case AAD object ids of the people who may set the experts' channel. */
  adminAadIds: readonly string[];
  /** The experts' channel when set by the environment; empty: set in Teams with `experts here`. */
  expertsChannelId: string;
  /** Days weak questions and untouched tickets are kept before deletion. */
  questionRetentionDays: number;
  /** Non-fatal findings to log once the logger exists. */
  warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const problemsOf = (error: z.ZodError | undefined) =>
  (error?.issues ?? []).map((issue) => ({
    variable: String(issue.path[0]),
    problem: issue.message,
    fix: String((issue as { params?: { fix?: unknown } }).params?.fix ?? 'see .env.example'),
  }));

/**
 * The only reader of the environment, called once at start-up. Every variable and every rule
 * between them is checked before failing, so one start-up attempt tells an admin everything that
 * needs fixing.
 */
export function loadConfig(env: Env): Config {
  const variables = variablesSchema.safeParse(env);
  const combinations = combinationsSchema.safeParse(env);
  const problems = [...problemsOf(variables.error), ...problemsOf(combinations.error)];
  if (!variables.success || problems.length > 0) throw new ConfigError(problems);
  const v = variables.data;

  const warnings: string[] = [];
  const localMode = v.MicrosoftAppId === '';
  let allowedTenantIds = v.ALLOWED_TENANT_IDS;
  if (allowedTenantIds.length === 0 && v.MicrosoftAppType === 'SingleTenant' && v.MicrosoftAppTenantId !== '')
    allowedTenantIds = [v.MicrosoftAppTenantId.toLowerCase()];
  if (!localMode && allowedTenantIds.length === 0)
    warnings.push('ALLOWED_TENANT_IDS is empty: activities from every tenant will be served');
  if (v.TEAMS_APP_ID === '') warnings.push('TEAMS_APP_ID is not set: the app package uses a placeholder id');
  const azureSettings = v.AZURE_STORAGE_CONNECTION_STRING !== '' || v.AZURE_STORAGE_CONTAINER !== '';
  if (v.STORAGE !== 'azure-blob' && azureSettings)
    warnings.push('AZURE_STORAGE_* is set but STORAGE is not azure-blob: the settings are ignored');
  if (localMode) warnings.push('MicrosoftAppId is empty: local mode, requests are NOT authenticated');

  return {
    port: v.PORT,
    host: v.HOST !== '' ? v.HOST : localMode ? '127.0.0.1' : '0.0.0.0',
    localMode,
    microsoftAppId: v.MicrosoftAppId,
    microsoftAppPassword: v.MicrosoftAppPassword,
    microsoftAppType: v.MicrosoftAppType,
    microsoftAppTenantId: v.MicrosoftAppTenantId,
    allowedTenantIds,
    teamsAppId: v.TEAMS_APP_ID !== '' ? v.TEAMS_APP_ID : PLACEHOLDER_TEAMS_APP_ID,
    logLevel: v.LOG_LEVEL,
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
    maxBodyBytes: v.MAX_BODY_BYTES,
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    privacyUrl: v.PRIVACY_URL !== '' ? v.PRIVACY_URL : PLACEHOLDER_PRIVACY_URL,
    termsUrl: v.TERMS_URL !== '' ? v.TERMS_URL : PLACEHOLDER_TERMS_URL,
    storage: v.STORAGE,
    dataDir: isAbsolute(v.DATA_DIR) ? v.DATA_DIR : join(PROJECT_ROOT, v.DATA_DIR),
    azureStorageConnectionString: v.AZURE_STORAGE_CONNECTION_STRING,
    azureStorageContainer: v.AZURE_STORAGE_CONTAINER,
    userKeySecret: v.USER_KEY_SECRET,
    digestTriggerSecret: v.DIGEST_TRIGGER_SECRET,
    digestSendsPerSecond: v.DIGEST_SENDS_PER_SEC,
    digestCheckSeconds: v.DIGEST_CHECK_SECONDS,
    digestLeaseSeconds: v.DIGEST_LEASE_SECONDS,
    adminAadIds: v.ADMIN_AAD_IDS,
    expertsChannelId: v.EXPERTS_CHANNEL_ID,
    questionRetentionDays: v.QUESTION_RETENTION_DAYS,
    warnings,
  };
}
