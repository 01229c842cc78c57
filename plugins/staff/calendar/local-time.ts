/**
 * What the working calendar adds to the core's Vietnam local time (`src/time/local-time.ts`, which
 * it re-exports for the calendar's pure modules): times of day and the calendar's own error.
 */
import { LocalDate, MINUTE_MS, dayNumberOfDate, formatLocalIso, startOfDayMs } from '../../../src';

export {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  VIETNAM_UTC_OFFSET_MS,
  dayNumberOf,
  startOfDayMs,
  dayNumberOfDate,
  dateOfDayNumber,
  localDateOf,
  isoWeekdayOf,
  isoWeekdayOfDate,
  addLocalDays as addDays,
} from '../../../src';
export type { LocalDate } from '../../../src';

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Error for calendar data or arguments that make no sense (bad dates, overlapping hours, ...). */
export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

export function toMs(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new CalendarError('Invalid instant');
  return ms;
}

/** Minutes after midnight of 'HH:MM' (00:00-24:00). */
export function parseTimeOfDay(value: string): number {
  if (!TIME_OF_DAY.test(value))
    throw new CalendarError(`"${value}" is not a time of day (HH:MM, 00:00-24:00)`);
  const [h, m] = value.split(':').map(Number);
  return h * 60 + m;
}

/** 'HH:MM' of minutes after midnight. */
export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The instant of a local date and time: localInstant('2026-02-17', '07:00'). */
export function localInstant(date: LocalDate, time = '00:00'): Date {
  return new Date(startOfDayMs(dayNumberOfDate(date)) + parseTimeOfDay(time) * MINUTE_MS);
}

/** An instant written in Vietnamese local time: '2026-02-23T07:00:00+07:00'. */
export const formatLocal = formatLocalIso;
