import { randomUUID } from 'node:crypto';
import { redact } from '../redact';
import { isStorageConflictError, type Storage } from '../storage';
import { DailyPrune, dayOf, readDaysFrom } from '../storage/dayKeys';

const PREFIX = 'feedback/';
/** How long feedback is kept (days): long enough for content owners' monthly review. */
export const FEEDBACK_RETENTION_DAYS = 90;

/** One "Was this helpful?" press. No names, no user ids: who pressed is never kept. */
export interface FeedbackRecord {
  entryId: string;
  /** The knowledge version the answer came from, so feedback on since-changed text can be told apart. */
  knowledgeVersion: string;
  helpful: boolean;
  /** What the person typed after "No", redacted. */
  comment?: string;
  at: string;
  conversationType: string;
}

/** Feedback by day, deleted after FEEDBACK_RETENTION_DAYS (checked at most once a day per instance). */
export class FeedbackStore {
  private readonly prune: DailyPrune;

  constructor(
    private readonly storage: Pick<Storage, 'create' | 'read' | 'write' | 'list' | 'delete'>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prune = new DailyPrune(storage, PREFIX, FEEDBACK_RETENTION_DAYS);
  }

  /** Stores a press; the reference lets a later comment join it. */
  async record(feedback: Omit<FeedbackRecord, 'at'>): Promise<string> {
    const now = this.now();
    const key = `${PREFIX}${dayOf(now)}/${randomUUID()}`;
    await this.storage.create(key, { ...feedback, at: now.toISOString() } satisfies FeedbackRecord);
    await this.prune.run(now);
    return key;
  }

  /** Every press on or after `since`'s day (the gap report). */
  async since(since: Date): Promise<FeedbackRecord[]> {
    await this.prune.run(this.now());
    return readDaysFrom<FeedbackRecord>(this.storage, PREFIX, dayOf(since));
  }

  /** Adds a comment to a stored press; false when the reference is unknown (pruned, or forged). */
  async comment(reference: string, text: string): Promise<boolean> {
    if (!reference.startsWith(PREFIX) || reference.length > 100) return false;
    for (let attempt = 1; ; attempt++) {
      const item = (await this.storage.read([reference])).get(reference);
      if (!item) return false;
      const value: FeedbackRecord = {
        ...(item.value as FeedbackRecord),
        comment: redact(text.trim().slice(0, 1000)),
      };
      try {
        await this.storage.write([{ key: reference, value, eTag: item.eTag }]);
        return true;
      } catch (err) {
        if (!isStorageConflictError(err) || attempt === 5) throw err;
      }
    }
  }
}
