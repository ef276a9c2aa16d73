import type { MessageActionHandler } from '../routing/compose';
import type { CoachReplies } from './coachReplies';

/** The dialog's title, as the message's "More actions" menu names the action. */
export const CHECK_MESSAGE_TITLE = 'Check my wording';

/** Said when the message has no words to check (a card, an image, a file). */
export const NOTHING_TO_CHECK = 'This message has no text to check.';

/**
 * "Check my wording" on a message: the coach's result on the message's text, in a dialog only the
 * person who chose it sees. Nothing is posted, changed or kept; the text is not logged.
 */
export function checkMessage(replies: Pick<CoachReplies, 'resultReply'>): MessageActionHandler {
  return async (turn, text) => {
    const draft = text.trim();
    if (draft === '') return { kind: 'message', text: NOTHING_TO_CHECK };
    const reply = replies.resultReply(draft, true);
    if (!reply.card) throw new Error('the coach result has no card');
    turn.log.info({ event: 'message-action', action: 'check-wording' }, 'message action');
    return { kind: 'card', title: CHECK_MESSAGE_TITLE, text: reply.summary ?? '', card: reply.card };
  };
}
