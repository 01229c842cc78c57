/**
 * Statutory public holidays as dated data (domain notes: "configurable"), the statutory
 * compensatory days, and the government's announcements, turned into the days of a year. The
 * generated days are written into the calendar table by the seed `staff.statutory-holidays` (and
 * refreshed by `fillStatutoryHolidays` and the calendar migrations), where admins edit them.
 *
 * Three layers, each overriding the one before:
 * 1. the holiday rules (Labour Code 2019 art. 112(1)): which days are holidays;
 * 2. compensatory days by statute (Labour Code 2019 art. 111(3)): a holiday falling on a weekly day
 *    off (Saturday or Sunday for civil servants, Quyết định 188/1999/QĐ-TTg) gives a day off on the
 *    next working day, for every year, announced or not;
 * 3. announcements (CALENDAR_ANNOUNCEMENTS): the Prime Minister's choice of the Tết days and of the
 *    day next to 2 Sep (Decree 145/2020/NĐ-CP art. 67), compensatory days moved elsewhere, and swaps
 *    (a weekday off paired with a make-up Saturday), each with the document that announced it.
 * A year without any announcement is provisional: its rule-made days stand until one comes.
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
 * announces which). Default: the day before (1-2 Sep, as in 2025); announcements choose otherwise (2024: 2-3 Sep).
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
    validFrom: '2021-01-01',
    basis: LC2019,
  },
];

export interface AnnouncedCalendarEntry {
  date: LocalDate;
  kind: CalendarEntryKindName;
  name: string;
}

/** One government announcement about the days off of a year, with the document that made it. */
export interface CalendarAnnouncement {
  year: number;
  /** The document(s): number, issuer and date. */
  source: string;
  /** Announced days of a rule as offsets from its anchor (e.g. Tết 2025: two days before, three after). */
  holidayOffsets?: Record<string, number[]>;
  /** Compensatory days of a rule's weekend holidays as announced, replacing the art. 111(3) default. */
  compensatoryDays?: Record<string, LocalDate[]>;
  /** Swaps: weekdays off and make-up Saturdays. */
  entries?: AnnouncedCalendarEntry[];
}

/**
 * The announcements for civil servants and public employees of 2024-2026 (data, not rules). Later
 * years: add them here (and run `fillStatutoryHolidays`), or enter them through the API.
 */
export const CALENDAR_ANNOUNCEMENTS: readonly CalendarAnnouncement[] = [
  {
    year: 2024,
    source:
      'Văn bản 8662/VPCP-KGVX ngày 03/11/2023; Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Tết 08/02-14/02/2024 gồm 2 ngày nghỉ bù; Quốc khánh 31/8-03/9/2024)',
    // Tết Giáp Thìn: 9-13 Feb; mùng 1 and 2 fell on Saturday 10 and Sunday 11: the two compensatory
    // days were placed on 8 Feb (before) and 14 Feb (after) instead of 14 and 15 Feb.
    compensatoryDays: { 'lunar-new-year': ['2024-02-08', '2024-02-14'] },
    holidayOffsets: { 'national-day': [0, 1] },
  },
  {
    year: 2024,
    source: 'Văn bản 2450/VPCP-KGVX ngày 12/4/2024 (hoán đổi ngày làm việc dịp 30/4 - 1/5/2024)',
    entries: [
      {
        date: '2024-04-29',
        kind: 'HOLIDAY',
        name: 'Nghỉ hoán đổi dịp 30/4 - 1/5/2024 (làm bù thứ Bảy 04/5/2024)',
      },
      { date: '2024-05-04', kind: 'MAKEUP_WORKDAY', name: 'Làm bù cho thứ Hai 29/4/2024 (dịp 30/4 - 1/5)' },
    ],
  },
  {
    year: 2025,
    source:
      'Văn bản 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 (Tết 25/01-02/02/2025, 30/4 - 04/5/2025, Quốc khánh 30/8-02/9/2025)',
    // Tết Ất Tỵ: the five Tết days are 27-31 Jan (28 tháng Chạp - mùng 3), two before and three after.
    holidayOffsets: { 'lunar-new-year': [-2, -1, 0, 1, 2], 'national-day': [-1, 0] },
    entries: [
      { date: '2025-04-26', kind: 'MAKEUP_WORKDAY', name: 'Làm bù cho thứ Sáu 02/5/2025 (dịp 30/4 - 1/5)' },
      {
        date: '2025-05-02',
        kind: 'HOLIDAY',
        name: 'Nghỉ hoán đổi dịp 30/4 - 1/5/2025 (làm bù thứ Bảy 26/4/2025)',
      },
    ],
  },
  {
    year: 2026,
    source:
      'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch 2026: nghỉ 01-04/01, làm bù thứ Bảy 10/01/2026)',
    entries: [
      {
        date: '2026-01-02',
        kind: 'HOLIDAY',
        name: 'Nghỉ hoán đổi Tết Dương lịch 2026 (làm bù thứ Bảy 10/01/2026)',
      },
      { date: '2026-01-10', kind: 'MAKEUP_WORKDAY', name: 'Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch)' },
    ],
  },
  {
    year: 2026,
    source:
      'Thông báo 9441/TB-BNV ngày 16/10/2025 (Bộ Nội vụ: Tết Âm lịch 16-20/02/2026; Quốc khánh 01-02/9/2026 với hoán đổi thứ Hai 31/8 - thứ Bảy 22/8/2026)',
    holidayOffsets: { 'lunar-new-year': [-1, 0, 1, 2, 3], 'national-day': [-1, 0] },
    entries: [
      {
        date: '2026-08-22',
        kind: 'MAKEUP_WORKDAY',
        name: 'Làm bù cho thứ Hai 31/8/2026 (dịp Quốc khánh)',
      },
      {
        date: '2026-08-31',
        kind: 'HOLIDAY',
        name: 'Nghỉ hoán đổi dịp Quốc khánh 2026 (làm bù thứ Bảy 22/8/2026)',
      },
    ],
  },
];

