import type Database from 'better-sqlite3';
import { StorageClosedError } from './errors';

/** A change waiting for the batch: run inside it, then told how it went once the batch commits. */
interface Pending {
  /** Runs the change as its own savepoint and keeps its outcome; never throws. */
  attempt(): void;
  /** Resolves or rejects with the kept outcome: called only after the batch committed. */
  settle(): void;
  /** The batch could not be written: rejects with why. */
  fail(err: unknown): void;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; err: unknown };

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
      let outcome: Outcome<T> = { ok: false, err: new Error('change not run') };
      this.pending.push({
        attempt: () => {
          try {
            outcome = { ok: true, value: this.db.transaction(run)() };
          } catch (err) {
            outcome = { ok: false, err };
          }
        },
        settle: () => (outcome.ok ? resolve(outcome.value) : reject(outcome.err)),
        fail: reject,
      });
    });
  }

  /** Commits what is waiting now (the close path calls it so nothing asked for is dropped). */
  flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    if (!this.db.open) {
      for (const p of batch) p.fail(new StorageClosedError('sqlite'));
      return;
    }
    try {
      this.db.transaction(() => {
        for (const p of batch) p.attempt();
      })();
    } catch (err) {
      // The commit itself failed (disk full, I/O error): nothing of the batch was written.
      for (const p of batch) p.fail(err);
      return;
    }
    for (const p of batch) p.settle();
  }
}
