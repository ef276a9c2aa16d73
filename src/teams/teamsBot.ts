import {
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { Router } from '../routing/router';
import type { Turn } from '../routing/turn';
import { executed, invokeResponseOf, submitOutcome, submitted } from './cardInvoke';
import { ComposeInvokes } from './composeInvoke';
import { loggedVerb } from './logValues';
import { textWithoutBotMention } from './mentions';
import { type TurnPortDeps, turnPortOf } from './turnPort';

const OUTDATED_BUTTON = 'That button is out of date. Type **help** to start again.';

/**
 * The Teams bot (personal chat, group chat, channels when @mentioned): turns each activity into
 * the turn port and hands it to the router. No feature logic lives here.
 */
export class TeamsBot extends TeamsActivityHandler {
  private readonly knownVerbs = { has: (verb: string) => this.router.hasVerb(verb) };
  private readonly compose: ComposeInvokes;

  constructor(
    readonly router: Router,
    private readonly deps: TurnPortDeps,
  ) {
    super();
    this.compose = new ComposeInvokes(router, deps);
    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await router.event(this.turn(context), context.activity.action === 'add' ? 'installed' : 'upgraded');
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await router.event(this.turn(context), 'removed');
      await next();
    });
    this.onTeamsTeamDeletedEvent(async (_team, context, next) => {
      await router.event(this.turn(context), 'team-deleted');
      await next();
    });
    this.onTeamsMeetingStartEvent(async (meeting, context, next) => {
      await router.event(this.turn(context), 'meeting-started', { meetingTitle: meeting.title });
      await next();
    });
    this.onTeamsMeetingEndEvent(async (meeting, context, next) => {
      await router.event(this.turn(context), 'meeting-ended', { meetingTitle: meeting.title });
      await next();
    });
    // Only the bot's own arrival or removal matters: people joining a team get no message from us.
    this.onMembersAdded(async (context, next) => {
      if (this.includesBot(context, context.activity.membersAdded))
        await router.event(this.turn(context), 'bot-added');
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if (this.includesBot(context, context.activity.membersRemoved))
        await router.event(this.turn(context), 'removed');
      await next();
    });
  }

  private turn(context: TurnContext): Turn {
    return turnPortOf(context, this.deps);
  }

  private includesBot(context: TurnContext, members: { id: string }[] | undefined): boolean {
    const botId = context.activity.recipient.id;
    return (members ?? []).some((m) => m.id === botId);
  }

  private async message(context: TurnContext): Promise<void> {
    const turn = this.turn(context);
    const pressed = submitted(context.activity.value);
    if (pressed) {
      turn.log.info(
        { event: 'card-action', verb: loggedVerb(pressed.verb, this.knownVerbs), via: 'submit' },
        'card action',
      );
      const outcome = await this.router.action(turn, pressed.verb, pressed.data);
      if (outcome) await submitOutcome(outcome, turn);
      else await context.sendActivity(OUTDATED_BUTTON);
      return;
    }
    await this.router.text(turn, textWithoutBotMention(context.activity, { keepLines: true }));
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const turn = this.turn(context);
    const { verb, data } = executed(context.activity.value);
    turn.log.info(
      { event: 'card-action', verb: loggedVerb(verb, this.knownVerbs), via: 'execute' },
      'card action',
    );
    const outcome = await this.router.action(turn, verb, data);
    return { status: 200, body: await invokeResponseOf(outcome, turn, this.deps.cards) };
  }

  // The message extension (composeExtensions in the manifest): botbuilder routes each invoke here.
  protected override handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    return this.compose.query(context, query);
  }

  protected override handleTeamsMessagingExtensionSelectItem(
    context: TurnContext,
    value: unknown,
  ): Promise<MessagingExtensionResponse> {
    return this.compose.selectItem(context, value);
  }

  protected override handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return this.compose.fetchTask(context, action);
  }

  protected override handleTeamsMessagingExtensionSubmitAction(): Promise<MessagingExtensionActionResponse> {
    return this.compose.submitAction();
  }
}
