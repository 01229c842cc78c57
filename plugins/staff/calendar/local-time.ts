/**
 * Local time of Vietnam: Asia/Ho_Chi_Minh is a fixed UTC+07:00 with no daylight saving time (since
 * 1975), so local dates and times are plain arithmetic on the UTC instant, no time-zone database.
 *
 * A local day is handled as its day number: whole days since 1970-01-01 in local time.
 */

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** UTC+7, fixed. */
export const VIETNAM_UTC_OFFSET_MS = 7 * HOUR_MS;

/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
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

/** Local day number of an instant. */
export function dayNumberOf(instant: Date | number): number {
  return Math.floor((toMs(instant) + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

/** The instant of local midnight starting a day number. */
export function startOfDayMs(day: number): number {
  return day * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/** Day number of a 'YYYY-MM-DD' date; throws CalendarError when it is not a real date. */
export function dayNumberOfDate(date: LocalDate): number {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new CalendarError(`"${date}" is not a date (YYYY-MM-DD)`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new CalendarError(`"${date}" is not a date`);
  }
  return ms / DAY_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function dateOfDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local date of an instant in Vietnam. */
export function localDateOf(instant: Date | number): LocalDate {
  return dateOfDayNumber(dayNumberOf(instant));
}

/** Adds days to a local date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumberOfDate(date) + days);
}

/** ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a local date. */
export function isoWeekdayOfDate(date: LocalDate): number {
  return isoWeekdayOf(dayNumberOfDate(date));
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

/** An instant written in Vietnamese local time: '2026-02-23T07:00:00+07:00' (milliseconds when non-zero). */
export function formatLocal(instant: Date | number): string {
  const ms = toMs(instant);
  const iso = new Date(ms + VIETNAM_UTC_OFFSET_MS).toISOString();
  const body = ms % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23);
  return `${body}+07:00`;
}
