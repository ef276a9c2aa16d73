import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  type Cadence,
  DEFAULT_SCHEDULE,
  DIGEST_TIME_ZONE,
  type DigestSchedule,
  describeSchedule,
  latestRunAtOrBefore,
  nextRunAt,
  parseSchedule,
  periodKey,
  type Weekday,
  weekNumber,
} from '../src/digest/schedule';

const utc = (iso: string) => new Date(iso);
const london = (at: Date) => DateTime.fromJSDate(at, { zone: DIGEST_TIME_ZONE });
const schedule = (cadence: Cadence, day: Weekday, time: string, anchor = '2026-01-01'): DigestSchedule => ({
  cadence,
  day,
  time,
  anchor,
});

/** The runs strictly after `after`, one after another, as ISO UTC strings. */
function runs(s: DigestSchedule, after: string, count: number): string[] {
  const found: string[] = [];
  let cursor = utc(after);
  for (let i = 0; i < count; i++) {
    cursor = nextRunAt(s, cursor);
    found.push(cursor.toISOString());
  }
  return found;
}

describe('parseSchedule', () => {
  it.each<[string, Cadence, Weekday, string]>([
    ['', 'weekly', 'monday', '09:00'],
    ['fortnightly tuesday 10:30', 'fortnightly', 'tuesday', '10:30'],
    ['monthly', 'monthly', 'monday', '09:00'],
    ['weekly', 'weekly', 'monday', '09:00'],
    ['every week', 'weekly', 'monday', '09:00'],
    ['every two weeks', 'fortnightly', 'monday', '09:00'],
    ['every 2 weeks', 'fortnightly', 'monday', '09:00'],
    ['Bi-Weekly', 'fortnightly', 'monday', '09:00'],
    ['biweekly', 'fortnightly', 'monday', '09:00'],
    ['every month', 'monthly', 'monday', '09:00'],
    ['once a month', 'monthly', 'monday', '09:00'],
    ['Tuesdays at 10.30', 'weekly', 'tuesday', '10:30'],
    ['every other Thursday, 2pm please', 'fortnightly', 'thursday', '14:00'],
    ['on the first Wednesday of each month at 9.30am', 'monthly', 'wednesday', '09:30'],
    ['FRIDAY 9AM', 'weekly', 'friday', '09:00'],
    ['thurs 14:00 fortnightly', 'fortnightly', 'thursday', '14:00'],
    ['mon 0930', 'weekly', 'monday', '09:30'],
    ['weds at 12 noon', 'weekly', 'wednesday', '12:00'],
    ['every fortnight on sunday at 8 pm', 'fortnightly', 'sunday', '20:00'],
    ['monthly, first fri, 4.15 p.m.', 'monthly', 'friday', '16:15'],
    ['every other week on Tuesday', 'fortnightly', 'tuesday', '09:00'],
    ['alternate Mondays', 'fortnightly', 'monday', '09:00'],
    ['tue 7:05', 'weekly', 'tuesday', '07:05'],
    ['sat 12am', 'weekly', 'saturday', '00:00'],
    ['Sun midday', 'weekly', 'sunday', '12:00'],
    ['12pm, Monday, Mondays', 'weekly', 'monday', '12:00'],
    ['  please  ', 'weekly', 'monday', '09:00'],
    ['Thursday - (2:30pm) "please"', 'weekly', 'thursday', '14:30'],
    ['Mon. at 9:30 A.M.', 'weekly', 'monday', '09:30'],
    ['1st Tuesday monthly', 'monthly', 'tuesday', '09:00'],
  ])('"%s" is %s on %s at %s', (words, cadence, day, time) => {
    expect(parseSchedule(words)).toEqual({ ok: true, schedule: { cadence, day, time } });
  });

  it.each<[string, string[]]>([
    ['fortnightly tuesday 25:00', ['25:00']],
    ['daily', ['daily']],
    ['Monday, Friday', ['Monday', 'Friday']],
    ['9am 10:30 tuesday', ['9am', '10:30']],
    ['weekly monthly', ['weekly', 'monthly']],
    ['every other Tuesday, first of the month', ['other', 'first', 'month']],
    ['at 9', ['9']],
    ['13pm', ['13pm']],
    ['930', ['930']],
    ['Tuesday 9:75', ['9:75']],
    ['tomorrow at 9am', ['tomorrow']],
    ['every 3 weeks', ['3', 'weeks']],
    ['every second Tuesday', ['second']],
    ['Mon 2 PM 9am', ['2 PM', '9am']],
  ])('"%s" is not understood: %j', (words, notUnderstood) => {
    expect(parseSchedule(words)).toEqual({ ok: false, notUnderstood });
  });

  it('reads back every description it gives', () => {
    const days: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
    for (const cadence of ['weekly', 'fortnightly', 'monthly'] as const) {
      for (const day of days) {
        for (const time of ['00:00', '01:30', '09:00', '12:00', '23:59']) {
          const s = schedule(cadence, day, time);
          expect(parseSchedule(describeSchedule(s))).toEqual({ ok: true, schedule: { cadence, day, time } });
        }
      }
    }
  });

  it('defaults to Monday at 09:00 each week', () => {
    expect(DEFAULT_SCHEDULE).toEqual({ cadence: 'weekly', day: 'monday', time: '09:00' });
  });
});