/** Legal basis of the compensatory-day rule, written on generated compensatory days. */
export const COMPENSATORY_BASIS =
  'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)';

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
  announcements: readonly CalendarAnnouncement[] = CALENDAR_ANNOUNCEMENTS,
): GeneratedHoliday[] {
  const announced = announcements.filter((a) => a.year === year);
  if (!Number.isInteger(year) || year < 1900 || year > 2199)
    throw new CalendarError(`Year ${year} is outside 1900-2199`);
  const byDate = new Map<LocalDate, GeneratedHoliday>();
  for (const rule of rules) {
    const anchor = anchorOf(rule, year);
    if (!anchor) continue;
    if (anchor < rule.validFrom || (rule.validTo && anchor > rule.validTo)) continue;
    const chosen = announced.find((a) => a.holidayOffsets?.[rule.key])?.holidayOffsets?.[rule.key];
    for (const offset of chosen ?? rule.offsets) {
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

export interface CalendarDay {
  date: LocalDate;
  kind: CalendarEntryKindName;
  name: string;
  /** STATUTORY: made by a rule (holiday or compensatory day); ANNOUNCED: from an announcement. */
  source: 'STATUTORY' | 'ANNOUNCED';
  /** The legal basis or the announcing document. */
  basis: string;
}

export interface CalendarYearData {
  year: number;
  days: CalendarDay[];
  /** No announcement is recorded for the year: the rule-made days stand until one comes. */
  provisional: boolean;
  /** The announcing documents of the year. */
  sources: string[];
}

const isWeekend = (date: LocalDate) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/**
 * Every generated day of a year: statutory holidays, compensatory days (by the art. 111(3) rule,
 * unless an announcement placed them) and announced swaps. One item per date, sorted; an announced
 * entry wins over a rule-made one on the same date.
 */
export function calendarYearData(
  year: number,
  rules: readonly HolidayRule[] = STATUTORY_HOLIDAY_RULES,
  announcements: readonly CalendarAnnouncement[] = CALENDAR_ANNOUNCEMENTS,
): CalendarYearData {
  const announced = announcements.filter((a) => a.year === year);
  const holidays = statutoryHolidays(year, rules, announcements);
  const basisOf = (keys: string[]) =>
    [...new Set(keys.map((k) => rules.find((r) => r.key === k)?.basis ?? k))].join('; ');
  const byDate = new Map<LocalDate, CalendarDay>();
  for (const h of holidays)
    byDate.set(h.date, {
      date: h.date,
      kind: 'HOLIDAY',
      name: h.name,
      source: 'STATUTORY',
      basis: basisOf(h.ruleKeys),
    });
  const holidayDates = new Set(holidays.map((h) => h.date));
  const taken = new Set<LocalDate>();
  for (const h of holidays) {
    if (!isWeekend(h.date)) continue;
    const key = h.ruleKeys[0];
    const placed = announced.find((a) => a.compensatoryDays?.[key]);
    if (placed) continue;
    let day = addDays(h.date, 1);
    while (isWeekend(day) || holidayDates.has(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    if (!day.startsWith(`${year}-`)) continue;
    byDate.set(day, {
      date: day,
      kind: 'HOLIDAY',
      name: `Nghỉ bù ${h.name} (${h.date.slice(8, 10)}/${h.date.slice(5, 7)} trùng ngày nghỉ hằng tuần)`,
      source: 'STATUTORY',
      basis: COMPENSATORY_BASIS,
    });
  }
  for (const a of announced) {
    for (const [key, dates] of Object.entries(a.compensatoryDays ?? {})) {
      const rule = rules.find((r) => r.key === key);
      for (const date of dates)
        byDate.set(date, {
          date,
          kind: 'HOLIDAY',
          name: `Nghỉ bù ${rule?.name ?? key}`,
          source: 'ANNOUNCED',
          basis: `${a.source}; ${COMPENSATORY_BASIS}`,
        });
    }
    for (const e of a.entries ?? [])
      byDate.set(e.date, { date: e.date, kind: e.kind, name: e.name, source: 'ANNOUNCED', basis: a.source });
  }
  return {
    year,
    days: [...byDate.values()].sort((x, y) => x.date.localeCompare(y.date)),
    provisional: announced.length === 0,
    sources: announced.map((a) => a.source),
  };
}
