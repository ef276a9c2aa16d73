import { createHmac } from 'node:crypto';
import { isStorageConflictError } from './errors';
import { userKey } from './keys';
import type { Storage } from './storage';

export type FlagValue = string | number | boolean | null;
type Flags = Record<string, FlagValue>;

/** Attempts of a read-modify-write before giving up to a busier writer. */
const ATTEMPTS = 5;

/**
 * Small per-user settings (seen the tour, opted out of tips...). The user is known only by an
 * HMAC of their AAD object id under USER_KEY_SECRET: the store never holds the id itself, and
 * without the secret a stored key cannot be matched to a person.
 */
export class UserFlags {
  constructor(
    private readonly storage: Pick<Storage, 'read' | 'write' | 'create' | 'delete'>,
    private readonly secret: string,
  ) {}

  /** The key a user's flags are stored under. */
  keyFor(aadObjectId: string): string {
    // AAD object ids are GUIDs, which Teams may send in either case.
    return userKey(createHmac('sha256', this.secret).update(aadObjectId.toLowerCase()).digest('hex'));
  }

  async get(aadObjectId: string): Promise<Flags> {
    const key = this.keyFor(aadObjectId);
    const item = (await this.storage.read([key])).get(key);
    return { ...(item?.value as { flags?: Flags } | undefined)?.flags };
  }

  /** Sets one flag, keeping the others, even when another instance changes them at the same time. */
  async set(aadObjectId: string, name: string, value: FlagValue): Promise<void> {
    const key = this.keyFor(aadObjectId);
    for (let attempt = 1; ; attempt++) {
      try {
        const item = (await this.storage.read([key])).get(key);
        if (!item) await this.storage.create(key, { flags: { [name]: value } });
        else {
          const flags = { ...(item.value as { flags?: Flags }).flags, [name]: value };
          await this.storage.write([{ key, value: { flags }, eTag: item.eTag }]);
        }
        return;
      } catch (err) {
        if (!isStorageConflictError(err) || attempt === ATTEMPTS) throw err;
      }
    }
  }

  async clear(aadObjectId: string): Promise<void> {
    await this.storage.delete([this.keyFor(aadObjectId)]);
  }
}
