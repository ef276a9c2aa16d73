import { DateTime } from 'luxon';
import type { KnowledgeEntry } from '../knowledge/entry';
import type { Reply } from '../routing/reply';
import { composeDigest, type PromptLine, type TipLine } from './compose';
import { entryHashes } from './entryHashes';
import { DIGEST_TIME_ZONE, type DigestSchedule, describeSchedule, weekNumber } from './schedule';

export interface DigestContent {
  /** The principle entries in the order they rotate, from knowledge/digest.yaml. */
  principles: readonly KnowledgeEntry[];
  entries: readonly KnowledgeEntry[];
  tips: { all: readonly TipLine[] };
  prompts: { all: readonly PromptLine[]; topic(id: string): { title: string } | undefined };
}

/** "This digest comes every Monday at 09:00 (UK time)". */
export const scheduleLine = (schedule: DigestSchedule): string =>
  `This digest comes ${describeSchedule(schedule)} (UK time)`;

/** Binds the pure composition to the loaded content; the hashes are worked out once. */
export class DigestComposer {
  private readonly currentHashes: ReadonlyMap<string, string>;

  constructor(private readonly content: DigestContent) {
    this.currentHashes = entryHashes(content.entries);
  }

  hashes(): ReadonlyMap<string, string> {
    return this.currentHashes;
  }

  compose(
    subscription: { schedule: DigestSchedule; lastHashes?: Record<string, string> },
    runAt: Date,
    answerCounts: Record<string, number>,
  ): Reply {
    const london = DateTime.fromJSDate(runAt, { zone: DIGEST_TIME_ZONE });
    const heading =
      subscription.schedule.cadence === 'monthly'
        ? london.toFormat('MMMM yyyy')
        : `Week beginning ${london.startOf('week').toFormat('d MMMM yyyy')}`;
    return composeDigest({
      week: weekNumber(runAt),
      heading,
      schedule: scheduleLine(subscription.schedule),
      principles: this.content.principles,
      tips: this.content.tips.all,
      prompts: this.content.prompts.all,
      topicOf: (prompt) => this.content.prompts.topic(prompt.topic),
      entries: this.content.entries,
      hashes: this.currentHashes,
      previousHashes: subscription.lastHashes,
      answerCounts,
    });
  }
}
