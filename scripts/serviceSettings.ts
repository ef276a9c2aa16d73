import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative } from 'node:path';
import { loadConfig } from '../src/config';
import type { variablesSchema } from '../src/configSchema';
import { ConfigError } from '../src/errors';
import { PROJECT_ROOT } from '../src/paths';
import { EnvironmentError, type EnvLookup, environmentArgument, readEnvironment } from './toolkitEnv';

/**
 * `npm run settings -- --env NAME --out FILE`: the service's settings for an Agents Toolkit
 * environment, checked with the service's own rules before anything is deployed, written as
 * - ARM deployment parameters for infra/azure.bicep when FILE ends in .json
 *   (m365agents.yml: build/azure.parameters.dev.json), or
 * - an environment file the service starts with (`node --env-file=FILE`) otherwise
 *   (m365agents.local.yml: .localConfigs).
 *
 * Why not the Toolkit's own `${{VAR}}` placeholders in a committed parameters file: the Toolkit
 * refuses to deploy while any placeholder there is empty, and many of the service's settings are
 * empty on purpose (no extra tenants, no digest trigger, no experts' channel yet).
 */

type ServiceVariable = keyof typeof variablesSchema.shape;

/** Where Azure gets a service variable from. */
type AzureSource =
  | { param: string; secure?: boolean }
  /** Not from the env file: infra/azure.bicep or the platform sets it, for the reason given. */
  | { setBy: string };

export interface ServiceSetting {
  variable: ServiceVariable;
  /** Its name in env/.env.NAME; undefined when no environment chooses it. */
  env?: string;
  azure: AzureSource;
}

/** Every variable the service reads (src/configSchema.ts), and where each deployment gets it. */
export const SERVICE_SETTINGS: readonly ServiceSetting[] = [
  { variable: 'PORT', env: 'PORT', azure: { setBy: 'App Service sets PORT itself and forwards to it' } },
  { variable: 'HOST', env: 'HOST', azure: { param: 'host' } },
  { variable: 'MicrosoftAppId', env: 'BOT_ID', azure: { param: 'botId' } },
  {
    variable: 'MicrosoftAppPassword',
    env: 'SECRET_BOT_PASSWORD',
    azure: { param: 'botPassword', secure: true },
  },
  {
    variable: 'MicrosoftAppType',
    azure: { setBy: 'infra/azure.bicep: SingleTenant, as the Azure Bot it creates' },
  },
  { variable: 'MicrosoftAppTenantId', env: 'TEAMS_APP_TENANT_ID', azure: { param: 'botTenantId' } },
  { variable: 'ALLOWED_TENANT_IDS', env: 'ALLOWED_TENANT_IDS', azure: { param: 'allowedTenantIds' } },
  { variable: 'TEAMS_APP_ID', env: 'TEAMS_APP_ID', azure: { param: 'teamsAppId' } },
  { variable: 'LOG_LEVEL', env: 'LOG_LEVEL', azure: { param: 'logLevel' } },
  { variable: 'SHUTDOWN_GRACE_MS', env: 'SHUTDOWN_GRACE_MS', azure: { param: 'shutdownGraceMs' } },
  { variable: 'MAX_BODY_BYTES', env: 'MAX_BODY_BYTES', azure: { param: 'maxBodyBytes' } },
  { variable: 'RATE_LIMIT_PER_MINUTE', env: 'RATE_LIMIT_PER_MINUTE', azure: { param: 'rateLimitPerMinute' } },
  { variable: 'PRIVACY_URL', env: 'PRIVACY_URL', azure: { param: 'privacyUrl' } },
  { variable: 'TERMS_URL', env: 'TERMS_URL', azure: { param: 'termsUrl' } },
  { variable: 'STORAGE', env: 'STORAGE', azure: { param: 'storage' } },
  { variable: 'DATA_DIR', env: 'DATA_DIR', azure: { param: 'dataDir' } },
  {
    variable: 'AZURE_STORAGE_CONNECTION_STRING',
    env: 'SECRET_AZURE_STORAGE_CONNECTION_STRING',
    azure: { setBy: 'infra/azure.bicep, from the key of the storage account it creates' },
  },
  {
    variable: 'AZURE_STORAGE_CONTAINER',
    env: 'AZURE_STORAGE_CONTAINER',
    azure: { param: 'storageContainer' },
  },
  {
    variable: 'USER_KEY_SECRET',
    env: 'SECRET_USER_KEY_SECRET',
    azure: { param: 'userKeySecret', secure: true },
  },
  {
    variable: 'DIGEST_TRIGGER_SECRET',
    env: 'SECRET_DIGEST_TRIGGER_SECRET',
    azure: { param: 'digestTriggerSecret', secure: true },
  },
  { variable: 'DIGEST_SENDS_PER_SEC', env: 'DIGEST_SENDS_PER_SEC', azure: { param: 'digestSendsPerSec' } },
  { variable: 'DIGEST_CHECK_SECONDS', env: 'DIGEST_CHECK_SECONDS', azure: { param: 'digestCheckSeconds' } },
  { variable: 'DIGEST_LEASE_SECONDS', env: 'DIGEST_LEASE_SECONDS', azure: { param: 'digestLeaseSeconds' } },
  { variable: 'ADMIN_AAD_IDS', env: 'ADMIN_AAD_IDS', azure: { param: 'adminAadIds' } },
  { variable: 'EXPERTS_CHANNEL_ID', env: 'EXPERTS_CHANNEL_ID', azure: { param: 'expertsChannelId' } },
  {
    variable: 'QUESTION_RETENTION_DAYS',
    env: 'QUESTION_RETENTION_DAYS',
    azure: { param: 'questionRetentionDays' },
  },
];

