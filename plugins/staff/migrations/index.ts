import { Migration20261122040000_staff } from './Migration20261122040000_staff';

/** In order; the calendar's migrations are appended by the plugin definition. */
export const staffMigrations = [Migration20261122040000_staff];
