import { estimateWaitSeconds, formatTicketNumber, isQueueOpen, numberingDay } from '../domain/rules';

const H = 3_600_000;
const M = 60_000;

describe('queue rules, explicit vectors', () => {
  it('numbers belong to the Vietnam local day of issue: they reset at local midnight (17:00 UTC)', () => {
    const vectors: Array<[string, string]> = [
      ['2026-12-05T16:59:59.999Z', '2026-12-05'], // 23:59:59 local: still the 5th
      ['2026-12-05T17:00:00.000Z', '2026-12-06'], // 00:00 local: a new day, numbers from 1
      ['2026-12-06T00:30:00.000Z', '2026-12-06'], // 07:30 local
      ['2026-12-31T17:00:00.000Z', '2027-01-01'], // new year, local
      ['2026-12-05T00:00:00.000Z', '2026-12-05'], // UTC midnight is 07:00 local: no reset there
      ['2026-12-04T23:59:59.000Z', '2026-12-05'],
    ];
    for (const [instant, day] of vectors)
      expect([instant, numberingDay(new Date(instant))]).toEqual([instant, day]);
  });

  it('prints the prefix and the sequence on three digits, never cut', () => {
    expect(formatTicketNumber('A', 1)).toBe('A001');
    expect(formatTicketNumber('B', 42)).toBe('B042');
    expect(formatTicketNumber('HT', 999)).toBe('HT999');
    expect(formatTicketNumber('A', 1000)).toBe('A1000');
    expect(() => formatTicketNumber('A', 0)).toThrow(RangeError);
    expect(() => formatTicketNumber('A', 1.5)).toThrow(RangeError);
  });

  it('estimates the wait as ceil(ahead × mean serving time / counters)', () => {
    const vectors: Array<[Parameters<typeof estimateWaitSeconds>[0], number]> = [
      [{ ahead: 0, recentServingSeconds: [600], counters: 1, fallbackSeconds: 300 }, 0],
      [{ ahead: 1, recentServingSeconds: [], counters: 1, fallbackSeconds: 300 }, 300],
      [{ ahead: 3, recentServingSeconds: [], counters: 2, fallbackSeconds: 300 }, 450],
      [{ ahead: 4, recentServingSeconds: [120, 240, 360], counters: 1, fallbackSeconds: 300 }, 960],
      [{ ahead: 5, recentServingSeconds: [100, 200], counters: 3, fallbackSeconds: 300 }, 250],
      [{ ahead: 1, recentServingSeconds: [100, 101], counters: 2, fallbackSeconds: 300 }, 51], // 50.25 → 51
      [{ ahead: 2, recentServingSeconds: [90], counters: 0, fallbackSeconds: 300 }, 180], // no counter: as one
    ];
    for (const [input, expected] of vectors)
      expect([input, estimateWaitSeconds(input)]).toEqual([input, expected]);
  });

  it('is open from the first opening to the closing time of the local day, lunch included', () => {
    const day: Array<[number, number]> = [
      [7 * H, 11 * H + 30 * M],
      [13 * H + 30 * M, 17 * H],
    ];
    // Local 2026-12-07 (a Monday) = UTC +7; local hh:mm is UTC (hh-7):mm.
    const at = (local: string) => {
      const [h, m] = local.split(':').map(Number);
      return new Date(Date.UTC(2026, 11, 7, h - 7, m));
    };
    expect(isQueueOpen(day, at('06:59'))).toBe(false);
    expect(isQueueOpen(day, at('07:00'))).toBe(true);
    expect(isQueueOpen(day, at('12:00'))).toBe(true); // lunch: people keep waiting
    expect(isQueueOpen(day, at('16:59'))).toBe(true);
    expect(isQueueOpen(day, at('17:00'))).toBe(false); // closing time
    expect(isQueueOpen([], at('09:00'))).toBe(false); // weekend or holiday
  });
});
