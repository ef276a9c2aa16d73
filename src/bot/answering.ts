import type { Activity } from 'botbuilder';
import type { AskChoice } from '../cards/cardTypes';
import type { CardRenderer } from '../cards/renderCard';
import { isDraft, type KnowledgeEntry, monthYear } from '../knowledge/entry';
import type { Knowledge } from '../knowledge/loadKnowledge';
import { relatedEntries } from '../knowledge/related';
import type { Logger } from '../log';
import type { Signposter } from '../signposting/signposting';
import { GuidanceReplies } from './guidance';

/** Counts kept instead of content, for example how often signposting fired. */
export interface Counters {
  increment(name: string): void;
}

export class MemoryCounters implements Counters {
  readonly counts = new Map<string, number>();
  increment(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}

export const choiceFor = (entry: KnowledgeEntry): AskChoice => ({
  id: entry.id,
  question: entry.questions[0] ?? entry.title,
});

/** Builds the reply to a question or to an "ask" button; never logs the question's text. */
export class Answerer {
  /** Replies for `qi`, `tip` and `check`, and the card actions behind their buttons. */
  readonly guidance: GuidanceReplies;

  constructor(
    private readonly knowledge: Knowledge,
    private readonly cards: CardRenderer,
    private readonly counters: Counters,
  ) {
    this.guidance = new GuidanceReplies(knowledge.guidance, cards, (id) => {
      const entry = knowledge.byId.get(id);
      if (!entry) return { id, question: id };
      // A "Learn more" link reads best as a question; entries also list bare key words.
      return { id: entry.id, question: entry.questions.find((q) => q.endsWith('?')) ?? entry.title };
    });
  }

  get signposter(): Signposter {
    return this.knowledge.signposter;
  }

  /**
   * The reply to a question the signposter did not find urgent. A sensitive question (suicide,
   * abuse, overdose... asked professionally) gets its normal reply with the support line.
   */
  replyToQuestion(question: string, log: Logger, sensitive = false): Partial<Activity> {
    const { decision, results } = this.knowledge.index.search(question);
    log.info(
      { event: 'question', decision, top: results[0]?.entry.id, score: results[0]?.score, sensitive },
      'question answered',
    );
    const support = this.support(sensitive);
    if (decision === 'answer') return this.answerReply(results[0].entry, sensitive);
    if (decision === 'suggest')
      return {
        summary: 'Did you mean…',
        attachments: [
          this.cards.attachment('suggest', { choices: results.map((r) => choiceFor(r.entry)), ...support }),
        ],
      };
    return this.noAnswerReply(sensitive);
  }

  private support(sensitive: boolean): { supportLine: string; hasSupportLine: boolean } {
    return {
      supportLine: sensitive ? this.knowledge.signposter.content.supportLine : '',
      hasSupportLine: sensitive,
    };
  }

  /** The reply to an "ask" button, by entry id (or an old alias); null when the id is unknown. */
  replyToEntry(id: string): Partial<Activity> | null {
    const entry = this.knowledge.byId.get(id);
    return entry ? this.answerReply(entry) : null;
  }

  answerReply(entry: KnowledgeEntry, sensitive = false): Partial<Activity> {
    const related = relatedEntries(entry, this.knowledge.entries, this.knowledge.byId).map(choiceFor);
    return {
      summary: `Answer: ${entry.title}`,
      attachments: [
        this.cards.attachment('answer', {
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
        }),
      ],
    };
  }

  noAnswerReply(sensitive = false): Partial<Activity> {
    return {
      summary: "I don't have an answer to that yet",
      attachments: [this.cards.attachment('no-answer', { canAskExperts: false, ...this.support(sensitive) })],
    };
  }

  /** The urgent-help card. Only the count is kept: nothing of the message is stored or logged. */
  signpostReply(category: string, log?: Logger): Partial<Activity> {
    this.counters.increment(`signpost.${category}`);
    log?.info({ event: 'signposted', category }, 'urgent message signposted');
    const card = this.knowledge.signposter.content.card;
    return {
      summary: card.title,
      attachments: [
        this.cards.attachment('signpost', {
          title: card.title,
          intro: card.intro,
          contacts: card.contacts.map((c) => ({ label: c.label, text: c.text })),
          links: card.contacts
            .filter((c) => typeof c.url === 'string' && /^https:\/\//.test(c.url))
            .map((c) => ({ title: c.label, url: c.url as string })),
          footer: card.footer,
        }),
      ],
    };
  }

  helpReply(): Partial<Activity> {
    return {
      summary: 'How I can help',
      attachments: [this.cards.attachment('help', { examples: [...this.knowledge.helpExamples] })],
    };
  }

  welcomeReply(): Partial<Activity> {
    return {
      summary: 'Hello from the health-equity assistant',
      attachments: [this.cards.attachment('welcome', { examples: [...this.knowledge.helpExamples] })],
    };
  }
}
