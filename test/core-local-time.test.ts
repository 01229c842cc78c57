import { fakeDateOnly } from './harness/clock';
import {
  addLocalDays,
  dateOfScalar,
  endOfLocalDay,
  formatLocalDate,
  formatLocalDateTime,
  formatLocalIso,
  isLocalDate,
  localDateOf,
  localToday,
  startOfLocalDay,
} from '../src';

/** Vietnam local time (Asia/Ho_Chi_Minh, fixed UTC+07:00): the one module, with explicit vectors. */
describe('core local time', () => {
  afterEach(() => jest.useRealTimers());

  it('the local date of an instant turns at 17:00 UTC, not at UTC midnight', () => {
    expect(localDateOf(new Date('2026-04-14T16:59:59.999Z'))).toBe('2026-04-14');
    expect(localDateOf(new Date('2026-04-14T17:00:00.000Z'))).toBe('2026-04-15');
    expect(localDateOf(new Date('2026-04-14T18:00:00.000Z'))).toBe('2026-04-15'); // 01:00 local
    expect(localDateOf(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
    expect(localDateOf(new Date('2024-02-28T17:30:00Z'))).toBe('2024-02-29');
  });

  it('today is the local date by the (fakeable) clock: at 01:00 in Vietnam the UTC date is yesterday', () => {
    fakeDateOnly(new Date('2026-04-14T18:00:00Z'));
    expect(new Date().toISOString().slice(0, 10)).toBe('2026-04-14');
    expect(localToday()).toBe('2026-04-15');
    jest.setSystemTime(new Date('2026-04-15T16:59:00Z')); // 23:59 local
    expect(localToday()).toBe('2026-04-15');
  });

  it('a local day starts and ends at local midnight (17:00 UTC the day before)', () => {
    expect(startOfLocalDay('2026-04-15').toISOString()).toBe('2026-04-14T17:00:00.000Z');
    expect(endOfLocalDay('2026-04-15').toISOString()).toBe('2026-04-15T17:00:00.000Z');
    expect(startOfLocalDay('2026-01-01').toISOString()).toBe('2025-12-31T17:00:00.000Z');
  });

  it('adds days across months, leap days and years', () => {
    expect(addLocalDays('2026-04-15', 1)).toBe('2026-04-16');
    expect(addLocalDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addLocalDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addLocalDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addLocalDays('2026-04-15', -45)).toBe('2026-03-01');
  });

  it('knows real dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', 'yesterday', '15/04/2026', ''])
      expect(isLocalDate(bad)).toBe(false);
    expect(() => addLocalDays('2025-02-30', 1)).toThrow('is not a date');
  });

  it('writes instants and dates one way for mails and forms: "14:30 ngày 15/04/2026", "15/04/2026"', () => {
    const instant = new Date('2026-04-15T07:30:00Z');
    expect(formatLocalDateTime(instant)).toBe('14:30 ngày 15/04/2026');
    expect(formatLocalDateTime(new Date('2026-04-14T18:05:00Z'))).toBe('01:05 ngày 15/04/2026');
    expect(formatLocalDate('2026-04-15')).toBe('15/04/2026');
    expect(formatLocalDate(new Date('2026-04-14T18:00:00Z'))).toBe('15/04/2026');
    expect(formatLocalIso(instant)).toBe('2026-04-15T14:30:00+07:00');
    expect(formatLocalIso(new Date('2026-04-15T07:30:00.250Z'))).toBe('2026-04-15T14:30:00.250+07:00');
  });

  it('a GraphQL Date scalar (UTC midnight) is its own date, in any time zone of the server', () => {
    expect(dateOfScalar(new Date('2026-04-15T00:00:00Z'))).toBe('2026-04-15');
    expect(dateOfScalar('2026-04-15')).toBe('2026-04-15');
    expect(dateOfScalar(null)).toBeNull();
  });
});
