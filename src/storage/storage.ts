/**
 * The one storage interface of the bot. Every feature keeps its state through it; which backend
 * holds the data (SQLite on one machine, Azure Blob Storage for several instances) is chosen at
 * start-up and never seen outside src/storage.
 *
 * Keys are any well-formed strings of 1 to {@link MAX_KEY_BYTES} UTF-8 bytes, and map to the
 * backend one to one: `a/b` and `a//b`, keys differing only in case or only in their last
 * character, and Teams ids such as `19:x@thread.tacv2;messageid=1` are all different items.
 * Values are anything JSON can carry, up to {@link MAX_VALUE_BYTES} once serialised.
 */
export interface Storage {
  readonly backend: StorageBackend;

  /** The items that exist among `keys`, by key; missing keys are simply absent. */
  read(keys: readonly string[]): Promise<Map<string, StoredItem>>;

  /**
   * Writes each item and resolves with the new eTags, in order. An item with an `eTag` is written
   * only if the stored item still has that eTag; otherwise (including when the item no longer
   * exists) the call rejects with StorageConflictError naming the key. An item without an `eTag`
   * overwrites whatever is there. A write of several items is not atomic: after a conflict the
   * other items may or may not have been written.
   */
  write(items: readonly WriteItem[]): Promise<string[]>;

  /**
   * Creates the item only if the key does not exist, and resolves with its eTag; rejects with
   * StorageConflictError if it does. Of several callers racing for one key, on one instance or
   * many, exactly one wins: use it for leases and once-only records.
   */
  create(key: string, value: unknown): Promise<string>;

  /** Deletes the keys that exist; missing keys are not an error. */
  delete(keys: readonly string[]): Promise<void>;

  /**
   * One page of the keys starting with `prefix` (`''` lists everything). A page holds at most
   * `limit` keys (default 1000) and may hold fewer, even none, while `continuation` is set: pass it
   * back to get the next page; the listing is complete when it is absent. The order of keys is the
   * backend's own.
   */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;

  /** One cheap round trip that proves the backend answers; rejects when it does not. */
  ping(): Promise<void>;

  /** Releases the backend; later calls reject with StorageClosedError. Safe to call twice. */
  close(): Promise<void>;
}

export type StorageBackend = 'sqlite' | 'azure-blob';

export interface StoredItem<T = unknown> {
  key: string;
  value: T;
  /** Opaque version of the item; changes on every write. */
  eTag: string;
}

export interface WriteItem {
  key: string;
  value: unknown;
  /** Write only if the stored item still has this eTag (optimistic concurrency). */
  eTag?: string;
}

export interface ListOptions {
  limit?: number;
  continuation?: string;
}

export interface ListPage {
  keys: string[];
  continuation?: string;
}

/** Longest key, in UTF-8 bytes (Azure keeps long keys in blob metadata, which has an 8 KB limit). */
export const MAX_KEY_BYTES = 2048;
/** Largest value, as serialised JSON in UTF-8 bytes. */
export const MAX_VALUE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_LIST_LIMIT = 1000;
