import type { AskChoice, CoachResultCardData } from '../cards/cardTypes';
import { textOf } from '../routing/pick';
import { plainDraft } from '../routing/plainText';
import { cardReply, type Reply } from '../routing/reply';
import type { CommandHandler, VerbHandler } from '../routing/turn';
import type { Coach, CoachResult } from './coach';

/** The coach card lists at most this many findings, then "and N more". */
export const MAX_FINDINGS_SHOWN = 10;

/** A quote longer than this is shortened on the card, which keeps every card well under 40 KB. */
export const MAX_QUOTE_CHARS = 80;

/**
 * A quote as the card shows it: shortened if very long (a phrase's word can be a 10,000-digit
 * "number"), and never carrying "${", which the renderer takes for a template field left unbound.
 */
const quoteForCard = (text: string): string => {
  const short = text.length > MAX_QUOTE_CHARS ? `${text.slice(0, MAX_QUOTE_CHARS - 1)}…` : text;
  return short.split('${').join('$ {');
};

/** The `check` command, the "Check my wording" card and its buttons. */
export class CoachReplies {
  constructor(
    private readonly coach: Coach,
    /** Entry id behind the result card's "Learn more" button. */
    private readonly learnMoreId: string,
    private readonly learnMore: (entryId: string) => AskChoice,
  ) {}

  /** `check` alone opens the card with a box; `check <draft>` checks the draft. */
  readonly command: CommandHandler = (turn, draft) =>
    turn.reply(draft === '' ? this.inputReply(false) : this.resultReply(draft));

  readonly check: VerbHandler = async (_turn, data) => {
    const draft = plainDraft(textOf(data.draft)).trim();
    return this.card(draft === '' ? this.inputReply(true) : this.resultReply(draft));
  };

  readonly again: VerbHandler = async () => this.card(this.inputReply(false));

  readonly open: VerbHandler = async (turn) => {
    await turn.reply(this.inputReply(false));
    return { kind: 'replied' };
  };

  inputReply(showEmptyError: boolean): Reply {
    return cardReply('coach-input', { showEmptyError }, 'Check my wording');
  }

  /** The result card; in a dialog (a message action) without the buttons, which answer in the chat. */
  resultReply(draft: string, inDialog = false): Reply {
    const result = this.coach.check(draft);
    const count = result.findings.length;
    return cardReply(
      'coach-result',
      this.cardData(result, inDialog),
      count === 0
        ? 'Wording check: nothing to change'
        : `Wording check: ${count} ${count === 1 ? 'phrase' : 'phrases'} to look at`,
    );
  }

  private cardData(result: CoachResult, inDialog: boolean): CoachResultCardData {
    const shown = result.findings.slice(0, MAX_FINDINGS_SHOWN).map((f) => ({
      quote: quoteForCard(f.quote),
      times: f.times,
      better: f.rule.better,
      why: f.rule.why,
      houseStyle: f.rule.source === 'house style',
      sourceTitle: f.rule.source === 'house style' ? '' : f.rule.source.title,
    }));
    const more = result.findings.length - shown.length;
    return {
      count: result.findings.length,
      shown,
      more,
      hasMore: more > 0,
      strengths: result.strengths.map((s) => ({ says: s.says, why: s.why })),
      hasStrengths: result.strengths.length > 0,
      truncated: result.truncated,
      learnMore: this.learnMore(this.learnMoreId),
      inDialog,
    };
  }

  private card(reply: Reply) {
    return { kind: 'card', reply, scope: 'presser' } as const;
  }
}
