import { Migration } from '@mikro-orm/migrations';

/** Units with their validity and successions, agencies and their structure, officials and roles. */
export class Migration20261122040000_staff extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists btree_gist`);
    this.addSql(
      `create type staff_unit_type as enum ('PROVINCE', 'CENTRAL_CITY', 'RURAL_DISTRICT', 'URBAN_DISTRICT', 'DISTRICT_TOWN', 'PROVINCIAL_CITY', 'COMMUNE', 'WARD', 'TOWNSHIP', 'SPECIAL_ZONE')`,
    );
    this.addSql(`create type staff_succession_kind as enum ('FULL', 'PARTIAL')`);
    this.addSql(
      `create type staff_agency_kind as enum ('PEOPLES_COMMITTEE', 'PROVINCIAL_DEPARTMENT', 'PUBLIC_SERVICE_CENTRE', 'OTHER')`,
    );
    this.addSql(
      `create type staff_position as enum ('LEADER', 'ONE_STOP_OFFICER', 'SPECIALIST', 'RECORDS_CLERK', 'IT_ADMIN', 'OTHER')`,
    );
    this.addSql(`create type staff_official_status as enum ('ACTIVE', 'SUSPENDED', 'LEFT')`);

    this.addSql(`create table staff_unit (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      code text not null, name text not null, type staff_unit_type not null, level smallint not null check (level between 1 and 3),
      parent_id uuid null references staff_unit (id) on update cascade on delete restrict,
      valid_from date null, valid_to date null, path text not null,
      check (valid_to is null or valid_from is null or valid_to > valid_from),
      -- One unit per code and level at any moment: the 2025 reform reuses codes, in other periods.
      constraint staff_unit_code_period_excl exclude using gist (
        code with =, level with =,
        daterange(coalesce(valid_from, '-infinity'::date), coalesce(valid_to, 'infinity'::date)) with &&))`);
    this.addSql(`create index staff_unit_parent_idx on staff_unit (parent_id)`);
    this.addSql(`create index staff_unit_path_idx on staff_unit (path text_pattern_ops)`);
    this.addSql(`create index staff_unit_code_idx on staff_unit (code, level)`);

    this.addSql(`create table staff_unit_succession (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      predecessor_id uuid not null references staff_unit (id) on update cascade on delete cascade,
      successor_id uuid not null references staff_unit (id) on update cascade on delete cascade,
      kind staff_succession_kind not null, effective_date date not null,
      constraint staff_unit_succession_pair_unique unique (predecessor_id, successor_id),
      check (predecessor_id <> successor_id))`);
    this.addSql(`create index staff_unit_succession_successor_idx on staff_unit_succession (successor_id)`);

    this.addSql(`create table staff_agency (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      name text not null, kind staff_agency_kind not null, electronic_id text not null unique,
      unit_id uuid not null references staff_unit (id) on update cascade on delete restrict,
      parent_agency_id uuid null references staff_agency (id) on update cascade on delete set null,
      short_code text null, address text null, email text null, phone text null, active boolean not null default true)`);
    this.addSql(`create index staff_agency_unit_idx on staff_agency (unit_id)`);

    this.addSql(`create table staff_department (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      agency_id uuid not null references staff_agency (id) on update cascade on delete cascade,
      name text not null, code text null, active boolean not null default true)`);
    this.addSql(`create index staff_department_agency_idx on staff_department (agency_id)`);

    this.addSql(`create table staff_one_stop_centre (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      agency_id uuid not null references staff_agency (id) on update cascade on delete cascade,
      name text not null, address text null, active boolean not null default true)`);
    this.addSql(`create index staff_one_stop_centre_agency_idx on staff_one_stop_centre (agency_id)`);

    this.addSql(`create table staff_desk (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      centre_id uuid not null references staff_one_stop_centre (id) on update cascade on delete cascade,
      code text not null, name text not null, fields text[] not null default '{}', active boolean not null default true,
      constraint staff_desk_centre_id_code_unique unique (centre_id, code))`);

    this.addSql(`create table staff_official (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      full_name text not null, username text not null unique, position staff_position not null, title text null,
      email text null, personal_email text null, phone text null,
      status staff_official_status not null default 'ACTIVE', status_since timestamptz not null,
      joined_on date null, left_on date null, keycloak_user_id text null unique)`);

    this.addSql(`create table staff_assignment (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      official_id uuid not null references staff_official (id) on update cascade on delete cascade,
      agency_id uuid not null references staff_agency (id) on update cascade on delete restrict,
      department_id uuid null references staff_department (id) on update cascade on delete set null,
      desk_id uuid null references staff_desk (id) on update cascade on delete set null,
      "primary" boolean not null default false, starts_on date not null, ends_on date null)`);
    this.addSql(`create index staff_assignment_official_idx on staff_assignment (official_id)`);
    this.addSql(`create index staff_assignment_agency_idx on staff_assignment (agency_id)`);

    this.addSql(`create table staff_role_assignment (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      official_id uuid not null references staff_official (id) on update cascade on delete cascade,
      role text not null,
      unit_id uuid null references staff_unit (id) on update cascade on delete restrict,
      agency_id uuid null references staff_agency (id) on update cascade on delete cascade,
      check ((unit_id is null) <> (agency_id is null)))`);
    this.addSql(`create index staff_role_assignment_official_idx on staff_role_assignment (official_id)`);
  }
}
