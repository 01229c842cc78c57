import { Migration } from '@mikro-orm/migrations';

/**
 * Which agencies have held a dossier, beside which units: a role held over an agency (a provincial
 * department's one-stop officer) reads that agency's dossiers, not every dossier of the agency's unit.
 * Existing dossiers get the owner, the holder and every agency a step handed them to.
 */
export class Migration20261123050000_procedures_involved_agencies extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table procedures_dossier add column involved_agency_ids uuid[] not null default '{}'`);
    this.addSql(`update procedures_dossier d set involved_agency_ids = array(
        select distinct x from unnest(array[d.agency_id, d.holder_agency_id]
          || coalesce((select array_agg(s.to_agency_id) from procedures_dossier_step s where s.dossier_id = d.id and s.to_agency_id is not null), '{}')) x)`);
    this.addSql(
      `create index procedures_dossier_involved_agencies_idx on procedures_dossier using gin (involved_agency_ids)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table procedures_dossier drop column involved_agency_ids`);
  }
}
