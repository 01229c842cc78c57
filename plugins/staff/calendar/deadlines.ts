/**
 * Due times on a working calendar (domain notes, "Counting deadlines"). Pure functions.
 *
 * Conventions (see README.md for the reasons):
 * - Counting starts at the reception instant if the office is open then; otherwise at the next
 *   opening (after closing: next morning; during lunch: 13:30). A cut-off hour acts as an earlier
 *   closing for counting: received at or after it on a working day, counting starts at the next
 *   working day's opening.
 * - WORKING_DAYS: N working days = N x 8 working hours from the start. The due time is the earliest
 *   instant at which that much working time has elapsed, so a dossier received Monday 09:00 with
 *   1 working day is due Tuesday 09:00; one counted from an opening is due at a closing (17:00, or
 *   11:30), never at the next opening.
 * - HOURS: N working hours, the same way.
 * - CALENDAR_DAYS: N x 24 h of elapsed time from the start; when that lands on a day the office is
 *   closed, the due time moves to the closing of the next working day; on a working day it is kept
 *   within that day's office hours.
 * - Pauses stop the clock: the due time moves by the clock time elapsed during the pause (working
 *   time for working days and hours, elapsed time for calendar days). Pauses before the start or
 *   after the due time change nothing; overlapping pauses count once.
 */
import {
  CalendarError,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  dayNumberOf,
  localDateOf,
  startOfDayMs,
  toMs,
} from './local-time';
import { WorkingCalendar, checkCutoffHour } from './working-calendar';

export type DeadlineUnitName = 'WORKING_DAYS' | 'CALENDAR_DAYS' | 'HOURS';

/** The clock was stopped from `from` to `to` (e.g. supplement requested -> supplement received). */
export interface ClockPause {
  from: Date;
  to: Date;
}

export interface ComputeDueOptions {
  /** Reception instant. */
  start: Date;
  /** Size of the limit; fractions allowed (0.5 working day = 4 working hours). */
  amount: number;
  unit: DeadlineUnitName;
  calendar: WorkingCalendar;
  /** Per-procedure cut-off hour (15 = 15:00, 15.5 = 15:30). Undefined: the calendar's (agency's); null: none. */
  cutoffHour?: number | null;
  pauses?: readonly ClockPause[];
}

export type Timeliness = 'EARLY' | 'ON_TIME' | 'LATE';
export type DeadlineState = 'WITHIN_DEADLINE' | 'OVERDUE';

/** How far the loops look for working time before declaring the calendar empty. */
const MAX_DAYS_SCANNED = 366 * 50;

function noWorkingTime(): never {
  throw new CalendarError(`No working time within ${MAX_DAYS_SCANNED} days: check office hours and holidays`);
}

/** Whether the office is open at the instant (intervals are [opening, closing)). */
export function isWorkingTime(instant: Date, calendar: WorkingCalendar): boolean {
  const t = toMs(instant);
  const day = dayNumberOf(t);
  const offset = t - startOfDayMs(day);
  return calendar.intervalsOfDay(day).some(([s, e]) => offset >= s && offset < e);
}

function nextOpeningMs(t: number, calendar: WorkingCalendar): number {
  const first = dayNumberOf(t);
  for (let day = first; day < first + MAX_DAYS_SCANNED; day++) {
    const base = startOfDayMs(day);
    for (const [s, e] of calendar.intervalsOfDay(day)) {
      if (base + e > t) return Math.max(base + s, t);
    }
  }
  return noWorkingTime();
}

/** The instant itself when the office is open then, else the next opening. */
export function nextOpening(instant: Date, calendar: WorkingCalendar): Date {
  return new Date(nextOpeningMs(toMs(instant), calendar));
}

