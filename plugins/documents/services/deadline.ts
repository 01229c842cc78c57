/**
 * The one place the documents plugin depends on the staff working calendar. Handling deadlines,
 * reminders and reports go through these functions.
 */
import { calendarService, classify, deadlineState, DeadlineUnit } from '../../staff';
import type { RequestContext } from '../../../src';

export { DeadlineUnit };

const OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh, UTC+07:00 all year, as the calendar counts
export const WORKING_HOUR_MS = 3_600_000;

/** Due time of a handling limit counted from `start` on the agency's working calendar (no cut-off). */
export function computeHandlingDue(
  ctx: RequestContext,
  agencyId: string,
  start: Date,
  amount: number,
  unit: DeadlineUnit,
): Promise<Date> {
  return calendarService.computeDue(ctx, { agencyId, start, amount, unit, cutoffHour: null });
}

/** Working milliseconds from a to b on the agency's calendar (negative when b < a). */
export function workingMsBetween(ctx: RequestContext, agencyId: string, a: Date, b: Date): Promise<number> {
  return calendarService.workingTimeBetween(ctx, agencyId, a, b);
}

/** Completed on time (EARLY, ON_TIME) or LATE: compares local dates, as the calendar does. */
export function completedOnTime(completedAt: Date, dueAt: Date): boolean {
  return classify(completedAt, dueAt) !== 'LATE';
}

/** Overdue at `at`: the due date is over. */
export function isOverdue(dueAt: Date, at: Date): boolean {
  return deadlineState(dueAt, at) === 'OVERDUE';
}

/** 'YYYY-MM-DD' of an instant in Vietnam. */
export function localDateOf(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant of a local date. */
export function startOfLocalDate(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** The first instant after a local date. */
export function endOfLocalDate(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + 86_400_000);
}

/** 'dd/mm/yyyy' (Vietnamese style) of a local date 'YYYY-MM-DD'. */
export function formatDateVi(date: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** 'dd/mm/yyyy HH:MM' of an instant in Vietnam. */
export function formatDateTimeVi(instant: Date | null | undefined): string {
  if (!instant) return '';
  const iso = new Date(instant.getTime() + OFFSET_MS).toISOString();
  return `${formatDateVi(iso.slice(0, 10))} ${iso.slice(11, 16)}`;
}
