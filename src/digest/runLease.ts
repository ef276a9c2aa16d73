import { randomUUID } from 'node:crypto';
import { isStorageConflictError, type Storage } from '../storage';

const LEASE_KEY = 'digest/lease';

interface Lease {
  holder: string;
  expiresAt: string;
}

/**
 * Several instances share storage and each has a scheduler: the one that takes the lease runs the
 * digests, the others skip. A lease expires, so an instance that dies holding it blocks the next
 * run only until then; taking over an expired lease is a conditional write, so only one succeeds.
 */
export class RunLease {
  readonly holder = randomUUID();

  constructor(
    private readonly storage: Pick<Storage, 'create' | 'read' | 'write' | 'delete'>,
    private readonly now: () => Date,
    readonly ttlMs = 60_000,
  ) {}

  private value(): Lease {
    return { holder: this.holder, expiresAt: new Date(this.now().getTime() + this.ttlMs).toISOString() };
  }

  async take(): Promise<boolean> {
    try {
      await this.storage.create(LEASE_KEY, this.value());
      return true;
    } catch (err) {
      if (!isStorageConflictError(err)) throw err;
    }
    const current = (await this.storage.read([LEASE_KEY])).get(LEASE_KEY);
    if (!current) return this.take();
    const lease = current.value as Lease;
    if (new Date(lease.expiresAt).getTime() > this.now().getTime()) return false;
    try {
      await this.storage.write([{ key: LEASE_KEY, value: this.value(), eTag: current.eTag }]);
      return true;
    } catch (err) {
      if (isStorageConflictError(err)) return false;
      throw err;
    }
  }

  private renewing: Promise<boolean> | undefined;

  /**
   * Extends the lease while a long run is still going. A renewal asked for while one is in flight
   * shares it: two would read the same eTag, and the second's conflict would look like a lost lease.
   */
  renew(): Promise<boolean> {
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<boolean> {
    const current = (await this.storage.read([LEASE_KEY])).get(LEASE_KEY);
    if ((current?.value as Lease | undefined)?.holder !== this.holder) return false;
    try {
      await this.storage.write([{ key: LEASE_KEY, value: this.value(), eTag: current!.eTag }]);
      return true;
    } catch (err) {
      if (isStorageConflictError(err)) return false;
      throw err;
    }
  }

  /** Ends the lease now, unless another instance already took it over (a conditional write). */
  async release(): Promise<void> {
    const current = (await this.storage.read([LEASE_KEY])).get(LEASE_KEY);
    if ((current?.value as Lease | undefined)?.holder !== this.holder) return;
    const expired: Lease = { holder: '', expiresAt: new Date(0).toISOString() };
    try {
      await this.storage.write([{ key: LEASE_KEY, value: expired, eTag: current!.eTag }]);
    } catch (err) {
      if (!isStorageConflictError(err)) throw err;
    }
  }
}
