import { DateTime } from 'luxon';
import { type Reply, textReply } from '../routing/reply';
import type { CommandHandler, Turn } from '../routing/turn';
import type { AnswerCounts } from './answerCounts';
import { type DigestComposer, scheduleLine } from './digestComposer';
import {
  DIGEST_TIME_ZONE,
  type DigestSchedule,
  describeSchedule,
  nextRunAt,
  parseSchedule,
  periodKey,
} from './schedule';
import type { DigestSubscriptions } from './subscriptions';

/** The words that may follow `digest`; anything else makes the message a question. */
export const DIGEST_SUBCOMMANDS = ['on', 'off', 'preview', 'status'] as const;

const USAGE =
  'Type **digest on** (every Monday at 09:00), or add when: **digest on fortnightly tuesday 10:30**, ' +
  '**digest on monthly**. **digest status** says when the next one comes, **digest preview** shows one now, ' +
  '**digest off** stops it.';

/** "Monday 7 December at 09:00". */
const when = (at: Date): string =>
  DateTime.fromJSDate(at, { zone: DIGEST_TIME_ZONE }).toFormat("cccc d MMMM 'at' HH:mm");

export interface DigestRepliesDeps {
  subscriptions: DigestSubscriptions;
  composer: DigestComposer;
  counts: Pick<AnswerCounts, 'between'>;
  now: () => Date;
}

/** `digest on|off|preview|status` in a channel or group chat. */
export class DigestReplies {
  constructor(private readonly deps: DigestRepliesDeps) {}

  readonly command: CommandHandler = async (turn, args) => {
    const [word = '', ...rest] = args.trim().split(/\s+/);
    const sub = word.toLowerCase().replace(/[.!?,;:]+$/, '');
    if (turn.where.conversationType === 'personal')
      return turn.reply(
        textReply(
          'Digests are for a team channel or a group chat: add me there, then @mention me with **digest on**. ' +
            'In this chat, ask me anything, or type **help**.',
        ),
      );
    if (sub === 'on') return this.on(turn, rest.join(' '));
    if (sub === 'off') return this.off(turn);
    if (sub === 'preview') return this.preview(turn);
    return this.status(turn, sub === 'status' ? '' : USAGE);
  };

  private async on(turn: Turn, words: string): Promise<void> {
    const parsed = parseSchedule(words);
    if (!parsed.ok)
      return turn.reply(
        textReply(
          `I didn't understand ${parsed.notUnderstood.map((w: string) => `"${w}"`).join(', ')}. ${USAGE}`,
        ),
      );
    const now = this.deps.now();
    const { installationId, reference } = turn.where;
    const existing = await this.deps.subscriptions.get(installationId, reference.conversation.id);
    // Anchored on the next matching day, so "every other Tuesday" starts next Tuesday, not in two weeks.
    const today = now.toISOString().slice(0, 10);
    const firstDay = periodKey(
      nextRunAt({ ...parsed.schedule, cadence: 'weekly', anchor: today }, now),
    ).slice(0, 10);
    const schedule: DigestSchedule = { ...parsed.schedule, anchor: firstDay };
    await this.deps.subscriptions.put({
      installationId,
      reference,
      schedule,
      since: now.toISOString(),
      active: true,
      // Turning it on again keeps what the last digest showed, so "new since" stays true.
      lastPeriod: existing?.lastPeriod,
      lastDeliveredAt: existing?.lastDeliveredAt,
      lastHashes: existing?.lastHashes,
    });
    turn.log.info({ event: 'digest-on', cadence: schedule.cadence }, 'digest turned on');
    await turn.reply(
      textReply(
        `Digest on: ${describeSchedule(schedule)} (UK time). The first one comes on ${when(nextRunAt(schedule, now))}. ` +
          'Type **digest preview** to see what it looks like, or **digest off** to stop it.',
      ),
    );
  }

  private async off(turn: Turn): Promise<void> {
    const { installationId, reference } = turn.where;
    const existing = await this.deps.subscriptions.get(installationId, reference.conversation.id);
    await this.deps.subscriptions.remove(installationId, reference.conversation.id);
    turn.log.info({ event: 'digest-off' }, 'digest turned off');
    await turn.reply(
      textReply(
        existing
          ? 'Digest off. Type **digest on** to start it again.'
          : `The digest was not on here. ${USAGE}`,
      ),
    );
  }

  private async preview(turn: Turn): Promise<void> {
    const { installationId, reference } = turn.where;
    const existing = await this.deps.subscriptions.get(installationId, reference.conversation.id);
    const now = this.deps.now();
    const schedule = existing?.schedule ?? { cadence: 'weekly', day: 'monday', time: '09:00', anchor: '' };
    const since = new Date(existing?.lastDeliveredAt ?? now.getTime() - 7 * 86_400_000);
    const card: Reply = this.deps.composer.compose(
      { schedule, lastHashes: existing?.lastHashes },
      now,
      await this.deps.counts.between(since, now),
    );
    await turn.reply({ ...card, text: existing ? undefined : `A preview. ${USAGE}` });
  }

  private async status(turn: Turn, prefix: string): Promise<void> {
    const { installationId, reference } = turn.where;
    const existing = await this.deps.subscriptions.get(installationId, reference.conversation.id);
    const lead = prefix === '' ? '' : `${prefix}\n\n`;
    if (!existing)
      return turn.reply(textReply(`${lead}The digest is off here.${prefix === '' ? ` ${USAGE}` : ''}`));
    if (!existing.active)
      return turn.reply(
        textReply(
          `${lead}The digest stopped: Teams no longer lets me post here. Type **digest on** to start it again.`,
        ),
      );
    const last = existing.lastDeliveredAt
      ? ` The last one came on ${when(new Date(existing.lastDeliveredAt))}.`
      : '';
    await turn.reply(
      textReply(
        `${lead}Digest on: ${scheduleLine(existing.schedule).replace('This digest comes ', '')}. ` +
          `The next one comes on ${when(nextRunAt(existing.schedule, this.deps.now()))}.${last}`,
      ),
    );
  }
}
