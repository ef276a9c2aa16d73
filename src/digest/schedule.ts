/**
 * When a channel's digest runs. Everything is in London time, whatever the server's zone: croner
 * finds the cron matches in Europe/London and luxon reads dates there, so the clock changes are
 * theirs to get right, not ours. Every function takes the time it needs, so tests choose the time.
 *
 * Clock changes, as croner handles a fixed-time job:
 * - a time that does not exist (01:30 on the last Sunday of March) runs at the first valid time
 *   after the gap, 02:00 BST (01:00 UTC);
 * - a time that happens twice (01:30 on the last Sunday of October) runs once, the first time (BST).
 */
import { Cron } from 'croner';
import { DateTime } from 'luxon';
import { type Cadence, readScheduleWords, WEEKDAYS, type Weekday } from './scheduleWords';

export type { Cadence, Weekday } from './scheduleWords';

export const DIGEST_TIME_ZONE = 'Europe/London';

export interface DigestSchedule {
  cadence: Cadence;
  day: Weekday; // monthly: the first <day> of each month
  time: string; // 'HH:MM', 24-hour, London local time
  /** ISO date (YYYY-MM-DD, London) of the opt-in: fortnightly runs fall in weeks an even number of weeks from this date's week. */
  anchor: string;
}

export const DEFAULT_SCHEDULE: Omit<DigestSchedule, 'anchor'> = {
  cadence: 'weekly',
  day: 'monday',
  time: '09:00',
};

export type ParsedSchedule =
  | { ok: true; schedule: Omit<DigestSchedule, 'anchor'> }
  | { ok: false; notUnderstood: string[] }; // the words that were not understood, as typed

/** The words after `digest on` (may be empty = the default); what is not said comes from the default. */
export function parseSchedule(words: string): ParsedSchedule {
  const read = readScheduleWords(words);
  if (!read.ok) return read;
  return {
    ok: true,
    schedule: {
      cadence: read.cadence ?? DEFAULT_SCHEDULE.cadence,
      day: read.day ?? DEFAULT_SCHEDULE.day,
      time: read.time ?? DEFAULT_SCHEDULE.time,
    },
  };
}

/** Far more than any schedule needs (a fortnightly run is at most two weeks on); guards against a bad schedule looping. */
const MAX_CANDIDATES = 10;

function london(at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: DIGEST_TIME_ZONE });
}

function cronFor(schedule: DigestSchedule): Cron {
  const clock = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(schedule.time);
  if (!clock) throw new RangeError(`Digest time is not HH:MM: ${schedule.time}`);
  // Cron counts Sunday as 0; WEEKDAYS starts on Monday.
  const cronDay = (WEEKDAYS.indexOf(schedule.day) + 1) % 7;
  const days = schedule.cadence === 'monthly' ? `${cronDay}#1` : String(cronDay);
  // Without a callback croner starts no timer; paused makes that explicit.
  return new Cron(`${Number(clock[2])} ${Number(clock[1])} * * ${days}`, {
    timezone: DIGEST_TIME_ZONE,
    paused: true,
  });
}

function anchorStart(schedule: DigestSchedule): DateTime {
  const start = DateTime.fromISO(schedule.anchor, { zone: DIGEST_TIME_ZONE });
  if (!start.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(schedule.anchor)) {
    throw new RangeError(`Digest anchor is not a YYYY-MM-DD date: ${schedule.anchor}`);
  }
  return start.startOf('day');
}

/** The ISO date of the Monday starting the London week of `at`. */
function mondayOf(at: DateTime): string {
  return at.startOf('week').toISODate()!;
}

/** Whole weeks between two Mondays, counted on the calendar so a 23- or 25-hour day does not matter. */
function weeksBetween(fromMonday: string, toMonday: string): number {
  const days = DateTime.fromISO(toMonday, { zone: 'utc' }).diff(
    DateTime.fromISO(fromMonday, { zone: 'utc' }),
    'days',
  ).days;
  return Math.round(days / 7);
}

/** Cron matches that are not runs: those before the anchor date and, fortnightly, the odd weeks. */
function isRun(schedule: DigestSchedule, candidate: Date): boolean {
  const start = anchorStart(schedule);
  const at = london(candidate);
  if (at < start) return false;
  if (schedule.cadence !== 'fortnightly') return true;
  return weeksBetween(mondayOf(start), mondayOf(at)) % 2 === 0;
}

/** The first run strictly after `after`. */
export function nextRunAt(schedule: DigestSchedule, after: Date): Date {
  const cron = cronFor(schedule);
  // A second before the anchor day: croner works in whole seconds and looks strictly after.
  const beforeAnchor = anchorStart(schedule).minus({ seconds: 1 }).toJSDate();
  let cursor = after < beforeAnchor ? beforeAnchor : after;
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const candidate = cron.nextRun(cursor);
    if (!candidate) break;
    if (isRun(schedule, candidate)) return candidate;
    cursor = candidate;
  }
  throw new RangeError(`No digest run found after ${after.toISOString()}`);
}

/** The latest run at or before `at`, or undefined if none since the anchor date. */
export function latestRunAtOrBefore(schedule: DigestSchedule, at: Date): Date | undefined {
  const cron = cronFor(schedule);
  const start = anchorStart(schedule).toJSDate();
  // croner's previousRuns excludes a run at the reference itself, so look back from a minute
  // later (runs are whole minutes, at least a week apart) and drop anything after `at`.
  let cursor = new Date(at.getTime() + 60_000);
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const [candidate] = cron.previousRuns(1, cursor);
    if (!candidate || candidate < start) return undefined;
    if (candidate <= at && isRun(schedule, candidate)) return candidate;
    cursor = candidate;
  }
  throw new RangeError(`No digest run found before ${at.toISOString()}`);
}

/** A stable id for the run at `runAt`: its London local date and time, e.g. '2026-12-07T09:00'. */
export function periodKey(runAt: Date): string {
  return london(runAt).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * For people: 'every Monday at 09:00', 'every other Tuesday at 10:30', 'on the first Monday of each
 * month at 09:00'. The caller says it is UK time. parseSchedule reads every description back.
 */
export function describeSchedule(schedule: DigestSchedule): string {
  const day = schedule.day.charAt(0).toUpperCase() + schedule.day.slice(1);
  switch (schedule.cadence) {
    case 'weekly':
      return `every ${day} at ${schedule.time}`;
    case 'fortnightly':
      return `every other ${day} at ${schedule.time}`;
    case 'monthly':
      return `on the first ${day} of each month at ${schedule.time}`;
  }
}

/** A Monday before any digest, so week numbers are never negative. */
const FIRST_MONDAY = '1970-01-05';

/** Whole weeks since a fixed Monday (London), the same for every channel; changes at Monday 00:00 London. */
export function weekNumber(at: Date): number {
  return weeksBetween(FIRST_MONDAY, mondayOf(london(at)));
}
