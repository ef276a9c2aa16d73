import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeedbackStore } from '../src/answers/feedbackStore';
import type { GapReportCardData } from '../src/cards/cardTypes';
import { loadCardRenderer } from '../src/cards/renderCard';
import { loadConfig } from '../src/config';
import {
  composeGapReport,
  type FeedbackFact,
  type GapReportInput,
  isoWeekOf,
  parseWindow,
  weekStartOf,
} from '../src/experts/gapReport';
import { groupQuestions } from '../src/experts/questionGroups';
import { QuestionLog, type WeakQuestion, type WeakReason } from '../src/experts/questionLog';
import { CSV_COLUMNS, csvField, reportCsv, reportMarkdown } from '../src/experts/reportFormats';
import { gapReportCardData, ReportReplies } from '../src/experts/reportReplies';
import type { Ticket, TicketStatus } from '../src/experts/tickets';
import { TicketStore } from '../src/experts/tickets';
import { createLogger } from '../src/log';
import type { Reply } from '../src/routing/reply';
import type { Turn } from '../src/routing/turn';
import { openStorage } from '../src/storage';
import { parseReportArgs } from '../src/tools/report';
import { cardProblems } from './helpers/adaptiveCards';
import { ROOT, run } from './helpers/process';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Wednesday. */
const NOW = new Date('2026-12-02T10:00:00Z');
const ago = (days: number, hours = 0): string =>
  new Date(NOW.getTime() - days * DAY - hours * HOUR).toISOString();

const weak = (text: string, reason: WeakReason, at: string, topEntry?: string): WeakQuestion => ({
  text,
  reason,
  topScore: reason === 'none' ? 0 : 0.3,
  ...(topEntry ? { topEntry } : {}),
  at,
  conversationType: 'personal',
});
const press = (entryId: string, helpful: boolean, at: string, comment?: string): FeedbackFact => ({
  entryId,
  helpful,
  at,
  ...(comment ? { comment } : {}),
});
const ASKER_CHAT = {
  channelId: 'msteams',
  serviceUrl: 'https://example.invalid/',
  conversation: { id: 'a:chat', conversationType: 'personal', tenantId: 't' },
  bot: { id: '28:bot' },
};
const ticket = (id: string, status: TicketStatus, createdAt: string, question = 'A question'): Ticket => ({
  id,
  question,
  details: '',
  status,
  createdAt,
  updatedAt: createdAt,
  conversationType: 'personal',
  asker: { chat: ASKER_CHAT },
});

const TITLES: Record<string, string> = {
  'community-grants': 'Community grants',
  'pdsa-cycles': 'PDSA cycles',
  'marmot-principles': 'The Marmot principles',
  'proportionate-universalism': 'Proportionate universalism',
};
const compose = (input: Partial<GapReportInput>) =>
  composeGapReport({
    questions: [],
    feedback: [],
    tickets: [],
    titleOf: (id) => TITLES[id],
    now: NOW,
    since: new Date(NOW.getTime() - 30 * DAY),
    ...input,
  });

