import { installationDataKey, isStorageConflictError, type Storage } from '../storage';
import type { HuddleState } from './huddle';

export type Change<T> = (current: HuddleState | undefined) => { next: HuddleState | null; result: T };

/**
 * One huddle per conversation, in its installation's data (an uninstall removes it). Every change
 * is a conditional write on what was read, retried on a conflict: two presses at once are applied
 * one after the other, and the second then sees the first's version.
 */
export class HuddleStore {
  constructor(private readonly storage: Pick<Storage, 'read' | 'write' | 'create' | 'delete'>) {}

  private key(installationId: string, conversationId: string): string {
    return installationDataKey(installationId, 'huddle', conversationId);
  }

  async get(installationId: string, conversationId: string): Promise<HuddleState | undefined> {
    const key = this.key(installationId, conversationId);
    return (await this.storage.read([key])).get(key)?.value as HuddleState | undefined;
  }

  /** Applies `change` to the stored state; `next: null` deletes it (a finished huddle keeps nothing). */
  async change<T>(installationId: string, conversationId: string, change: Change<T>): Promise<T> {
    const key = this.key(installationId, conversationId);
    for (let attempt = 1; ; attempt++) {
      const item = (await this.storage.read([key])).get(key);
      const { next, result } = change(item?.value as HuddleState | undefined);
      try {
        if (next === null) {
          if (item) await this.storage.delete([key]);
        } else if (item) await this.storage.write([{ key, value: next, eTag: item.eTag }]);
        else await this.storage.create(key, next);
        return result;
      } catch (err) {
        if (!isStorageConflictError(err) || attempt === 10) throw err;
      }
    }
  }
}
