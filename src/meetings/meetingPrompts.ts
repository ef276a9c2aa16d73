import { cardReply, textReply } from '../routing/reply';
import type { CommandHandler, EventHandler, Turn } from '../routing/turn';
import { installationDataKey, type Storage } from '../storage';

/** The words that may follow `meeting`; anything else makes the message a question. */
export const MEETING_SUBCOMMANDS = ['prompts'] as const;

const USAGE =
  'Type **meeting prompts on** to get a short card when a Teams meeting in this chat starts and a reflection when it ends, **meeting prompts off** to stop them.';
/** A meeting title is shown, not stored or logged; a very long one is cut. */
const MAX_TITLE_CHARS = 120;

/**
 * Opening and closing cards for Teams meetings, per chat, off unless someone turns them on. The
 * events come when a meeting actually starts and ends (someone joins, the last one leaves), not
 * at its scheduled times.
 */
export class MeetingPrompts {
  constructor(private readonly storage: Pick<Storage, 'read' | 'write' | 'delete'>) {}

  private key(turn: Turn): string {
    return installationDataKey(
      turn.where.installationId,
      'meeting-prompts',
      turn.where.reference.conversation.id,
    );
  }

  private async isOn(turn: Turn): Promise<boolean> {
    const key = this.key(turn);
    return (await this.storage.read([key])).has(key);
  }

  readonly command: CommandHandler = async (turn, args) => {
    const [, setting = ''] = args.toLowerCase().split(/\s+/);
    if (turn.where.conversationType === 'personal')
      return turn.reply(
        textReply(
          'Meeting prompts are for a meeting chat, group chat or channel: type **meeting prompts on** there.',
        ),
      );
    if (setting === 'on') {
      await this.storage.write([{ key: this.key(turn), value: { on: true } }]);
      turn.log.info({ event: 'meeting-prompts', on: true }, 'meeting prompts turned on');
      return turn.reply(
        textReply(
          'Meeting prompts on: a short card when a meeting here starts, and a reflection when it ends. Type **meeting prompts off** to stop them.',
        ),
      );
    }
    if (setting === 'off') {
      await this.storage.delete([this.key(turn)]);
      turn.log.info({ event: 'meeting-prompts', on: false }, 'meeting prompts turned off');
      return turn.reply(textReply('Meeting prompts off. Type **meeting prompts on** to start them again.'));
    }
    const state = (await this.isOn(turn)) ? 'Meeting prompts are on here.' : 'Meeting prompts are off here.';
    return turn.reply(textReply(`${state} ${USAGE}`));
  };

  readonly started: EventHandler = async (turn, details) => {
    if (!(await this.isOn(turn))) return;
    const title = (details?.meetingTitle ?? '').trim().slice(0, MAX_TITLE_CHARS);
    await turn.reply(cardReply('meeting-open', { title, hasTitle: title !== '' }, 'The meeting has started'));
  };

  readonly ended: EventHandler = async (turn) => {
    if (!(await this.isOn(turn))) return;
    await turn.reply(cardReply('meeting-close', {}, 'Before you go: what did we learn?'));
  };
}
