import type { Activity } from 'botbuilder';
import type { AskChoice, CoachResultCardData } from '../cards/cardTypes';
import type { CardRenderer } from '../cards/renderCard';
import type { CoachResult } from '../coach/coach';
import type { FramingTip } from '../framing/tips';
import type { Guidance } from '../knowledge/loadGuidance';
import { ALL_TOPICS, type QiPrompt } from '../qi/prompts';
import type { ActionHandler } from './cardActions';
import { type ParsedCommand, parseCommand } from './commands';
import { textWithoutBotMention } from './mentions';

/** The coach card lists at most this many findings, then "and N more". */
export const MAX_FINDINGS_SHOWN = 10;

/** The Adaptive Card of a reply, for a card action's invoke response. */
const cardOf = (reply: Partial<Activity>) => reply.attachments![0];

/**
 * Drafts typed in Teams can arrive as HTML (rich-text compose box). Turns that into plain text,
 * keeping line breaks, in one pass: each tag is skipped with one search for its ">", and once no
 * ">" is left the rest is copied, so no input makes it slow.
 */
export function plainDraft(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    const close = open === -1 ? -1 : text.indexOf('>', open + 1);
    if (close === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    if (/^\s*(br\b|\/p\b|\/div\b|\/li\b)/i.test(text.slice(open + 1, close))) out += '\n';
    i = close + 1;
  }
  return out
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

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

/**
 * Replies for the QI prompts (`qi`), framing tips (`tip`) and the framing coach (`check`), and the
 * card actions that change those cards in place. Every button carries what it needs (the current
 * prompt or tip id, the scope), so cards keep working after a restart.
 */
export class GuidanceReplies {
  readonly actions: Readonly<Record<string, ActionHandler>>;

  constructor(
    private readonly guidance: Guidance,
    private readonly cards: CardRenderer,
    /** The "Learn more" button for a knowledge entry id (the loader checked every id exists). */
    private readonly choiceFor: (entryId: string) => AskChoice,
    private readonly random: () => number = Math.random,
  ) {
    const card = (reply: Partial<Activity>) =>
      ({ kind: 'card', card: cardOf(reply), scope: 'presser' }) as const;
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    this.actions = {
      'qi-another': async (_context, data) => {
        const scope = this.guidance.prompts.topic(text(data.scope)) ? text(data.scope) : ALL_TOPICS;
        return card(this.qiReply(this.guidance.prompts.after(scope, text(data.current)), scope));
      },
      'qi-next': async (_context, data) => {
        const topic = this.guidance.prompts.topic(text(data.topic)) ?? this.guidance.prompts.topics[0];
        return card(this.qiReply(topic.prompts[0], topic.id));
      },
      'tip-another': async (_context, data) =>
        card(this.tipReply(this.guidance.tips.after(text(data.current)))),
      'coach-check': async (_context, data) => {
        const draft = plainDraft(text(data.draft)).trim();
        return card(draft === '' ? this.coachInputReply(true) : this.coachReply(draft));
      },
      'coach-again': async () => card(this.coachInputReply(false)),
      'coach-open': async (context) => {
        await context.sendActivity(this.coachInputReply(false));
        return { kind: 'replied' };
      },
    };
  }

  /**
   * The command a message starts with (help, qi, tip or check), or null for a question. Line breaks
   * are kept, since they matter to `check` (a draft's sentences and paragraphs).
   */
  commandIn(activity: Pick<Activity, 'text' | 'entities' | 'recipient'>): ParsedCommand | null {
    return parseCommand(plainDraft(textWithoutBotMention(activity, { keepLines: true })), {
      isQiTopic: (words) => this.isQiTopic(words),
    });
  }

  /** Whether the words after `qi` name a topic ("study", "fishbone", "5 whys"). */
  isQiTopic(words: string): boolean {
    return this.guidance.prompts.topicFor(words) !== undefined;
  }

  /** The reply to `qi`, `tip` or `check`. */
  reply(command: ParsedCommand): Partial<Activity> {
    if (command.name === 'qi') {
      const topic = command.args === '' ? undefined : this.guidance.prompts.topicFor(command.args);
      // A topic starts with its first prompt, which content owners put first on purpose.
      if (topic) return this.qiReply(topic.prompts[0], topic.id);
      return this.qiReply(this.pick(this.guidance.prompts.all), ALL_TOPICS);
    }
    if (command.name === 'tip') return this.tipReply(this.pick(this.guidance.tips.all));
    if (command.name === 'check')
      return command.args === '' ? this.coachInputReply(false) : this.coachReply(command.args);
    throw new Error(`no guidance reply for the ${command.name} command`);
  }

  qiReply(prompt: QiPrompt, scope: string): Partial<Activity> {
    const topic = this.guidance.prompts.topic(prompt.topic)!;
    return {
      summary: `QI prompt: ${prompt.question}`,
      attachments: [
        this.cards.attachment('qi-prompt', {
          id: prompt.id,
          scope,
          topicTitle: topic.title,
          question: prompt.question,
          why: prompt.why,
          example: prompt.example,
          learnMore: this.choiceFor(prompt.ask),
          hasNext: topic.next !== undefined,
          next: topic.next ?? '',
        }),
      ],
    };
  }

  tipReply(tip: FramingTip): Partial<Activity> {
    return {
      summary: `Framing tip: ${tip.title}`,
      attachments: [
        this.cards.attachment('tip', {
          id: tip.id,
          title: tip.title,
          do: tip.do,
          instead: tip.instead,
          why: tip.why,
          sourceTitle: tip.source.title,
          sourceUrl: tip.source.url,
          hasLearnMore: tip.ask !== undefined,
          learnMore: tip.ask ? this.choiceFor(tip.ask) : { id: '', question: '' },
        }),
      ],
    };
  }

  coachInputReply(showEmptyError: boolean): Partial<Activity> {
    return {
      summary: 'Check my wording',
      attachments: [this.cards.attachment('coach-input', { showEmptyError })],
    };
  }

  coachReply(draft: string): Partial<Activity> {
    const result = this.guidance.coach.check(draft);
    const count = result.findings.length;
    return {
      summary:
        count === 0
          ? 'Wording check: nothing to change'
          : `Wording check: ${count} ${count === 1 ? 'phrase' : 'phrases'} to look at`,
      attachments: [this.cards.attachment('coach-result', this.coachCardData(result))],
    };
  }

  private coachCardData(result: CoachResult): CoachResultCardData {
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
      learnMore: this.choiceFor(this.guidance.coachLearnMore),
    };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.min(items.length - 1, Math.floor(this.random() * items.length))];
  }
}
