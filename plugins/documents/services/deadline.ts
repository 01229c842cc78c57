/**
 * The one place the documents plugin depends on the staff working calendar. Handling deadlines,
 * reminders and reports go through these functions.
 */
import { calendarService, classify, deadlineState, DeadlineUnit } from '../../staff';
import type { RequestContext } from '../../../src';

export { DeadlineUnit };

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
