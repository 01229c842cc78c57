/**
 * Vietnamese local time (Asia/Ho_Chi_Minh, a fixed UTC+07:00 without daylight saving), the same
 * convention as the staff plugin's working calendar. Only what this plugin needs for display,
 * codes and report periods; deadlines themselves are computed by the calendar.
 */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function localParts(instant: Date): LocalParts {
  const shifted = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' of an instant in Vietnam. */
export function localDate(instant: Date): string {
  const p = localParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Local midnight starting a 'YYYY-MM-DD' date. */
export function localMidnight(date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(match[3]) || check.getUTCMonth() !== Number(match[2]) - 1)
    throw new Error(`"${date}" is not a date`);
  return new Date(ms - VIETNAM_OFFSET_MS);
}

export function addLocalDays(date: string, days: number): string {
  return localDate(new Date(localMidnight(date).getTime() + days * DAY_MS));
}

/** "14:30 ngày 15/04/2026": how receipts and letters write an instant. */
export function formatVietnamese(instant: Date): string {
  const p = localParts(instant);
  return `${pad(p.hour)}:${pad(p.minute)} ngày ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "15/04/2026". */
export function formatVietnameseDate(instant: Date): string {
  const p = localParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}