/** Parameters of infra/azure.bicep about the Azure resources rather than the service. */
export const INFRA_PARAMETERS: readonly {
  param: string;
  env: string;
  value: (lookup: EnvLookup) => string | number;
}[] = [
  // The Toolkit generates RESOURCE_SUFFIX on its first provision, so names are unique per environment.
  {
    param: 'resourceBaseName',
    env: 'RESOURCE_SUFFIX',
    value: (l) => `heq${l('RESOURCE_SUFFIX')}`.toLowerCase(),
  },
  {
    param: 'botDisplayName',
    env: 'APP_NAME_SUFFIX',
    value: (l) => `Health Equity ${l('APP_NAME_SUFFIX')}`.trim(),
  },
  { param: 'webAppSku', env: 'AZURE_APP_SERVICE_SKU', value: (l) => l('AZURE_APP_SERVICE_SKU') || 'B1' },
  {
    param: 'instanceCount',
    env: 'AZURE_APP_SERVICE_INSTANCES',
    value: (l) => Number(l('AZURE_APP_SERVICE_INSTANCES') || '1'),
  },
];

/** A connection string that passes the service's check, standing in for the one Bicep makes. */
const BICEP_MADE_CONNECTION_STRING =
  'DefaultEndpointsProtocol=https;AccountName=madebybicep;AccountKey=bWFkZWJ5YmljZXA=;EndpointSuffix=core.windows.net';

export type Target = 'azure' | 'local';

export class SettingsRefused extends Error {
  override name = 'SettingsRefused';
}

/** `the service's name (its name in env/.env.NAME)`, for messages. */
const shown = (variable: string): string => {
  const setting = SERVICE_SETTINGS.find((s) => s.variable === variable);
  return setting?.env && setting.env !== variable ? `${setting.env} (the service's ${variable})` : variable;
};

/**
 * The service's variables for one environment and target, refused with every problem at once
 * (named as env/.env.NAME names them) when the service would refuse them or Azure cannot use them.
 */
