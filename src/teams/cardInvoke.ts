import type { CardRenderer } from '../cards/renderCard';
import type { ActionData, ActionOutcome, Turn } from '../routing/turn';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './turnPort';

/** The body of an adaptiveCard/action invoke response, as Teams reads it. */
export interface CardInvokeResponse {
  statusCode: number;
  type: string;
  value: unknown;
}

export const UNKNOWN_ACTION: CardInvokeResponse = {
  statusCode: 400,
  type: 'application/vnd.microsoft.error',
  // The verb is not echoed: it is whatever the caller sent, at any length.
  value: { code: 'BadRequest', message: 'unknown action' },
};

/**
 * The verb and data of a card button pressed: Action.Execute arrives as an adaptiveCard/action
 * invoke, its Action.Submit fallback as a message whose value carries `verb`. Handlers get only
 * the data on the card, so a card works after a restart and on another instance.
 */
export function submitted(value: unknown): { verb: string; data: ActionData } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { verb, msteams: _msteams, ...data } = value as Record<string, unknown>;
  return typeof verb === 'string' && verb !== '' ? { verb, data } : null;
}

export function executed(value: unknown): { verb: string; data: ActionData } {
  const action = (value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  return {
    verb: typeof action?.verb === 'string' ? action.verb : '',
    data: typeof action?.data === 'object' && action.data !== null ? (action.data as ActionData) : {},
  };
}

/**
 * What Action.Execute answers: the new card for the presser in the response (and for everyone,
 * by updating the message, when the outcome says so), or "Done" when the handler replied itself.
 */
export async function invokeResponseOf(
  outcome: ActionOutcome | undefined,
  turn: Turn,
  cards: CardRenderer,
): Promise<CardInvokeResponse> {
  if (!outcome) return UNKNOWN_ACTION;
  if (outcome.kind === 'replied' || outcome.kind === 'notice')
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: outcome.kind === 'notice' ? outcome.text : 'Done',
    };
  if (outcome.scope === 'everyone') await turn.updateCard(outcome.reply);
  const card = outcome.reply.card;
  if (!card) throw new Error('a card action outcome has no card');
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: cards.render(card.name, card.data) };
}

/**
 * Action.Submit cannot answer one person privately: a changed card is changed for everyone, and a
 * notice is a message in the chat.
 */
export async function submitOutcome(outcome: ActionOutcome, turn: Turn): Promise<void> {
  if (outcome.kind === 'card') await turn.updateCard(outcome.reply);
  else if (outcome.kind === 'notice') await turn.reply({ text: outcome.text });
}
