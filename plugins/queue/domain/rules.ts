import { dayNumberOf, localDateOf, startOfDayMs, type LocalDate } from '../../../src';

/**
 * The queue's rules with numbers, as pure functions (tested with explicit vectors in
 * test/rules.test.ts; the README states them).
 */

/** Digits of the printed number after the prefix: A001 … A999, then A1000 (never cut). */
export const NUMBER_DIGITS = 3;

/**
 * The day a ticket's number belongs to: the local (Vietnam) date of the instant it is issued. Numbers
 * run per centre, prefix and this day, so they start again at 1 at local midnight, not UTC midnight.
 */
export function numberingDay(issuedAt: Date): LocalDate {
  return localDateOf(issuedAt);
}

/** The printed number: the prefix and the day's sequence, zero-padded to NUMBER_DIGITS. */
export function formatTicketNumber(prefix: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError('seq must be a positive integer');
  return `${prefix}${String(seq).padStart(NUMBER_DIGITS, '0')}`;
}

/**
 * Estimated wait in whole seconds: the people ahead share the counters that serve the service, each
 * taking the mean of the recent serving times (or `fallbackSeconds` when there are none yet):
 * ceil(ahead × mean / max(1, counters)). Nobody ahead: 0.
 */
export function estimateWaitSeconds(input: {
  ahead: number;
  recentServingSeconds: readonly number[];
  counters: number;
  fallbackSeconds: number;
}): number {
  if (input.ahead <= 0) return 0;
  const times = input.recentServingSeconds.filter((s) => Number.isFinite(s) && s >= 0);
  const mean = times.length ? times.reduce((a, b) => a + b, 0) / times.length : input.fallbackSeconds;
  return Math.ceil((input.ahead * mean) / Math.max(1, input.counters));
}

/**
 * Whether the queue takes new tickets at `at`: from the first opening of the local day to its
 * closing time (the end of the day's last office-hours range, lunch breaks included: people wait
 * through them). A day without office hours (weekend, holiday) is closed.
 */
export function isQueueOpen(dayIntervals: ReadonlyArray<readonly [number, number]>, at: Date): boolean {
  if (!dayIntervals.length) return false;
  const offset = at.getTime() - startOfDayMs(dayNumberOf(at));
  const opens = Math.min(...dayIntervals.map(([s]) => s));
  const closes = Math.max(...dayIntervals.map(([, e]) => e));
  return offset >= opens && offset < closes;
}
