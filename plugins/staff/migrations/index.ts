import { Migration20261122040000_staff } from './Migration20261122040000_staff';
import { Migration20261205090000_role_delegation } from './Migration20261205090000_role_delegation';
import { Migration20261205100000_staff_directory } from './Migration20261205100000_staff_directory';
import { Migration20261206190100_staff_local_today } from './Migration20261206190100_staff_local_today';

/** In order; the calendar's migrations are appended by the plugin definition. */
export const staffMigrations = [
  Migration20261122040000_staff,
  Migration20261205090000_role_delegation,
  Migration20261205100000_staff_directory,
  Migration20261206190100_staff_local_today,
];
