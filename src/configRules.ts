import { z } from 'zod';
import { azureConnectionStringProblem } from './azureConnectionString';
import { GUID, SECRET_FIX, text } from './configSchema';

const CONTAINER_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

const is = (raw: string, value: string): boolean => raw.toLowerCase() === value.toLowerCase();

/**
 * Rules between variables. They read the trimmed text, not the checked values, so they run (and
 * are reported) even when a variable they look at has its own problem.
 */
export const combinationsSchema = z
  .object({
    MicrosoftAppId: text,
    MicrosoftAppPassword: text,
    MicrosoftAppType: text,
    MicrosoftAppTenantId: text,
    STORAGE: text,
    AZURE_STORAGE_CONNECTION_STRING: text,
    AZURE_STORAGE_CONTAINER: text,
    USER_KEY_SECRET: text,
  })
  .superRefine((env, ctx) => {
    const problem = (variable: string, message: string, fix: string): void =>
      ctx.addIssue({ code: 'custom', path: [variable], message, params: { fix } });
    if (env.MicrosoftAppId !== '') {
      if (!is(env.MicrosoftAppType, 'UserAssignedMSI') && env.MicrosoftAppPassword === '')
        problem(
          'MicrosoftAppPassword',
          'is empty while MicrosoftAppId is set',
          "set the app registration's client secret",
        );
      if (is(env.MicrosoftAppType, 'SingleTenant') && !GUID.test(env.MicrosoftAppTenantId))
        problem(
          'MicrosoftAppTenantId',
          'must be a tenant GUID for a SingleTenant app',
          'set the Entra tenant id of the app registration',
        );
    }
    if (!is(env.STORAGE, 'azure-blob')) return;
    const connection = env.AZURE_STORAGE_CONNECTION_STRING;
    const connectionProblem = connection === '' ? undefined : azureConnectionStringProblem(connection);
    if (connection === '')
      problem(
        'AZURE_STORAGE_CONNECTION_STRING',
        'is empty while STORAGE=azure-blob',
        "copy a connection string from the storage account's Access keys in the Azure portal",
      );
    else if (connectionProblem)
      problem(
        'AZURE_STORAGE_CONNECTION_STRING',
        connectionProblem,
        "copy the whole connection string from the storage account's Access keys in the Azure portal",
      );
    const container = env.AZURE_STORAGE_CONTAINER;
    if (container === '')
      problem(
        'AZURE_STORAGE_CONTAINER',
        'is empty while STORAGE=azure-blob',
        'name the blob container for the bot, for example health-equity-bot (created if missing)',
      );
    else if (!CONTAINER_NAME.test(container))
      problem(
        'AZURE_STORAGE_CONTAINER',
        `"${container}" is not a valid container name`,
        'use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit',
      );
    if (env.USER_KEY_SECRET === '')
      problem(
        'USER_KEY_SECRET',
        'is empty while STORAGE=azure-blob: each instance would generate its own and hash users differently',
        `${SECRET_FIX}, then set the same value on every instance`,
      );
  });
