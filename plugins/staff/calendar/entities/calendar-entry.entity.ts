import { Entity, Enum, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../../../src';
import { BaseEntity } from '../../../../src';

export enum CalendarEntryKind {
  /** A day off (ngày nghỉ lễ, Tết, nghỉ bù, nghỉ hoán đổi). */
  HOLIDAY = 'HOLIDAY',
  /** A day that is normally off but worked (ngày làm bù), e.g. a Saturday. */
  MAKEUP_WORKDAY = 'MAKEUP_WORKDAY',
}
registerEnumType(CalendarEntryKind, {
  name: 'CalendarEntryKind',
  description: 'Day off, or a normally free day that is worked',
});

export enum CalendarEntrySource {
  /** Generated from the statutory rules: holidays (Labour Code 2019 art. 112) and compensatory days (art. 111(3)). */
  STATUTORY = 'STATUTORY',
  /** A swap, a chosen holiday or a moved compensatory day announced by the government, shipped as data. */
  ANNOUNCED = 'ANNOUNCED',
  /** Entered or changed by an administrator. */
  MANUAL = 'MANUAL',
}
registerEnumType(CalendarEntrySource, { name: 'CalendarEntrySource' });

/**
 * One date of the working calendar that differs from the weekly office hours. Platform-wide when
 * agencyId is null; an agency's own entry replaces the platform's on the same date. Unique per
 * (agency, date): see the migration's partial unique indexes.
 */
@ObjectType({ description: 'A holiday or make-up working day of the working calendar' })
@Entity({ tableName: 'staff_calendar_entry' })
export class CalendarEntry extends BaseEntity {
  @Field(() => DateScalar, { description: 'Local date (Asia/Ho_Chi_Minh)' })
  @Property({ type: 'date' })
  date!: string;

  @Field(() => CalendarEntryKind)
  @Enum({ items: () => CalendarEntryKind, type: 'text' })
  kind!: CalendarEntryKind;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The agency it applies to; null for the whole platform' })
  @Property({ type: 'uuid', nullable: true })
  agencyId: string | null = null;

  @Field(() => CalendarEntrySource)
  @Enum({ items: () => CalendarEntrySource, type: 'text' })
  source: CalendarEntrySource = CalendarEntrySource.MANUAL;

  @Field(() => String, {
    nullable: true,
    description:
      'Legal basis or announcing document (Labour Code article, government notice); null for manual entries',
  })
  @Property({ type: 'text', nullable: true })
  basis: string | null = null;
}
