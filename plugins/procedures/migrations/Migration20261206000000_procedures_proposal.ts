import { Migration } from '@mikro-orm/migrations';

/**
 * The proposal step (the specialist proposes the result, the leader approves or returns it) and the
 * leader's approval queue. A dossier approved before this step existed is given its approval instant
 * as its proposal, so every approved dossier has one.
 */
export class Migration20261206000000_procedures_proposal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type procedures_action add value if not exists 'PROPOSE_RESULT' before 'APPROVE'`);
    this.addSql(`alter type procedures_action add value if not exists 'RETURN_PROPOSAL' before 'APPROVE'`);
    this.addSql(`alter table procedures_dossier
      add column proposed_at timestamptz null,
      add column proposed_by_name text null,
      add column proposal_refusal boolean not null default false,
      add column proposal_note text null`);
    this
      .addSql(`update procedures_dossier set proposed_at = approved_at, proposal_refusal = coalesce(result_refusal, false)
      where approved_at is not null`);
    // The approval queue: proposals not yet approved, found by the agency holding them.
    this
      .addSql(`create index procedures_dossier_approval_queue_idx on procedures_dossier (holder_agency_id, proposed_at)
      where proposed_at is not null and approved_at is null`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists procedures_dossier_approval_queue_idx`);
    this.addSql(`alter table procedures_dossier drop column if exists proposed_at,
      drop column if exists proposed_by_name, drop column if exists proposal_refusal,
      drop column if exists proposal_note`);
  }
}
