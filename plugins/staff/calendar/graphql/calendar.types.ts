import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CalendarEntry } from '../entities/calendar-entry.entity';
import type { EffectiveOfficeHours } from '../calendar.service';
import type { IsoWeekday } from '../working-calendar';

/** Time units of a processing limit (1 working day = 8 working hours). Other plugins reuse this enum. */
export enum DeadlineUnit {
  WORKING_DAYS = 'WORKING_DAYS',
  CALENDAR_DAYS = 'CALENDAR_DAYS',
  HOURS = 'HOURS',
}
registerEnumType(DeadlineUnit, {
  name: 'DeadlineUnit',
  description:
    'Unit of a processing limit: working days (8 working hours each), calendar days, or working hours',
});

export enum OfficeHoursOriginEnum {
  AGENCY = 'AGENCY',
  PLATFORM = 'PLATFORM',
  BUILT_IN = 'BUILT_IN',
}
registerEnumType(OfficeHoursOriginEnum, {
  name: 'OfficeHoursOrigin',
  description:
    "Where office hours come from: the agency's own, the platform default, or the built-in Mon-Fri 07:00-11:30, 13:30-17:00",
});

@ObjectType({ description: 'Opening hours, local time (Asia/Ho_Chi_Minh), end exclusive' })
export class OfficeTimeRange {
  @Field({ description: "'HH:MM'" }) start!: string;
  @Field({ description: "'HH:MM' (24:00 allowed)" }) end!: string;
}

@ObjectType()
export class OfficeHoursDay {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday ... 7 = Sunday' }) weekday!: number;
  @Field(() => [OfficeTimeRange], { description: 'Empty when closed' }) ranges!: OfficeTimeRange[];
}

@ObjectType({ description: 'Office hours of an agency (or the platform default)' })
export class OfficeHours {
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
  @Field(() => OfficeHoursOriginEnum) origin!: OfficeHoursOriginEnum;
  @Field(() => [OfficeHoursDay], { description: 'Seven days, Monday first' }) days!: OfficeHoursDay[];
  @Field(() => [OfficeTimeRange], { description: 'Hours of a make-up working day (làm bù)' })
  makeupDay!: OfficeTimeRange[];
  @Field(() => Float, {
    nullable: true,
    description:
      'Default cut-off hour (15.5 = 15:30): received at or after it, counting starts the next working day',
  })
  cutoffHour!: number | null;
}

export function toOfficeHours(hours: EffectiveOfficeHours): OfficeHours {
  const days: OfficeHoursDay[] = [];
  for (let weekday = 1; weekday <= 7; weekday++)
    days.push({ weekday, ranges: hours.spec.week[weekday as IsoWeekday] ?? [] });
  const makeupDay = hours.spec.makeupDay?.length ? hours.spec.makeupDay : (hours.spec.week[1] ?? []);
  return {
    agencyId: hours.agencyId,
    origin: hours.origin as OfficeHoursOriginEnum,
    days,
    makeupDay,
    cutoffHour: hours.spec.cutoffHour ?? null,
  };
}

@ObjectType({ description: 'The office hours setOfficeHours stored, as they now apply' })
export class SetOfficeHoursPayload {
  @Field(() => OfficeHours) officeHours!: OfficeHours;
}

@ObjectType({ description: 'One year of the working calendar of an agency (or the platform)' })
export class WorkingCalendarYear {
  @Field(() => Int) year!: number;
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
  @Field(() => OfficeHours) officeHours!: OfficeHours;
  @Field(() => [CalendarEntry], {
    description: "Holidays and make-up days in effect: the agency's own, else the platform's",
  })
  entries!: CalendarEntry[];
  @Field(() => Int, { description: 'Days the office opens in the year' }) workingDayCount!: number;
  @Field({
    description:
      'True while no announcement of the government is recorded for the year: its days off are those the rules make (holidays, compensatory days) and may still change',
  })
  provisional!: boolean;
  @Field(() => [String], { description: "Documents that announced the year's days off" }) sources!: string[];
}

@ObjectType({ description: 'A computed appointment' })
export class DueTime {
  @Field(() => Date, {
    description: 'When the clock starts (next opening, or next working day after the cut-off)',
  })
  countingStartsAt!: Date;
  @Field(() => Date, { description: 'The due time (appointment)' }) dueAt!: Date;
  @Field({ description: "The due time in local time, e.g. '2026-02-23T17:00:00+07:00'" }) dueAtLocal!: string;
}

@ObjectType()
export class FillStatutoryHolidaysPayload {
  @Field(() => Int, { description: 'Generated entries created' }) created!: number;
  @Field(() => Int, { description: 'Generated entries brought up to date (manual entries are left alone)' })
  updated!: number;
  @Field(() => Int, { description: 'Generated entries the rules and announcements no longer have' })
  removed!: number;
}
