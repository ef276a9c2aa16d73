import { groupQuestions } from './questionGroups';
import type { WeakQuestion } from './questionLog';
import type { Ticket, TicketStatus } from './tickets';

/**
 * One "Was this helpful?" press, as the report needs it. Declared here rather than imported, as
 * the answers feature owns the store and features meet only through what routes.ts passes in.
 */
export interface FeedbackFact {
  entryId: string;
  helpful: boolean;
  at: string;
  /** What the person typed after "No", redacted when stored. */
  comment?: string;
}

export interface GapReportInput {
  questions: readonly WeakQuestion[];
  feedback: readonly FeedbackFact[];
  tickets: readonly Ticket[];
  /** An entry's title; undefined for an entry no longer in the knowledge base. */
  titleOf: (entryId: string) => string | undefined;
  now: Date;
  /** The window's start: records from this time on are counted. */
  since: Date;
}

/** Near-duplicate questions that got no answer, or only suggestions. */
export interface UnansweredRow {
  wording: string;
  count: number;
  /** Times the search found nothing. */
  none: number;
  /** Times it only offered suggestions. */
  suggest: number;
  wordings: number;
  lastAskedAt: string;
}

/** Near-duplicate questions whose answer was marked not helpful, per entry given. */
export interface NotHelpfulQuestionRow {
  wording: string;
  count: number;
  entryId: string;
  entryTitle: string;
}

export interface EntryFeedbackRow {
  entryId: string;
  entryTitle: string;
  helpful: number;
  notHelpful: number;
  /** helpful / (helpful + notHelpful), 0 to 1. */
  rate: number;
  /** Comments left after "No", newest first. */
  comments: string[];
}

export interface OpenTicketRow {
  id: string;
  status: Extract<TicketStatus, 'open' | 'assigned'>;
  createdAt: string;
  waitingHours: number;
  /** "3 days", "5 hours", "under an hour". */
  waiting: string;
  /** The question's first words. */
  snippet: string;
}

export interface WeekRow {
  /** The Monday the week starts on (UTC), YYYY-MM-DD. */
  weekStart: string;
  /** ISO 8601 week, "2026-W49". */
  isoWeek: string;
  weakQuestions: number;
  helpful: number;
  notHelpful: number;
  ticketsOpened: number;
}

