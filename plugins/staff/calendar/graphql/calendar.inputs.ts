import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../../../src';
import { CalendarEntryKind } from '../entities/calendar-entry.entity';
import { DeadlineUnit } from './calendar.types';

@InputType()
export class SetCalendarEntryInput {
  @Field(() => DateScalar) date!: string;
  @Field(() => CalendarEntryKind) kind!: CalendarEntryKind;
  @Field() name!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Agency the entry applies to; omit for the whole platform',
  })
  agencyId?: string | null;
}

@InputType()
export class RemoveCalendarEntryInput {
  @Field(() => DateScalar) date!: string;
  @Field(() => ID, { nullable: true }) agencyId?: string | null;
}

@InputType()
export class OfficeTimeRangeInput {
  @Field({ description: "'HH:MM'" }) start!: string;
  @Field({ description: "'HH:MM' (24:00 allowed)" }) end!: string;
}

@InputType()
export class OfficeHoursDayInput {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday ... 7 = Sunday' }) weekday!: number;
  @Field(() => [OfficeTimeRangeInput]) ranges!: OfficeTimeRangeInput[];
}

@InputType()
export class SetOfficeHoursInput {
  @Field(() => ID, { nullable: true, description: 'Omit to set the platform default' }) agencyId?:
    string | null;
  @Field(() => [OfficeHoursDayInput], { description: 'Weekdays left out are closed' })
  days!: OfficeHoursDayInput[];
  @Field(() => [OfficeTimeRangeInput], {
    nullable: true,
    description: "Hours of make-up working days; default Monday's",
  })
  makeupDay?: OfficeTimeRangeInput[] | null;
  @Field(() => Float, { nullable: true, description: 'Default cut-off hour (15 = 15:00, 15.5 = 15:30)' })
  cutoffHour?: number | null;
}

@InputType()
export class ClockPauseInput {
  @Field(() => Date) from!: Date;
  @Field(() => Date) to!: Date;
}

@InputType()
export class ComputeDueTimeInput {
  @Field(() => ID, { nullable: true, description: "Whose calendar; omit for the platform's" }) agencyId?:
    string | null;
  @Field(() => Date, { description: 'Reception instant' }) start!: Date;
  @Field(() => Float) amount!: number;
  @Field(() => DeadlineUnit) unit!: DeadlineUnit;
  @Field(() => Float, {
    nullable: true,
    description: "Per-procedure cut-off hour; omit for the agency's default, null for none",
  })
  cutoffHour?: number | null;
  @Field(() => [ClockPauseInput], {
    nullable: true,
    description: 'Intervals during which the clock stood still',
  })
  pauses?: ClockPauseInput[] | null;
}

@InputType()
export class FillStatutoryHolidaysInput {
  @Field(() => Int) fromYear!: number;
  @Field(() => Int) toYear!: number;
}