describe('describeSchedule', () => {
  it.each<[DigestSchedule, string]>([
    [schedule('weekly', 'monday', '09:00'), 'every Monday at 09:00'],
    [schedule('fortnightly', 'tuesday', '10:30'), 'every other Tuesday at 10:30'],
    [schedule('monthly', 'monday', '09:00'), 'on the first Monday of each month at 09:00'],
  ])('%j is "%s"', (s, words) => {
    expect(describeSchedule(s)).toBe(words);
  });
});

describe('nextRunAt across the clock changes (2026: forward 29 March, back 25 October)', () => {
  it('Monday 09:00 stays 09:00 London: 09:00 UTC in winter, 08:00 UTC in summer', () => {
    const s = schedule('weekly', 'monday', '09:00');
    expect(runs(s, '2026-03-20T12:00:00Z', 2)).toEqual([
      '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
    ]);
    expect(runs(s, '2026-10-16T12:00:00Z', 2)).toEqual([
      '2026-10-19T08:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
    ]);
  });

  it('Sunday 01:30 on the night 01:30 does not exist runs at 02:00 BST, the first time after the gap', () => {
    const s = schedule('weekly', 'sunday', '01:30');
    const [gapNight, weekAfter] = runs(s, '2026-03-28T12:00:00Z', 2);
    expect(gapNight).toBe('2026-03-29T01:00:00.000Z');
    expect(periodKey(utc(gapNight))).toBe('2026-03-29T02:00');
    expect(weekAfter).toBe('2026-04-05T00:30:00.000Z');
    expect(periodKey(utc(weekAfter))).toBe('2026-04-05T01:30');
  });

  it('Sunday 01:30 on the night 01:30 happens twice runs once, at the first (BST) 01:30', () => {
    const s = schedule('weekly', 'sunday', '01:30');
    expect(runs(s, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-11-01T01:30:00.000Z',
    ]);
    // Between the two 01:30s: the second one is not a run.
    expect(nextRunAt(s, utc('2026-10-25T00:45:00Z')).toISOString()).toBe('2026-11-01T01:30:00.000Z');
    expect(latestRunAtOrBefore(s, utc('2026-10-25T01:45:00Z'))?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('is strictly after: a run exactly at `after` is not next', () => {
    const s = schedule('weekly', 'monday', '09:00');
    expect(nextRunAt(s, utc('2026-12-07T09:00:00Z')).toISOString()).toBe('2026-12-14T09:00:00.000Z');
    expect(nextRunAt(s, utc('2026-12-07T08:59:59.999Z')).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('has no runs before the anchor date, but does run on it', () => {
    const s = schedule('weekly', 'monday', '09:00', '2026-12-07');
    expect(nextRunAt(s, utc('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('refuses a schedule it cannot read', () => {
    expect(() => nextRunAt(schedule('weekly', 'monday', '9am'), new Date(0))).toThrow(RangeError);
    expect(() => nextRunAt(schedule('weekly', 'monday', '24:00'), new Date(0))).toThrow(RangeError);
    expect(() => nextRunAt(schedule('weekly', 'monday', '09:00', '7 Dec 2026'), new Date(0))).toThrow(
      RangeError,
    );
  });
});

describe('fortnightly: runs in weeks an even number of weeks from the anchor week', () => {
  // The anchor is Wednesday 2 December 2026; its week starts Monday 30 November.
  it("runs in the anchor's own week when that day is still ahead", () => {
    const s = schedule('fortnightly', 'thursday', '10:30', '2026-12-02');
    expect(runs(s, '2026-12-02T15:00:00Z', 3)).toEqual([
      '2026-12-03T10:30:00.000Z',
      '2026-12-17T10:30:00.000Z',
      '2026-12-31T10:30:00.000Z',
    ]);
  });

  it("runs two weeks on when the anchor week's day has passed", () => {
    const s = schedule('fortnightly', 'tuesday', '10:30', '2026-12-02');
    expect(runs(s, '2026-12-02T15:00:00Z', 2)).toEqual([
      '2026-12-15T10:30:00.000Z',
      '2026-12-29T10:30:00.000Z',
    ]);
  });

  it('runs on the anchor day itself when the time is still ahead', () => {
    const s = schedule('fortnightly', 'tuesday', '10:30', '2026-12-01');
    expect(nextRunAt(s, utc('2026-12-01T08:00:00Z')).toISOString()).toBe('2026-12-01T10:30:00.000Z');
  });

  it('keeps 14 days between runs across a clock change and a 53-week year', () => {
    for (const [anchor, after] of [
      ['2026-03-16', '2026-03-01T00:00:00Z'],
      ['2026-10-12', '2026-10-01T00:00:00Z'],
      ['2026-12-21', '2026-12-01T00:00:00Z'],
    ]) {
      const found = runs(schedule('fortnightly', 'monday', '09:00', anchor), after, 6).map((iso) =>
        london(utc(iso)),
      );
      expect(found[0].toISODate()).toBe(anchor);
      for (let i = 1; i < found.length; i++) {
        expect(found[i].startOf('day').diff(found[i - 1].startOf('day'), 'days').days).toBe(14);
        expect(found[i].toFormat('HH:mm')).toBe('09:00');
      }
    }
  });
});

describe('monthly: the first <day> of each month', () => {
  it('is the first Monday of each month of 2026, 09:00 London (June starts on a Monday)', () => {
    const found = runs(schedule('monthly', 'monday', '09:00'), '2026-01-01T00:00:00Z', 13).map((iso) =>
      periodKey(utc(iso)),
    );
    expect(found).toEqual([
      '2026-01-05T09:00',
      '2026-02-02T09:00',
      '2026-03-02T09:00',
      '2026-04-06T09:00',
      '2026-05-04T09:00',
      '2026-06-01T09:00',
      '2026-07-06T09:00',
      '2026-08-03T09:00',
      '2026-09-07T09:00',
      '2026-10-05T09:00',
      '2026-11-02T09:00',
      '2026-12-07T09:00',
      '2027-01-04T09:00',
    ]);
  });

  it('counts a month starting on that day: the first Friday of May 2026 is the 1st', () => {
    const s = schedule('monthly', 'friday', '16:15');
    expect(nextRunAt(s, utc('2026-04-04T00:00:00Z')).toISOString()).toBe('2026-05-01T15:15:00.000Z');
  });
});

describe('latestRunAtOrBefore', () => {
  const s = schedule('weekly', 'monday', '09:00', '2026-11-30');

  it('includes a run exactly at `at`, not one a millisecond later', () => {
    expect(latestRunAtOrBefore(s, utc('2026-12-07T09:00:00Z'))?.toISOString()).toBe(
      '2026-12-07T09:00:00.000Z',
    );
    expect(latestRunAtOrBefore(s, utc('2026-12-07T08:59:59.999Z'))?.toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
  });

  it('is undefined before the first run since the anchor date', () => {
    expect(latestRunAtOrBefore(s, utc('2026-11-30T08:59:00Z'))).toBeUndefined();
    expect(latestRunAtOrBefore(s, utc('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('finds a run moved by the spring gap, at its moved time', () => {
    const sunday = schedule('weekly', 'sunday', '01:30');
    expect(latestRunAtOrBefore(sunday, utc('2026-03-29T01:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(latestRunAtOrBefore(sunday, utc('2026-03-29T00:59:59Z'))?.toISOString()).toBe(
      '2026-03-22T01:30:00.000Z',
    );
  });

  it("does not count a month's first Monday that came before the anchor date", () => {
    const monthly = schedule('monthly', 'monday', '09:00', '2026-12-10');
    expect(latestRunAtOrBefore(monthly, utc('2026-12-20T00:00:00Z'))).toBeUndefined();
    expect(nextRunAt(monthly, utc('2026-12-10T12:00:00Z')).toISOString()).toBe('2027-01-04T09:00:00.000Z');
  });

  it('skips the weeks a fortnightly schedule does not run', () => {
    const fortnightly = schedule('fortnightly', 'tuesday', '10:30', '2026-12-02');
    expect(latestRunAtOrBefore(fortnightly, utc('2026-12-28T00:00:00Z'))?.toISOString()).toBe(
      '2026-12-15T10:30:00.000Z',
    );
  });
});

describe('periodKey', () => {
  it('is the London local date and time of the run', () => {
    expect(periodKey(utc('2026-12-07T09:00:00Z'))).toBe('2026-12-07T09:00');
    expect(periodKey(utc('2026-06-01T08:00:00Z'))).toBe('2026-06-01T09:00');
  });
});

describe('runs, latest runs and period keys agree (property, seeded)', () => {
  const SEED = 20261203;
  const TWO_YEARS_FROM = Date.UTC(2026, 0, 1);
  const TWO_YEARS_TO = Date.UTC(2028, 0, 1);
  const anySchedule = fc.record({
    cadence: fc.constantFrom<Cadence>('weekly', 'fortnightly', 'monthly'),
    day: fc.constantFrom<Weekday>(
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
      'sunday',
    ),
    // Early-morning hours are weighted in, so the nights of the clock changes come up.
    time: fc
      .tuple(
        fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 1, 2)),
        fc.integer({ min: 0, max: 59 }),
      )
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    anchor: fc
      .integer({ min: TWO_YEARS_FROM, max: TWO_YEARS_TO })
      .map((ms) => london(new Date(ms)).toISODate()!),
  });
  const anyTime = fc.integer({ min: TWO_YEARS_FROM, max: TWO_YEARS_TO }).map((ms) => new Date(ms));
  const options = { seed: SEED, numRuns: 300 };

  it('the next run is the latest run at its own time, and its key differs from the run after', () => {
    fc.assert(
      fc.property(anySchedule, anyTime, (s, t) => {
        const next = nextRunAt(s, t);
        expect(next.getTime()).toBeGreaterThan(t.getTime());
        expect(latestRunAtOrBefore(s, next)?.toISOString()).toBe(next.toISOString());
        expect(periodKey(nextRunAt(s, next))).not.toBe(periodKey(next));
      }),
      options,
    );
  });

  it('the run after the latest run is after `t`', () => {
    fc.assert(
      fc.property(anySchedule, anyTime, (s, t) => {
        const latest = latestRunAtOrBefore(s, t);
        if (latest === undefined) return;
        expect(latest.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(nextRunAt(s, latest).getTime()).toBeGreaterThan(t.getTime());
      }),
      options,
    );
  });

  it('runs at the London time asked for, or at 02:00 when that time falls in the spring gap', () => {
    fc.assert(
      fc.property(anySchedule, anyTime, (s, t) => {
        const run = london(nextRunAt(s, t));
        const inGap = s.time.startsWith('01:') && run.month === 3 && run.toFormat('HH:mm') === '02:00';
        expect(inGap || run.toFormat('HH:mm') === s.time).toBe(true);
        expect(run.weekdayLong?.toLowerCase()).toBe(s.day);
      }),
      options,
    );
  });
});

describe('weekNumber', () => {
  it.each([
    ['summer (BST)', '2026-06-07T22:59:59.999Z', '2026-06-07T23:00:00.000Z'],
    ['winter (GMT)', '2026-12-06T23:59:59.999Z', '2026-12-07T00:00:00.000Z'],
    ['the week the clocks go forward', '2026-03-29T22:59:59.999Z', '2026-03-29T23:00:00.000Z'],
    ['the week the clocks go back', '2026-10-25T23:59:59.999Z', '2026-10-26T00:00:00.000Z'],
  ])('changes exactly at Monday 00:00 London in %s', (_, sundayNight, mondayMidnight) => {
    expect(weekNumber(utc(mondayMidnight))).toBe(weekNumber(utc(sundayNight)) + 1);
  });

  it('is the same all week, whatever the hour', () => {
    const monday = utc('2026-10-19T00:00:00+01:00');
    const expected = weekNumber(monday);
    for (let hour = 0; hour < 7 * 24 + 1; hour++) {
      const at = new Date(monday.getTime() + hour * 3_600_000);
      const sameWeek = london(at).startOf('week').toISODate() === '2026-10-19';
      expect(weekNumber(at)).toBe(sameWeek ? expected : expected + 1);
    }
  });

  it('counts up by one a week and is never negative, so % 8 cycles through all eight', () => {
    const first = weekNumber(utc('2026-01-05T12:00:00Z'));
    expect(first).toBeGreaterThan(0);
    const principles = new Set<number>();
    for (let week = 0; week < 8; week++) {
      const at = london(utc('2026-01-05T12:00:00Z')).plus({ weeks: week }).toJSDate();
      expect(weekNumber(at)).toBe(first + week);
      principles.add(weekNumber(at) % 8);
    }
    expect(principles.size).toBe(8);
  });
});
