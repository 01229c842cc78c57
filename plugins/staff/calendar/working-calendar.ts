/**
 * A working calendar: office hours per weekday, days off (holidays) and make-up working days.
 * Built once from plain data (the database rows, or literals in tests), immutable, no I/O.
 */
import {
  CalendarError,
  HOUR_MS,
  LocalDate,
  MINUTE_MS,
  dateOfDayNumber,
  dayNumberOfDate,
  formatTimeOfDay,
  isoWeekdayOf,
  parseTimeOfDay,
} from './local-time';
import type { CalendarEntryKindName } from './holidays';

/** Opening hours as local times of day, 'HH:MM'; `end` is exclusive ('24:00' allowed). */
export interface TimeRange {
  start: string;
  end: string;
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface OfficeHoursSpec {
  /** Opening hours by ISO weekday; a missing or empty weekday is closed. */
  week: Partial<Record<IsoWeekday, TimeRange[]>>;
  /** Hours of a make-up working day (làm bù). Default: Monday's hours, else the first open weekday's. */
  makeupDay?: TimeRange[] | null;
  /** The agency's default cut-off hour (e.g. 15 or 15.5 for 15:30); null: none. */
  cutoffHour?: number | null;
}

export interface CalendarEntrySpec {
  date: LocalDate;
  kind: CalendarEntryKindName;
  name?: string;
}

export interface CalendarSpec {
  officeHours?: OfficeHoursSpec;
  /** Holidays and make-up working days. When a date is listed twice, a HOLIDAY wins. */
  entries?: Iterable<CalendarEntrySpec>;
  /** Length of one working day in working hours (domain rule: 8). */
  hoursPerWorkingDay?: number;
}

const STANDARD_DAY: TimeRange[] = [
  { start: '07:00', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

/** Default office hours: Monday-Friday 07:00-11:30 and 13:30-17:00 (8 h), no cut-off. */
export const DEFAULT_OFFICE_HOURS: OfficeHoursSpec = Object.freeze({
  week: { 1: STANDARD_DAY, 2: STANDARD_DAY, 3: STANDARD_DAY, 4: STANDARD_DAY, 5: STANDARD_DAY },
  makeupDay: STANDARD_DAY,
  cutoffHour: null,
});

/** Domain rule: 1 working day = 8 working hours. */
export const DEFAULT_HOURS_PER_WORKING_DAY = 8;

/** [start, end) in milliseconds after local midnight. */
export type DayIntervals = ReadonlyArray<readonly [number, number]>;

/** Validates and compiles ranges: sorted, non-empty, non-overlapping, within the day. */
export function compileRanges(ranges: readonly TimeRange[], label: string): DayIntervals {
  const compiled = ranges
    .map((r) => {
      const start = parseTimeOfDay(r.start);
      const end = parseTimeOfDay(r.end);
      if (end <= start) throw new CalendarError(`${label}: ${r.start}-${r.end} ends before it starts`);
      return [start, end] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < compiled.length; i++) {
    if (compiled[i][0] < compiled[i - 1][1]) {
      throw new CalendarError(`${label}: ${formatTimeOfDay(compiled[i][0])} overlaps the range before it`);
    }
  }
  return compiled.map(([s, e]) => [s * MINUTE_MS, e * MINUTE_MS] as const);
}

/** Validates a cut-off hour: a number of hours in (0, 24), at minute precision. */
export function checkCutoffHour(value: number | null | undefined, label = 'cutoffHour'): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value <= 0 || value >= 24)
    throw new CalendarError(`${label} must be between 0 and 24 (hours), got ${value}`);
  if (Math.abs(value * 60 - Math.round(value * 60)) > 1e-9)
    throw new CalendarError(`${label} must be a whole number of minutes`);
  return value;
}

export class WorkingCalendar {
  readonly hoursPerWorkingDay: number;
  /** The agency's default cut-off hour, used when a computation does not give one. */
  readonly cutoffHour: number | null;
  /** The office hours this calendar was built from (normalised). */
  readonly officeHours: Readonly<OfficeHoursSpec>;
  private readonly week: DayIntervals[];
  private readonly makeup: DayIntervals;
  private readonly entries = new Map<number, { kind: CalendarEntryKindName; name: string }>();

  constructor(spec: CalendarSpec = {}) {
    const hours = spec.officeHours ?? DEFAULT_OFFICE_HOURS;
    this.week = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      this.week.push(
        compileRanges(hours.week[weekday as IsoWeekday] ?? [], `office hours of weekday ${weekday}`),
      );
    }
    if (this.week.every((day) => day.length === 0))
      throw new CalendarError('Office hours must open on at least one weekday');
    const makeupRanges = hours.makeupDay?.length
      ? hours.makeupDay
      : hours.week[1]?.length
        ? hours.week[1]
        : hours.week[([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]).find((d) => hours.week[d]?.length)!]!;
    this.makeup = compileRanges(makeupRanges, 'office hours of make-up days');
    this.cutoffHour = checkCutoffHour(hours.cutoffHour);
    this.officeHours = Object.freeze({
      week: { ...hours.week },
      makeupDay: makeupRanges,
      cutoffHour: this.cutoffHour,
    });
    this.hoursPerWorkingDay = spec.hoursPerWorkingDay ?? DEFAULT_HOURS_PER_WORKING_DAY;
    if (!(this.hoursPerWorkingDay > 0 && this.hoursPerWorkingDay <= 24))
      throw new CalendarError('hoursPerWorkingDay must be in (0, 24]');
    for (const entry of spec.entries ?? []) {
      const day = dayNumberOfDate(entry.date);
      const existing = this.entries.get(day);
      if (existing?.kind === 'HOLIDAY') continue;
      this.entries.set(day, { kind: entry.kind, name: entry.name ?? '' });
    }
  }

  /** Working-day length in milliseconds. */
  get workingDayMs(): number {
    return this.hoursPerWorkingDay * HOUR_MS;
  }

  /** Open intervals of a local day number, in ms after local midnight ([] when the office is closed). */
  intervalsOfDay(day: number): DayIntervals {
    const entry = this.entries.get(day);
    if (entry?.kind === 'HOLIDAY') return [];
    if (entry?.kind === 'MAKEUP_WORKDAY') return this.makeup;
    return this.week[isoWeekdayOf(day) - 1];
  }

  /** Whether the office opens at all on this date. */
  isWorkingDay(date: LocalDate): boolean {
    return this.intervalsOfDay(dayNumberOfDate(date)).length > 0;
  }

  /** The holiday or make-up entry of a date, if any. */
  entryOn(date: LocalDate): { kind: CalendarEntryKindName; name: string } | null {
    return this.entries.get(dayNumberOfDate(date)) ?? null;
  }

  /** Entries between two dates (inclusive), sorted. */
  entriesBetween(
    from: LocalDate,
    to: LocalDate,
  ): Array<{ date: LocalDate; kind: CalendarEntryKindName; name: string }> {
    const a = dayNumberOfDate(from);
    const b = dayNumberOfDate(to);
    return [...this.entries.entries()]
      .filter(([day]) => day >= a && day <= b)
      .sort(([x], [y]) => x - y)
      .map(([day, e]) => ({ date: dateOfDayNumber(day), kind: e.kind, name: e.name }));
  }
}

/** Builds a working calendar from plain data; defaults give the standard Vietnamese office week. */
export function createCalendar(spec: CalendarSpec = {}): WorkingCalendar {
  return new WorkingCalendar(spec);
}
