import { type BlobItem, ContainerClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';
import { blobNameOf, blobPrefixOf, keyOfBlob } from './blobNames';
import { checkKey, checkLimit, checkPrefix, mapLimit, serialise } from './codec';
import { StorageClosedError, StorageConflictError, StorageError } from './errors';
import type { ListOptions, ListPage, Storage, StoredItem, WriteItem } from './storage';

/** Requests in flight at once for one multi-key call. */
const PARALLEL = 16;

/**
 * Fail in seconds rather than minutes: the SDK's default (4 tries from a 4 s delay) would hold a
 * turn, or /healthz, for half a minute when the account is unreachable.
 */
const PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 30000 },
};

/**
 * Azure Blob Storage: one blob per key in one container, for several instances sharing state.
 * Conditional requests give the concurrency guarantees: If-None-Match `*` for create, If-Match
 * for writes with an eTag. Blob names come from blobNames.ts (one to one, prefix-preserving).
 */
export class AzureBlobStorage implements Storage {
  readonly backend = 'azure-blob' as const;
  private closed = false;

  private constructor(private readonly container: ContainerClient) {}

  /** Connects and creates the container if it is missing; rejects when the account cannot be used. */
  static async open(connectionString: string, containerName: string): Promise<AzureBlobStorage> {
    const container = new ContainerClient(connectionString, containerName, PIPELINE);
    await container.createIfNotExists();
    return new AzureBlobStorage(container);
  }

  private blob(key: string) {
    if (this.closed) throw new StorageClosedError(this.backend);
    const { name, metadata } = blobNameOf(checkKey(key));
    return { client: this.container.getBlockBlobClient(name), metadata };
  }

  async read(keys: readonly string[]): Promise<Map<string, StoredItem>> {
    const blobs = keys.map((key) => ({ key, client: this.blob(key).client }));
    const items = await mapLimit(blobs, PARALLEL, async ({ key, client }) => {
      try {
        const response = await client.download();
        const body = await readAll(response.readableStreamBody);
        return { key, value: JSON.parse(body) as unknown, eTag: response.etag ?? '' };
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw wrap(err, 'read', key);
      }
    });
    return new Map(items.filter((i) => i !== undefined).map((i) => [i.key, i]));
  }

  async write(items: readonly WriteItem[]): Promise<string[]> {
    const prepared = items.map((item) => ({
      ...this.blob(item.key),
      key: item.key,
      body: serialise(item.key, item.value),
      eTag: item.eTag,
    }));
    return mapLimit(prepared, PARALLEL, async ({ client, metadata, key, body, eTag }) => {
      try {
        const response = await client.upload(body, Buffer.byteLength(body, 'utf8'), {
          blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
          metadata,
          conditions: eTag === undefined ? undefined : { ifMatch: eTag },
        });
        return response.etag ?? '';
      } catch (err) {
        // 412: the eTag moved on; 404: the blob is gone, which a conditional write also loses to.
        const status = statusOf(err);
        if (eTag !== undefined && (status === 412 || status === 404))
          throw new StorageConflictError('write', key, { cause: err });
        throw wrap(err, 'write', key);
      }
    });
  }

  async create(key: string, value: unknown): Promise<string> {
    const { client, metadata } = this.blob(key);
    const body = serialise(key, value);
    try {
      const response = await client.upload(body, Buffer.byteLength(body, 'utf8'), {
        blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
        metadata,
        conditions: { ifNoneMatch: '*' },
      });
      return response.etag ?? '';
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 412) throw new StorageConflictError('create', key, { cause: err });
      throw wrap(err, 'create', key);
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    const blobs = keys.map((key) => ({ key, client: this.blob(key).client }));
    await mapLimit(blobs, PARALLEL, async ({ key, client }) => {
      try {
        await client.deleteIfExists();
      } catch (err) {
        throw wrap(err, 'delete', key);
      }
    });
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    if (this.closed) throw new StorageClosedError(this.backend);
    checkPrefix(prefix);
    const limit = checkLimit(options);
    try {
      const pages = this.container
        .listBlobsFlat({ prefix: blobPrefixOf(prefix), includeMetadata: true })
        .byPage({ maxPageSize: limit, continuationToken: options?.continuation });
      const { value: page } = await pages.next();
      const blobs: BlobItem[] = page?.segment.blobItems ?? [];
      const keys = blobs
        .map((blob) => keyOfBlob(blob.name, blob.metadata))
        // A prefix longer than a cut name matches more names than keys: keep the keys that match.
        .filter((key): key is string => key?.startsWith(prefix) === true);
      const continuation = page?.continuationToken || undefined;
      return continuation ? { keys, continuation } : { keys };
    } catch (err) {
      throw wrap(err, 'list', prefix);
    }
  }

  async ping(): Promise<void> {
    if (this.closed) throw new StorageClosedError(this.backend);
    await this.container.getProperties();
  }

  async close(): Promise<void> {
    // The SDK holds no connection that needs closing; refuse further use like the other backends.
    this.closed = true;
  }
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function statusOf(err: unknown): number | undefined {
  return err instanceof RestError ? err.statusCode : undefined;
}

function wrap(err: unknown, operation: string, key: string): StorageError {
  let reason = String(err);
  if (err instanceof RestError) {
    const status = err.statusCode ? `HTTP ${err.statusCode}` : 'no answer';
    reason = err.code ? `${status} (${err.code})` : status;
  }
  return new StorageError(`Azure Blob Storage ${operation} failed: ${reason}`, key, { cause: err });
}
