import { Migration } from '@mikro-orm/migrations';

/**
 * The register (the dossiers query) lists newest first by coalesce(received_at, submitted_at), code.
 * Without an index in that order every page sorted all matching dossiers: an agency's page 70 ms
 * (20,000 dossiers), a provincial leader's whole register 5.4 s (1,000,000 dossiers, found by the
 * benchmark, bench/results). With these the first page is an index scan that stops after 20 rows
 * (0.1-0.4 ms): one index for the whole register in scope, one for an agency's.
 */
export class Migration20261123040000_procedures_register_order extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index procedures_dossier_listed_idx on procedures_dossier ((coalesce(received_at, submitted_at)) desc, code desc)`,
    );
    this.addSql(
      `create index procedures_dossier_agency_listed_idx on procedures_dossier (agency_id, (coalesce(received_at, submitted_at)) desc, code desc)`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists procedures_dossier_agency_listed_idx`);
    this.addSql(`drop index if exists procedures_dossier_listed_idx`);
  }
}
