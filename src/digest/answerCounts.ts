import { isStorageConflictError, type Storage } from '../storage';
import { dayOf, deleteDaysBefore } from '../storage/dayKeys';

const PREFIX = 'digest/answered/';
const ATTEMPTS = 5;
/** Counts older than this are deleted: a digest after a longer gap shows the last 62 days anyway. */
export const COUNT_RETENTION_DAYS = 92;

/**
 * How often each knowledge entry was given as an answer, per day: entry ids and numbers only, no
 * question and no person. Counting is in memory and written in batches (`flush`), so answering a
 * question never waits for storage; several instances merge into the same day's record.
 */
export class AnswerCounts {
  private pending = new Map<string, Map<string, number>>();

  constructor(
    private readonly storage: Pick<Storage, 'read' | 'write' | 'create' | 'list' | 'delete'>,
    private readonly now: () => Date,
  ) {}

  add(entryId: string): void {
    const day = dayOf(this.now());
    const counts = this.pending.get(day) ?? new Map<string, number>();
    counts.set(entryId, (counts.get(entryId) ?? 0) + 1);
    this.pending.set(day, counts);
  }

  /** Writes what was counted since the last flush, merging with what other instances wrote. */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = new Map();
    for (const [day, counts] of pending) await this.merge(day, counts);
  }

  private async merge(day: string, counts: Map<string, number>): Promise<void> {
    const key = `${PREFIX}${day}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const item = (await this.storage.read([key])).get(key);
        const stored = {
          ...((item?.value as { counts?: Record<string, number> } | undefined)?.counts ?? {}),
        };
        for (const [id, n] of counts) stored[id] = (stored[id] ?? 0) + n;
        if (item) await this.storage.write([{ key, value: { counts: stored }, eTag: item.eTag }]);
        else await this.storage.create(key, { counts: stored });
        return;
      } catch (err) {
        if (!isStorageConflictError(err) || attempt === ATTEMPTS) throw err;
      }
    }
  }

  /** Deletes the days older than COUNT_RETENTION_DAYS. */
  async prune(): Promise<void> {
    await deleteDaysBefore(
      this.storage,
      PREFIX,
      dayOf(new Date(this.now().getTime() - COUNT_RETENTION_DAYS * 86_400_000)),
    );
  }

  /** Counts per entry id over the days from `from` to `to`, both included (whole UTC days). */
  async between(from: Date, to: Date): Promise<Record<string, number>> {
    const keys: string[] = [];
    for (
      let day = new Date(`${dayOf(from)}T00:00:00Z`);
      day <= to;
      day = new Date(day.getTime() + 86_400_000)
    )
      keys.push(`${PREFIX}${dayOf(day)}`);
    const total: Record<string, number> = {};
    // A digest after a long gap reads at most the last 62 days.
    for (const item of (await this.storage.read(keys.slice(-62))).values())
      for (const [id, n] of Object.entries((item.value as { counts?: Record<string, number> }).counts ?? {}))
        total[id] = (total[id] ?? 0) + n;
    return total;
  }
}
