import { Migration } from '@mikro-orm/migrations';

/**
 * Which roles may grant which (role delegation), as data. The default, also carried by the realm
 * file's role attributes: an IT admin hands out the desk roles (one-stop officer, specialist, records
 * clerk) inside their own scope. Leaders, auditors and IT admins are appointed by a platform admin.
 */
export class Migration20261205090000_role_delegation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table staff_role_delegation (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      role text not null, grantable_role text not null,
      reach text not null default 'WITHIN_SCOPE' check (reach in ('WITHIN_SCOPE', 'AGENCIES_IN_SCOPE')),
      constraint staff_role_delegation_role_grantable_role_unique unique (role, grantable_role),
      check (grantable_role <> 'platform-admin' and role <> 'platform-admin'))`);
    this.addSql(`insert into staff_role_delegation (id, created_at, updated_at, role, grantable_role, reach)
      select gen_random_uuid(), now(), now(), 'it-admin', r, 'WITHIN_SCOPE'
        from unnest(array['one-stop-officer', 'specialist', 'records-clerk']) r`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table staff_role_delegation`);
  }
}
