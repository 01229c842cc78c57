import { Migration } from '@mikro-orm/migrations';

/**
 * Staff's public SQL surface: the views other plugins' set-based SQL may read (never staff's tables),
 * documented in the plugin README under "Public SQL surface". Each view is a plain projection or a
 * join on keys, so PostgreSQL pushes a caller's conditions into it and uses the tables' indexes.
 *
 * `staff_local_today()` is the register's "today": Vietnam's local date, not the server's nor UTC.
 * `staff_current_posting_v` is the one place the "current posting" rule is written.
 */
export class Migration20261205100000_staff_directory extends Migration {
  override async up(): Promise<void> {
    // The local date at an instant (default: now). Vietnam is UTC+7 all year: 2026-04-14 18:30 UTC is
    // already 15 April, 01:30 in Hà Nội.
    this.addSql(`create or replace function staff_local_today(instant timestamptz default now()) returns date
      language sql stable parallel safe
      as $$ select (instant at time zone 'Asia/Ho_Chi_Minh')::date $$`);

    // A posting is current until the day it ends (exclusive), in Vietnam's local date.
    this.addSql(`create or replace view staff_current_posting_v as
      select a.id, a.official_id, a.agency_id, ag.unit_id, a.department_id, a.desk_id, a."primary", a.starts_on, a.ends_on,
             a.created_at
        from staff_assignment a join staff_agency ag on ag.id = a.agency_id
       where a.ends_on is null or a.ends_on > staff_local_today()`);

    this.addSql(`create or replace view staff_unit_v as
      select id, code, name, type, level, parent_id, path, valid_from, valid_to from staff_unit`);

    // Every unit with each of its ancestors and itself (depth 0). Ranges on the materialised path with
    // the pattern operators use staff_unit_path_idx (text_pattern_ops) also when the ancestor comes
    // from the outer row; paths hold only hex digits, '-' and '/', all below '~'.
    this.addSql(`create or replace view staff_unit_tree_v as
      select anc.id as ancestor_id, u.id as unit_id,
             u.level - anc.level as depth
        from staff_unit anc join staff_unit u on u.path ~>=~ anc.path and u.path ~<~ (anc.path || '~')`);

    this.addSql(`create or replace view staff_agency_v as
      select id, name, kind, electronic_id, unit_id, parent_agency_id, short_code, email, active from staff_agency`);

    this.addSql(`create or replace view staff_department_v as
      select id, agency_id, name, code, active from staff_department`);

    this.addSql(`create or replace view staff_desk_v as
      select d.id, d.code, d.name, d.centre_id, c.name as centre_name, c.agency_id, d.active, c.active as centre_active
        from staff_desk d join staff_one_stop_centre c on c.id = d.centre_id`);

    this.addSql(`create or replace view staff_official_v as
      select id, full_name, username, position, title, email, personal_email, status, joined_on, created_at
        from staff_official`);

    // A role held over a unit, or over an agency (then unit_id is the agency's unit).
    this.addSql(`create or replace view staff_role_grant_v as
      select ra.official_id, ra.role, coalesce(ra.unit_id, ag.unit_id) as unit_id, ra.agency_id,
             o.status as official_status
        from staff_role_assignment ra
        join staff_official o on o.id = ra.official_id
        left join staff_agency ag on ag.id = ra.agency_id`);

    // Lookups other plugins make through the views: postings by department or desk.
    this.addSql(
      `create index if not exists staff_assignment_department_idx on staff_assignment (department_id)`,
    );
    this.addSql(`create index if not exists staff_assignment_desk_idx on staff_assignment (desk_id)`);
  }

  override async down(): Promise<void> {
    for (const view of [
      'staff_role_grant_v',
      'staff_official_v',
      'staff_desk_v',
      'staff_department_v',
      'staff_agency_v',
      'staff_unit_tree_v',
      'staff_unit_v',
      'staff_current_posting_v',
    ])
      this.addSql(`drop view if exists ${view}`);
    this.addSql(`drop function if exists staff_local_today(timestamptz)`);
  }
}
