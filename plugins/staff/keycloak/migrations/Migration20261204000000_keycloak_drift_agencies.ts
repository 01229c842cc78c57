import { Migration } from '@mikro-orm/migrations';

/**
 * Agencies whose officials a requested repair may touch, beside units: an IT admin whose role is held
 * over an agency repairs that agency's officials, not every official of the agency's unit.
 */
export class Migration20261204000000_keycloak_drift_agencies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table staff_keycloak_drift_report add column repair_agency_ids jsonb null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table staff_keycloak_drift_report drop column repair_agency_ids`);
  }
}
