import type { AnswerCardData, AskChoice } from '../cards/cardTypes';
import { choiceFor } from '../knowledge/choices';
import type { KnowledgeEntry } from '../knowledge/entry';
import type { Knowledge } from '../knowledge/loadKnowledge';
import { relatedEntries } from '../knowledge/related';
import { cardReply, type Reply, textReply } from '../routing/reply';
import type { Turn, VerbHandler } from '../routing/turn';
import { entryCardFields } from './entryCardFields';
import { capQuestion, ONLY_THE_START_READ } from './questionCap';

/** A question the search could not answer well, for the content owners' gap report. */
export interface WeakAnswer {
  text: string;
  reason: 'none' | 'suggest';
  topScore: number;
  topEntry?: string;
}

export interface AnswerDeps {
  /** Told the id of each entry given as an answer (ids only: the digest counts them). */
  answered?: (entryId: string) => void;
  /** Whether cards may offer "Ask the team" (an experts' channel is set). */
  canAskExperts?: () => Promise<boolean>;
  /** Told each non-sensitive question that got no answer or only guesses; it redacts and keeps it. */
  weakAnswer?: (turn: Turn, weak: WeakAnswer) => Promise<void>;
}

/** How an answer card is shown: the feedback state, the support line and "Ask the team". */
export interface AnswerView {
  sensitive?: boolean;
  feedback?: { state: AnswerCardData['feedback']; ref: string };
  canAskExperts?: boolean;
  /** The question as asked (or the entry's own first question), prefilled in "Ask the team". */
  question?: string;
}

/** The longest question carried on a card to prefill "Ask the team". */
const MAX_CARRIED_QUESTION = 500;

/** Answers from the knowledge base: to a question, and to an "ask" button. Never logs the question. */
export class AnswerReplies {
  private readonly answered: (entryId: string) => void;
  private readonly canAskExperts: () => Promise<boolean>;
  /**
   * Each answered entry's related choices, worked out at its first answer: they depend on the
   * knowledge alone, which does not change while the service runs. Frozen, as every card shares them.
   */
  private readonly relatedOf = new Map<string, readonly AskChoice[]>();

  constructor(
    private readonly knowledge: Knowledge,
    private readonly deps: AnswerDeps = {},
  ) {
    this.answered = deps.answered ?? (() => {});
    this.canAskExperts = deps.canAskExperts ?? (async () => false);
  }

  /**
   * A question the signposter did not find urgent. A sensitive question (suicide, abuse,
   * overdose... asked professionally) gets its normal reply with the support line, and is never kept.
   */
  readonly question = async (turn: Turn, text: string, sensitive: boolean): Promise<void> => {
    const question = capQuestion(text);
    if (question.truncated) await turn.reply(textReply(ONLY_THE_START_READ));
    const { decision, results, chitChat } = this.knowledge.index.search(question.text);
    if (chitChat) {
      turn.log.info({ event: 'chit-chat', kind: chitChat.kind }, 'chit-chat answered');
      await turn.reply(textReply(chitChat.reply));
      return;
    }
    const canAskExperts = await this.canAskExperts();
    turn.log.info(
      { event: 'question', decision, top: results[0]?.entry.id, score: results[0]?.score, sensitive },
      'question answered',
    );
    const view: AnswerView = { sensitive, canAskExperts, question: question.text };
    if (decision === 'answer') {
      this.answered(results[0].entry.id);
      await turn.reply(this.answerReply(results[0].entry, view));
      return;
    }
    await turn.reply(
      decision === 'suggest'
        ? cardReply(
            'suggest',
            { choices: results.map((r) => choiceFor(r.entry)), ...this.asking(view) },
            'Did you mean…',
          )
        : this.noAnswerReply(view),
    );
    if (sensitive || !this.deps.weakAnswer) return;
    try {
      await this.deps.weakAnswer(turn, {
        text: question.text,
        reason: decision,
        topScore: results[0]?.score ?? 0,
        topEntry: results[0]?.entry.id,
      });
    } catch (err) {
      // The person has their reply; a lost gap-report line is not worth an apology card.
      turn.log.warn(
        { event: 'weak-question-not-kept', reason: (err as Error).name },
        'weak question not kept',
      );
    }
  };

  /** The "ask" button: the entry by id (or an old alias), or "no answer" for an id no longer known. */
  readonly ask: VerbHandler = async (turn, data) => {
    const entry = typeof data.id === 'string' ? this.knowledge.byId.get(data.id) : undefined;
    const canAskExperts = await this.canAskExperts();
    if (entry) this.answered(entry.id);
    await turn.reply(
      entry
        ? this.answerReply(entry, { canAskExperts, question: entry.questions[0] ?? entry.title })
        : this.noAnswerReply({ canAskExperts }),
    );
    return { kind: 'replied' };
  };

  /** The answer card; after a "Was this helpful?" press, the same card with thanks or a comment box. */
  answerReply(entry: KnowledgeEntry, view: AnswerView = {}): Reply {
    let related = this.relatedOf.get(entry.id);
    if (!related) {
      related = Object.freeze(
        relatedEntries(entry, this.knowledge.entries, this.knowledge.byId).map((e) =>
          Object.freeze(choiceFor(e)),
        ),
      );
      this.relatedOf.set(entry.id, related);
    }
    const feedback = view.feedback ?? { state: 'ask', ref: '' };
    return cardReply(
      'answer',
      {
        id: entry.id,
        ...entryCardFields(entry),
        related,
        hasRelated: related.length > 0,
        ...this.asking(view),
        feedback: feedback.state,
        knowledgeVersion: this.knowledge.version,
        feedbackRef: feedback.ref,
      },
      `Answer: ${entry.title}`,
    );
  }

  noAnswerReply(view: AnswerView = {}): Reply {
    return cardReply('no-answer', this.asking(view), "I don't have an answer to that yet");
  }

  /** The parts every answer-like card shares: the support line and "Ask the team". */
  private asking(view: AnswerView): {
    supportLine: string;
    hasSupportLine: boolean;
    canAskExperts: boolean;
    question: string;
  } {
    const sensitive = view.sensitive === true;
    return {
      supportLine: sensitive ? this.knowledge.signposter.content.supportLine : '',
      hasSupportLine: sensitive,
      // A sensitive question goes to the support line, not to a ticket that others read.
      canAskExperts: view.canAskExperts === true && !sensitive,
      question: (view.question ?? '').slice(0, MAX_CARRIED_QUESTION),
    };
  }
}
