import { Migration } from '@mikro-orm/migrations';

/** The procedure catalogue: procedures and their immutable versions, searchable without diacritics. */
export class Migration20261123000000_procedures_catalogue extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm`);
    this.addSql(`create type procedures_resolving_level as enum ('PROVINCE', 'DISTRICT', 'COMMUNE')`);
    this.addSql(`create type procedures_online_level as enum ('PARTIAL', 'FULL')`);

    this.addSql(`create table procedures_procedure (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      code text not null, name text not null, field text not null,
      level procedures_resolving_level not null, online_level procedures_online_level null,
      active boolean not null default true, latest_version_no int not null default 1,
      unit_id uuid null references staff_unit (id) on update cascade on delete restrict,
      constraint procedures_procedure_code_unique unique (code),
      constraint procedures_procedure_code_shape check (code ~ '^[1-9]\\.[0-9]{6}(\\.[A-Z][0-9]{2})?$'))`);
    // Diacritics-insensitive "contains" search on names: a trigram index on the search key.
    this.addSql(
      `create index procedures_procedure_name_search_idx on procedures_procedure using gin (core_search_key(name) gin_trgm_ops)`,
    );
    this.addSql(
      `create index procedures_procedure_field_idx on procedures_procedure (core_search_key(field))`,
    );
    this.addSql(`create index procedures_procedure_unit_idx on procedures_procedure (unit_id)`);

    this.addSql(`create table procedures_procedure_version (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      procedure_id uuid not null references procedures_procedure (id) on update cascade on delete restrict,
      version_no int not null, code text not null, name text not null, field text not null,
      level procedures_resolving_level not null, online_level procedures_online_level null,
      cutoff_hour double precision null check (cutoff_hour is null or (cutoff_hour > 0 and cutoff_hour < 24)),
      cases jsonb not null, fees jsonb not null default '[]', components jsonb not null default '[]',
      result_document text not null, decision_number text null, decision_date date null, effective_from date not null,
      unit_id uuid null, change_note text null, published_by text null,
      constraint procedures_procedure_version_procedure_id_version_no_unique unique (procedure_id, version_no))`);
    this.addSql(
      `create index procedures_procedure_version_effective_idx on procedures_procedure_version (procedure_id, effective_from, version_no)`,
    );
    // A published version is never edited: dossiers point at it and must read what they were received under.
    this
      .addSql(`create or replace function procedures_version_immutable() returns trigger language plpgsql as $$
      begin raise exception 'procedure versions are immutable: publish a new version'; end $$`);
    this
      .addSql(`create trigger procedures_procedure_version_no_change before update or delete on procedures_procedure_version
      for each row execute function procedures_version_immutable()`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists procedures_procedure_version`);
    this.addSql(`drop function if exists procedures_version_immutable`);
    this.addSql(`drop table if exists procedures_procedure`);
    this.addSql(`drop type if exists procedures_online_level`);
    this.addSql(`drop type if exists procedures_resolving_level`);
  }
}
