import {
  CALENDAR_ANNOUNCEMENTS,
  calendarYearData,
  HolidayRule,
  STATUTORY_HOLIDAY_RULES,
  statutoryHolidays,
} from '../holidays';

const dates = (year: number, rules?: readonly HolidayRule[]) =>
  statutoryHolidays(year, rules).map((h) => h.date);

describe('statutory holidays (Labour Code 2019 art. 112, as dated data)', () => {
  it('2026: 1 Jan, Tết 16-20 Feb (last day of Ất Tỵ + 4 days of Bính Ngọ), Hùng Kings 26 Apr, 30 Apr, 1 May, 1-2 Sep', () => {
    expect(dates(2026)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(statutoryHolidays(2026).find((h) => h.date === '2026-02-16')).toEqual({
      date: '2026-02-16',
      name: 'Tết Nguyên đán',
      ruleKeys: ['lunar-new-year'],
    });
  });

  it('2025: Tết 27-31 Jan as announced (two days before, three after), Hùng Kings 7 Apr, National Day 1-2 Sep', () => {
    expect(dates(2025)).toEqual([
      '2025-01-01',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-09-01',
      '2025-09-02',
    ]);
  });

  it('2024: Tết 9-13 Feb, Hùng Kings 18 Apr, National Day 2-3 Sep (the announced adjacent day is data)', () => {
    expect(dates(2024)).toEqual([
      '2024-01-01',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-04-18',
      '2024-04-30',
      '2024-05-01',
      '2024-09-02',
      '2024-09-03',
    ]);
  });

  it('2027: Tết 5-9 Feb', () => {
    expect(dates(2027).slice(1, 6)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
    ]);
  });

  it('applies the rule in force: one National Day under the Labour Code 2012 (2019 and before)', () => {
    expect(dates(2019).filter((d) => d.startsWith('2019-09'))).toEqual(['2019-09-02']);
    expect(dates(2021).filter((d) => d.startsWith('2021-09'))).toEqual(['2021-09-01', '2021-09-02']);
  });

  it('has 11 holidays a year in 2021-2030; compensatory days are a separate layer', () => {
    for (let year = 2021; year <= 2030; year++) expect(dates(year)).toHaveLength(11);
    expect(dates(2028)).not.toContain('2028-01-03');
  });

  it('generates the art. 111(3) compensatory day for every year, on the next working day', () => {
    const off = (year: number) => calendarYearData(year).days.filter((d) => d.name.startsWith('Nghỉ bù'));
    // 1 Jan 2028 is a Saturday: Monday 3 Jan is off. Giỗ Tổ 2026 is Sunday 26 Apr: Monday 27 Apr.
    expect(off(2028).map((d) => d.date)).toContain('2028-01-03');
    expect(off(2026).map((d) => [d.date, d.source, d.basis])).toEqual([
      [
        '2026-04-27',
        'STATUTORY',
        'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)',
      ],
    ]);
    // Tết 2030 (2 Feb, a Saturday): 1-5 Feb, Saturday 2 and Sunday 3 give Wednesday 6 and Thursday 7.
    expect(
      off(2030)
        .map((d) => d.date)
        .slice(0, 2),
    ).toEqual(['2030-02-06', '2030-02-07']);
    // 1 Sep 2030 is a Sunday: Tuesday 3 Sep (Monday 2 Sep is National Day).
    expect(off(2030).map((d) => d.date)).toContain('2030-09-03');
    // 2025 (announced): no holiday fell on a weekend, no compensatory day.
    expect(off(2025)).toEqual([]);
  });

  it('announcements override the rule: Tết 2024 compensatory days moved to 8 and 14 Feb (not 14-15)', () => {
    const y2024 = calendarYearData(2024);
    const tet = y2024.days.filter((d) => d.date >= '2024-02-01' && d.date <= '2024-02-29');
    expect(tet.map((d) => `${d.date} ${d.source}`)).toEqual([
      '2024-02-08 ANNOUNCED',
      '2024-02-09 STATUTORY',
      '2024-02-10 STATUTORY',
      '2024-02-11 STATUTORY',
      '2024-02-12 STATUTORY',
      '2024-02-13 STATUTORY',
      '2024-02-14 ANNOUNCED',
    ]);
    expect(y2024.provisional).toBe(false);
    expect(y2024.sources.join(' ')).toContain('2450/VPCP-KGVX');
    expect(calendarYearData(2027).provisional).toBe(true);
    expect(calendarYearData(2027).sources).toEqual([]);
  });

  it('takes a changed rule set as data: a new holiday from a given date', () => {
    const rules: HolidayRule[] = [
      ...STATUTORY_HOLIDAY_RULES,
      {
        key: 'example',
        name: 'Example day',
        calendar: 'SOLAR',
        month: 11,
        day: 24,
        offsets: [0],
        validFrom: '2027-01-01',
        basis: 'test',
      },
    ];
    expect(dates(2026, rules)).not.toContain('2026-11-24');
    expect(dates(2027, rules)).toContain('2027-11-24');
  });

  it('merges two rules that land on the same day into one entry', () => {
    const rules: HolidayRule[] = [
      {
        key: 'a',
        name: 'A',
        calendar: 'SOLAR',
        month: 5,
        day: 1,
        offsets: [0],
        validFrom: '2000-01-01',
        basis: 'test',
      },
      {
        key: 'b',
        name: 'B',
        calendar: 'SOLAR',
        month: 4,
        day: 30,
        offsets: [0, 1],
        validFrom: '2000-01-01',
        basis: 'test',
      },
    ];
    expect(statutoryHolidays(2026, rules)).toEqual([
      { date: '2026-04-30', name: 'B', ruleKeys: ['b'] },
      { date: '2026-05-01', name: 'A; B', ruleKeys: ['a', 'b'] },
    ]);
  });

  it('lists the announced swaps of 2024-2026 as data, each with its document', () => {
    const swaps = CALENDAR_ANNOUNCEMENTS.flatMap((a) => (a.entries ?? []).map((e) => `${e.date} ${e.kind}`));
    expect(swaps).toEqual([
      '2024-04-29 HOLIDAY',
      '2024-05-04 MAKEUP_WORKDAY',
      '2025-04-26 MAKEUP_WORKDAY',
      '2025-05-02 HOLIDAY',
      '2026-01-02 HOLIDAY',
      '2026-01-10 MAKEUP_WORKDAY',
      '2026-08-22 MAKEUP_WORKDAY',
      '2026-08-31 HOLIDAY',
    ]);
    for (const a of CALENDAR_ANNOUNCEMENTS) expect(a.source).toMatch(/\d+\/(VPCP|TB)/);
  });
});
