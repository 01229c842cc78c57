import { Migration } from '@mikro-orm/migrations';

/** The core file store's records (src/files): one row per uploaded or generated file. */
export class Migration20261205090000_core_files extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table core_file (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      file_name text not null, mime_type text not null check (mime_type in ('application/pdf', 'image/jpeg', 'image/png')),
      size int not null check (size > 0), sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      storage_key text not null, uploaded_by text null)`);
    this.addSql(`create index core_file_storage_key_index on core_file (storage_key)`);
    this.addSql(`create index core_file_created_at_index on core_file (created_at)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table core_file`);
  }
}
