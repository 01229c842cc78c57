/**
 * Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's "Lịch Việt Nam" algorithm
 * (https://www.informatik.uni-leipzig.de/~duc/amlich/): new moons and solar terms from Jean Meeus'
 * "Astronomical Algorithms" (low precision), evaluated at the local midnight of the time zone.
 *
 * Vietnam has used UTC+7 (105° E) since 1968; the same algorithm with UTC+8 gives the Chinese
 * calendar, which is why Tết sometimes differs from the Chinese New Year (e.g. 1985, 2007).
 * Pure functions, no dependencies, no database.
 */

/** Vietnam's civil time zone for the lunar calendar: UTC+7. */
export const VIETNAM_TIME_ZONE = 7;

export interface SolarDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface LunarDate {
  /** Lunar year, named after the solar year in which its first day (Tết) falls. */
  year: number;
  /** 1-12 */
  month: number;
  /** 1-30 */
  day: number;
  /** True for the intercalary (nhuận) month that repeats `month`. */
  leap: boolean;
}

const INT = Math.floor;
const PI = Math.PI;
/** Mean length of a synodic month in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01, the epoch of the month index k. */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number of a date of the proleptic Gregorian calendar (Julian before 1582-10-15). */
export function jdFromDate(day: number, month: number, year: number): number {
  const a = INT((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  let jd = day + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = day + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

/** The calendar date of a Julian day number. */
export function jdToDate(jd: number): SolarDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  return {
    day: e - INT((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * INT(m / 10),
    year: b * 100 + d - 4800 + INT(m / 10),
  };
}

/** Julian date (fractional, UTC) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, low precision). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 -= 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** Sun's apparent longitude in radians, in [0, 2π), at Julian date jdn (Meeus, ch. 25, low precision). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Julian day number of the local day that contains the k-th new moon. */
function newMoonDay(k: number, timeZone: number): number {
  return INT(newMoon(k) + 0.5 + timeZone / 24);
}

/** Which of the 12 major solar terms (0-11, 30° each from the vernal equinox) the local day starts in. */
function sunLongitudeSector(dayNumber: number, timeZone: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - timeZone / 24) / PI) * 6);
}

/** First day of the 11th lunar month (the month containing the winter solstice) of solar year yy. */
function lunarMonth11(yy: number, timeZone: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / SYNODIC_MONTH);
  let nm = newMoonDay(k, timeZone);
  if (sunLongitudeSector(nm, timeZone) >= 9) nm = newMoonDay(k - 1, timeZone);
  return nm;
}

/** In a 13-month year starting at month 11 `a11`: the offset of the leap month (the first without a major term). */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = INT((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let last: number;
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Converts a solar (Gregorian) date to the Vietnamese lunar date. */
export function solarToLunar(date: SolarDate, timeZone = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = jdFromDate(date.day, date.month, date.year);
  const k = INT((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(date.year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = date.year;
    a11 = lunarMonth11(date.year - 1, timeZone);
  } else {
    lunarYear = date.year + 1;
    b11 = lunarMonth11(date.year + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: lunarDay, leap };
}

/**
 * Converts a Vietnamese lunar date to the solar date. Returns null for a leap month that the year
 * does not have. Day 30 of a 29-day month gives the first day of the next month, as the algorithm does.
 */
export function lunarToSolar(date: LunarDate, timeZone = VIETNAM_TIME_ZONE): SolarDate | null {
  let a11: number;
  let b11: number;
  if (date.month < 11) {
    a11 = lunarMonth11(date.year - 1, timeZone);
    b11 = lunarMonth11(date.year, timeZone);
  } else {
    a11 = lunarMonth11(date.year, timeZone);
    b11 = lunarMonth11(date.year + 1, timeZone);
  }
  const k = INT(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = date.month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (date.leap && date.month !== leapMonth) return null;
    if (date.leap || off >= leapOff) off += 1;
  } else if (date.leap) {
    return null;
  }
  const monthStart = newMoonDay(k + off, timeZone);
  return jdToDate(monthStart + date.day - 1);
}

/** 'YYYY-MM-DD' of a solar date. */
export function formatSolarDate(date: SolarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Solar date of Tết Nguyên đán (1st day of the 1st lunar month) of the lunar year starting in `year`. */
export function tetDate(year: number): string {
  return formatSolarDate(lunarToSolar({ year, month: 1, day: 1, leap: false })!);
}

/** Solar date of Giỗ Tổ Hùng Vương (10th day of the 3rd lunar month) in `year`. */
export function hungKingsDate(year: number): string {
  return formatSolarDate(lunarToSolar({ year, month: 3, day: 10, leap: false })!);
}
