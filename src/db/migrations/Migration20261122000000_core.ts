import { Migration } from '@mikro-orm/migrations';

/** Core tables: the audit trail (append-only), applied seeds, and diacritics-insensitive search. */
export class Migration20261122000000_core extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists unaccent`);
    // unaccent() is STABLE; an IMMUTABLE wrapper can be used in indexes and generated columns.
    this.addSql(`create or replace function core_unaccent(text) returns text
      language sql immutable parallel safe strict as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    // Vietnamese search key: lower case, no tone marks, đ -> d.
    this.addSql(`create or replace function core_search_key(text) returns text
      language sql immutable parallel safe strict as $$ select lower(translate(core_unaccent($1), 'đĐ', 'dD')) $$`);

    this.addSql(`create table core_audit_entry (
      id uuid primary key,
      at timestamptz not null default now(),
      request_id text not null,
      actor_subject text null,
      actor_name text null,
      action text not null,
      entity_type text not null,
      entity_id text null,
      unit_id text null,
      before jsonb null,
      after jsonb null
    )`);
    this.addSql(
      `create index core_audit_entry_entity_idx on core_audit_entry (entity_type, entity_id, at desc)`,
    );
    this.addSql(`create index core_audit_entry_at_idx on core_audit_entry (at desc)`);
    this.addSql(`create index core_audit_entry_actor_idx on core_audit_entry (actor_subject, at desc)`);
    // Append-only: the database itself refuses to change or delete history.
    this
      .addSql(`create or replace function core_audit_entry_immutable() returns trigger language plpgsql as $$
      begin raise exception 'the audit trail is append-only'; end $$`);
    this.addSql(`create trigger core_audit_entry_no_change before update or delete on core_audit_entry
      for each row execute function core_audit_entry_immutable()`);

    this.addSql(
      `create table core_seed (name text primary key, applied_at timestamptz not null default now())`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists core_seed`);
    this.addSql(`drop table if exists core_audit_entry`);
    this.addSql(`drop function if exists core_audit_entry_immutable`);
    this.addSql(`drop function if exists core_search_key(text)`);
    this.addSql(`drop function if exists core_unaccent(text)`);
  }
}
