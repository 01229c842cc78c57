import { Migration } from '@mikro-orm/migrations';

/**
 * `procedures_rating_v` answers by the competent unit and agency, `coalesce(competent_*, *)`: the
 * indexes on the receiving unit and agency cannot serve that filter, so a reader counting the
 * dissatisfied ratings (1–2) of a unit's subtree over a period — the QĐ 766 satisfaction criterion
 * of the reform index — read every rating of the period. Partial expression indexes over exactly
 * the view's columns and the dissatisfied grades (a few per cent of the ratings) answer it from the
 * index.
 */
export class Migration20261206040000_procedures_rating_dissatisfied_idx extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index procedures_rating_dissatisfied_unit_idx
      on procedures_rating ((coalesce(competent_unit_id, unit_id)), rated_at) where rating <= 2`);
    this.addSql(`create index procedures_rating_dissatisfied_agency_idx
      on procedures_rating ((coalesce(competent_agency_id, agency_id)), rated_at) where rating <= 2`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists procedures_rating_dissatisfied_agency_idx`);
    this.addSql(`drop index if exists procedures_rating_dissatisfied_unit_idx`);
  }
}
