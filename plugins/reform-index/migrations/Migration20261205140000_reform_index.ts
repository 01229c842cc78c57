import { Migration } from '@mikro-orm/migrations';
import { QD_766_CRITERIA } from '../domain/service-index';

const esc = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The service index's criteria (QĐ 766 edition, as data), entered values, and the CCHC assessment. */
export class Migration20261205140000_reform_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table reform_index_service_criterion (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      code text not null, valid_from date not null, group_code text not null, group_name text not null, name text not null,
      max_points double precision not null check (max_points >= 0), metric text not null, formula text not null,
      numerator_label text not null, denominator_label text not null, bands jsonb not null default '[]',
      legal_basis text not null, note text not null default '',
      constraint reform_index_service_criterion_code_valid_from_unique unique (code, valid_from))`);
    for (const c of QD_766_CRITERIA)
      this
        .addSql(`insert into reform_index_service_criterion (id, created_at, updated_at, code, valid_from, group_code, group_name, name,
          max_points, metric, formula, numerator_label, denominator_label, bands, legal_basis, note)
        values (gen_random_uuid(), now(), now(), ${esc(c.code)}, '2022-06-23', ${esc(c.groupCode)}, ${esc(c.groupName)}, ${esc(c.name)},
          ${c.maxPoints}, ${esc(c.metric)}, ${esc(c.formula)}, ${esc(c.numeratorLabel)}, ${esc(c.denominatorLabel)},
          ${esc(JSON.stringify(c.bands))}::jsonb, ${esc(c.legalBasis)}, ${esc(c.note)})`);

    this.addSql(`create table reform_index_entered_value (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      criterion_code text not null, subject_id uuid not null, period_from date not null, period_to date not null,
      numerator double precision not null check (numerator >= 0), denominator double precision not null check (denominator >= 0),
      note text null, entered_by text null,
      constraint reform_index_entered_value_unique unique (criterion_code, subject_id, period_from, period_to))`);

    this.addSql(`create table reform_index_criteria_set (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      code text not null constraint reform_index_criteria_set_code_unique unique, name text not null, year int not null,
      unit_kind text not null, owner_unit_id uuid not null, legal_basis text null, max_total double precision not null)`);
    this.addSql(`create table reform_index_criterion (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      set_id uuid not null references reform_index_criteria_set (id) on delete cascade,
      parent_id uuid null references reform_index_criterion (id) on delete cascade,
      code text not null, name text not null, max_points double precision not null check (max_points >= 0),
      guidance text null, required_evidence text null, metric text null, sort int not null, leaf boolean not null,
      constraint reform_index_criterion_set_id_code_unique unique (set_id, code))`);
    this.addSql(`create table reform_index_round (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      set_id uuid not null references reform_index_criteria_set (id) on delete restrict, year int not null, name text not null,
      owner_unit_id uuid not null, unit_ids uuid[] not null, opens_on date not null,
      self_assessment_days int not null check (self_assessment_days > 0), appraisal_days int not null check (appraisal_days > 0),
      self_assessment_due_on date not null, appraisal_due_on date not null, status text not null default 'SELF_ASSESSMENT',
      constraint reform_index_round_set_id_year_unique unique (set_id, year))`);
    this.addSql(`create table reform_index_score (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1,
      round_id uuid not null references reform_index_round (id) on delete cascade, unit_id uuid not null,
      criterion_id uuid not null references reform_index_criterion (id) on delete restrict,
      self_score double precision null, self_note text null, self_scored_at timestamptz null, self_scored_by text null,
      appraised_score double precision null, appraisal_reason text null, appraised_at timestamptz null, appraised_by text null,
      constraint reform_index_score_unique unique (round_id, unit_id, criterion_id))`);
    this.addSql(`create table reform_index_evidence (
      id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null,
      score_id uuid null references reform_index_score (id) on delete cascade,
      entered_value_id uuid null references reform_index_entered_value (id) on delete cascade,
      file_id uuid null, document_id uuid null,
      constraint reform_index_evidence_owner check ((score_id is null) <> (entered_value_id is null)),
      constraint reform_index_evidence_target check ((file_id is null) <> (document_id is null)))`);
    this.addSql(`create index reform_index_evidence_score_idx on reform_index_evidence (score_id)`);
    this.addSql(`create index reform_index_evidence_entered_idx on reform_index_evidence (entered_value_id)`);
    this.addSql(
      `create index reform_index_evidence_file_idx on reform_index_evidence (file_id) where file_id is not null`,
    );
  }

  override async down(): Promise<void> {
    for (const t of [
      'evidence',
      'score',
      'round',
      'criterion',
      'criteria_set',
      'entered_value',
      'service_criterion',
    ])
      this.addSql(`drop table if exists reform_index_${t}`);
  }
}
