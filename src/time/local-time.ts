/**
 * Vietnam local time, the one implementation for the whole platform.
 *
 * Asia/Ho_Chi_Minh is a fixed UTC+07:00 with no daylight saving time (since 1975), so local dates
 * and times are plain arithmetic on the UTC instant, no time-zone database. Everything that says
 * "today" means the local date in Vietnam: between 00:00 and 07:00 local time the UTC date is still
 * yesterday, so `new Date().toISOString().slice(0, 10)` is never "today".
 *
 * The clock is `Date` itself (`now()` reads `Date.now()`), so a test fakes it with jest's fake
 * timers (`jest.useFakeTimers({ now, doNotFake: [...] })`, faking only `Date`) and the app it runs
 * in-process sees the same instant.
 *
 * Display: one format for every mail, receipt and form — an instant is written
 * "14:30 ngày 15/04/2026" (`formatLocalDateTime`), a calendar date "15/04/2026" (`formatLocalDate`).
 * APIs carry ISO values (`Date` and `DateTime` scalars); `formatLocalIso` writes an instant with its
 * offset ('2026-04-15T14:30:00+07:00') where an API field shows local time.
 */

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** UTC+7, fixed. */
export const VIETNAM_UTC_OFFSET_MS = 7 * HOUR_MS;

/** A local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

/** A value that is not a date or an instant (callers turn it into BAD_USER_INPUT where it is input). */
export class LocalTimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalTimeError';
  }
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** The current instant: the platform's clock (fake `Date` in tests). */
export function now(): Date {
  return new Date(Date.now());
}

function toMs(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new LocalTimeError('Invalid instant');
  return ms;
}

// Day numbers: whole local days since 1970-01-01 (local), for calendar arithmetic.

/** Local day number of an instant. */
export function dayNumberOf(instant: Date | number): number {
  return Math.floor((toMs(instant) + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

/** The instant (ms) of local midnight starting a day number. */
export function startOfDayMs(day: number): number {
  return day * DAY_MS - VIETNAM_UTC_OFFSET_MS;
}

/** Day number of a 'YYYY-MM-DD' date; throws LocalTimeError when it is not a real date. */
export function dayNumberOfDate(date: LocalDate): number {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new LocalTimeError(`"${date}" is not a date (YYYY-MM-DD)`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new LocalTimeError(`"${date}" is not a date`);
  }
  return ms / DAY_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function dateOfDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a local date. */
export function isoWeekdayOfDate(date: LocalDate): number {
  return isoWeekdayOf(dayNumberOfDate(date));
}

// Dates and instants.

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (not '2025-02-30'). */
export function isLocalDate(value: string): boolean {
  try {
    dayNumberOfDate(value);
    return true;
  } catch {
    return false;
  }
}

/** The local date of an instant in Vietnam. */
export function localDateOf(instant: Date | number): LocalDate {
  return dateOfDayNumber(dayNumberOf(instant));
}

/** Today's date in Vietnam (by the platform clock). */
export function localToday(): LocalDate {
  return localDateOf(now());
}

/** Adds (or, negative, subtracts) days to a local date. */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumberOfDate(date) + days);
}

/** Local midnight starting a date. */
export function startOfLocalDay(date: LocalDate): Date {
  return new Date(startOfDayMs(dayNumberOfDate(date)));
}

/** Local midnight ending a date (the start of the next day; exclusive). */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(startOfDayMs(dayNumberOfDate(date) + 1));
}

/** The instant of a local date and minutes after its midnight. */
export function localInstantAt(date: LocalDate, minutesAfterMidnight = 0): Date {
  return new Date(startOfDayMs(dayNumberOfDate(date)) + minutesAfterMidnight * MINUTE_MS);
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Calendar fields of an instant in Vietnam. */
export function localParts(instant: Date | number): LocalParts {
  const shifted = new Date(toMs(instant) + VIETNAM_UTC_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/**
 * A GraphQL `Date` scalar value back to 'YYYY-MM-DD'. graphql-scalars parses a calendar date as a
 * JS Date at UTC midnight: that is a date, not an instant, so its UTC fields are the date.
 */
export function dateOfScalar(value: Date | string): LocalDate;
export function dateOfScalar(value: Date | string | null | undefined): LocalDate | null;
export function dateOfScalar(value: Date | string | null | undefined): LocalDate | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  return value.toISOString().slice(0, 10);
}

// Display.

/** "14:30 ngày 15/04/2026": how every mail, receipt and form writes an instant. */
export function formatLocalDateTime(instant: Date | number): string {
  const p = localParts(instant);
  return `${pad(p.hour)}:${pad(p.minute)} ngày ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "15/04/2026": how every mail, receipt and form writes a date (a 'YYYY-MM-DD' or an instant's local date). */
export function formatLocalDate(value: LocalDate | Date | number): string {
  const date = typeof value === 'string' ? value : localDateOf(value);
  dayNumberOfDate(date);
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** An instant with its local offset: '2026-02-23T07:00:00+07:00' (milliseconds when non-zero). */
export function formatLocalIso(instant: Date | number): string {
  const ms = toMs(instant);
  const iso = new Date(ms + VIETNAM_UTC_OFFSET_MS).toISOString();
  const body = ms % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23);
  return `${body}+07:00`;
}
