/**
 * Reading the words people type after `digest on` into a cadence, a day and a time. This module
 * knows nothing about clocks; src/digest/schedule.ts applies the defaults and does the scheduling.
 * The types live here (and schedule.ts re-exports them) so the two modules do not import each other.
 */

export type Cadence = 'weekly' | 'fortnightly' | 'monthly';
export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** Monday first, as London weeks start on Monday. */
export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

export type ScheduleWords =
  | { ok: true; cadence?: Cadence; day?: Weekday; time?: string }
  | { ok: false; notUnderstood: string[] };

interface Token {
  raw: string;
  norm: string;
}

type Meaning =
  | { kind: 'filler' }
  | { kind: 'cadence'; value: Cadence }
  | { kind: 'day'; value: Weekday }
  | { kind: 'time'; value: string };

/** A meaning and how many tokens it used: phrases such as `two weeks` or `9 am` use two. */
interface Reading {
  meaning: Meaning;
  used: number;
}

const FILLERS = new Set([
  'on',
  'at',
  'every',
  'each',
  'the',
  'please',
  'of',
  'a',
  'once',
  'and',
  'in',
  'from',
]);

const CADENCE_WORDS: ReadonlyMap<string, Cadence> = new Map([
  ['weekly', 'weekly'],
  ['week', 'weekly'],
  ['fortnightly', 'fortnightly'],
  ['fortnight', 'fortnightly'],
  ['biweekly', 'fortnightly'],
  ['bi-weekly', 'fortnightly'],
  // `every other Tuesday`, `alternate Tuesdays`: alternate weeks.
  ['other', 'fortnightly'],
  ['alternate', 'fortnightly'],
  ['monthly', 'monthly'],
  ['month', 'monthly'],
  // `the first Monday (of each month)`: only a monthly digest has a first day.
  ['first', 'monthly'],
  ['1st', 'monthly'],
]);

/** Words that mean `fortnightly` when `week`/`weeks` follows: `every two weeks`, `every other week`. */
const FORTNIGHT_LEADS = new Set(['two', '2', 'other', 'alternate', 'second', '2nd']);

