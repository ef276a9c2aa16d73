import type { GapReportCardData } from '../cards/cardTypes';
import { cardReply, type Reply, textReply } from '../routing/reply';
import type { CommandHandler, Turn } from '../routing/turn';
import {
  composeGapReport,
  type FeedbackFact,
  type GapReport,
  MAX_WINDOW_DAYS,
  parseWindow,
  snippet,
  type UnansweredRow,
  windowStart,
} from './gapReport';
import type { WeakQuestion } from './questionLog';
import { percent, windowLine } from './reportFormats';
import type { Ticket } from './tickets';

/** Rows a list on the card: enough to act on, and the card stays well under Teams' 40 KB. */
export const CARD_ROWS = 10;
/**
 * Typed text quoted on the card is cut to this: with ten rows a list of it, the longest entry
 * titles and a year of weeks, the card stays under Teams' 40 KB (the tests check the worst case).
 */
const QUOTE_CHARS = 100;
/** A quarter: a 90-day window fits; a longer one points to the CLI for the earlier weeks. */
export const CARD_WEEKS = 14;

const USAGE =
  'Type **report** for the last 30 days, or give the window: **report 7d**, **report 4w**, **report 90d** ' +
  `(at most ${MAX_WINDOW_DAYS} days).`;

export interface ReportRepliesDeps {
  questions: { since(from: Date): Promise<WeakQuestion[]> };
  feedback: { since(from: Date): Promise<FeedbackFact[]> };
  tickets: { all(): Promise<Ticket[]> };
  titleOf: (entryId: string) => string | undefined;
  now: () => Date;
  /** Whether the turn is in the expert team's channel: the report is for them only. */
  inExpertsChannel: (turn: Turn) => Promise<boolean>;
}

/** `report [window]` in the experts' channel: the knowledge-gap report as a card. */
export class ReportReplies {
  constructor(private readonly deps: ReportRepliesDeps) {}

  readonly command: CommandHandler = async (turn, args) => {
    if (!(await this.deps.inExpertsChannel(turn)))
      return turn.reply(
        textReply(
          "The knowledge-gap report is shown in the expert team's channel: @mention me there with **report**. " +
            'Here, ask me anything, or type **help**.',
        ),
      );
    const window = parseWindow(args);
    if ('error' in window) return turn.reply(textReply(`Sorry, ${window.error}. ${USAGE}`));
    const now = this.deps.now();
    const since = windowStart(now, window.days);
    const [questions, feedback, tickets] = await Promise.all([
      this.deps.questions.since(since),
      this.deps.feedback.since(since),
      this.deps.tickets.all(),
    ]);
    const report = composeGapReport({ questions, feedback, tickets, titleOf: this.deps.titleOf, now, since });
    turn.log.info(
      {
        event: 'gap-report',
        days: window.days,
        groups: report.unanswered.length,
        open: report.openTickets.length,
      },
      'knowledge-gap report shown',
    );
    const reply = gapReportReply(report, window.days);
    await turn.reply(
      window.capped ? { ...reply, text: `The report covers at most ${MAX_WINDOW_DAYS} days.` } : reply,
    );
  };
}

/** "30 Nov": the year is in the window line, and the column is narrow on a phone. */
const dayMonth = (day: string): string =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(day));

const times = (n: number): string => (n === 1 ? 'once' : `${n} times`);
/** "4 times · 3 with no answer · 1 with suggestions only · 3 wordings"; "once · no answer". */
function unansweredDetail(r: UnansweredRow): string {
  if (r.count === 1) return `once · ${r.none === 1 ? 'no answer' : 'suggestions only'}`;
  return [
    times(r.count),
    r.none > 0 ? `${r.none} with no answer` : '',
    r.suggest > 0 ? `${r.suggest} with suggestions only` : '',
    r.wordings > 1 ? `${r.wordings} wordings` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The report worded for the card: the first CARD_ROWS of each list, the latest CARD_WEEKS weeks. */
export function gapReportCardData(report: GapReport, days: number): GapReportCardData {
  const t = report.totals;
  const totals = report.ticketTotals;
  const waiting = report.openTickets.length;
  const weeks = report.weeks.slice(-CARD_WEEKS);
  const earlier = report.weeks.length - weeks.length;
  const cliCommand = `npm run -s report -- --since ${days}d`;
  return {
    window: windowLine(report),
    period: days === 1 ? 'the last day' : `the last ${days} days`,
    totals: [
      { title: 'Weak questions', value: String(t.weakQuestions) },
      { title: 'Was this helpful?', value: `${t.helpful} yes, ${t.notHelpful} no` },
      { title: 'Tickets opened', value: String(t.ticketsOpened) },
      { title: 'Tickets waiting', value: String(waiting) },
    ],
    unanswered: report.unanswered.slice(0, CARD_ROWS).map((r) => ({
      wording: snippet(r.wording, QUOTE_CHARS),
      detail: unansweredDetail(r),
    })),
    hasUnanswered: report.unanswered.length > 0,
    notHelpfulQuestions: report.notHelpfulQuestions.slice(0, CARD_ROWS).map((r) => ({
      wording: snippet(r.wording, QUOTE_CHARS),
      detail: `${times(r.count)} · given: ${r.entryTitle}`,
    })),
    hasNotHelpfulQuestions: report.notHelpfulQuestions.length > 0,
    notHelpful: report.notHelpful.slice(0, CARD_ROWS).map((e) => ({
      title: e.entryTitle,
      detail: `${e.notHelpful} not helpful, ${e.helpful} helpful (${percent(e.rate)} helpful)`,
      comment: snippet(e.comments[0] ?? '', QUOTE_CHARS),
      hasComment: e.comments.length > 0,
    })),
    hasNotHelpful: report.notHelpful.length > 0,
    helpfulRate: report.helpfulRate.slice(0, CARD_ROWS).map((e) => ({
      title: e.entryTitle,
      rate: `${percent(e.rate)} (${e.helpful} of ${e.helpful + e.notHelpful})`,
    })),
    hasHelpfulRate: report.helpfulRate.length > 0,
    tickets: report.openTickets.slice(0, CARD_ROWS).map((o) => ({
      heading: `${o.id} · ${o.status}`,
      waiting: o.waiting,
      snippet: o.snippet,
    })),
    hasTickets: waiting > 0,
    ticketTotals:
      (waiting > CARD_ROWS ? `…and ${waiting - CARD_ROWS} more waiting. ` : '') +
      `Opened in the window: ${plural(t.ticketsOpened, 'ticket', 'tickets')} (open ${totals.open}, ` +
      `assigned ${totals.assigned}, answered ${totals.answered}, closed ${totals.closed}).`,
    weeks: weeks.map((w) => ({
      week: dayMonth(w.weekStart),
      counts:
        `${w.weakQuestions} weak · ${w.helpful} yes, ${w.notHelpful} no · ` +
        plural(w.ticketsOpened, 'ticket', 'tickets'),
    })),
    weeksNote:
      earlier > 0
        ? `The ${plural(earlier, 'earlier week is', 'earlier weeks are')} in the full report (below).`
        : '',
    hasWeeksNote: earlier > 0,
    cliCommand,
  };
}

export const gapReportReply = (report: GapReport, days: number): Reply =>
  cardReply(
    'gap-report',
    gapReportCardData(report, days),
    `Knowledge-gap report: ${plural(report.unanswered.length, 'unanswered question', 'unanswered questions')}, ` +
      `${plural(report.openTickets.length, 'ticket', 'tickets')} waiting`,
  );
