import { textReply } from '../routing/reply';
import type { CommandHandler, Turn } from '../routing/turn';
import type { ExpertsChannel } from './expertsChannel';

export const EXPERTS_SUBCOMMANDS = ['here', 'status'] as const;

/**
 * `experts here`: an admin (by Entra object id, from ADMIN_AAD_IDS) makes this channel the expert
 * team's; `experts` alone says where it is.
 */
export class ExpertsReplies {
  constructor(
    private readonly channel: ExpertsChannel,
    /** Lower case. */
    private readonly adminIds: readonly string[],
  ) {}

  readonly command: CommandHandler = async (turn, args) => {
    const word = args.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    await turn.reply(textReply(word === 'here' ? await this.here(turn) : await this.status(turn)));
  };

  private async here(turn: Turn): Promise<string> {
    if (this.channel.configuredId !== '')
      return (await this.channel.isHere(turn.where.reference.conversation.id))
        ? "This is already the expert team's channel (set by EXPERTS_CHANNEL_ID in the service's settings)."
        : "The expert team's channel is set by EXPERTS_CHANNEL_ID in the service's settings; change it there.";
    if (turn.where.conversationType !== 'channel')
      return 'Type `experts here` in the team channel where the expert team works: tickets are posted to a channel.';
    if (this.adminIds.length === 0)
      return 'No admins are named yet: whoever runs the assistant lists them in ADMIN_AAD_IDS (or sets EXPERTS_CHANNEL_ID).';
    const person = turn.person();
    if (person.aadObjectId === '' || !this.adminIds.includes(person.aadObjectId)) {
      turn.log.info({ event: 'experts-here-refused' }, 'experts channel not set: not an admin');
      return "Only the assistant's admins can choose the expert team's channel. Ask whoever runs the assistant.";
    }
    await this.channel.set(turn.where.reference);
    turn.log.info({ event: 'experts-here' }, 'experts channel set');
    return "Done: this is now the expert team's channel. When someone presses **Ask the team**, their question arrives here as a card the team can take, answer or close. Type **report** here for the knowledge-gap report.";
  }

  private async status(turn: Turn): Promise<string> {
    if (!(await this.channel.isSet()))
      return "No expert team's channel is set yet, so **Ask the team** is not offered. An admin types `experts here` in the team's channel.";
    return (await this.channel.isHere(turn.where.reference.conversation.id))
      ? "This is the expert team's channel: questions handed over arrive here as ticket cards. Type **report** for the knowledge-gap report."
      : 'The expert team has its channel. Press **Ask the team** on an answer, or on "I don\'t have an answer", to send them a question.';
  }
}