const DAY_ABBREVIATIONS: ReadonlyMap<string, Weekday> = new Map([
  ['mon', 'monday'],
  ['tue', 'tuesday'],
  ['tues', 'tuesday'],
  ['wed', 'wednesday'],
  ['weds', 'wednesday'],
  ['thu', 'thursday'],
  ['thur', 'thursday'],
  ['thurs', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
  ['sun', 'sunday'],
]);

const NOON_WORDS = new Set(['noon', 'midday']);

/**
 * Splits on spaces, commas and semicolons. Brackets, quotes and a closing full stop or colon are
 * not part of a word (`(9am)`, `Mon.`); a token with no letter or digit (`-`, `&`) is punctuation.
 */
function tokenize(words: string): Token[] {
  return words
    .split(/[\s,;]+/)
    .filter((raw) => /[\p{L}\p{N}]/u.test(raw))
    .map((raw) => ({
      raw,
      norm: raw
        .toLowerCase()
        .replace(/^[("'\u2018\u201c[]+/, '')
        .replace(/[)"'\u2019\u201d\].!?:]+$/, ''),
    }));
}

function dayFrom(word: string): Weekday | undefined {
  const abbreviation = DAY_ABBREVIATIONS.get(word);
  if (abbreviation) return abbreviation;
  // `Mondays` means the same as `Monday`.
  const singular = word.endsWith('s') ? word.slice(0, -1) : word;
  return WEEKDAYS.find((day) => day === word || day === singular);
}

function clock(hour: number, minute: number): string | undefined {
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/**
 * 24-hour `14:00`, `9.30`, `0930`; 12-hour `9am`, `9.30pm`, `12am` (midnight); `noon`, `midday`.
 * A bare `9` is refused: people mean 09:00 by `9` but 14:00 by `2`, so guessing would be wrong.
 */
function timeFrom(word: string): string | undefined {
  if (NOON_WORDS.has(word)) return '12:00';
  const twelveHour = /^(\d{1,2})(?:[:.](\d{2}))?(a\.?m|p\.?m)\.?$/.exec(word);
  if (twelveHour) {
    const hour = Number(twelveHour[1]);
    if (hour < 1 || hour > 12) return undefined;
    const afternoon = twelveHour[3].startsWith('p') ? 12 : 0;
    return clock((hour % 12) + afternoon, Number(twelveHour[2] ?? '0'));
  }
  const twentyFourHour = /^(\d{1,2})[:.](\d{2})$/.exec(word) ?? /^(\d{2})(\d{2})$/.exec(word);
  return twentyFourHour ? clock(Number(twentyFourHour[1]), Number(twentyFourHour[2])) : undefined;
}

/** Two-token phrases first, so `two weeks` is not read as `two` and `weeks`. */
function readPhrase(token: Token, next: Token | undefined): Reading | undefined {
  if (!next) return undefined;
  if (FORTNIGHT_LEADS.has(token.norm) && (next.norm === 'weeks' || next.norm === 'week')) {
    return { meaning: { kind: 'cadence', value: 'fortnightly' }, used: 2 };
  }
  if (/^am$|^pm$|^a\.?m$|^p\.?m$/.test(next.norm) && /^\d{1,2}([:.]\d{2})?$/.test(token.norm)) {
    const time = timeFrom(`${token.norm}${next.norm}`);
    return time ? { meaning: { kind: 'time', value: time }, used: 2 } : undefined;
  }
  if (token.norm === '12' && NOON_WORDS.has(next.norm)) {
    return { meaning: { kind: 'time', value: '12:00' }, used: 2 };
  }
  return undefined;
}

function readWord(word: string): Meaning | undefined {
  if (FILLERS.has(word)) return { kind: 'filler' };
  const cadence = CADENCE_WORDS.get(word);
  if (cadence) return { kind: 'cadence', value: cadence };
  const day = dayFrom(word);
  if (day) return { kind: 'day', value: day };
  const time = timeFrom(word);
  return time ? { kind: 'time', value: time } : undefined;
}

interface Found {
  raw: string;
  meaning: Meaning | undefined;
}

function readAll(tokens: Token[]): Found[] {
  const found: Found[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = readPhrase(tokens[i], tokens[i + 1]);
    const used = phrase?.used ?? 1;
    const raw = tokens
      .slice(i, i + used)
      .map((token) => token.raw)
      .join(' ');
    found.push({ raw, meaning: phrase?.meaning ?? readWord(tokens[i].norm) });
    i += used;
  }
  return found;
}

type Slot = 'cadence' | 'day' | 'time';

function valueIn(meaning: Meaning | undefined, slot: Slot): string | undefined {
  return meaning && meaning.kind === slot && 'value' in meaning ? meaning.value : undefined;
}

/** Words for a slot that was given two different values (`monday friday`): neither is taken. */
function clashing(found: Found[], slot: Slot): Found[] {
  const inSlot = found.filter((item) => valueIn(item.meaning, slot) !== undefined);
  const values = new Set(inSlot.map((item) => valueIn(item.meaning, slot)));
  return values.size > 1 ? inSlot : [];
}

function chosen(found: Found[]): { cadence?: Cadence; day?: Weekday; time?: string } {
  const choice: { cadence?: Cadence; day?: Weekday; time?: string } = {};
  for (const { meaning } of found) {
    if (meaning?.kind === 'cadence') choice.cadence = meaning.value;
    if (meaning?.kind === 'day') choice.day = meaning.value;
    if (meaning?.kind === 'time') choice.time = meaning.value;
  }
  return choice;
}

/**
 * Reads the words in any order and case. Unknown words, and every word of a clash (two days, two
 * times, two cadences), come back as typed, in the order typed; what is not said is left out.
 */
export function readScheduleWords(words: string): ScheduleWords {
  const found = readAll(tokenize(words));
  const clashes = new Set([
    ...clashing(found, 'cadence'),
    ...clashing(found, 'day'),
    ...clashing(found, 'time'),
  ]);
  const notUnderstood = found.filter((item) => !item.meaning || clashes.has(item)).map((item) => item.raw);
  if (notUnderstood.length > 0) return { ok: false, notUnderstood };
  return { ok: true, ...chosen(found) };
}
