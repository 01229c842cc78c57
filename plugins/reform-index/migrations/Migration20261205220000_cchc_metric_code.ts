import { Migration } from '@mikro-orm/migrations';

/** A CCHC criterion bound to one criterion of the service index names it by code. */
export class Migration20261205220000_cchc_metric_code extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table reform_index_criterion add column metric_code text null`);
    this.addSql(`create index reform_index_score_round_unit_idx on reform_index_score (round_id, unit_id)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists reform_index_score_round_unit_idx`);
    this.addSql(`alter table reform_index_criterion drop column metric_code`);
  }
}
