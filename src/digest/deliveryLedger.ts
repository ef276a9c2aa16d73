import { installationDataKey, isStorageConflictError, type Storage } from '../storage';

export type DeliveryState =
  /** Claimed by a run that is sending it (or died while sending it: then nobody can know). */
  | 'claimed'
  | 'sent'
  /** Teams refused for good (403, 404): the subscription is turned off. */
  | 'refused';

export interface DeliveryRecord {
  state: DeliveryState;
  at: string;
  attempts?: number;
  activityId?: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; existing: DeliveryRecord | undefined };

/**
 * One record per conversation per period, claimed with create-if-absent before the send and
 * completed after it. Whoever claims sends; a record already there means another run sent it, is
 * sending it, or died while sending it, and in none of those cases may this run send again.
 * Records live in the installation's data, so an uninstall removes them.
 */
export class DeliveryLedger {
  constructor(
    private readonly storage: Pick<Storage, 'create' | 'read' | 'write' | 'delete'>,
    private readonly now: () => Date,
  ) {}

  private key(installationId: string, conversationId: string, period: string): string {
    return installationDataKey(installationId, 'digest-delivery', conversationId, period);
  }

  async claim(installationId: string, conversationId: string, period: string): Promise<ClaimResult> {
    const key = this.key(installationId, conversationId, period);
    try {
      await this.storage.create(key, {
        state: 'claimed',
        at: this.now().toISOString(),
      } satisfies DeliveryRecord);
      return { claimed: true };
    } catch (err) {
      if (!isStorageConflictError(err)) throw err;
      const existing = (await this.storage.read([key])).get(key)?.value as DeliveryRecord | undefined;
      return { claimed: false, existing };
    }
  }

  async complete(
    installationId: string,
    conversationId: string,
    period: string,
    record: Omit<DeliveryRecord, 'at'>,
  ): Promise<void> {
    const key = this.key(installationId, conversationId, period);
    await this.storage.write([{ key, value: { ...record, at: this.now().toISOString() } }]);
  }

  /** A send that certainly did not arrive (an error answer, not a timeout): the next run may try again. */
  async release(installationId: string, conversationId: string, period: string): Promise<void> {
    await this.storage.delete([this.key(installationId, conversationId, period)]);
  }
}
