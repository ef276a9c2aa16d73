import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RestError } from '@azure/storage-blob';
import type { Config } from '../config';
import { ConfigError } from '../errors';
import { AzureBlobStorage } from './azureBlobStorage';
import { SqliteStorage } from './sqliteStorage';
import type { Storage } from './storage';

/** SQLite's file in DATA_DIR. */
export const SQLITE_FILE = 'bot.sqlite';

export type StorageSettings = Pick<
  Config,
  'storage' | 'dataDir' | 'azureStorageConnectionString' | 'azureStorageContainer'
>;

/**
 * Opens the configured backend, ready for use. Settings that cannot work (a folder that cannot be
 * written, an account that refuses the key or does not answer) stop start-up with a ConfigError
 * naming the variable to fix.
 */
export async function openStorage(settings: StorageSettings): Promise<Storage> {
  if (settings.storage === 'azure-blob') return openAzure(settings);
  try {
    mkdirSync(settings.dataDir, { recursive: true });
  } catch (err) {
    throw new ConfigError([
      {
        variable: 'DATA_DIR',
        problem: `${settings.dataDir} could not be created (${(err as NodeJS.ErrnoException).code ?? err})`,
        fix: 'point DATA_DIR at a folder the service can write to',
      },
    ]);
  }
  const file = join(settings.dataDir, SQLITE_FILE);
  try {
    return SqliteStorage.open(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM')
      throw new ConfigError([
        {
          variable: 'DATA_DIR',
          problem: `${file} could not be opened for writing (${code})`,
          fix: 'point DATA_DIR at a folder the service can write to',
        },
      ]);
    throw err;
  }
}

async function openAzure(settings: StorageSettings): Promise<Storage> {
  try {
    return await AzureBlobStorage.open(settings.azureStorageConnectionString, settings.azureStorageContainer);
  } catch (err) {
    throw new ConfigError([azureProblem(err, settings.azureStorageContainer)]);
  }
}

/** Turns the SDK's failure into the setting an admin should check. Never quotes the connection string. */
function azureProblem(err: unknown, container: string): { variable: string; problem: string; fix: string } {
  if (!(err instanceof RestError))
    return {
      variable: 'AZURE_STORAGE_CONNECTION_STRING',
      problem: `was refused by the Azure SDK: ${(err as Error).message}`,
      fix: "copy the whole connection string from the storage account's Access keys in the Azure portal",
    };
  const status = err.statusCode;
  if (status === 403 || status === 401)
    return {
      variable: 'AZURE_STORAGE_CONNECTION_STRING',
      problem: `the storage account refused its credentials (HTTP ${status}${err.code ? ` ${err.code}` : ''})`,
      fix: "copy a current connection string from the storage account's Access keys (keys may have been rotated)",
    };
  if (status === 400 && /ContainerName|ResourceName/i.test(err.code ?? ''))
    return {
      variable: 'AZURE_STORAGE_CONTAINER',
      problem: `"${container}" was refused by the storage account (${err.code})`,
      fix: 'use 3 to 63 lowercase letters, digits and single hyphens',
    };
  if (status === undefined)
    return {
      variable: 'AZURE_STORAGE_CONNECTION_STRING',
      problem: `the storage account did not answer (${err.code ?? err.message})`,
      fix: 'check the account name or BlobEndpoint in the connection string, and that this host can reach it',
    };
  return {
    variable: 'AZURE_STORAGE_CONNECTION_STRING',
    problem: `the storage account answered HTTP ${status}${err.code ? ` ${err.code}` : ''} when the container was opened`,
    fix: 'check the connection string and that its key or SAS allows creating, reading, writing, deleting and listing blobs',
  };
}
