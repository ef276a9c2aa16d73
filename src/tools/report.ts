import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FeedbackStore } from '../answers/feedbackStore';
import {
  composeGapReport,
  type GapReport,
  MAX_WINDOW_DAYS,
  parseWindow,
  windowStart,
} from '../experts/gapReport';
import { QuestionLog } from '../experts/questionLog';
import { reportCsv, reportMarkdown } from '../experts/reportFormats';
import { TicketStore } from '../experts/tickets';
import { readKnowledge } from '../knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../paths';
import type { Storage } from '../storage';
import { SQLITE_FILE } from '../storage/openStorage';
import { runTool, toolConfig, withStorage } from './storageTool';

/**
 * `npm run -s report -- [--since 30d] [--format md|csv]`: the knowledge-gap report the experts'
 * channel sees with `report`, every row, for the content owners. docs/report.md describes it.
 */
const USAGE = `Usage: npm run -s report -- [--since <window>] [--format md|csv]
  --since <window>   how far back: 30d (the default), 4w, 90d; at most ${MAX_WINDOW_DAYS} days
  --format md|csv    Markdown (the default), or CSV: one table with a "section" column
Prints the report to stdout. Reads the same configuration as the service (environment and .env).`;

export interface ReportRequest {
  days: number;
  capped: boolean;
  format: 'md' | 'csv';
}

/** The request, or what is wrong with the arguments. `--flag value` and `--flag=value` both work. */
export function parseReportArgs(args: readonly string[]): ReportRequest | string {
  let since = '';
  let format = 'md';
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag !== '--since' && flag !== '--format') return `unknown option ${args[i].slice(0, 40)}`;
    const value = inline ?? args[++i];
    if (value === undefined || value.trim() === '') return `${flag} needs a value`;
    if (flag === '--since') since = value;
    else format = value.trim().toLowerCase();
  }
  if (format !== 'md' && format !== 'csv') return `--format takes md or csv, not "${format}"`;
  const window = parseWindow(since);
  if ('error' in window) return `--since: ${window.error}`;
  return { ...window, format };
}

export interface ReportSources {
  storage: Storage;
  /** Days the service keeps weak questions and untouched tickets: the stores prune with it as they read. */
  retentionDays: number;
  titleOf: (entryId: string) => string | undefined;
  now: Date;
}

/** Reads the window's records through the service's own stores and composes the report. */
export async function buildReport(days: number, sources: ReportSources): Promise<GapReport> {
  const { storage, retentionDays, now } = sources;
  const clock = (): Date => now;
  const since = windowStart(now, days);
  const [questions, feedback, tickets] = await Promise.all([
    new QuestionLog(storage, retentionDays, clock).since(since),
    new FeedbackStore(storage, clock).since(since),
    new TicketStore(storage, retentionDays, clock).all(),
  ]);
  return composeGapReport({ questions, feedback, tickets, titleOf: sources.titleOf, now, since });
}

/** Entry titles from knowledge/, even when some other file has a problem (kb:check reports those). */
function entryTitles(): (entryId: string) => string | undefined {
  const titles = new Map(
    readKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT).entries.map((e) => [e.id, e.title]),
  );
  return (id) => titles.get(id);
}

async function main(): Promise<number> {
  const request = parseReportArgs(process.argv.slice(2));
  if (typeof request === 'string') {
    process.stderr.write(`${request}\n${USAGE}\n`);
    return 2;
  }
  if (request.capped) process.stderr.write(`The report covers at most ${MAX_WINDOW_DAYS} days.\n`);
  const config = toolConfig();
  // Opening SQLite creates an empty database: a mistyped DATA_DIR would print an empty report.
  if (config.storage === 'sqlite' && !existsSync(join(config.dataDir, SQLITE_FILE))) {
    process.stderr.write(`No data at ${join(config.dataDir, SQLITE_FILE)}: check DATA_DIR.\n`);
    return 1;
  }
  const report = await withStorage(config, (storage) =>
    buildReport(request.days, {
      storage,
      retentionDays: config.questionRetentionDays,
      titleOf: entryTitles(),
      now: new Date(),
    }),
  );
  const text = request.format === 'csv' ? reportCsv(report) : `${reportMarkdown(report)}\n`;
  // process.exit does not wait for a pipe that is still draining (macOS, Windows).
  await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  return 0;
}

if (require.main === module) runTool('Report', main);
