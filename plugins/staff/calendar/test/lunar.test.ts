import { hungKingsDate, lunarToSolar, solarToLunar, tetDate } from '../lunar';

describe('Vietnamese lunar calendar (Hồ Ngọc Đức, UTC+7)', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    // Years where Vietnam (UTC+7) and China (UTC+8) differ: the new moon falls just before midnight in Hanoi.
    [1985, '1985-01-21'],
    [2007, '2007-02-17'],
  ])('Tết Nguyên đán %i is %s', (year, expected) => {
    expect(tetDate(year)).toBe(expected);
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương %i is %s', (year, expected) => {
    expect(hungKingsDate(year)).toBe(expected);
  });

  it('converts solar to lunar, including the last day of the year and a leap month', () => {
    // 2026-02-16: the last day of the year Ất Tỵ (month 12 has 29 days), eve of Tết Bính Ngọ.
    expect(solarToLunar({ year: 2026, month: 2, day: 16 })).toEqual({
      year: 2025,
      month: 12,
      day: 29,
      leap: false,
    });
    expect(solarToLunar({ year: 2026, month: 2, day: 17 })).toEqual({
      year: 2026,
      month: 1,
      day: 1,
      leap: false,
    });
    // 2025 has a leap 6th month (6 nhuận) starting 2025-07-25.
    expect(solarToLunar({ year: 2025, month: 7, day: 25 })).toEqual({
      year: 2025,
      month: 6,
      day: 1,
      leap: true,
    });
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })).toEqual({
      year: 2025,
      month: 7,
      day: 25,
    });
    expect(lunarToSolar({ year: 2025, month: 7, day: 1, leap: true })).toBeNull();
  });

  it('round-trips every day of 2020-2035', () => {
    const start = Date.UTC(2020, 0, 1);
    for (let ms = start; ms < Date.UTC(2036, 0, 1); ms += 86_400_000) {
      const d = new Date(ms);
      const solar = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      expect(lunarToSolar(solarToLunar(solar))).toEqual(solar);
    }
  });
});
