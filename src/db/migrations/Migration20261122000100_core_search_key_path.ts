import { Migration } from '@mikro-orm/migrations';

/**
 * core_search_key called core_unaccent without a schema. Since PostgreSQL 17, CREATE INDEX, ANALYZE
 * and other maintenance operations run functions with search_path = pg_catalog, pg_temp, so an
 * index on core_search_key(...) failed ("function core_unaccent(text) does not exist"), and
 * auto-analyze of such an index would fail the same way. Qualified, it still inlines.
 */
export class Migration20261122000100_core_search_key_path extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function core_search_key(text) returns text
      language sql immutable parallel safe strict as $$ select lower(translate(public.core_unaccent($1), 'đĐ', 'dD')) $$`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function core_search_key(text) returns text
      language sql immutable parallel safe strict as $$ select lower(translate(core_unaccent($1), 'đĐ', 'dD')) $$`);
  }
}
