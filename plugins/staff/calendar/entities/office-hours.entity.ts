import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../../../src';
import type { TimeRange } from '../working-calendar';

/**
 * Office hours of an agency (null agency: the platform default). Stored as JSON because the shape is
 * small and always read whole: `week` maps ISO weekday '1'..'7' to opening ranges ('HH:MM').
 * The GraphQL shape differs (a list of days), see graphql/calendar.types.ts.
 */
@Entity({ tableName: 'staff_calendar_office_hours' })
export class CalendarOfficeHours extends BaseEntity {
  @Property({ type: 'uuid', nullable: true })
  agencyId: string | null = null;

  @Property({ type: 'json' })
  week!: Record<string, TimeRange[]>;

  @Property({ type: 'json', nullable: true })
  makeupDay: TimeRange[] | null = null;

  /** Default cut-off in minutes after midnight (e.g. 900 = 15:00); null: none. */
  @Property({ type: 'integer', nullable: true })
  cutoffMinutes: number | null = null;
}
