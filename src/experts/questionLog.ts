import { randomUUID } from 'node:crypto';
import type { Storage } from '../storage';
import { DailyPrune, dayOf, readDaysFrom } from '../storage/dayKeys';

const PREFIX = 'questions/';

/** Why a question was kept: the search found nothing, only guesses, or the answer did not help. */
export type WeakReason = 'none' | 'suggest' | 'not-helpful';

/**
 * A question the knowledge base did not answer well, for the content owners' gap report. No user
 * identity; the text is redacted before it gets here.
 */
export interface WeakQuestion {
  text: string;
  reason: WeakReason;
  /** The best candidate's score (0 when there was none); for not-helpful, the entry given. */
  topScore: number;
  topEntry?: string;
  at: string;
  conversationType: string;
}

/** Weak questions by day, deleted after the retention (checked at most once a day per instance). */
export class QuestionLog {
  private readonly prune: DailyPrune;

  constructor(
    private readonly storage: Pick<Storage, 'create' | 'read' | 'list' | 'delete'>,
    readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.prune = new DailyPrune(storage, PREFIX, retentionDays);
  }

  async record(question: Omit<WeakQuestion, 'at'>): Promise<void> {
    const now = this.now();
    await this.storage.create(`${PREFIX}${dayOf(now)}/${randomUUID()}`, {
      ...question,
      at: now.toISOString(),
    } satisfies WeakQuestion);
    await this.prune.run(now);
  }

  /** Every kept question asked on or after `since`'s day. */
  async since(since: Date): Promise<WeakQuestion[]> {
    await this.prune.run(this.now());
    return readDaysFrom<WeakQuestion>(this.storage, PREFIX, dayOf(since));
  }
}
