import type { GapReport } from './gapReport';

/** "2 Dec 2026", in UTC like the weeks. */
export const shortDate = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(iso));

export const percent = (rate: number): string => `${Math.round(rate * 100)}%`;

/** "Last 30 days: 2 Nov 2026 to 2 Dec 2026". */
export const windowLine = (report: GapReport): string =>
  `Last ${report.days} ${report.days === 1 ? 'day' : 'days'}: ${shortDate(report.since)} to ${shortDate(report.now)}`;

/**
 * Typed text in a table cell: one line, and Markdown's own characters escaped, so a question
 * with a "|" or "*" cannot break the table or turn bold.
 */
const cell = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    // Counts line up on the right, as in a spreadsheet.
    `|${header.map((_, i) => (rows.every((r) => typeof r[i] === 'number') ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

const section = (title: string, lines: readonly string[], empty: string, hasRows: boolean): string[] => [
  `## ${title}`,
  '',
  ...(hasRows ? lines : [`_${empty}_`]),
  '',
];

/** The whole report as Markdown, every row (the card shows the top ten of each list). */
export function reportMarkdown(report: GapReport): string {
  const t = report.totals;
  const comments = report.notHelpful.flatMap((e) =>
    e.comments.map((c) => `- **${cell(e.entryTitle)}**: ${cell(c)}`),
  );
  const totals = report.ticketTotals;
  return [
    '# Knowledge-gap report',
    '',
    `${windowLine(report)} (UTC). Weak questions: ${t.weakQuestions}. Feedback: ${t.helpful} helpful, ` +
      `${t.notHelpful} not helpful. Tickets opened: ${t.ticketsOpened}.`,
    '',
    ...section(
      'Questions asked most that got no answer',
      table(
        ['Question (wording asked most)', 'Times', 'No answer', 'Suggestions only', 'Wordings', 'Last asked'],
        report.unanswered.map((r) => [
          cell(r.wording),
          r.count,
          r.none,
          r.suggest,
          r.wordings,
          r.lastAskedAt.slice(0, 10),
        ]),
      ),
      'No unanswered questions in this window.',
      report.unanswered.length > 0,
    ),
    ...section(
      'Questions whose answer was marked not helpful',
      table(
        ['Question (wording asked most)', 'Times', 'Entry given'],
        report.notHelpfulQuestions.map((r) => [cell(r.wording), r.count, cell(r.entryTitle)]),
      ),
      'No question had its answer marked not helpful in this window.',
      report.notHelpfulQuestions.length > 0,
    ),
    ...section(
      'Answers most often marked not helpful',
      table(
        ['Entry', 'Not helpful', 'Helpful', 'Helpful rate'],
        report.notHelpful.map((e) => [cell(e.entryTitle), e.notHelpful, e.helpful, percent(e.rate)]),
      ),
      'No answer was marked not helpful in this window.',
      report.notHelpful.length > 0,
    ),
    ...section(
      'What people said after "not helpful"',
      comments,
      'No comments in this window.',
      comments.length > 0,
    ),
    ...section(
      'Helpful rate per entry',
      table(
        ['Entry', 'Helpful', 'Not helpful', 'Helpful rate'],
        report.helpfulRate.map((e) => [cell(e.entryTitle), e.helpful, e.notHelpful, percent(e.rate)]),
      ),
      'No feedback in this window.',
      report.helpfulRate.length > 0,
    ),
    ...section(
      'Tickets waiting',
      table(
        ['Ticket', 'Status', 'Waiting', 'Opened', 'Question'],
        report.openTickets.map((o) => [o.id, o.status, o.waiting, o.createdAt.slice(0, 10), cell(o.snippet)]),
      ),
      'No tickets waiting.',
      report.openTickets.length > 0,
    ),
    `Tickets opened in the window, by status now: open ${totals.open}, assigned ${totals.assigned}, ` +
      `answered ${totals.answered}, closed ${totals.closed}.`,
    '',
    ...section(
      'Per week (weeks start on Monday, UTC)',
      table(
        ['Week', 'Starts', 'Weak questions', 'Helpful', 'Not helpful', 'Tickets opened'],
        report.weeks.map((w) => [
          w.isoWeek,
          w.weekStart,
          w.weakQuestions,
          w.helpful,
          w.notHelpful,
          w.ticketsOpened,
        ]),
      ),
      'No weeks.',
      report.weeks.length > 0,
    ),
  ].join('\n');
}

/** The CSV's columns; each section fills those that apply to it and leaves the rest empty. */
export const CSV_COLUMNS = [
  'section',
  'label',
  'entry_id',
  'entry',
  'ticket_id',
  'status',
  'count',
  'no_answer',
  'suggestions_only',
  'wordings',
  'helpful',
  'not_helpful',
  'helpful_rate',
  'waiting_hours',
  'tickets_opened',
  'date',
] as const;

type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Typed text starting with = + - @ is prefixed with ' so a spreadsheet shows it rather than running
 * it as a formula.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The whole report as one CSV table with a `section` column (docs/report.md lists the sections). */
export function reportCsv(report: GapReport): string {
  const rows: CsvRow[] = [
    { section: 'window', label: windowLine(report), count: report.days, date: report.since.slice(0, 10) },
    ...report.unanswered.map(
      (r): CsvRow => ({
        section: 'unanswered',
        label: r.wording,
        count: r.count,
        no_answer: r.none,
        suggestions_only: r.suggest,
        wordings: r.wordings,
        date: r.lastAskedAt.slice(0, 10),
      }),
    ),
    ...report.notHelpfulQuestions.map(
      (r): CsvRow => ({
        section: 'not-helpful-question',
        label: r.wording,
        entry_id: r.entryId,
        entry: r.entryTitle,
        count: r.count,
      }),
    ),
    ...report.helpfulRate.map(
      (e): CsvRow => ({
        section: 'entry-feedback',
        label: e.entryTitle,
        entry_id: e.entryId,
        entry: e.entryTitle,
        helpful: e.helpful,
        not_helpful: e.notHelpful,
        helpful_rate: Number(e.rate.toFixed(3)),
      }),
    ),
    ...report.notHelpful.flatMap((e) =>
      e.comments.map(
        (c): CsvRow => ({ section: 'comment', label: c, entry_id: e.entryId, entry: e.entryTitle }),
      ),
    ),
    ...report.openTickets.map(
      (o): CsvRow => ({
        section: 'ticket-waiting',
        label: o.snippet,
        ticket_id: o.id,
        status: o.status,
        waiting_hours: o.waitingHours,
        date: o.createdAt.slice(0, 10),
      }),
    ),
    ...(['open', 'assigned', 'answered', 'closed'] as const).map(
      (status): CsvRow => ({
        section: 'tickets-opened',
        label: status,
        status,
        count: report.ticketTotals[status],
      }),
    ),
    ...report.weeks.map(
      (w): CsvRow => ({
        section: 'week',
        label: w.isoWeek,
        count: w.weakQuestions,
        helpful: w.helpful,
        not_helpful: w.notHelpful,
        tickets_opened: w.ticketsOpened,
        date: w.weekStart,
      }),
    ),
  ];
  return `${[CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))].join('\r\n')}\r\n`;
}