/** Working milliseconds in [a, b); negative when b is before a. */
export function workingTimeBetween(a: Date, b: Date, calendar: WorkingCalendar): number {
  const from = toMs(a);
  const to = toMs(b);
  if (to < from) return -workingTimeBetween(b, a, calendar);
  let total = 0;
  for (let day = dayNumberOf(from); day <= dayNumberOf(to); day++) {
    const base = startOfDayMs(day);
    for (const [s, e] of calendar.intervalsOfDay(day)) {
      const lo = Math.max(base + s, from);
      const hi = Math.min(base + e, to);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/** The earliest instant at which `amount` working ms have elapsed since `from`. */
function addWorkingMs(from: number, amount: number, calendar: WorkingCalendar): number {
  if (amount <= 0) return from;
  let remaining = amount;
  const first = dayNumberOf(from);
  for (let day = first; day < first + MAX_DAYS_SCANNED; day++) {
    const base = startOfDayMs(day);
    for (const [s, e] of calendar.intervalsOfDay(day)) {
      if (base + e <= from) continue;
      const lo = Math.max(base + s, from);
      const available = base + e - lo;
      if (remaining <= available) return lo + remaining;
      remaining -= available;
    }
  }
  return noWorkingTime();
}

/** Adds working time to an instant (the earliest instant at which it has elapsed). */
export function addWorkingTime(start: Date, ms: number, calendar: WorkingCalendar): Date {
  return new Date(addWorkingMs(toMs(start), ms, calendar));
}

/**
 * When counting starts for a reception at `received`: the reception itself if the office is open,
 * else the next opening; at or after the cut-off hour of a working day, the next working day's opening.
 */
export function countingStart(received: Date, calendar: WorkingCalendar, cutoffHour?: number | null): Date {
  const t = toMs(received);
  const cutoff = cutoffHour === undefined ? calendar.cutoffHour : checkCutoffHour(cutoffHour);
  if (cutoff !== null) {
    const day = dayNumberOf(t);
    const base = startOfDayMs(day);
    const intervals = calendar.intervalsOfDay(day);
    if (intervals.length && t >= base + Math.round(cutoff * 60) * MINUTE_MS) {
      return new Date(nextOpeningMs(startOfDayMs(day + 1), calendar));
    }
  }
  return new Date(nextOpeningMs(t, calendar));
}

interface Clock {
  between(a: number, b: number): number;
  add(from: number, amount: number): number;
}

function mergePauses(pauses: readonly ClockPause[]): Array<[number, number]> {
  const list = pauses
    .map((p) => {
      const from = toMs(p.from);
      const to = toMs(p.to);
      if (to < from) throw new CalendarError('A pause ends before it starts');
      return [from, to] as [number, number];
    })
    .filter(([from, to]) => to > from)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const p of list) {
    const last = merged[merged.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else merged.push([...p]);
  }
  return merged;
}

/** Runs `budget` of clock time from `start`, the clock standing still during the pauses. */
function runClock(start: number, budget: number, clock: Clock, pauses: readonly ClockPause[]): number {
  let cursor = start;
  let remaining = budget;
  for (const [from, to] of mergePauses(pauses)) {
    if (to <= cursor) continue;
    const available = clock.between(cursor, Math.max(from, cursor));
    if (available >= remaining) return clock.add(cursor, remaining);
    remaining -= available;
    cursor = to;
  }
  return clock.add(cursor, remaining);
}

/** Moves a calendar-day due time onto a working day: the next working day's closing, or within the day's hours. */
function settleOnWorkingDay(t: number, calendar: WorkingCalendar): number {
  const day = dayNumberOf(t);
  const intervals = calendar.intervalsOfDay(day);
  if (intervals.length) {
    const base = startOfDayMs(day);
    return Math.min(Math.max(t, base + intervals[0][0]), base + intervals[intervals.length - 1][1]);
  }
  for (let next = day + 1; next < day + MAX_DAYS_SCANNED; next++) {
    const open = calendar.intervalsOfDay(next);
    if (open.length) return startOfDayMs(next) + open[open.length - 1][1];
  }
  return noWorkingTime();
}

/** The due time (appointment) of a limit counted from a reception; see the conventions above. */
export function computeDue(options: ComputeDueOptions): Date {
  const { amount, unit, calendar } = options;
  if (!Number.isFinite(amount) || amount < 0)
    throw new CalendarError(`amount must be a non-negative number, got ${amount}`);
  if (amount > 3660) throw new CalendarError('amount is unreasonably large (over 3660)');
  const start = toMs(countingStart(options.start, calendar, options.cutoffHour));
  const pauses = options.pauses ?? [];
  const working: Clock = {
    between: (a, b) => workingTimeBetween(new Date(a), new Date(b), calendar),
    add: (from, ms) => addWorkingMs(from, ms, calendar),
  };
  switch (unit) {
    case 'WORKING_DAYS':
      return new Date(runClock(start, Math.round(amount * calendar.workingDayMs), working, pauses));
    case 'HOURS':
      return new Date(runClock(start, Math.round(amount * HOUR_MS), working, pauses));
    case 'CALENDAR_DAYS': {
      const elapsed: Clock = { between: (a, b) => b - a, add: (from, ms) => from + ms };
      const raw = runClock(start, Math.round(amount * DAY_MS), elapsed, pauses);
      return new Date(settleOnWorkingDay(raw, calendar));
    }
    default:
      throw new CalendarError(`Unknown deadline unit ${String(unit)}`);
  }
}

/**
 * Verdict on a finished dossier or step (domain notes): EARLY when finished on a date before the
 * due date, ON_TIME on the due date, LATE after it. Dates are Vietnamese local dates.
 */
export function classify(finishedAt: Date, dueAt: Date): Timeliness {
  const finished = localDateOf(finishedAt);
  const due = localDateOf(dueAt);
  if (finished < due) return 'EARLY';
  return finished === due ? 'ON_TIME' : 'LATE';
}

/**
 * An unfinished dossier at instant `at`: OVERDUE once its due date is over (the same date rule as
 * classify: finishing at `at` would be LATE). For a report, pass the first instant after the period.
 */
export function deadlineState(dueAt: Date, at: Date): DeadlineState {
  return localDateOf(at) > localDateOf(dueAt) ? 'OVERDUE' : 'WITHIN_DEADLINE';
}
