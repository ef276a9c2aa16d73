import type { Storage } from './storage';

/** The UTC day of a time, as records kept by day are keyed (`<prefix><YYYY-MM-DD>...`). */
export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/** Deletes every key under `prefix` whose day part sorts before `day`: retention by whole days. */
export async function deleteDaysBefore(
  storage: Pick<Storage, 'list' | 'delete'>,
  prefix: string,
  day: string,
): Promise<void> {
  const cutoff = `${prefix}${day}`;
  let continuation: string | undefined;
  do {
    const page = await storage.list(prefix, { continuation });
    const old = page.keys.filter((k) => k < cutoff);
    if (old.length > 0) await storage.delete(old);
    continuation = page.continuation;
  } while (continuation);
}

/** `deleteDaysBefore` at most once a UTC day per instance, for stores that prune as they write. */
export class DailyPrune {
  private doneOn = '';

  constructor(
    private readonly storage: Pick<Storage, 'list' | 'delete'>,
    private readonly prefix: string,
    private readonly retentionDays: number,
  ) {}

  async run(now: Date): Promise<void> {
    const today = dayOf(now);
    if (this.doneOn === today) return;
    this.doneOn = today;
    await deleteDaysBefore(
      this.storage,
      this.prefix,
      dayOf(new Date(now.getTime() - this.retentionDays * 86_400_000)),
    );
  }
}

/** The values of the keys under `prefix` whose day part is `fromDay` or later, in no set order. */
export async function readDaysFrom<T>(
  storage: Pick<Storage, 'read' | 'list'>,
  prefix: string,
  fromDay: string,
): Promise<T[]> {
  const out: T[] = [];
  let continuation: string | undefined;
  do {
    const page = await storage.list(prefix, { continuation });
    const keys = page.keys.filter((k) => k.slice(prefix.length, prefix.length + 10) >= fromDay);
    if (keys.length > 0) for (const item of (await storage.read(keys)).values()) out.push(item.value as T);
    continuation = page.continuation;
  } while (continuation);
  return out;
}