describe('near-duplicate questions are grouped', () => {
  const asked = (texts: string[]) => texts.map((text, i) => ({ text, at: ago(10 - i) }));

  it('puts wordings of one question together, and different questions apart', () => {
    const groups = groupQuestions(
      asked([
        'how do I apply for a community grant',
        'How to apply for community grants?',
        'how do I apply for a community grant',
        'Apply for a community grant!',
        'community garden volunteering',
        'community grant eligibility',
        'who funds community projects',
      ]),
    );
    expect(groups.map((g) => [g.wording, g.items.length, g.wordings])).toEqual([
      ['how do I apply for a community grant', 4, 3],
      // Asked as often: the latest first.
      ['who funds community projects', 1, 1],
      ['community grant eligibility', 1, 1],
      ['community garden volunteering', 1, 1],
    ]);
  });

  it('compares with the wording that started the group, so a chain of small steps does not merge', () => {
    const groups = groupQuestions(
      asked([
        'community grant',
        'community grant',
        'community grant',
        'community grant deadline',
        'community grant deadline',
        'community grant deadline extension',
      ]),
    );
    // "deadline" shares 2 of 3 words with "community grant"; "deadline extension" only 2 of 4 (but 3
    // of 4 with "deadline", which joined the group).
    expect(groups.map((g) => [g.wording, g.items.length])).toEqual([
      ['community grant', 5],
      ['community grant deadline extension', 1],
    ]);
  });

  it('gives the same groups whatever order the records were read in', () => {
    const items = asked([
      'what is proportionate universalism',
      'proportionate universalism?',
      'pdsa cycle length',
      'how long is a pdsa cycle',
      'What is it?',
      'what is it',
    ]);
    const shape = (list: typeof items) =>
      groupQuestions(list).map((g) => [g.wording, g.items.map((i) => i.text).sort()]);
    expect(shape([...items].reverse())).toEqual(shape(items));
    // A question of stop words only meets its repeats and nothing else.
    expect(shape(items)).toContainEqual(['What is it?', ['What is it?', 'what is it']]);
  });
});

