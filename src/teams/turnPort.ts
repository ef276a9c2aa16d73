import type { Activity, TurnContext } from 'botbuilder';
import type { CardRenderer } from '../cards/renderCard';
import type { Logger } from '../log';
import type { Reply } from '../routing/reply';
import type { Turn, Where } from '../routing/turn';
import { CORRELATION_ID_KEY } from '../server/messagesRoute';
import { installationOf } from '../storage';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface TurnPortDeps {
  cards: CardRenderer;
  logger: Logger;
  /** The HMAC that stands for a user's AAD object id in storage. */
  userKeyOf: (aadObjectId: string) => string;
}

/** A feature's plain reply as the activity Teams shows: the card rendered from its template. */
export function activityOf(reply: Reply, cards: CardRenderer): Partial<Activity> {
  const activity: Partial<Activity> = { type: 'message' };
  if (reply.text !== undefined) activity.text = reply.text;
  if (reply.summary !== undefined) activity.summary = reply.summary;
  if (reply.card)
    activity.attachments = [
      { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: cards.render(reply.card.name, reply.card.data) },
    ];
  return activity;
}

const CONVERSATION_TYPES = new Set(['personal', 'groupChat', 'channel']);

export function whereOf(activity: Activity): Where {
  const installation = installationOf(activity);
  const type = activity.conversation.conversationType ?? '';
  return {
    conversationType: CONVERSATION_TYPES.has(type) ? (type as Where['conversationType']) : 'unknown',
    tenantId: installation.reference.conversation.tenantId,
    installationId: installation.id,
    reference: installation.reference,
  };
}

/** The turn port over botbuilder's TurnContext: the only place features' replies meet the SDK. */
export function turnPortOf(context: TurnContext, deps: TurnPortDeps): Turn {
  const { activity } = context;
  let where: Where | undefined;
  let userKey: string | undefined;
  return {
    get where() {
      where ??= whereOf(activity);
      return where;
    },
    userKey() {
      const id = activity.from?.aadObjectId || activity.from?.id || '';
      userKey ??= id === '' ? '' : deps.userKeyOf(id);
      return userKey;
    },
    person() {
      const from = activity.from;
      return {
        name: typeof from?.name === 'string' ? from.name : '',
        aadObjectId: (from?.aadObjectId ?? '').toLowerCase(),
        teamsId: from?.id ?? '',
      };
    },
    log: deps.logger.child({ correlationId: context.turnState.get(CORRELATION_ID_KEY) }),
    async reply(reply) {
      await context.sendActivity(activityOf(reply, deps.cards));
    },
    async updateCard(reply) {
      const message = activityOf(reply, deps.cards);
      // A card posted in this turn has no id to update: then the new card is simply sent.
      if (activity.replyToId) await context.updateActivity({ ...message, id: activity.replyToId });
      else await context.sendActivity(message);
    },
  };
}
