import type { RequestContext } from '../../../src';
import { calendarService, classify, type DeadlineUnit } from '../../staff';
import { Timeliness } from '../domain/enums';

/**
 * Every use of the staff plugin's working calendar goes through this file: appointments, step
 * budgets, supplement deadlines, pauses and verdicts. Agencies' calendars (office hours, holidays,
 * make-up days, cut-offs) are loaded once per request by the calendar service. Whether an open
 * dossier is overdue is not decided here but in SQL, once: procedures_dossier_overdue_at (used by
 * the `overdue` field, the list filter, the statistics and the register book).
 */
export interface DueInput {
  agencyId: string;
  start: Date;
  amount: number;
  unit: DeadlineUnit | `${DeadlineUnit}`;
  /** The procedure's cut-off hour; null or undefined: the agency's default. */
  cutoffHour?: number | null;
  /** No cut-off at all (step budgets and supplement deadlines count from the instant they start). */
  noCutoff?: boolean;
  pauses?: Array<{ from: Date; to: Date }>;
}

export async function computeDueAt(ctx: RequestContext, input: DueInput): Promise<Date> {
  return calendarService.computeDue(ctx, {
    agencyId: input.agencyId,
    start: input.start,
    amount: input.amount,
    unit: input.unit as DeadlineUnit,
    cutoffHour: input.noCutoff ? null : (input.cutoffHour ?? undefined),
    pauses: input.pauses ?? [],
  });
}

/** Moves a due time later by `hours` working hours on the agency's calendar. */
export async function extendByWorkingHours(
  ctx: RequestContext,
  agencyId: string,
  due: Date,
  hours: number,
): Promise<Date> {
  if (hours <= 0) return due;
  return calendarService.computeDue(ctx, {
    agencyId,
    start: due,
    amount: hours,
    unit: 'HOURS' as DeadlineUnit,
    cutoffHour: null,
  });
}

export async function workingHoursBetween(
  ctx: RequestContext,
  agencyId: string,
  a: Date,
  b: Date,
): Promise<number> {
  return (await calendarService.workingTimeBetween(ctx, agencyId, a, b)) / 3_600_000;
}

/** EARLY before the due date, ON_TIME on it, LATE after it (local dates). */
export function verdictOf(finishedAt: Date, dueAt: Date): Timeliness {
  return classify(finishedAt, dueAt) as Timeliness;
}
