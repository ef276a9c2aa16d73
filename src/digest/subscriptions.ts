import {
  type ConversationReferenceRecord,
  installationDataKey,
  isStorageConflictError,
  type Storage,
} from '../storage';
import type { DigestSchedule } from './schedule';

/** One conversation's digest: where to post, when, and what the last one showed. */
export interface DigestSubscription {
  installationId: string;
  reference: ConversationReferenceRecord;
  schedule: DigestSchedule;
  /** When it was turned on (ISO): a run scheduled before this is not owed. */
  since: string;
  /** False once Teams said the bot may no longer post there (403, 404). */
  active: boolean;
  inactiveReason?: string;
  /** The period key of the last digest delivered, and when. */
  lastPeriod?: string;
  lastDeliveredAt?: string;
  /** Entry hashes at the last digest: the next one lists what changed since. */
  lastHashes?: Record<string, string>;
}

const INDEX_PREFIX = 'digest/index/';
const enc = encodeURIComponent;

/**
 * The subscription lives in its installation's data, so uninstalling (or `npm run erase`) removes
 * it with everything else. A small index entry, holding only the two ids, lets a run find every
 * subscription with one listing; an entry whose subscription is gone is dropped on sight.
 */
export class DigestSubscriptions {
  constructor(private readonly storage: Pick<Storage, 'read' | 'write' | 'delete' | 'list'>) {}

  private key(installationId: string, conversationId: string): string {
    return installationDataKey(installationId, 'digest', conversationId);
  }

  private indexKey(installationId: string, conversationId: string): string {
    return `${INDEX_PREFIX}${enc(installationId)}/${enc(conversationId)}`;
  }

  async get(installationId: string, conversationId: string): Promise<DigestSubscription | undefined> {
    const key = this.key(installationId, conversationId);
    return (await this.storage.read([key])).get(key)?.value as DigestSubscription | undefined;
  }

  async put(subscription: DigestSubscription): Promise<void> {
    const { installationId } = subscription;
    const conversationId = subscription.reference.conversation.id;
    await this.storage.write([
      { key: this.key(installationId, conversationId), value: subscription },
      { key: this.indexKey(installationId, conversationId), value: { installationId, conversationId } },
    ]);
  }

  /**
   * Changes a subscription that still exists, as a conditional write: a run marking a delivery
   * never brings back a subscription that `digest off` removed meanwhile.
   */
  async update(
    installationId: string,
    conversationId: string,
    change: (current: DigestSubscription) => DigestSubscription,
  ): Promise<void> {
    const key = this.key(installationId, conversationId);
    for (let attempt = 1; ; attempt++) {
      const item = (await this.storage.read([key])).get(key);
      if (!item) return;
      try {
        await this.storage.write([{ key, value: change(item.value as DigestSubscription), eTag: item.eTag }]);
        return;
      } catch (err) {
        if (!isStorageConflictError(err) || attempt === 5) throw err;
      }
    }
  }

  async remove(installationId: string, conversationId: string): Promise<void> {
    await this.storage.delete([
      this.key(installationId, conversationId),
      this.indexKey(installationId, conversationId),
    ]);
  }

  /** Every subscription, page by page; index entries left by removed installations are cleaned up. */
  async *all(): AsyncGenerator<DigestSubscription> {
    let continuation: string | undefined;
    do {
      const page = await this.storage.list(INDEX_PREFIX, { limit: 500, continuation });
      const pairs = page.keys.map((k) => k.slice(INDEX_PREFIX.length).split('/').map(decodeURIComponent));
      const keys = pairs.map(([installationId, conversationId]) => this.key(installationId, conversationId));
      const found = await this.storage.read(keys);
      const stale: string[] = [];
      for (let i = 0; i < keys.length; i++) {
        const item = found.get(keys[i]);
        if (item) yield item.value as DigestSubscription;
        else stale.push(page.keys[i]);
      }
      if (stale.length > 0) await this.storage.delete(stale);
      continuation = page.continuation;
    } while (continuation);
  }
}
