import { Migration } from '@mikro-orm/migrations';

/** Keycloak provisioning state per official, and the drift reports of the reconcile job. */
export class Migration20261122120000_keycloak extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table staff_keycloak_account (
      official_id uuid primary key references staff_official (id) on update cascade on delete cascade,
      last_synced_at timestamptz null,
      set_password_sent_at timestamptz null,
      set_password_pending boolean not null default false,
      last_error text null,
      last_error_at timestamptz null,
      error_permanent boolean not null default false,
      updated_at timestamptz not null)`);
    this.addSql(
      `create index staff_keycloak_account_error_idx on staff_keycloak_account (official_id) where last_error is not null`,
    );

    this.addSql(`create table staff_keycloak_drift_report (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      status text not null default 'PENDING' check (status in ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')),
      trigger text not null default 'MANUAL' check (trigger in ('MANUAL', 'SCHEDULE')),
      repair boolean not null default false,
      requested_by text null,
      repair_unit_ids jsonb null,
      started_at timestamptz null,
      finished_at timestamptz null,
      officials_checked int not null default 0,
      users_checked int not null default 0,
      repairs_queued int not null default 0,
      items jsonb not null default '[]',
      error text null)`);
    this.addSql(
      `create index staff_keycloak_drift_report_created_idx on staff_keycloak_drift_report (created_at desc)`,
    );
  }
}
