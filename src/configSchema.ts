import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export const STORAGE_BACKENDS = ['sqlite', 'azure-blob'] as const;
/** USER_KEY_SECRET shorter than this is refused: it is the key of an HMAC. */
export const MIN_USER_KEY_SECRET_LENGTH = 32;

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SECRET_FIX =
  'generate one with `node -e "console.log(crypto.randomBytes(32).toString(\'hex\'))"` and keep it for good';

/** A variable's problem in the admin's words; the issue's path names the variable. */
export interface Refusal {
  problem: string;
  fix: string;
}
const refuse = (problem: string, fix: string): Refusal => ({ problem, fix });
const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'problem' in value && 'fix' in value;

/** One variable, trimmed (unset reads as ''), then read or refused with its fix. */
function variable<T>(read: (raw: string) => T | Refusal) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const out = read((value ?? '').trim());
      if (!isRefusal(out)) return out;
      ctx.addIssue({ code: 'custom', message: out.problem, params: { fix: out.fix } });
      return z.NEVER;
    });
}

/** A variable taken as it is, trimmed ('' when unset). */
export const text = variable((raw) => raw);

const wholeNumber = (fallback: number, min: number, max: number, fix: string) =>
  variable((raw) => {
    if (raw === '') return fallback;
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max
      ? value
      : refuse(`"${raw}" is not a whole number from ${min} to ${max}`, fix);
  });

/** One of a fixed list, compared without regard to case; `shown` is how a refused value is quoted. */
const oneOf = <T extends string>(
  values: readonly T[],
  fallback: T,
  what: string,
  fix: string,
  shown: (raw: string) => string = (raw) => raw,
) =>
  variable((raw): T | Refusal => {
    if (raw === '') return fallback;
    return (
      values.find((v) => v.toLowerCase() === raw.toLowerCase()) ??
      refuse(`"${shown(raw)}" is not ${what}`, fix)
    );
  });

const guidOrEmpty = (fix: string) =>
  variable((raw) => (raw === '' || GUID.test(raw) ? raw : refuse('is not a GUID', fix)));

/** Empty when unset: the caller puts in the placeholder page. */
const httpsAddress = variable((raw) =>
  raw === '' || /^https:\/\/[^\s/]+\.[^\s]+$/.test(raw)
    ? raw
    : refuse(`"${raw}" is not an https:// address`, 'give the full https:// address of the page'),
);

/** A comma-separated list of GUIDs, lower-cased: Teams sends tenant and AAD object ids in lower case. */
const guidList = (what: string, fix: string) =>
  variable((raw) => {
    const ids = raw
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '');
    const bad = ids.filter((t) => !GUID.test(t));
    return bad.length === 0 ? ids : refuse(`not ${what}: ${bad.join(', ')}`, fix);
  });

const tenantIds = guidList('tenant GUIDs', 'give a comma-separated list of Entra tenant ids');
const adminIds = guidList(
  'AAD object ids',
  "give a comma-separated list of the admins' Entra object ids (Entra admin centre, Users, Object ID)",
);

/** A Teams channel id, for instance 19:abc...@thread.tacv2; as a channel link has it (%3a, %40) too. */
const channelId = variable((raw) => {
  let id = raw;
  try {
    id = decodeURIComponent(raw);
  } catch {
    // Not URL-encoded after all: checked as typed.
  }
  return id === '' || /^19:[^\s;/]{1,200}@thread\.(tacv2|skype)$/.test(id)
    ? id
    : refuse(
        `"${raw.slice(0, 80)}" is not a Teams channel id`,
        "copy the channel's id (19:...@thread.tacv2) from its link in Teams, or leave it empty and type `experts here` in the channel",
      );
});

const userKeySecret = variable((raw) =>
  raw === '' || raw.length >= MIN_USER_KEY_SECRET_LENGTH
    ? raw
    : refuse(`is ${raw.length} characters; it needs at least ${MIN_USER_KEY_SECRET_LENGTH}`, SECRET_FIX),
);

/** Each variable on its own: its format, range or list of values, and its default. */
export const variablesSchema = z.object({
  PORT: wholeNumber(3978, 0, 65535, 'set PORT to a free TCP port such as 3978, or leave it unset'),
  SHUTDOWN_GRACE_MS: wholeNumber(
    10000,
    0,
    600000,
    'set SHUTDOWN_GRACE_MS to milliseconds, for example 10000',
  ),
  MAX_BODY_BYTES: wholeNumber(
    262144,
    1024,
    10485760,
    'set MAX_BODY_BYTES to a size in bytes, for example 262144',
  ),
  RATE_LIMIT_PER_MINUTE: wholeNumber(
    30,
    0,
    10000,
    'set RATE_LIMIT_PER_MINUTE to messages a user may send per minute, for example 30 (0 for no limit)',
  ),
  MicrosoftAppId: guidOrEmpty("copy the Azure Bot's Microsoft App ID, or leave it empty for local mode"),
  MicrosoftAppPassword: text,
  MicrosoftAppType: oneOf(APP_TYPES, 'MultiTenant', 'a known app type', `use one of ${APP_TYPES.join(', ')}`),
  MicrosoftAppTenantId: text,
  ALLOWED_TENANT_IDS: tenantIds,
  HOST: text,
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info', 'a log level', `use one of ${LOG_LEVELS.join(', ')}`, (raw) =>
    raw.toLowerCase(),
  ),
  TEAMS_APP_ID: guidOrEmpty(
    'generate one (for example with `node -e "console.log(crypto.randomUUID())"`) and keep it for good',
  ),
  PRIVACY_URL: httpsAddress,
  TERMS_URL: httpsAddress,
  STORAGE: oneOf(
    STORAGE_BACKENDS,
    'sqlite',
    'a storage backend',
    'use sqlite (one instance, the default) or azure-blob (several instances)',
    (raw) => raw.toLowerCase(),
  ),
  DATA_DIR: variable((raw) => raw || './data'),
  AZURE_STORAGE_CONNECTION_STRING: text,
  AZURE_STORAGE_CONTAINER: text,
  USER_KEY_SECRET: userKeySecret,
  DIGEST_TRIGGER_SECRET: variable((raw) =>
    raw === '' || raw.length >= MIN_USER_KEY_SECRET_LENGTH
      ? raw
      : refuse(
          `is ${raw.length} characters; it needs at least ${MIN_USER_KEY_SECRET_LENGTH}`,
          `${SECRET_FIX}, or leave it empty to turn POST /api/digest/run off`,
        ),
  ),
  DIGEST_SENDS_PER_SEC: wholeNumber(
    50,
    1,
    50,
    "set DIGEST_SENDS_PER_SEC to digests sent a second across all channels, at most 50 (Teams' limit per bot)",
  ),
  DIGEST_CHECK_SECONDS: wholeNumber(
    60,
    0,
    3600,
    'set DIGEST_CHECK_SECONDS to how often to look for due digests, for example 60 (0 turns the scheduler off)',
  ),
  ADMIN_AAD_IDS: adminIds,
  EXPERTS_CHANNEL_ID: channelId,
  QUESTION_RETENTION_DAYS: wholeNumber(
    90,
    1,
    3650,
    'set QUESTION_RETENTION_DAYS to the days unanswered questions and tickets are kept, for example 90',
  ),
  DIGEST_LEASE_SECONDS: wholeNumber(
    60,
    3,
    3600,
    'set DIGEST_LEASE_SECONDS to how long a digest run holds its lease unless renewed, for example 60',
  ),
});
