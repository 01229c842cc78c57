import type { PermissionDefinition } from '../../../src';

/** Edit holidays, make-up working days and office hours. Reading the calendar needs only sign-in. */
export const CALENDAR_MANAGE = 'staff.calendar.manage';

export const calendarPermissions: PermissionDefinition[] = [
  {
    name: CALENDAR_MANAGE,
    description: 'Edit the working calendar: holidays, make-up working days, office hours and cut-off hours',
  },
];
