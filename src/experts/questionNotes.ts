import { redact } from '../redact';
import type { Turn } from '../routing/turn';
import type { QuestionLog, WeakReason } from './questionLog';

/**
 * Keeps what the knowledge base did not answer well, for the gap report: the question redacted
 * (contact details, mentions, self-introductions and the sender's own name), never who asked.
 */
export class QuestionNotes {
  constructor(private readonly log: QuestionLog) {}

  readonly weak = async (
    turn: Turn,
    weak: { text: string; reason: Exclude<WeakReason, 'not-helpful'>; topScore: number; topEntry?: string },
  ): Promise<void> => {
    await this.log.record({
      text: redact(weak.text, [turn.person().name]),
      reason: weak.reason,
      topScore: Math.round(weak.topScore * 1000) / 1000,
      ...(weak.topEntry ? { topEntry: weak.topEntry } : {}),
      conversationType: turn.where.conversationType,
    });
  };

  readonly notHelpful = async (turn: Turn, question: string, entryId: string): Promise<void> => {
    await this.log.record({
      text: redact(question, [turn.person().name]),
      reason: 'not-helpful',
      topScore: 0,
      topEntry: entryId,
      conversationType: turn.where.conversationType,
    });
  };
}
