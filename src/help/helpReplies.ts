import type { AskChoice } from '../cards/cardTypes';
import { cardReply, type Reply } from '../routing/reply';
import type { CommandHandler, VerbHandler } from '../routing/turn';

/** The help card (the `help` command, an empty message, the Help button) and the welcome card. */
export class HelpReplies {
  /** Example questions to press, from knowledge/help.yaml. */
  constructor(private readonly examples: readonly AskChoice[]) {}

  readonly command: CommandHandler = (turn) => turn.reply(this.helpReply());

  readonly button: VerbHandler = async (turn) => {
    await turn.reply(this.helpReply());
    return { kind: 'replied' };
  };

  helpReply(): Reply {
    return cardReply('help', { examples: [...this.examples] }, 'How I can help');
  }

  welcomeReply(): Reply {
    return cardReply('welcome', { examples: [...this.examples] }, 'Hello from the health-equity assistant');
  }
}
