import type Database from 'better-sqlite3';
import { StorageClosedError } from './errors';

interface Pending {
  run: () => unknown;
  resolve: (value: never) => void;
  reject: (err: unknown) => void;
}

/**
 * Commits the changes asked for in one pass of the event loop as one transaction, so they share
 * one disk sync: with `synchronous = FULL` each commit waits for the disk, on the event loop's
 * thread. Nothing is acknowledged before its commit, so no write is less durable than alone. Each
 * change runs as its own savepoint: one that throws (a conflict) is undone and rejected alone.
 */
export class GroupCommit {
  private pending: Pending[] = [];

  constructor(private readonly db: Database.Database) {}

  add<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ run, resolve: resolve as (value: never) => void, reject });
    });
  }

  /** Commits what is waiting now (the close path calls it so nothing asked for is dropped). */
  flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (!this.db.open) {
      for (const p of batch) p.reject(new StorageClosedError('sqlite'));
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      this.db.transaction(() => {
        for (const p of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(p.run)() });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
      })();
    } catch (err) {
      // The commit itself failed (disk full, I/O error): nothing of the batch was written.
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.value as never);
      else p.reject(o.err);
    });
  }
}
