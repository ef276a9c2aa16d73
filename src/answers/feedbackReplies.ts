import type { KnowledgeEntry } from '../knowledge/entry';
import { textOf } from '../routing/pick';
import type { ActionData, ActionOutcome, Turn, VerbHandler } from '../routing/turn';
import type { AnswerReplies } from './answerReplies';
import type { FeedbackStore } from './feedbackStore';

/**
 * "Was this helpful?" on every answer card. Yes is thanked; No asks, optionally, what was missing.
 * Either way the card changes in place for the person who pressed, and only the entry, the
 * knowledge version, the verdict, the redacted comment, the time and the kind of conversation
 * are kept.
 */
export class FeedbackReplies {
  constructor(
    private readonly answers: Pick<AnswerReplies, 'answerReply'>,
    private readonly byId: ReadonlyMap<string, KnowledgeEntry>,
    private readonly store: FeedbackStore,
    /** Told the question behind a "No" (carried on the card), for the gap report; it redacts it. */
    private readonly notHelpful: (
      turn: Turn,
      question: string,
      entryId: string,
    ) => Promise<void> = async () => {},
  ) {}

  readonly helpful: VerbHandler = async (turn, data) => {
    const entry = this.byId.get(textOf(data.id));
    if (!entry) return { kind: 'replied' };
    const helpful = data.helpful === 'yes';
    const ref = await this.store.record({
      entryId: entry.id,
      knowledgeVersion: textOf(data.kv).slice(0, 64),
      helpful,
      conversationType: turn.where.conversationType,
    });
    turn.log.info({ event: 'feedback', entry: entry.id, helpful }, 'feedback on an answer');
    const question = textOf(data.q).trim();
    if (!helpful && question !== '') await this.notHelpful(turn, question.slice(0, 500), entry.id);
    return this.card(entry, data, helpful ? { state: 'thanks', ref: '' } : { state: 'comment', ref });
  };

  readonly comment: VerbHandler = async (turn, data) => {
    const entry = this.byId.get(textOf(data.id));
    if (!entry) return { kind: 'replied' };
    const text = textOf(data.comment).trim();
    if (text !== '' && (await this.store.comment(textOf(data.ref), text)))
      turn.log.info({ event: 'feedback-comment', entry: entry.id }, 'comment on an answer');
    return this.card(entry, data, { state: 'thanks', ref: '' });
  };

  private card(
    entry: KnowledgeEntry,
    data: ActionData,
    feedback: { state: 'thanks' | 'comment'; ref: string },
  ): ActionOutcome {
    // The card carries what it showed: the support line, "Ask the team" and the question to prefill.
    const view = {
      sensitive: data.s === true || data.s === 'true',
      canAskExperts: data.ask === true || data.ask === 'true',
      question: textOf(data.q),
      feedback,
    };
    return { kind: 'card', reply: this.answers.answerReply(entry, view), scope: 'presser' };
  }
}