/** The knowledge-gap report as plain data: the card and the CLI format it their own way. */
export interface GapReport {
  since: string;
  now: string;
  /** Whole days in the window, rounded up. */
  days: number;
  /** Most asked first, then the latest asked. */
  unanswered: UnansweredRow[];
  /** Most asked first, then the latest asked. */
  notHelpfulQuestions: NotHelpfulQuestionRow[];
  /** Entries with at least one "not helpful": most first, then the lower helpful rate. */
  notHelpful: EntryFeedbackRow[];
  /** Every entry with feedback: most presses first (the answers read most), then the lower rate. */
  helpfulRate: EntryFeedbackRow[];
  /** Tickets still waiting, whenever opened: oldest first. */
  openTickets: OpenTicketRow[];
  /** Tickets opened in the window, by their status now. */
  ticketTotals: Record<TicketStatus, number>;
  totals: { weakQuestions: number; helpful: number; notHelpful: number; ticketsOpened: number };
  /** Every week from the window's start to now, oldest first, empty weeks included. */
  weeks: WeekRow[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SNIPPET_CHARS = 90;

/** Composes the report from the records; pure, so the card, the CLI and the tests share it. */
export function composeGapReport(input: GapReportInput): GapReport {
  const from = input.since.toISOString();
  const inWindow = <T extends { at: string }>(rows: readonly T[]): T[] => rows.filter((r) => r.at >= from);
  const questions = inWindow(input.questions);
  const feedback = inWindow(input.feedback);
  const opened = input.tickets.filter((t) => t.createdAt >= from);
  const title = (id: string): string => input.titleOf(id) ?? `${id} (no longer in the knowledge base)`;

  const unanswered = groupQuestions(
    questions.filter((q) => q.reason === 'none' || q.reason === 'suggest'),
  ).map(
    (g): UnansweredRow => ({
      wording: g.wording,
      count: g.items.length,
      none: g.items.filter((q) => q.reason === 'none').length,
      suggest: g.items.filter((q) => q.reason === 'suggest').length,
      wordings: g.wordings,
      lastAskedAt: g.items[g.items.length - 1].at,
    }),
  );

  const notHelpfulQuestions = notHelpfulQuestionRows(
    questions.filter((q) => q.reason === 'not-helpful'),
    title,
  );

  const entries = entryRows(feedback, title);
  const byTitle = (a: EntryFeedbackRow, b: EntryFeedbackRow): number =>
    a.entryTitle.localeCompare(b.entryTitle);
  const notHelpful = entries
    .filter((e) => e.notHelpful > 0)
    .sort((a, b) => b.notHelpful - a.notHelpful || a.rate - b.rate || byTitle(a, b));
  const helpfulRate = [...entries].sort(
    (a, b) => b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || a.rate - b.rate || byTitle(a, b),
  );

  const openTickets = input.tickets
    .filter(
      (t): t is Ticket & { status: 'open' | 'assigned' } => t.status === 'open' || t.status === 'assigned',
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((t): OpenTicketRow => {
      const waitingHours = Math.max(0, Math.floor((input.now.getTime() - Date.parse(t.createdAt)) / HOUR));
      return {
        id: t.id,
        status: t.status,
        createdAt: t.createdAt,
        waitingHours,
        waiting: waitingText(waitingHours),
        snippet: snippet(t.question, SNIPPET_CHARS),
      };
    });

  const ticketTotals: Record<TicketStatus, number> = { open: 0, assigned: 0, answered: 0, closed: 0 };
  for (const t of opened) ticketTotals[t.status]++;

  const helpfulCount = feedback.filter((f) => f.helpful).length;
  return {
    since: from,
    now: input.now.toISOString(),
    days: Math.max(1, Math.ceil((input.now.getTime() - input.since.getTime()) / DAY)),
    unanswered,
    notHelpfulQuestions,
    notHelpful,
    helpfulRate,
    openTickets,
    ticketTotals,
    totals: {
      weakQuestions: questions.length,
      helpful: helpfulCount,
      notHelpful: feedback.length - helpfulCount,
      ticketsOpened: opened.length,
    },
    weeks: weekRows(input.since, input.now, questions, feedback, opened),
  };
}

/** Grouped within each entry: the same question given two different answers is two rows. */
function notHelpfulQuestionRows(
  questions: readonly WeakQuestion[],
  title: (id: string) => string,
): NotHelpfulQuestionRow[] {
  const byEntry = new Map<string, WeakQuestion[]>();
  for (const q of questions) {
    const entryId = q.topEntry ?? '';
    byEntry.set(entryId, [...(byEntry.get(entryId) ?? []), q]);
  }
  return [...byEntry]
    .flatMap(([entryId, asked]) =>
      groupQuestions(asked).map((g) => ({
        wording: g.wording,
        count: g.items.length,
        entryId,
        entryTitle: entryId === '' ? '(entry not recorded)' : title(entryId),
        last: g.items[g.items.length - 1].at,
      })),
    )
    .sort((a, b) => b.count - a.count || b.last.localeCompare(a.last))
    .map(({ last: _last, ...row }) => row);
}

function entryRows(feedback: readonly FeedbackFact[], title: (id: string) => string): EntryFeedbackRow[] {
  const byEntry = new Map<string, FeedbackFact[]>();
  for (const f of feedback) byEntry.set(f.entryId, [...(byEntry.get(f.entryId) ?? []), f]);
  return [...byEntry].map(([entryId, presses]) => {
    const helpful = presses.filter((f) => f.helpful).length;
    return {
      entryId,
      entryTitle: title(entryId),
      helpful,
      notHelpful: presses.length - helpful,
      rate: helpful / presses.length,
      comments: presses
        .filter((f) => !f.helpful && (f.comment ?? '').trim() !== '')
        .sort((a, b) => b.at.localeCompare(a.at))
        .map((f) => (f.comment ?? '').trim()),
    };
  });
}

/** The Monday (UTC) of the week `at` falls in, as YYYY-MM-DD. */
export function weekStartOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  // getUTCDay: Sunday 0 ... Saturday 6; Monday starts the week.
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** "2026-W49": the ISO week of a Monday, numbered by the year its Thursday falls in. */
export function isoWeekOf(weekStart: string): string {
  const thursday = new Date(Date.parse(`${weekStart}T00:00:00Z`) + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function weekRows(
  since: Date,
  now: Date,
  questions: readonly WeakQuestion[],
  feedback: readonly FeedbackFact[],
  opened: readonly Ticket[],
): WeekRow[] {
  const weeks = new Map<string, WeekRow>();
  const row = (weekStart: string): WeekRow => {
    let found = weeks.get(weekStart);
    if (!found) {
      found = {
        weekStart,
        isoWeek: isoWeekOf(weekStart),
        weakQuestions: 0,
        helpful: 0,
        notHelpful: 0,
        ticketsOpened: 0,
      };
      weeks.set(weekStart, found);
    }
    return found;
  };
  const last = weekStartOf(now);
  for (
    let w = weekStartOf(since);
    w <= last;
    w = new Date(Date.parse(w) + 7 * DAY).toISOString().slice(0, 10)
  )
    row(w);
  // A record stamped a little after `now` (another instance's clock) still counts, in its own week.
  for (const q of questions) row(weekStartOf(new Date(q.at))).weakQuestions++;
  for (const f of feedback) {
    const r = row(weekStartOf(new Date(f.at)));
    if (f.helpful) r.helpful++;
    else r.notHelpful++;
  }
  for (const t of opened) row(weekStartOf(new Date(t.createdAt))).ticketsOpened++;
  return [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
}

export function waitingText(hours: number): string {
  if (hours < 1) return 'under an hour';
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

/** The first words of `text`, cut at a word boundary, on one line. */
export function snippet(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

export const DEFAULT_WINDOW_DAYS = 30;
export const MAX_WINDOW_DAYS = 365;

export type ReportWindow = { days: number; capped: boolean } | { error: string };

/**
 * The report's window from what was typed: `30d`, `4w`, `90 days`, `2 weeks`; empty means
 * DEFAULT_WINDOW_DAYS. Longer than MAX_WINDOW_DAYS is cut to it (nothing is kept that long by
 * default anyway) and says so.
 */
/** A report window as typed: 30d, 4w, 90 days. */
export const REPORT_WINDOW = /^(\d{1,6})\s*(d|days?|w|wks?|weeks?)$/i;

export function parseWindow(text: string): ReportWindow {
  const typed = text.trim().toLowerCase();
  if (typed === '') return { days: DEFAULT_WINDOW_DAYS, capped: false };
  const match = REPORT_WINDOW.exec(typed);
  if (!match) return { error: `"${text.trim().slice(0, 40)}" is not a window: write it like 30d, 4w or 90d` };
  const days = Number(match[1]) * (match[2].startsWith('w') ? 7 : 1);
  if (days < 1) return { error: 'the window must be at least 1 day' };
  return days > MAX_WINDOW_DAYS ? { days: MAX_WINDOW_DAYS, capped: true } : { days, capped: false };
}

/** The window's start: `days` whole days of 24 hours before `now`. */
export const windowStart = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY);
