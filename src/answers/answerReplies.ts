import type { AnswerCardData } from '../cards/cardTypes';
import { choiceFor } from '../knowledge/choices';
import { isDraft, type KnowledgeEntry, monthYear } from '../knowledge/entry';
import type { Knowledge } from '../knowledge/loadKnowledge';
import { relatedEntries } from '../knowledge/related';
import { cardReply, type Reply, textReply } from '../routing/reply';
import type { Turn, VerbHandler } from '../routing/turn';
import { capQuestion, ONLY_THE_START_READ } from './questionCap';

/** Answers from the knowledge base: to a question, and to an "ask" button. Never logs the question. */
export class AnswerReplies {
  constructor(
    private readonly knowledge: Knowledge,
    /** Told the id of each entry given as an answer (ids only: the digest counts them). */
    private readonly answered: (entryId: string) => void = () => {},
  ) {}

  /**
   * A question the signposter did not find urgent. A sensitive question (suicide, abuse,
   * overdose... asked professionally) gets its normal reply with the support line.
   */
  readonly question = async (turn: Turn, text: string, sensitive: boolean): Promise<void> => {
    const question = capQuestion(text);
    if (question.truncated) await turn.reply(textReply(ONLY_THE_START_READ));
    await turn.reply(this.replyToQuestion(question.text, turn, sensitive));
  };

  /** The "ask" button: the entry by id (or an old alias), or "no answer" for an id no longer known. */
  readonly ask: VerbHandler = async (turn, data) => {
    const entry = typeof data.id === 'string' ? this.knowledge.byId.get(data.id) : undefined;
    if (entry) this.answered(entry.id);
    await turn.reply(entry ? this.answerReply(entry) : this.noAnswerReply());
    return { kind: 'replied' };
  };

  replyToQuestion(question: string, turn: Pick<Turn, 'log'>, sensitive = false): Reply {
    const { decision, results } = this.knowledge.index.search(question);
    turn.log.info(
      { event: 'question', decision, top: results[0]?.entry.id, score: results[0]?.score, sensitive },
      'question answered',
    );
    if (decision === 'answer') {
      this.answered(results[0].entry.id);
      return this.answerReply(results[0].entry, sensitive);
    }
    if (decision === 'suggest')
      return cardReply(
        'suggest',
        { choices: results.map((r) => choiceFor(r.entry)), ...this.support(sensitive) },
        'Did you mean…',
      );
    return this.noAnswerReply(sensitive);
  }

  /** The answer card; after a "Was this helpful?" press, the same card with thanks or a comment box. */
  answerReply(
    entry: KnowledgeEntry,
    sensitive = false,
    feedback: { state: AnswerCardData['feedback']; ref: string } = { state: 'ask', ref: '' },
  ): Reply {
    const related = relatedEntries(entry, this.knowledge.entries, this.knowledge.byId).map(choiceFor);
    return cardReply(
      'answer',
      {
        id: entry.id,
        title: entry.title,
        summary: entry.summary,
        body: entry.body,
        isDraft: isDraft(entry),
        written: monthYear(entry.written),
        reviewed: entry.reviewed ? monthYear(entry.reviewed) : '',
        reviewedBy: entry.reviewedBy ?? '',
        owner: entry.owner,
        sourceTitle: entry.source.title,
        sourceUrl: entry.source.url,
        related,
        hasRelated: related.length > 0,
        ...this.support(sensitive),
        feedback: feedback.state,
        knowledgeVersion: this.knowledge.version,
        feedbackRef: feedback.ref,
      },
      `Answer: ${entry.title}`,
    );
  }

  noAnswerReply(sensitive = false): Reply {
    return cardReply(
      'no-answer',
      { canAskExperts: false, ...this.support(sensitive) },
      "I don't have an answer to that yet",
    );
  }

  private support(sensitive: boolean): { supportLine: string; hasSupportLine: boolean } {
    return {
      supportLine: sensitive ? this.knowledge.signposter.content.supportLine : '',
      hasSupportLine: sensitive,
    };
  }
}
