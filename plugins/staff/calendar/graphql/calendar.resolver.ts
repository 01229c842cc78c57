import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { dateOfScalar, DeletePayload, deleted, formatLocalIso } from '../../../../src';
import type { RequestContext } from '../../../../src';
import { CalendarEntry } from '../entities/calendar-entry.entity';
import { calendarService } from '../calendar.service';
import { CALENDAR_MANAGE } from '../permissions';
import {
  ComputeDueTimeInput,
  FillStatutoryHolidaysInput,
  RemoveCalendarEntryInput,
  SetCalendarEntryInput,
  SetOfficeHoursInput,
} from './calendar.inputs';
import {
  DueTime,
  FillStatutoryHolidaysPayload,
  SetOfficeHoursPayload,
  WorkingCalendarYear,
  toOfficeHours,
} from './calendar.types';

@Resolver()
export class CalendarResolver {
  @Authorized()
  @Query(() => WorkingCalendarYear, {
    description: 'The working calendar of a year, for an agency or (without agencyId) the platform',
  })
  async workingCalendar(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int) year: number,
    @Arg('agencyId', () => ID, { nullable: true }) agencyId?: string | null,
  ): Promise<WorkingCalendarYear> {
    const view = await calendarService.yearView(ctx, year, agencyId ?? null);
    return { ...view, officeHours: toOfficeHours(view.officeHours) };
  }

  @Authorized()
  @Query(() => DueTime, {
    description: 'Previews an appointment: when counting starts and when the limit ends',
  })
  async computeDueTime(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ComputeDueTimeInput) input: ComputeDueTimeInput,
  ): Promise<DueTime> {
    const result = await calendarService.previewDue(ctx, {
      agencyId: input.agencyId ?? null,
      start: input.start,
      amount: input.amount,
      unit: input.unit,
      cutoffHour: input.cutoffHour,
      pauses: input.pauses ?? [],
    });
    return { ...result, dueAtLocal: formatLocalIso(result.dueAt) };
  }

  @Authorized(CALENDAR_MANAGE)
  @Mutation(() => CalendarEntry, {
    description: 'Creates or replaces the holiday / make-up working day of a date',
  })
  setCalendarEntry(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetCalendarEntryInput) input: SetCalendarEntryInput,
  ): Promise<CalendarEntry> {
    return calendarService.setEntry(ctx, {
      date: dateOfScalar(input.date),
      kind: input.kind,
      name: input.name,
      agencyId: input.agencyId,
    });
  }

  @Authorized(CALENDAR_MANAGE)
  @Mutation(() => DeletePayload, { description: 'Removes the entry of a date' })
  async removeCalendarEntry(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RemoveCalendarEntryInput) input: RemoveCalendarEntryInput,
  ): Promise<DeletePayload> {
    const entry = await calendarService.removeEntry(ctx, {
      date: dateOfScalar(input.date),
      agencyId: input.agencyId,
    });
    return deleted(entry.id);
  }

  @Authorized(CALENDAR_MANAGE)
  @Mutation(() => SetOfficeHoursPayload, {
    description: 'Sets the office hours and default cut-off of an agency, or the platform default',
  })
  async setOfficeHours(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetOfficeHoursInput) input: SetOfficeHoursInput,
  ): Promise<SetOfficeHoursPayload> {
    return { officeHours: toOfficeHours(await calendarService.setOfficeHours(ctx, input)) };
  }

  @Authorized(CALENDAR_MANAGE)
  @Mutation(() => FillStatutoryHolidaysPayload, {
    description:
      'Refreshes the generated platform-wide days of a range of years (holidays, art. 111(3) compensatory days, announcements); manual entries are kept',
  })
  async fillStatutoryHolidays(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => FillStatutoryHolidaysInput) input: FillStatutoryHolidaysInput,
  ): Promise<FillStatutoryHolidaysPayload> {
    return calendarService.fillStatutoryHolidays(ctx, input.fromYear, input.toYear);
  }
}
