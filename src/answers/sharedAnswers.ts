import type { SharedAnswerCardData } from '../cards/cardTypes';
import { learnMoreChoice } from '../knowledge/choices';
import type { KnowledgeEntry } from '../knowledge/entry';
import type { Knowledge } from '../knowledge/loadKnowledge';
import type { ComposePickHandler, ComposeResult, ComposeSearchHandler, TitledCard } from '../routing/compose';
import { textOf } from '../routing/pick';
import { entryCardFields } from './entryCardFields';
import { capQuestion } from './questionCap';

/** The compose box lists at most this many results. */
export const MAX_COMPOSE_RESULTS = 10;

/** A preview line is cut to this (at a word): Teams shows about two lines of it under the title. */
export const MAX_PREVIEW_CHARS = 160;

/** Said in the compose box when a picked result's entry was removed since the list was shown. */
export const NO_LONGER_AVAILABLE =
  'That answer is no longer in the knowledge base. Search again to find what replaced it.';

/**
 * Answers from the compose box, to drop into any conversation: the same search as a question to
 * the bot (same normalising, synonyms, typo correction and thresholds), but listing up to ten
 * entries, and a card that needs no bot where it lands. Never logs the query.
 */
export class SharedAnswers {
  private readonly questionOf: (id: string) => string;

  constructor(
    private readonly knowledge: Pick<Knowledge, 'index' | 'byId' | 'helpExamples' | 'signposter'>,
    /** The Azure Bot's app id, for the link that opens a chat with the bot; '' when none is set. */
    private readonly botAppId: string,
  ) {
    const choice = learnMoreChoice(knowledge.byId);
    this.questionOf = (id) => choice(id).question;
  }

  /** Up to ten entries for the query; for an empty query, the help card's examples (knowledge/help.yaml). */
  readonly search: ComposeSearchHandler = async (turn, query, sensitive) => {
    const question = capQuestion(query).text;
    if (question === '') {
      const starters = this.starters();
      turn.log.info(
        { event: 'compose-search', decision: 'starters', results: starters.length },
        'compose search',
      );
      return starters.map((entry) => this.result(entry, false));
    }
    const { decision, results } = this.knowledge.index.search(question, { limit: MAX_COMPOSE_RESULTS });
    // A query the bot would not answer lists nothing: the compose box offers what the bot would.
    const shown = decision === 'none' ? [] : results;
    turn.log.info(
      {
        event: 'compose-search',
        decision,
        top: shown[0]?.entry.id,
        score: shown[0]?.score,
        results: shown.length,
        sensitive,
      },
      'compose search',
    );
    return shown.map((r) => this.result(r.entry, sensitive));
  };

  /** A picked result: the entry's card, built afresh; a short message if the entry has gone. */
  readonly pick: ComposePickHandler = async (turn, data) => {
    const entry = this.knowledge.byId.get(textOf(data.id));
    turn.log.info(
      { event: 'compose-pick', found: entry !== undefined, id: entry?.id },
      'compose result picked',
    );
    if (!entry) return { kind: 'message', text: NO_LONGER_AVAILABLE };
    return { kind: 'card', ...this.titledCard(entry, data.s === true) };
  };

  /** The card for an entry, as inserted into a conversation. */
  titledCard(entry: KnowledgeEntry, sensitive: boolean): TitledCard {
    return {
      title: entry.title,
      text: preview(entry.summary),
      card: { name: 'shared-answer', data: this.cardData(entry, sensitive) },
    };
  }

  private result(entry: KnowledgeEntry, sensitive: boolean): ComposeResult {
    // Only what the card depends on travels back: the id, and whether the support line shows.
    return {
      ...this.titledCard(entry, sensitive),
      pick: sensitive ? { id: entry.id, s: true } : { id: entry.id },
    };
  }

  /** The help card's example entries, each once, in the file's order. */
  private starters(): KnowledgeEntry[] {
    const seen = new Set<string>();
    const entries: KnowledgeEntry[] = [];
    for (const example of this.knowledge.helpExamples) {
      const entry = this.knowledge.byId.get(example.id);
      if (!entry || seen.has(entry.id)) continue;
      seen.add(entry.id);
      entries.push(entry);
    }
    return entries.slice(0, MAX_COMPOSE_RESULTS);
  }

  private cardData(entry: KnowledgeEntry, sensitive: boolean): SharedAnswerCardData {
    const askLink = askInChatLink(this.botAppId, this.questionOf(entry.id));
    return {
      ...entryCardFields(entry),
      askLink,
      hasAskLink: askLink !== '',
      supportLine: sensitive ? this.knowledge.signposter.content.supportLine : '',
      hasSupportLine: sensitive,
    };
  }
}

/**
 * A Teams link that opens the person's own chat with the bot with the question typed in, ready to
 * send: there the answer comes with related questions and feedback, which need the bot. Empty
 * without an app id (local mode), as there is no bot in Teams to open.
 */
export function askInChatLink(botAppId: string, question: string): string {
  if (botAppId === '') return '';
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}&message=${encodeURIComponent(question)}`;
}

/** The summary, cut at a word to MAX_PREVIEW_CHARS with an ellipsis when longer. */
export function preview(summary: string): string {
  const text = summary.replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_PREVIEW_CHARS) return text;
  const space = text.lastIndexOf(' ', MAX_PREVIEW_CHARS - 1);
  return `${text.slice(0, space > 0 ? space : MAX_PREVIEW_CHARS - 1).replace(/[,;:.]$/, '')}…`;
}
