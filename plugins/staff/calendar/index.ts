/**
 * The working calendar of the staff plugin: office hours, holidays and make-up working days, and
 * due times on them. Wired into the staff plugin by plugins/staff/staff.plugin.ts.
 */
import { CalendarEntry } from './entities/calendar-entry.entity';
import { CalendarOfficeHours } from './entities/office-hours.entity';
import { CalendarResolver } from './graphql/calendar.resolver';
import { Migration20261122100000_calendar } from './migrations/Migration20261122100000_calendar';
import { Migration20261205000000_calendar_compensatory } from './migrations/Migration20261205000000_calendar_compensatory';

export * from './pure';
export { CalendarEntry, CalendarEntryKind, CalendarEntrySource } from './entities/calendar-entry.entity';
export { CalendarOfficeHours } from './entities/office-hours.entity';
export { DeadlineUnit } from './graphql/calendar.types';
export { CalendarResolver } from './graphql/calendar.resolver';
export { Migration20261122100000_calendar } from './migrations/Migration20261122100000_calendar';
export { Migration20261205000000_calendar_compensatory } from './migrations/Migration20261205000000_calendar_compensatory';
export {
  CalendarService,
  calendarService,
  CALENDAR_CACHE_MS,
  CALENDARS_CHANGED,
  forgetCalendars,
  listenForCalendarChanges,
  refreshGeneratedCalendar,
  setAgencyUnitLookup,
} from './calendar.service';
export type {
  AgencyUnitLookup,
  CalendarDueInput,
  CalendarYearView,
  EffectiveOfficeHours,
  OfficeHoursOrigin,
  SetCalendarEntryData,
  SetOfficeHoursData,
} from './calendar.service';
export { CALENDAR_MANAGE, calendarPermissions } from './permissions';
export { calendarSeeds, statutoryHolidaysSeed, SEEDED_YEARS } from './calendar.seed';

export const calendarEntities = [CalendarEntry, CalendarOfficeHours];
export const calendarResolvers = [CalendarResolver];
export const calendarMigrations = [
  Migration20261122100000_calendar,
  Migration20261205000000_calendar_compensatory,
];
