/** Any failure of the storage layer; `key` names the item concerned when there is one. */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';
  constructor(
    message: string,
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A conditional write lost: `create` found the key already there, or `write` found a different
 * eTag (someone else wrote first, or the item was deleted). Read again and decide.
 */
export class StorageConflictError extends StorageError {
  override readonly name = 'StorageConflictError';
  constructor(
    readonly operation: 'create' | 'write',
    key: string,
    options?: { cause?: unknown },
  ) {
    super(
      operation === 'create'
        ? `storage conflict: "${preview(key)}" already exists`
        : `storage conflict: "${preview(key)}" changed since it was read (stale eTag)`,
      key,
      options,
    );
  }
}

/** A key or value the storage contract does not accept (empty, too long, not JSON...). */
export class StorageInputError extends StorageError {
  override readonly name = 'StorageInputError';
}

/** The store was closed (the service is shutting down). */
export class StorageClosedError extends StorageError {
  override readonly name = 'StorageClosedError';
  constructor(backend: string) {
    super(`the ${backend} store is closed`);
  }
}

export const isStorageError = (e: unknown): e is StorageError => e instanceof StorageError;
export const isStorageConflictError = (e: unknown): e is StorageConflictError =>
  e instanceof StorageConflictError;

/** Keys can be 2 KB long: messages show the start and the end. */
function preview(key: string): string {
  return key.length <= 120 ? key : `${key.slice(0, 60)}...${key.slice(-40)} (${key.length} characters)`;
}
