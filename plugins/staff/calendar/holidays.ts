/**
 * Statutory public holidays as dated data (domain notes: "configurable"), and a generator that turns
 * the rules into days off for a year. The generated days are written into the calendar table by the
 * seed `staff.statutory-holidays`, where admins edit them; the rules below only decide what is
 * pre-filled.
 *
 * Deliberately NOT generated: compensatory days off when a holiday falls on a weekend, and the
 * government's yearly swaps (a weekday off paired with a make-up Saturday). Those are announced
 * each year and enter the calendar as entries (see ANNOUNCED_CALENDAR_ENTRIES for known ones).
 */
import { lunarToSolar } from './lunar';
import { CalendarError, LocalDate, addDays, dayNumberOfDate } from './local-time';

export type CalendarEntryKindName = 'HOLIDAY' | 'MAKEUP_WORKDAY';

export interface HolidayRule {
  /** Stable key, e.g. 'national-day'. */
  key: string;
  /** Name written on the generated entries. */
  name: string;
  /** The anchor is a solar (Gregorian) date or a Vietnamese lunar date of the lunar year starting in the year. */
  calendar: 'SOLAR' | 'LUNAR';
  month: number;
  day: number;
  /** Days off as offsets from the anchor: [0] the day itself; Tết [-1, 0, 1, 2, 3]. */
  offsets: number[];
  /** Announced choices for given years, replacing `offsets` (e.g. which day next to 2 Sep). */
  offsetsByYear?: Record<number, number[]>;
  /** The rule applies to anchors on or after this date ... */
  validFrom: LocalDate;
  /** ... and on or before this one (null: still in force). */
  validTo?: LocalDate | null;
  /** Legal basis, for people reading the data. */
  basis: string;
}

export interface GeneratedHoliday {
  date: LocalDate;
  name: string;
  /** Keys of the rules that produced the day (two rules may land on one day). */
  ruleKeys: string[];
}

const LC2012 = 'Bộ luật Lao động 2012, Điều 115 (from 2013-05-01)';
const LC2019 = 'Bộ luật Lao động 2019, Điều 112 (from 2021-01-01)';

/**
 * The rule set in force, as data. Labour Code 2012 (art. 115) had one day for National Day; the
 * Labour Code 2019 (art. 112) gives 2 Sep plus one adjacent day (1 Sep or 3 Sep, the government
 * announces which). Default: the day before (1-2 Sep, as in 2025); 2024 was 2-3 Sep.
 */
export const STATUTORY_HOLIDAY_RULES: readonly HolidayRule[] = [
  {
    key: 'new-year',
    name: 'Tết Dương lịch',
    calendar: 'SOLAR',
    month: 1,
    day: 1,
    offsets: [0],
    validFrom: '2013-05-01',
    basis: `${LC2012}; ${LC2019}`,
  },
  {
    key: 'lunar-new-year',
    name: 'Tết Nguyên đán',
    calendar: 'LUNAR',
    month: 1,
    day: 1,
    // The last day of the lunar year and the first four days of the new one: 5 days.
    offsets: [-1, 0, 1, 2, 3],
    validFrom: '2013-05-01',
    basis: `${LC2012}; ${LC2019}`,
  },
  {
    key: 'hung-kings',
    name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    calendar: 'LUNAR',
    month: 3,
    day: 10,
    offsets: [0],
    validFrom: '2013-05-01',
    basis: `${LC2012}; ${LC2019}`,
  },
  {
    key: 'reunification-day',
    name: 'Ngày Giải phóng miền Nam, thống nhất đất nước (30/4)',
    calendar: 'SOLAR',
    month: 4,
    day: 30,
    offsets: [0],
    validFrom: '2013-05-01',
    basis: `${LC2012}; ${LC2019}`,
  },
  {
    key: 'labour-day',
    name: 'Ngày Quốc tế Lao động (1/5)',
    calendar: 'SOLAR',
    month: 5,
    day: 1,
    offsets: [0],
    validFrom: '2013-05-01',
    basis: `${LC2012}; ${LC2019}`,
  },
  {
    key: 'national-day',
    name: 'Quốc khánh (2/9)',
    calendar: 'SOLAR',
    month: 9,
    day: 2,
    offsets: [0],
    validFrom: '2013-05-01',
    validTo: '2020-12-31',
    basis: LC2012,
  },
  {
    key: 'national-day',
    name: 'Quốc khánh (2/9 và 1 ngày liền kề)',
    calendar: 'SOLAR',
    month: 9,
    day: 2,
    offsets: [-1, 0],
    offsetsByYear: { 2024: [0, 1] },
    validFrom: '2021-01-01',
    basis: LC2019,
  },
];

