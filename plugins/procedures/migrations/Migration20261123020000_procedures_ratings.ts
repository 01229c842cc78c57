import { Migration } from '@mikro-orm/migrations';

/** Satisfaction ratings: one per dossier, with the 9-criterion survey. */
export class Migration20261123020000_procedures_ratings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table procedures_rating (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      dossier_id uuid not null references procedures_dossier (id) on update cascade on delete cascade,
      rating smallint not null check (rating between 1 and 5),
      comment text null, survey jsonb not null default '{}', rated_at timestamptz not null,
      unit_id uuid not null, agency_id uuid not null, desk_id uuid null, official_id uuid null,
      constraint procedures_rating_dossier_id_unique unique (dossier_id))`);
    this.addSql(`create index procedures_rating_unit_idx on procedures_rating (unit_id, rated_at)`);
    this.addSql(`create index procedures_rating_agency_idx on procedures_rating (agency_id, rated_at)`);
    this.addSql(
      `create index procedures_rating_desk_idx on procedures_rating (desk_id, rated_at) where desk_id is not null`,
    );
    this.addSql(
      `create index procedures_rating_official_idx on procedures_rating (official_id, rated_at) where official_id is not null`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists procedures_rating`);
  }
}