describe('composeGapReport', () => {
  it('lists the questions with no answer, asked most first, within the window only', () => {
    const report = compose({
      questions: [
        weak('How do I apply for a community grant?', 'none', ago(2)),
        weak('how to apply for community grants', 'suggest', ago(5)),
        weak('how do I apply for a community grant', 'none', ago(9)),
        weak('food bank vouchers', 'none', ago(1)),
        weak('what is proportionate universalism', 'not-helpful', ago(3), 'proportionate-universalism'),
        // Before the window: left out.
        weak('food bank vouchers', 'none', ago(31)),
      ],
    });
    expect(report.unanswered).toEqual([
      {
        // The wording asked most (twice, in two cases), as first typed.
        wording: 'how do I apply for a community grant',
        count: 3,
        none: 2,
        suggest: 1,
        wordings: 2,
        lastAskedAt: ago(2),
      },
      { wording: 'food bank vouchers', count: 1, none: 1, suggest: 0, wordings: 1, lastAskedAt: ago(1) },
    ]);
    expect(report.totals.weakQuestions).toBe(5);
  });

  it('lists questions whose answer was not helpful with the entry given, grouped per entry', () => {
    const report = compose({
      questions: [
        weak(
          'What does proportionate universalism mean for housing?',
          'not-helpful',
          ago(4),
          'proportionate-universalism',
        ),
        weak('proportionate universalism for housing', 'not-helpful', ago(3), 'proportionate-universalism'),
        weak('proportionate universalism for housing', 'not-helpful', ago(3), 'marmot-principles'),
        weak('how long is a PDSA cycle', 'not-helpful', ago(2), 'retired-entry'),
      ],
    });
    expect(report.notHelpfulQuestions).toEqual([
      {
        wording: 'What does proportionate universalism mean for housing?',
        count: 2,
        entryId: 'proportionate-universalism',
        entryTitle: 'Proportionate universalism',
      },
      {
        wording: 'how long is a PDSA cycle',
        count: 1,
        entryId: 'retired-entry',
        entryTitle: 'retired-entry (no longer in the knowledge base)',
      },
      {
        wording: 'proportionate universalism for housing',
        count: 1,
        entryId: 'marmot-principles',
        entryTitle: 'The Marmot principles',
      },
    ]);
    expect(report.unanswered).toEqual([]);
  });

  it('ranks answers by "not helpful", then the lower helpful rate; the rate per entry by use', () => {
    const feedback = [
      ...[true, false, false, false].map((h, i) => press('pdsa-cycles', h, ago(i + 1))),
      ...[true, true, true, false, false, false].map((h, i) => press('community-grants', h, ago(i + 1))),
      press('marmot-principles', false, ago(1), 'Too long'),
      press('marmot-principles', false, ago(3), 'Did not say which principle covers housing'),
      press('marmot-principles', true, ago(2), 'ignored: comments come with a No'),
      press('marmot-principles', false, ago(4), '   '),
      press('proportionate-universalism', true, ago(2)),
      press('pdsa-cycles', false, ago(40)),
    ];
    const report = compose({ feedback });
    expect(report.notHelpful.map((e) => [e.entryId, e.notHelpful, e.helpful])).toEqual([
      // 3 each: pdsa (25% helpful) and marmot (25%) before community grants (50%); pdsa and marmot by title.
      ['pdsa-cycles', 3, 1],
      ['marmot-principles', 3, 1],
      ['community-grants', 3, 3],
    ]);
    expect(report.notHelpful[1].comments).toEqual(['Too long', 'Did not say which principle covers housing']);
    expect(report.helpfulRate.map((e) => [e.entryTitle, e.helpful + e.notHelpful, e.rate])).toEqual([
      ['Community grants', 6, 0.5],
      ['PDSA cycles', 4, 0.25],
      ['The Marmot principles', 4, 0.25],
      ['Proportionate universalism', 1, 1],
    ]);
    expect(report.totals).toMatchObject({ helpful: 6, notHelpful: 9 });
  });

  it('lists waiting tickets oldest first with how long they have waited; totals count the window', () => {
    const long = `Is there funding for a community health worker pilot in Dunstable, ${'and more words '.repeat(10)}`;
    const report = compose({
      tickets: [
        ticket('T-BBBBBB', 'assigned', ago(3, 5), long),
        ticket('T-AAAAAA', 'open', ago(0, 5)),
        ticket('T-CCCCCC', 'open', ago(0, 0.5)),
        ticket('T-DDDDDD', 'answered', ago(2)),
        ticket('T-EEEEEE', 'closed', ago(4)),
        // Opened before the window and still waiting: listed, but not in the window's totals.
        ticket('T-FFFFFF', 'open', ago(45)),
      ],
    });
    expect(report.openTickets.map((t) => [t.id, t.status, t.waitingHours, t.waiting])).toEqual([
      ['T-FFFFFF', 'open', 45 * 24, '45 days'],
      ['T-BBBBBB', 'assigned', 3 * 24 + 5, '3 days'],
      ['T-AAAAAA', 'open', 5, '5 hours'],
      ['T-CCCCCC', 'open', 0, 'under an hour'],
    ]);
    const snippet = report.openTickets[1].snippet;
    expect(snippet.length).toBeLessThanOrEqual(90);
    expect(snippet).toMatch(/^Is there funding for a community health worker pilot in Dunstable, and .*\w…$/);
    expect(report.ticketTotals).toEqual({ open: 2, assigned: 1, answered: 1, closed: 1 });
    expect(report.totals.ticketsOpened).toBe(5);
  });

  it('counts per ISO week from Monday (UTC), every week of the window, empty ones too', () => {
    const since = new Date('2026-11-02T10:00:00Z'); // a Monday
    const report = compose({
      since,
      questions: [
        weak('a', 'none', '2026-11-08T23:59:59Z'), // Sunday: the first week
        weak('b', 'none', '2026-11-09T00:00:00Z'), // Monday: the second
        weak('c', 'none', '2026-11-02T09:59:59Z'), // before the window
      ],
      feedback: [
        press('pdsa-cycles', true, '2026-11-10T12:00:00Z'),
        press('pdsa-cycles', false, '2026-12-01T08:00:00Z'),
      ],
      tickets: [ticket('T-AAAAAA', 'closed', '2026-11-30T00:00:00Z')],
    });
    expect(report.weeks).toEqual([
      {
        weekStart: '2026-11-02',
        isoWeek: '2026-W45',
        weakQuestions: 1,
        helpful: 0,
        notHelpful: 0,
        ticketsOpened: 0,
      },
      {
        weekStart: '2026-11-09',
        isoWeek: '2026-W46',
        weakQuestions: 1,
        helpful: 1,
        notHelpful: 0,
        ticketsOpened: 0,
      },
      {
        weekStart: '2026-11-16',
        isoWeek: '2026-W47',
        weakQuestions: 0,
        helpful: 0,
        notHelpful: 0,
        ticketsOpened: 0,
      },
      {
        weekStart: '2026-11-23',
        isoWeek: '2026-W48',
        weakQuestions: 0,
        helpful: 0,
        notHelpful: 0,
        ticketsOpened: 0,
      },
      {
        weekStart: '2026-11-30',
        isoWeek: '2026-W49',
        weakQuestions: 0,
        helpful: 0,
        notHelpful: 1,
        ticketsOpened: 1,
      },
    ]);
  });

  it('numbers weeks across the turn of the year as ISO 8601 does', () => {
    expect(weekStartOf(new Date('2027-01-03T23:00:00Z'))).toBe('2026-12-28');
    expect(isoWeekOf('2026-12-28')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
  });

  it('reads a window typed as days or weeks, 30 days by default, at most 365', () => {
    expect(parseWindow('')).toEqual({ days: 30, capped: false });
    expect(parseWindow('4w')).toEqual({ days: 28, capped: false });
    expect(parseWindow(' 90D ')).toEqual({ days: 90, capped: false });
    expect(parseWindow('2 weeks')).toEqual({ days: 14, capped: false });
    expect(parseWindow('400d')).toEqual({ days: 365, capped: true });
    expect(parseWindow('0d')).toHaveProperty('error');
    expect(parseWindow('last month')).toHaveProperty('error');
    expect(parseWindow('30')).toHaveProperty('error');
  });
});

/** An RFC 4180 reader, written apart from the writer, to read the CSV back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  return rows;
}

describe('Markdown and CSV', () => {
  const tricky = 'Grants, "small" ones\nand | pipes *here*';
  const report = compose({
    questions: [weak(tricky, 'none', ago(1)), weak('=HYPERLINK("http://x")', 'suggest', ago(2))],
    feedback: [
      press('pdsa-cycles', false, ago(1), 'It said "cycle", not how long'),
      press('pdsa-cycles', true, ago(2)),
    ],
    tickets: [ticket('T-AAAAAA', 'open', ago(2, 3), 'Who decides, and when?')],
  });

  it('Markdown has every section, keeps typed text inside its table cell, and says when a list is empty', () => {
    const md = reportMarkdown(report);
    for (const heading of [
      '# Knowledge-gap report',
      '## Questions asked most that got no answer',
      '## Questions whose answer was marked not helpful',
      '## Answers most often marked not helpful',
      '## Helpful rate per entry',
      '## Tickets waiting',
      '## Per week',
    ])
      expect(md).toContain(heading);
    const row = md.split('\n').find((l) => l.includes('Grants,'));
    expect(row).toBe('| Grants, "small" ones and \\| pipes \\*here\\* | 1 | 1 | 0 | 1 | 2026-12-01 |');
    expect(row?.split(/(?<!\\)\|/).length).toBe(8);
    expect(md).toContain('| PDSA cycles | 1 | 1 | 50% |');
    expect(md).toContain('| T-AAAAAA | open | 2 days | 2026-11-30 | Who decides, and when? |');
    expect(md).toContain('_No question had its answer marked not helpful in this window._');
    expect(md).toContain('- **PDSA cycles**: It said "cycle", not how long');
  });

  it('a CSV field is quoted when it holds a comma, quote or line break, and never starts a formula', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('-3')).toBe("'-3");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(undefined)).toBe('');
  });

  it('CSV is one table with a section column, and typed text reads back as it was', () => {
    const rows = parseCsv(reportCsv(report));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const bySection = (section: string) => rows.filter((r) => r[0] === section);
    expect(bySection('unanswered').map((r) => r[col('label')])).toEqual([tricky, '\'=HYPERLINK("http://x")']);
    expect(bySection('entry-feedback')).toHaveLength(1);
    expect(bySection('entry-feedback')[0][col('helpful_rate')]).toBe('0.5');
    expect(bySection('comment')[0][col('label')]).toBe('It said "cycle", not how long');
    expect(bySection('ticket-waiting')[0].slice(col('ticket_id'), col('status') + 1)).toEqual([
      'T-AAAAAA',
      'open',
    ]);
    expect(bySection('ticket-waiting')[0][col('waiting_hours')]).toBe('51');
    expect(bySection('tickets-opened').map((r) => [r[col('status')], r[col('count')]])).toEqual([
      ['open', '1'],
      ['assigned', '0'],
      ['answered', '0'],
      ['closed', '0'],
    ]);
    expect(bySection('week').length).toBe(report.weeks.length);
    expect(bySection('window')[0][col('count')]).toBe('30');
  });
});

const textOf = (card: unknown): string => JSON.stringify(card);

describe('the report card', () => {
  const renderer = loadCardRenderer(join(ROOT, 'cards'));

  it('says plainly when each list is empty', () => {
    const card = renderer.render('gap-report', gapReportCardData(compose({}), 30));
    expect(cardProblems(card)).toEqual([]);
    for (const line of [
      'No unanswered questions in the last 30 days.',
      'No answers marked not helpful in the last 30 days.',
      'No entry was marked not helpful in the last 30 days.',
      'No feedback on answers in the last 30 days.',
      'No tickets waiting.',
    ])
      expect(textOf(card)).toContain(line);
  });

  it('shows ten rows a list and stays within Teams’ 40 KB, however much was asked', () => {
    const words = 'Supercalifragilistic-words-in-a-long-question '.repeat(8);
    const report = compose({
      since: new Date(NOW.getTime() - 365 * DAY),
      questions: Array.from({ length: 40 }, (_, i) => [
        weak(`topic${i} only ${words}`.replace(/ /g, `${i} `), 'none', ago(i)),
        weak(`bad${i} ${words}`.replace(/ /g, `x${i} `), 'not-helpful', ago(i), `entry-${i}`),
      ]).flat(),
      feedback: Array.from({ length: 40 }, (_, i) => press(`entry-${i}`, false, ago(i), words)),
      tickets: Array.from({ length: 40 }, (_, i) =>
        ticket(`T-${String(i).padStart(6, 'A')}`, 'open', ago(i), words),
      ),
      // The longest title in knowledge/ has 72 characters.
      titleOf: (id) => `A long knowledge entry title for ${id}, as long as titles get`.padEnd(80, '.'),
    });
    const data: GapReportCardData = gapReportCardData(report, 365);
    expect(data.unanswered).toHaveLength(10);
    expect(data.tickets).toHaveLength(10);
    expect(data.weeks).toHaveLength(14);
    expect(data.weeksNote).toMatch(/^The 39 earlier weeks are in the full report/);
    expect(data.ticketTotals).toMatch(/^…and 30 more waiting\./);
    const card = renderer.render('gap-report', data);
    expect(cardProblems(card)).toEqual([]);
    // The limit test/cards.test.ts holds every card to: Teams counts UTF-16, twice the JSON length.
    expect(textOf({ type: 'message', attachments: [{ content: card }] }).length * 2).toBeLessThan(40 * 1024);
  });
});

describe('`report` in Teams', () => {
  const replies: Reply[] = [];
  const turn: Turn = {
    where: {
      conversationType: 'channel',
      tenantId: 't',
      installationId: 'team',
      reference: { conversation: { id: '19:experts@thread.tacv2' } } as Turn['where']['reference'],
    },
    userKey: () => '',
    person: () => ({ name: '', aadObjectId: '', teamsId: '' }),
    log: createLogger('silent'),
    reply: async (reply) => void replies.push(reply),
    updateCard: async () => undefined,
  };
  const asked: Date[] = [];
  const make = (inChannel: boolean) =>
    new ReportReplies({
      questions: {
        since: async (from) => {
          asked.push(from);
          return [weak('how do I apply for a community grant', 'none', ago(3))];
        },
      },
      feedback: { since: async () => [press('pdsa-cycles', false, ago(1))] },
      tickets: { all: async () => [ticket('T-AAAAAA', 'open', ago(1))] },
      titleOf: (id) => TITLES[id],
      now: () => NOW,
      inExpertsChannel: async () => inChannel,
    });
  beforeEach(() => {
    replies.length = 0;
    asked.length = 0;
  });

  it('outside the experts’ channel, says where the report is shown and reads nothing', async () => {
    await make(false).command(turn, '');
    expect(replies).toEqual([{ text: expect.stringContaining("expert team's channel") }]);
    expect(asked).toEqual([]);
  });

  it('in the channel, replies with the report card for the window asked', async () => {
    await make(true).command(turn, '4w');
    expect(asked).toEqual([new Date(NOW.getTime() - 28 * DAY)]);
    expect(replies).toHaveLength(1);
    const card = replies[0].card;
    expect(card?.name).toBe('gap-report');
    const data = card?.data as GapReportCardData;
    expect(data.period).toBe('the last 28 days');
    expect(data.unanswered).toEqual([
      { wording: 'how do I apply for a community grant', detail: 'once · no answer' },
    ]);
    expect(data.notHelpful[0]).toMatchObject({
      title: 'PDSA cycles',
      detail: '1 not helpful, 0 helpful (0% helpful)',
    });
    expect(data.tickets).toEqual([
      { heading: 'T-AAAAAA · open', waiting: '24 hours', snippet: 'A question' },
    ]);
    expect(replies[0].summary).toBe('Knowledge-gap report: 1 unanswered question, 1 ticket waiting');
  });

  it('caps a long window at 365 days and says so; explains a window it cannot read', async () => {
    await make(true).command(turn, '900d');
    expect(asked).toEqual([new Date(NOW.getTime() - 365 * DAY)]);
    expect(replies[0]).toMatchObject({
      text: 'The report covers at most 365 days.',
      card: { name: 'gap-report' },
    });
    await make(true).command(turn, 'on child poverty');
    expect(replies[1].card).toBeUndefined();
    expect(replies[1].text).toMatch(/is not a window.*report 4w/);
  });
});

describe('npm run report', () => {
  it('reads --since and --format, either as two words or with =', () => {
    expect(parseReportArgs([])).toEqual({ days: 30, capped: false, format: 'md' });
    expect(parseReportArgs(['--since', '4w', '--format', 'csv'])).toEqual({
      days: 28,
      capped: false,
      format: 'csv',
    });
    expect(parseReportArgs(['--format=CSV', '--since=90d'])).toEqual({
      days: 90,
      capped: false,
      format: 'csv',
    });
    expect(parseReportArgs(['--format', 'xml'])).toMatch(/md or csv/);
    expect(parseReportArgs(['--since'])).toMatch(/needs a value/);
    expect(parseReportArgs(['--since', 'soon'])).toMatch(/not a window/);
    expect(parseReportArgs(['--everything'])).toMatch(/unknown option/);
  });

  describe('the built CLI against a SQLite DATA_DIR written by the real stores', () => {
    let dataDir: string;
    // Only what the CLI needs, so a developer's environment or .env cannot point it elsewhere.
    const env = (): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      STORAGE: 'sqlite',
      DATA_DIR: dataDir,
    });
    const cli = (args: string[]) =>
      run(process.execPath, [join(ROOT, 'dist', 'src', 'tools', 'report.js'), ...args], { env: env() });
    let keysBefore: string[] = [];

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'gap-report-'));
      const storage = await openStorage(loadConfig({ STORAGE: 'sqlite', DATA_DIR: dataDir }));
      const at = (days: number) => () => new Date(Date.now() - days * DAY);
      for (const [text, reason, days] of [
        ['How do I apply for a community grant?', 'none', 2],
        ['how to apply for community grants', 'suggest', 3],
        ['food bank vouchers, please', 'none', 1],
        ['what is the life expectancy gap in 1990', 'none', 40],
      ] as const)
        await new QuestionLog(storage, 90, at(days)).record({
          text,
          reason,
          topScore: 0,
          conversationType: 'personal',
        });
      await new QuestionLog(storage, 90, at(1)).record({
        text: 'what is proportionate universalism',
        reason: 'not-helpful',
        topScore: 0.8,
        topEntry: 'proportionate-universalism',
        conversationType: 'personal',
      });
      const feedback = new FeedbackStore(storage, at(1));
      const ref = await feedback.record({
        entryId: 'proportionate-universalism',
        knowledgeVersion: 'v1',
        helpful: false,
        conversationType: 'personal',
      });
      await feedback.comment(ref, 'Nothing about "housing", sadly');
      await feedback.record({
        entryId: 'proportionate-universalism',
        knowledgeVersion: 'v1',
        helpful: true,
        conversationType: 'personal',
      });
      const tickets = new TicketStore(storage, 90, at(3));
      await tickets.open({
        question: 'Who decides on grants?',
        details: '',
        conversationType: 'personal',
        asker: { chat: ASKER_CHAT },
      });
      const answered = await new TicketStore(storage, 90, at(2)).open({
        question: 'Answered already',
        details: '',
        conversationType: 'personal',
        asker: { chat: ASKER_CHAT },
      });
      await tickets.update(answered.id, (t) => ({ ...t, status: 'answered', answer: 'Yes' }));
      keysBefore = (await storage.list('')).keys;
      await storage.close();
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('prints Markdown by default, from the stored records of the last 30 days', async () => {
      const { code, stdout, stderr } = await cli([]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^# Knowledge-gap report\n\nLast 30 days: /);
      expect(stdout).toContain('| How do I apply for a community grant? | 2 | 1 | 1 | 2 |');
      expect(stdout).toContain('| food bank vouchers, please | 1 | 1 | 0 | 1 |');
      expect(stdout).not.toContain('life expectancy gap');
      expect(stdout).toContain('| what is proportionate universalism | 1 | Proportionate universalism |');
      expect(stdout).toContain('| Proportionate universalism | 1 | 1 | 50% |');
      expect(stdout).toContain('- **Proportionate universalism**: Nothing about "housing", sadly');
      expect(stdout).toMatch(
        /\| T-[2-9A-HJ-NP-Z]{6} \| open \| 3 days \| \d{4}-\d\d-\d\d \| Who decides on grants\? \|/,
      );
      expect(stdout).toContain('open 1, assigned 0, answered 1, closed 0');
    });

    it('prints CSV with --format csv, and the window asked for', async () => {
      const { code, stdout } = await cli(['--since', '60d', '--format', 'csv']);
      expect(code).toBe(0);
      const rows = parseCsv(stdout);
      expect(rows[0]).toEqual([...CSV_COLUMNS]);
      expect(rows.filter((r) => r[0] === 'unanswered').map((r) => r[1])).toEqual([
        'How do I apply for a community grant?',
        'food bank vouchers, please',
        'what is the life expectancy gap in 1990',
      ]);
      expect(rows.find((r) => r[0] === 'comment')?.[1]).toBe('Nothing about "housing", sadly');
    });

    it('leaves the store as it found it', async () => {
      await cli([]);
      const storage = await openStorage(loadConfig({ STORAGE: 'sqlite', DATA_DIR: dataDir }));
      try {
        expect((await storage.list('')).keys).toEqual(keysBefore);
      } finally {
        await storage.close();
      }
    });

    it('bad arguments print the usage on stderr and exit with 2', async () => {
      for (const args of [['--format', 'pdf'], ['--since', 'yesterday'], ['--verbose']]) {
        const { code, stdout, stderr } = await cli(args);
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toMatch(/^Usage: npm run -s report/m);
      }
    });

    it('a DATA_DIR with no database is refused rather than reported as empty', async () => {
      const { code, stdout, stderr } = await run(
        process.execPath,
        [join(ROOT, 'dist', 'src', 'tools', 'report.js')],
        {
          env: { ...env(), DATA_DIR: join(dataDir, 'missing') },
        },
      );
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/No data at .*missing.*DATA_DIR/);
    });
  });
});