export interface AnnouncedCalendarEntry {
  date: LocalDate;
  kind: CalendarEntryKindName;
  name: string;
}

/**
 * Swaps announced by the government for civil servants and public employees (data, not rules).
 * Only announcements we are sure of are listed; admins add the others through the API.
 */
export const ANNOUNCED_CALENDAR_ENTRIES: readonly AnnouncedCalendarEntry[] = [
  // Tết Ất Tỵ 2025: 9 days off, 25 Jan - 2 Feb, Monday 27 Jan swapped with Saturday 8 Feb.
  {
    date: '2025-01-27',
    kind: 'HOLIDAY',
    name: 'Nghỉ hoán đổi Tết Nguyên đán 2025 (làm bù thứ Bảy 08/02/2025)',
  },
  { date: '2025-02-08', kind: 'MAKEUP_WORKDAY', name: 'Làm bù cho thứ Hai 27/01/2025 (Tết Nguyên đán)' },
  // 30/4 - 1/5/2025: 5 days off, 30 Apr - 4 May, Friday 2 May swapped with Saturday 26 Apr.
  { date: '2025-04-26', kind: 'MAKEUP_WORKDAY', name: 'Làm bù cho thứ Sáu 02/5/2025 (dịp 30/4 - 1/5)' },
  {
    date: '2025-05-02',
    kind: 'HOLIDAY',
    name: 'Nghỉ hoán đổi dịp 30/4 - 1/5/2025 (làm bù thứ Bảy 26/4/2025)',
  },
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The anchor date of a rule in a year (solar), or null when it does not exist that year. */
export function anchorOf(rule: HolidayRule, year: number): LocalDate | null {
  if (rule.calendar === 'SOLAR') {
    const date = `${year}-${pad(rule.month)}-${pad(rule.day)}`;
    try {
      dayNumberOfDate(date);
      return date;
    } catch {
      return null;
    }
  }
  const solar = lunarToSolar({ year, month: rule.month, day: rule.day, leap: false });
  return solar ? `${solar.year}-${pad(solar.month)}-${pad(solar.day)}` : null;
}

/**
 * The statutory days off of a solar year according to the rules: sorted, one item per date.
 * Days of a rule anchored in another year (none of today's rules) are not included.
 */
export function statutoryHolidays(
  year: number,
  rules: readonly HolidayRule[] = STATUTORY_HOLIDAY_RULES,
): GeneratedHoliday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2199)
    throw new CalendarError(`Year ${year} is outside 1900-2199`);
  const byDate = new Map<LocalDate, GeneratedHoliday>();
  for (const rule of rules) {
    const anchor = anchorOf(rule, year);
    if (!anchor) continue;
    if (anchor < rule.validFrom || (rule.validTo && anchor > rule.validTo)) continue;
    for (const offset of rule.offsetsByYear?.[year] ?? rule.offsets) {
      const date = addDays(anchor, offset);
      if (!date.startsWith(`${year}-`)) continue;
      const existing = byDate.get(date);
      if (existing) {
        if (!existing.ruleKeys.includes(rule.key)) {
          existing.ruleKeys.push(rule.key);
          existing.name = `${existing.name}; ${rule.name}`;
        }
      } else {
        byDate.set(date, { date, name: rule.name, ruleKeys: [rule.key] });
      }
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
