import { type InvokeResponse, TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { CORRELATION_ID_KEY } from '../server/messagesRoute';
import type { Answerer } from './answering';
import { CardActionDispatcher } from './cardActions';
import { parseCommand } from './commands';
import { textWithoutBotMention } from './mentions';
import { baseConversationId, type WelcomeLedger } from './welcomeLedger';

export interface BotDeps {
  answerer: Answerer;
  welcomeLedger: WelcomeLedger;
  logger: Logger;
  /** Verbs beyond the built-in ones (later features register theirs here). */
  extraActions?: ConstructorParameters<typeof CardActionDispatcher>[0];
}

const OUTDATED_BUTTON = 'That button is out of date. Type **help** to start again.';

/** The Teams bot: personal chat, group chat and channels (when @mentioned). */
export class HealthEquityBot extends TeamsActivityHandler {
  readonly actions: CardActionDispatcher;

  constructor(private readonly deps: BotDeps) {
    super();
    this.actions = new CardActionDispatcher({
      ask: async (context, data) => {
        const reply = typeof data.id === 'string' ? deps.answerer.replyToEntry(data.id) : null;
        await context.sendActivity(reply ?? deps.answerer.noAnswerReply());
        return { kind: 'replied' };
      },
      help: async (context) => {
        await context.sendActivity(deps.answerer.helpReply());
        return { kind: 'replied' };
      },
      ...deps.extraActions,
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      // "add-upgrade" is an app update, not a new installation: no second welcome.
      if (context.activity.action === 'add') await this.welcome(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      await deps.welcomeLedger.release(baseConversationId(context.activity.conversation.id));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      // Only the bot's own arrival is welcomed: people joining a team get no message from us.
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.welcome(context);
      await next();
    });
  }

  private log(context: TurnContext): Logger {
    return this.deps.logger.child({ correlationId: context.turnState.get(CORRELATION_ID_KEY) });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const submitted = CardActionDispatcher.submitted(context.activity.value);
    if (submitted) {
      this.log(context).info({ event: 'card-action', verb: submitted.verb, via: 'submit' }, 'card action');
      const known = await this.actions.submit(context, submitted.verb, submitted.data);
      if (!known) await context.sendActivity(OUTDATED_BUTTON);
      return;
    }
    const text = textWithoutBotMention(context.activity);
    if (text === '') {
      await context.sendActivity(this.deps.answerer.helpReply());
      return;
    }
    const command = parseCommand(text);
    if (command?.name === 'help') {
      this.log(context).info({ event: 'command', command: 'help' }, 'command');
      await context.sendActivity(this.deps.answerer.helpReply());
      return;
    }
    await context.sendActivity(this.deps.answerer.replyToQuestion(text, this.log(context)));
  }

  private async welcome(context: TurnContext): Promise<void> {
    const conversationId = baseConversationId(context.activity.conversation.id);
    if (!(await this.deps.welcomeLedger.claim(conversationId))) return;
    this.log(context).info(
      { event: 'welcome', conversationType: context.activity.conversation.conversationType },
      'welcomed',
    );
    await context.sendActivity(this.deps.answerer.welcomeReply());
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const action = (context.activity.value as { action?: { verb?: unknown; data?: unknown } } | undefined)
      ?.action;
    const verb = typeof action?.verb === 'string' ? action.verb : '';
    const data =
      typeof action?.data === 'object' && action.data !== null
        ? (action.data as Record<string, unknown>)
        : {};
    this.log(context).info({ event: 'card-action', verb, via: 'execute' }, 'card action');
    const body = await this.actions.execute(context, verb, data);
    return { status: 200, body };
  }
}
