import { Migration } from '@mikro-orm/migrations';

/**
 * The supplement request remembered on the dossier (once per dossier, also from status 1, so the
 * guard that offers it and the one that performs it read the same fact); per procedure version,
 * whether a supplement pauses or restarts the clock and which agency kinds accept it.
 */
export class Migration20261205234500_procedures_supplement_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table procedures_dossier add column supplement_requested_at timestamptz null`);
    // Disabling the roll-up trigger is not needed: it reacts to the columns it counts only.
    this.addSql(`update procedures_dossier d set supplement_requested_at = p.first
      from (select dossier_id, min(started_at) as first from procedures_dossier_pause
            where kind = 'SUPPLEMENT' group by dossier_id) p
      where p.dossier_id = d.id`);
    // Versions are immutable rows: new columns with defaults rewrite nothing (no update trigger fires).
    this.addSql(`alter table procedures_procedure_version
      add column supplement_clock text not null default 'PAUSE' check (supplement_clock in ('PAUSE', 'RESTART')),
      add column accepting_agency_kinds text[] not null default '{}'`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table procedures_procedure_version
      drop column if exists supplement_clock, drop column if exists accepting_agency_kinds`);
    this.addSql(`alter table procedures_dossier drop column if exists supplement_requested_at`);
  }
}
