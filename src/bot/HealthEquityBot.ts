import { type InvokeResponse, TeamsActivityHandler, type TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { loggedConversationType, loggedVerb } from '../logValues';
import { CORRELATION_ID_KEY } from '../server/messagesRoute';
import { type Installations, installationOf } from '../storage';
import type { Answerer } from './answering';
import { CardActionDispatcher } from './cardActions';
import { plainDraft } from './guidance';
import { textWithoutBotMention } from './mentions';
import { MAX_SIGNPOST_CHARS, routeMessage } from './messageRoute';
import { capQuestion, ONLY_THE_START_READ } from './questionCap';
import type { WelcomeLedger } from './welcomeLedger';

export interface BotDeps {
  answerer: Answerer;
  welcomeLedger: WelcomeLedger;
  installations: Pick<Installations, 'add' | 'remove'>;
  logger: Logger;
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
      ...deps.answerer.guidance.actions,
      // A draft pasted into "Check my wording" is read for urgency first, as a typed message is.
      'coach-check': async (context, data) => {
        const draft = typeof data.draft === 'string' ? data.draft : '';
        const outcome = deps.answerer.signposter.classify(plainDraft(draft).slice(0, MAX_SIGNPOST_CHARS));
        if (outcome.kind !== 'urgent') return deps.answerer.guidance.actions['coach-check'](context, data);
        await context.sendActivity(deps.answerer.signpostReply(outcome.category, this.log(context)));
        return { kind: 'replied' };
      },
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      // "add-upgrade" is an app update, not a new installation: recorded, but no second welcome.
      if (context.activity.action === 'add') await this.welcome(context);
      else await deps.installations.add(installationOf(context.activity));
      await next();
    });

    // Uninstalled, removed from a chat or team, or the team deleted: forget it and all its data.
    this.onInstallationUpdateRemove(async (context, next) => {
      await deps.installations.remove(installationOf(context.activity).id);
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (_team, context, next) => {
      await deps.installations.remove(installationOf(context.activity).id);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      // Only the bot's own arrival is welcomed: people joining a team get no message from us.
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.welcome(context);
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersRemoved ?? []).some((m) => m.id === botId))
        await deps.installations.remove(installationOf(context.activity).id);
      await next();
    });
  }

  private log(context: TurnContext): Logger {
    return this.deps.logger.child({ correlationId: context.turnState.get(CORRELATION_ID_KEY) });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const submitted = CardActionDispatcher.submitted(context.activity.value);
    if (submitted) {
      this.log(context).info(
        { event: 'card-action', verb: loggedVerb(submitted.verb, this.actions), via: 'submit' },
        'card action',
      );
      const known = await this.actions.submit(context, submitted.verb, submitted.data);
      if (!known) await context.sendActivity(OUTDATED_BUTTON);
      return;
    }
    const text = textWithoutBotMention(context.activity, { keepLines: true });
    if (text === '') {
      await context.sendActivity(this.deps.answerer.helpReply());
      return;
    }
    const answerer = this.deps.answerer;
    const route = routeMessage(text, {
      signposter: answerer.signposter,
      isQiTopic: (words) => answerer.guidance.isQiTopic(words),
    });
    if (route.kind === 'signpost') {
      await context.sendActivity(answerer.signpostReply(route.category, this.log(context)));
      return;
    }
    if (route.kind === 'command') {
      const { command } = route;
      this.log(context).info({ event: 'command', command: command.name }, 'command');
      await context.sendActivity(
        command.name === 'help' ? answerer.helpReply() : answerer.guidance.reply(command),
      );
      return;
    }
    const question = capQuestion(route.text);
    if (question.truncated) await context.sendActivity(ONLY_THE_START_READ);
    await context.sendActivity(answerer.replyToQuestion(question.text, this.log(context), route.sensitive));
  }

  /** Records the installation, then welcomes it unless another event (or instance) already did. */
  private async welcome(context: TurnContext): Promise<void> {
    const installation = installationOf(context.activity);
    await this.deps.installations.add(installation);
    if (!(await this.deps.welcomeLedger.claim(installation.id))) return;
    this.log(context).info(
      {
        event: 'welcome',
        conversationType: loggedConversationType(context.activity.conversation.conversationType),
      },
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
    this.log(context).info(
      { event: 'card-action', verb: loggedVerb(verb, this.actions), via: 'execute' },
      'card action',
    );
    const body = await this.actions.execute(context, verb, data);
    return { status: 200, body };
  }
}