export function serviceEnvironment(lookup: EnvLookup, env: string, target: Target): Record<string, string> {
  const service: Record<string, string> = {};
  for (const setting of SERVICE_SETTINGS) {
    if (target === 'azure' && 'setBy' in setting.azure) continue;
    service[setting.variable] = setting.env ? lookup(setting.env) : '';
  }
  service.MicrosoftAppType = service.MicrosoftAppId !== '' || target === 'azure' ? 'SingleTenant' : '';

  const problems: string[] = [];
  const check = { ...service };
  if (target === 'azure') {
    if (service.MicrosoftAppId === '')
      problems.push(
        'BOT_ID is empty: in Azure the service must authenticate requests (provisioning with the Toolkit writes it)',
      );
    if (!/^[a-z0-9]{1,17}$/i.test(lookup('RESOURCE_SUFFIX')))
      problems.push(
        `RESOURCE_SUFFIX "${lookup('RESOURCE_SUFFIX')}" is not 1 to 17 letters and digits: the Toolkit ` +
          'generates one when it provisions; set one yourself when you deploy without it',
      );
    const instances = Number(lookup('AZURE_APP_SERVICE_INSTANCES') || '1');
    if (!Number.isInteger(instances) || instances < 1 || instances > 30)
      problems.push(`AZURE_APP_SERVICE_INSTANCES "${lookup('AZURE_APP_SERVICE_INSTANCES')}" is not 1 to 30`);
    else if (instances > 1 && service.STORAGE.toLowerCase() !== 'azure-blob')
      problems.push(
        `AZURE_APP_SERVICE_INSTANCES is ${instances} but STORAGE is not azure-blob: SQLite serves one instance only`,
      );
    if (service.STORAGE.toLowerCase() === 'azure-blob')
      check.AZURE_STORAGE_CONNECTION_STRING = BICEP_MADE_CONNECTION_STRING;
  }
  try {
    loadConfig(check);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) problems.push(`${shown(p.variable)}: ${p.problem} (fix: ${p.fix})`);
  }
  if (problems.length > 0)
    throw new SettingsRefused(
      `the settings of environment ${env} would not work; fix them in env/.env.${env} ` +
        `(secrets in env/.env.${env}.user):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return service;
}

/** ARM deployment parameters for infra/azure.bicep. Holds secrets: written for the owner alone. */
export function azureParameters(lookup: EnvLookup, env: string): Record<string, unknown> {
  const service = serviceEnvironment(lookup, env, 'azure');
  const parameters: Record<string, { value: string | number }> = {};
  for (const setting of SERVICE_SETTINGS)
    if ('param' in setting.azure) parameters[setting.azure.param] = { value: service[setting.variable] };
  for (const infra of INFRA_PARAMETERS) parameters[infra.param] = { value: infra.value(lookup) };
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
    contentVersion: '1.0.0.0',
    parameters,
  };
}

/** An environment file for `node --env-file`: every variable, double-quoted. */
export function localEnvironmentFile(lookup: EnvLookup, env: string): string {
  const service = serviceEnvironment(lookup, env, 'local');
  const lines = [`# Made by npm run settings -- --env ${env} from env/.env.${env}; do not edit.`];
  for (const [variable, value] of Object.entries(service)) {
    if (/["\n\r]/.test(value))
      throw new SettingsRefused(`${shown(variable)} holds a double quote or a line break`);
    lines.push(`${variable}="${value}"`);
  }
  return `${lines.join('\n')}\n`;
}

function main(): void {
  const { env, rest } = environmentArgument(process.argv.slice(2));
  const outAt = rest.indexOf('--out');
  const out = outAt >= 0 ? rest[outAt + 1] : undefined;
  if (!env || !out || rest.length !== 2)
    throw new SettingsRefused('usage: npm run settings -- --env NAME --out FILE (.json: ARM parameters)');
  const file = isAbsolute(out) ? out : join(PROJECT_ROOT, out);
  const lookup = readEnvironment(env, process.env);
  const text =
    extname(file) === '.json'
      ? `${JSON.stringify(azureParameters(lookup, env), null, 2)}\n`
      : localEnvironmentFile(lookup, env);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  process.stdout.write(`Wrote ${relative(PROJECT_ROOT, file)} (it holds secrets: keep it out of git)\n`);
}

if (require.main === module)
  try {
    main();
  } catch (err) {
    if (!(err instanceof SettingsRefused || err instanceof EnvironmentError)) throw err;
    process.stderr.write(`Settings not written: ${err.message}\n`);
    process.exit(1);
  }
