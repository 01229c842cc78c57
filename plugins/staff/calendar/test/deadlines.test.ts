import {
  calendarYearData,
  CalendarEntrySpec,
  classify,
  computeDue,
  ComputeDueOptions,
  countingStart,
  createCalendar,
  deadlineState,
  formatLocal,
  isWorkingTime,
  nextOpening,
  statutoryHolidays,
  workingTimeBetween,
} from '../index';

/** A local time in Vietnam, written as in the vectors: '2026-03-02 18:30'. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);
/** Expected instants are written literally, with the +07:00 offset. */
const iso = (d: Date) => formatLocal(d);

const holidaysOf = (...years: number[]): CalendarEntrySpec[] =>
  years.flatMap((y) =>
    statutoryHolidays(y).map((h) => ({ date: h.date, kind: 'HOLIDAY' as const, name: h.name })),
  );

const STD = [
  { start: '07:00', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

/** Default office hours (Mon-Fri 07:00-11:30, 13:30-17:00) with the statutory holidays of 2026. */
const cal2026 = createCalendar({ entries: holidaysOf(2026) });
/** 2025 as announced (Tết 27-31 Jan; 2 May off, Saturday 26 Apr worked). */
const cal2025 = createCalendar({ entries: calendarYearData(2025).days });

const due = (
  options: Omit<ComputeDueOptions, 'calendar' | 'start'> & { start: string },
  calendar = cal2026,
) => iso(computeDue({ ...options, start: at(options.start), calendar }));

describe('computeDue: working days (N x 8 working hours from the counting start)', () => {
  it('receipt during office hours: same time N working days later', () => {
    expect(due({ start: '2026-03-02 09:00', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-03T09:00:00+07:00',
    );
    expect(due({ start: '2026-03-02 09:00', amount: 5, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-09T09:00:00+07:00',
    );
    expect(due({ start: '2026-03-02 09:00', amount: 0.5, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-02T15:00:00+07:00',
    );
  });

  it('after-hours receipt starts at the next opening; the due time is the closing, not the next opening', () => {
    expect(iso(countingStart(at('2026-03-02 18:30'), cal2026))).toBe('2026-03-03T07:00:00+07:00');
    expect(due({ start: '2026-03-02 18:30', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-03T17:00:00+07:00',
    );
    expect(due({ start: '2026-03-02 17:00', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-03T17:00:00+07:00',
    );
    // Before opening: counts from 07:00 the same day.
    expect(due({ start: '2026-03-02 06:15', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-02T17:00:00+07:00',
    );
  });

  it('lunch-time receipt starts at 13:30', () => {
    expect(iso(countingStart(at('2026-03-02 12:15'), cal2026))).toBe('2026-03-02T13:30:00+07:00');
    // 3.5 h on Monday afternoon + 4.5 h on Tuesday morning: due at Tuesday's 11:30 closing.
    expect(due({ start: '2026-03-02 12:15', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-03T11:30:00+07:00',
    );
    expect(due({ start: '2026-03-02 11:30', amount: 2, unit: 'HOURS' })).toBe('2026-03-02T15:30:00+07:00');
  });

  it('a cut-off hour (15:00) moves the start to the next working day', () => {
    expect(due({ start: '2026-03-02 15:20', amount: 2, unit: 'WORKING_DAYS', cutoffHour: 15 })).toBe(
      '2026-03-04T17:00:00+07:00',
    );
    expect(due({ start: '2026-03-02 14:59', amount: 2, unit: 'WORKING_DAYS', cutoffHour: 15 })).toBe(
      '2026-03-04T14:59:00+07:00',
    );
    // At 15:00 sharp the cut-off has passed; on a Friday the next working day is Monday.
    expect(due({ start: '2026-03-06 15:00', amount: 1, unit: 'WORKING_DAYS', cutoffHour: 15 })).toBe(
      '2026-03-09T17:00:00+07:00',
    );
    // 15:30 as a fractional hour.
    expect(due({ start: '2026-03-02 15:20', amount: 1, unit: 'WORKING_DAYS', cutoffHour: 15.5 })).toBe(
      '2026-03-03T15:20:00+07:00',
    );
  });

  it('the agency default cut-off applies unless the procedure gives its own (or null for none)', () => {
    const agency = createCalendar({
      entries: holidaysOf(2026),
      officeHours: { week: { 1: STD, 2: STD, 3: STD, 4: STD, 5: STD }, cutoffHour: 16 },
    });
    expect(due({ start: '2026-03-02 16:10', amount: 1, unit: 'WORKING_DAYS' }, agency)).toBe(
      '2026-03-03T17:00:00+07:00',
    );
    expect(due({ start: '2026-03-02 15:10', amount: 1, unit: 'WORKING_DAYS', cutoffHour: 15 }, agency)).toBe(
      '2026-03-03T17:00:00+07:00',
    );
    expect(
      due({ start: '2026-03-02 16:10', amount: 1, unit: 'WORKING_DAYS', cutoffHour: null }, agency),
    ).toBe('2026-03-03T16:10:00+07:00');
  });

  it('skips the weekend', () => {
    expect(due({ start: '2026-03-06 14:00', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-09T14:00:00+07:00',
    );
    expect(due({ start: '2026-03-07 10:00', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-03-09T17:00:00+07:00',
    );
  });

  it('Tết 2026 (16-20 Feb): a dossier filed online during Tết counts from Monday 23 Feb', () => {
    expect(iso(countingStart(at('2026-02-18 09:00'), cal2026))).toBe('2026-02-23T07:00:00+07:00');
    expect(due({ start: '2026-02-18 09:00', amount: 1, unit: 'WORKING_DAYS' })).toBe(
      '2026-02-23T17:00:00+07:00',
    );
  });

  it('a limit crossing the whole Tết break (Sat 14 - Sun 22 Feb 2026)', () => {
    // Friday 13 Feb 10:00: 5 h on Friday, then Mon 23 (8 h), Tue 24 (8 h), 3 h on Wed 25.
    expect(due({ start: '2026-02-13 10:00', amount: 3, unit: 'WORKING_DAYS' })).toBe(
      '2026-02-25T10:00:00+07:00',
    );
    // Thursday 12 Feb 16:00: 1 h + 8 h before Tết, 7 h on Monday 23.
    expect(due({ start: '2026-02-12 16:00', amount: 2, unit: 'WORKING_DAYS' })).toBe(
      '2026-02-23T16:00:00+07:00',
    );
  });

  it('a make-up Saturday counts as a working day (26 Apr 2025, swapped with Friday 2 May)', () => {
    expect(due({ start: '2025-04-25 16:00', amount: 1, unit: 'WORKING_DAYS' }, cal2025)).toBe(
      '2025-04-26T16:00:00+07:00',
    );
    const withoutSwap = createCalendar({ entries: holidaysOf(2025) });
    expect(due({ start: '2025-04-25 16:00', amount: 1, unit: 'WORKING_DAYS' }, withoutSwap)).toBe(
      '2025-04-28T16:00:00+07:00',
    );
    // 29 Apr 10:00: 5 h on Tuesday; 30 Apr, 1 May (holidays), 2 May (swapped), weekend; 8 h Mon 5 May; 3 h Tue 6 May.
    expect(due({ start: '2025-04-29 10:00', amount: 2, unit: 'WORKING_DAYS' }, cal2025)).toBe(
      '2025-05-06T10:00:00+07:00',
    );
    // Tết 2025 had no make-up Saturday (the five days were 27-31 Jan): Friday 7 Feb + 1 day is Monday.
    expect(due({ start: '2025-02-07 16:00', amount: 1, unit: 'WORKING_DAYS' }, cal2025)).toBe(
      '2025-02-10T16:00:00+07:00',
    );
    // Friday 24 Jan 16:00: 1 h, then 27-31 Jan are Tết, a weekend; 7 h on Monday 3 Feb.
    expect(due({ start: '2025-01-24 16:00', amount: 1, unit: 'WORKING_DAYS' }, cal2025)).toBe(
      '2025-02-03T16:00:00+07:00',
    );
  });

  it('honours agency office hours (open Saturday morning 07:30-11:30)', () => {
    const saturdays = createCalendar({
      officeHours: {
        week: { 1: STD, 2: STD, 3: STD, 4: STD, 5: STD, 6: [{ start: '07:30', end: '11:30' }] },
      },
    });
    expect(due({ start: '2026-03-06 16:00', amount: 1, unit: 'WORKING_DAYS' }, saturdays)).toBe(
      '2026-03-09T10:00:00+07:00',
    );
  });
});

describe('computeDue: calendar days (never due on a day the office is closed)', () => {
  it('counts every day and keeps the time of day', () => {
    expect(due({ start: '2026-03-03 10:00', amount: 2, unit: 'CALENDAR_DAYS' })).toBe(
      '2026-03-05T10:00:00+07:00',
    );
    expect(due({ start: '2026-03-02 18:30', amount: 1, unit: 'CALENDAR_DAYS' })).toBe(
      '2026-03-04T07:00:00+07:00',
    );
  });

  it('a limit ending on Tết moves to the closing of the next working day', () => {
    // 9 Feb + 7 days = Monday 16 Feb 2026, the last day of the lunar year: a holiday.
    expect(due({ start: '2026-02-09 09:00', amount: 7, unit: 'CALENDAR_DAYS' })).toBe(
      '2026-02-23T17:00:00+07:00',
    );
  });

  it('a limit ending on 30 Apr 2026 skips 30 Apr, 1 May and the weekend', () => {
    expect(due({ start: '2026-04-23 10:00', amount: 7, unit: 'CALENDAR_DAYS' })).toBe(
      '2026-05-04T17:00:00+07:00',
    );
  });

  it('a limit ending on a Saturday moves to Monday 17:00', () => {
    expect(due({ start: '2026-03-02 10:00', amount: 5, unit: 'CALENDAR_DAYS' })).toBe(
      '2026-03-09T17:00:00+07:00',
    );
  });
});

describe('computeDue: hours (working hours)', () => {
  it('counts working hours across the night', () => {
    expect(due({ start: '2026-03-02 16:00', amount: 4, unit: 'HOURS' })).toBe('2026-03-03T10:00:00+07:00');
    expect(due({ start: '2026-03-02 09:00', amount: 8, unit: 'HOURS' })).toBe('2026-03-03T09:00:00+07:00');
    expect(due({ start: '2026-03-06 16:30', amount: 2, unit: 'HOURS' })).toBe('2026-03-09T08:30:00+07:00');
  });
});

describe('computeDue: paused clocks (supplement requested -> received)', () => {
  const base = { start: '2026-03-02 09:00', amount: 5, unit: 'WORKING_DAYS' as const };
  it('without a pause: Monday 9 Mar 09:00', () => {
    expect(due(base)).toBe('2026-03-09T09:00:00+07:00');
  });

  it('a pause over a weekend extends by the working time inside it (2 + 8 + 8 + 3 = 21 h)', () => {
    const pauses = [{ from: at('2026-03-05 15:00'), to: at('2026-03-10 10:00') }];
    expect(due({ ...base, pauses })).toBe('2026-03-11T16:00:00+07:00');
  });

  it('a pause holding only non-working time changes nothing', () => {
    const pauses = [{ from: at('2026-03-06 17:30'), to: at('2026-03-09 06:00') }];
    expect(due({ ...base, pauses })).toBe('2026-03-09T09:00:00+07:00');
  });

  it('overlapping pauses count once; pauses before the start or after the due time are ignored', () => {
    const pauses = [
      { from: at('2026-03-05 15:00'), to: at('2026-03-09 12:00') },
      { from: at('2026-03-09 10:00'), to: at('2026-03-10 10:00') },
      { from: at('2026-02-20 08:00'), to: at('2026-03-02 09:00') },
      { from: at('2026-03-12 08:00'), to: at('2026-03-13 08:00') },
    ];
    expect(due({ ...base, pauses })).toBe('2026-03-11T16:00:00+07:00');
  });

  it('a calendar-day clock stops for the elapsed time of the pause', () => {
    // 10 days from Mon 2 Mar 09:00 = Thu 12 Mar; paused 2 days -> Sat 14 Mar -> Monday 16 Mar 17:00.
    const pauses = [{ from: at('2026-03-07 00:00'), to: at('2026-03-09 00:00') }];
    expect(due({ start: '2026-03-02 09:00', amount: 10, unit: 'CALENDAR_DAYS' })).toBe(
      '2026-03-12T09:00:00+07:00',
    );
    expect(due({ start: '2026-03-02 09:00', amount: 10, unit: 'CALENDAR_DAYS', pauses })).toBe(
      '2026-03-16T17:00:00+07:00',
    );
  });
});

describe('working time, openings and classification', () => {
  it('workingTimeBetween counts working milliseconds, negative when reversed', () => {
    const h = 3_600_000;
    expect(workingTimeBetween(at('2026-03-02 09:00'), at('2026-03-03 09:00'), cal2026)).toBe(8 * h);
    expect(workingTimeBetween(at('2026-03-06 16:00'), at('2026-03-09 08:00'), cal2026)).toBe(2 * h);
    expect(workingTimeBetween(at('2026-02-13 07:00'), at('2026-02-23 07:00'), cal2026)).toBe(8 * h);
    expect(workingTimeBetween(at('2026-03-03 09:00'), at('2026-03-02 09:00'), cal2026)).toBe(-8 * h);
    expect(workingTimeBetween(at('2026-03-02 12:00'), at('2026-03-02 13:00'), cal2026)).toBe(0);
  });

  it('isWorkingTime and nextOpening use [opening, closing) intervals', () => {
    expect(isWorkingTime(at('2026-03-02 07:00'), cal2026)).toBe(true);
    expect(isWorkingTime(new Date(at('2026-03-02 11:30').getTime() - 1), cal2026)).toBe(true);
    expect(isWorkingTime(at('2026-03-02 11:30'), cal2026)).toBe(false);
    expect(isWorkingTime(at('2026-03-02 17:00'), cal2026)).toBe(false);
    expect(isWorkingTime(at('2026-02-17 09:00'), cal2026)).toBe(false);
    expect(iso(nextOpening(at('2026-03-02 11:30'), cal2026))).toBe('2026-03-02T13:30:00+07:00');
    expect(iso(nextOpening(at('2026-03-06 17:00'), cal2026))).toBe('2026-03-09T07:00:00+07:00');
    expect(iso(nextOpening(at('2026-03-02 10:15'), cal2026))).toBe('2026-03-02T10:15:00+07:00');
  });

  it('classify compares local dates: before the due date EARLY, on it ON_TIME, after it LATE', () => {
    const dueAt = at('2026-03-03 11:30');
    expect(classify(at('2026-03-02 16:00'), dueAt)).toBe('EARLY');
    expect(classify(at('2026-03-03 16:30'), dueAt)).toBe('ON_TIME');
    expect(classify(at('2026-03-03 23:30'), dueAt)).toBe('ON_TIME');
    expect(classify(at('2026-03-04 07:05'), dueAt)).toBe('LATE');
    // 00:30 on 4 Mar in Vietnam is still 3 Mar in UTC: the local date decides.
    expect(classify(at('2026-03-04 00:30'), at('2026-03-03 17:00'))).toBe('LATE');
  });

  it('deadlineState: overdue once the due date is over', () => {
    const dueAt = at('2026-03-03 11:30');
    expect(deadlineState(dueAt, at('2026-03-03 16:00'))).toBe('WITHIN_DEADLINE');
    expect(deadlineState(dueAt, at('2026-03-04 00:00'))).toBe('OVERDUE');
  });

  it('refuses nonsense', () => {
    expect(() =>
      computeDue({ start: at('2026-03-02 09:00'), amount: -1, unit: 'HOURS', calendar: cal2026 }),
    ).toThrow(/non-negative/);
    expect(() =>
      computeDue({
        start: at('2026-03-02 09:00'),
        amount: 1,
        unit: 'HOURS',
        calendar: cal2026,
        cutoffHour: 25,
      }),
    ).toThrow(/cutoffHour/);
    expect(() =>
      createCalendar({
        officeHours: {
          week: {
            1: [
              { start: '07:00', end: '12:00' },
              { start: '11:00', end: '17:00' },
            ],
          },
        },
      }),
    ).toThrow(/overlaps/);
    expect(() => createCalendar({ officeHours: { week: {} } })).toThrow(/at least one weekday/);
    expect(() => createCalendar({ entries: [{ date: '2026-02-30', kind: 'HOLIDAY' }] })).toThrow(
      /not a date/,
    );
    const pauses = [{ from: at('2026-03-03 09:00'), to: at('2026-03-02 09:00') }];
    expect(() =>
      computeDue({ start: at('2026-03-02 09:00'), amount: 1, unit: 'HOURS', calendar: cal2026, pauses }),
    ).toThrow(/pause/);
  });
});
