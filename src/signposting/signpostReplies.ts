import type { SignpostCardData } from '../cards/cardTypes';
import type { Counters } from '../counters';
import type { ComposeTurn, TitledCard } from '../routing/compose';
import { MAX_SIGNPOST_CHARS } from '../routing/messageRoute';
import { plainDraft } from '../routing/plainText';
import { cardReply, type Reply } from '../routing/reply';
import type { Turn, VerbHandler } from '../routing/turn';
import type { Signposter } from './signposting';

/** The urgent-help card. Only a count is kept: nothing of the message is stored or logged. */
export class SignpostReplies {
  constructor(
    private readonly signposter: Pick<Signposter, 'classify' | 'content'>,
    private readonly counters: Counters,
  ) {}

  readonly urgent = async (turn: Pick<Turn, 'log' | 'reply'>, category: string): Promise<void> => {
    await turn.reply(this.signpostReply(category, turn));
  };

  /**
   * Text typed into a card (a draft for "Check my wording", a question for the expert team) is read
   * for urgency first, as a typed message is: an urgent one gets the urgent-help card instead of
   * the handler's answer, and goes nowhere else.
   */
  screenDraft(handler: VerbHandler, fields: readonly string[] = ['draft']): VerbHandler {
    return async (turn, data) => {
      const typed = fields.map((field) => (typeof data[field] === 'string' ? data[field] : '')).join('\n');
      const outcome = this.signposter.classify(plainDraft(typed).slice(0, MAX_SIGNPOST_CHARS));
      if (outcome.kind !== 'urgent') return handler(turn, data);
      await this.urgent(turn, outcome.category);
      return { kind: 'replied' };
    };
  }

  signpostReply(category: string, turn?: Pick<Turn, 'log'>): Reply {
    this.counted(category, turn);
    return cardReply('signpost', this.cardData(), this.signposter.content.card.title);
  }

  /**
   * An urgent compose-box query or message action: the same card, as the one result in the list or
   * as the dialog (only links, so it works where the bot is not installed). Counted as shown.
   */
  readonly composeUrgent = (turn: ComposeTurn, category: string): TitledCard => {
    this.counted(category, turn);
    const { title, intro } = this.signposter.content.card;
    return { title, text: intro, card: { name: 'signpost', data: this.cardData() } };
  };

  private counted(category: string, turn?: Pick<Turn, 'log'>): void {
    this.counters.increment(`signpost.${category}`);
    turn?.log.info({ event: 'signposted', category }, 'urgent message signposted');
  }

  private cardData(): SignpostCardData {
    const card = this.signposter.content.card;
    return {
      title: card.title,
      intro: card.intro,
      contacts: card.contacts.map((c) => ({ label: c.label, text: c.text, emphasis: c.emphasis })),
      links: card.contacts.flatMap((c) => (c.url ? [{ title: c.button ?? c.label, url: c.url }] : [])),
      footer: card.footer,
    };
  }
}
