import { randomBytes } from 'node:crypto';
import { StorageInputError } from './errors';
import { DEFAULT_LIST_LIMIT, type ListOptions, MAX_KEY_BYTES, MAX_VALUE_BYTES } from './storage';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks a key against the contract; every backend calls it, so all accept exactly the same keys. */
export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key === '')
    throw new StorageInputError('a storage key must be a non-empty string');
  // A lone surrogate has no UTF-8 form: two different such keys would become the same bytes.
  if (LONE_SURROGATE.test(key)) throw new StorageInputError('a storage key must be well-formed Unicode', key);
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
    throw new StorageInputError(`a storage key may be at most ${MAX_KEY_BYTES} bytes of UTF-8`, key);
  return key;
}

/** A prefix follows the key rules, except that it may be empty. */
export function checkPrefix(prefix: unknown): string {
  if (prefix === '') return '';
  return checkKey(prefix);
}

export function checkLimit(options: ListOptions | undefined): number {
  const limit = options?.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
    throw new StorageInputError('a list limit must be a whole number from 1 to 5000');
  return limit;
}

/** The stored form of a value: JSON, within the size limit. */
export function serialise(key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    throw new StorageInputError('a stored value must be JSON-serialisable', key, { cause: err });
  }
  if (json === undefined) throw new StorageInputError('a stored value must be JSON-serialisable', key);
  if (Buffer.byteLength(json, 'utf8') > MAX_VALUE_BYTES)
    throw new StorageInputError(`a stored value may be at most ${MAX_VALUE_BYTES} bytes of JSON`, key);
  return json;
}

/** A fresh, unguessable eTag (SQLite has none of its own). */
export const newETag = (): string => `"${randomBytes(12).toString('base64url')}"`;

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
