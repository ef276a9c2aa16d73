import type { AskChoice } from '../cards/cardTypes';
import { constantCardReply, type Reply } from '../routing/reply';
import type { CommandHandler, VerbHandler } from '../routing/turn';

/** The help card (the `help` command, an empty message, the Help button) and the welcome card. */
export class HelpReplies {
  private readonly help: Reply;
  private readonly welcome: Reply;

  /** Example questions to press, from knowledge/help.yaml. */
  constructor(examples: readonly AskChoice[]) {
    // Built once: the cards are the same for everyone, so the renderer expands them once. Each card
    // freezes its own copy of the examples, never the knowledge's.
    const copy = (): AskChoice[] => examples.map((e) => ({ ...e }));
    this.help = constantCardReply('help', { examples: copy() }, 'How I can help');
    this.welcome = constantCardReply(
      'welcome',
      { examples: copy() },
      'Hello from the health-equity assistant',
    );
  }

  readonly command: CommandHandler = (turn) => turn.reply(this.helpReply());

  readonly button: VerbHandler = async (turn) => {
    await turn.reply(this.helpReply());
    return { kind: 'replied' };
  };

  helpReply(): Reply {
    return this.help;
  }

  welcomeReply(): Reply {
    return this.welcome;
  }
}
