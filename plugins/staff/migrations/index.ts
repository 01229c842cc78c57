import { Migration20261122040000_staff } from './Migration20261122040000_staff';
import { Migration20261205090000_role_delegation } from './Migration20261205090000_role_delegation';

/** In order; the calendar's migrations are appended by the plugin definition. */
export const staffMigrations = [Migration20261122040000_staff, Migration20261205090000_role_delegation];
