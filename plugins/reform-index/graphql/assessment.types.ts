import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../../src';
import { Criterion } from '../entities/criteria-set.entity';
import { AssessmentScore } from '../entities/round.entity';
import { RoundStatus, SpreadsheetFormat } from '../entities/enums';

@InputType()
export class ImportCriteriaSetInput {
  @Field({ description: 'Unique code, e.g. "QN-XA-2026"' }) code!: string;
  @Field() name!: string;
  @Field(() => Int) year!: number;
  @Field({ description: 'Who is assessed with it: COMMUNE or DEPARTMENT' }) unitKind!: string;
  @Field(() => ID, { description: 'The province that issues the set and appraises with it' })
  ownerUnitId!: string;
  @Field(() => String, { nullable: true }) legalBasis?: string | null;
  @Field(() => SpreadsheetFormat) format!: SpreadsheetFormat;
  @Field({
    description:
      'JSON: a list of criteria {code, name, maxPoints, guidance, requiredEvidence, metric, metricCode, children}; XLSX: the workbook in base64 (columns in the plugin README)',
  })
  content!: string;
}

@InputType()
export class CreateAssessmentRoundInput {
  @Field(() => ID) setId!: string;
  @Field() name!: string;
  @Field(() => DateScalar) opensOn!: string;
  @Field(() => Int, { description: 'Working days for self-assessment, from the opening day' })
  selfAssessmentDays!: number;
  @Field(() => Int, { description: 'Working days for appraisal, after the self-assessment deadline' })
  appraisalDays!: number;
  @Field(() => [ID], { description: 'Units assessed (under the set’s owner unit)' }) unitIds!: string[];
}

@InputType()
export class SetAssessmentRoundStatusInput {
  @Field(() => ID) roundId!: string;
  @Field(() => RoundStatus, { description: 'The next stage' }) status!: RoundStatus;
  @Field(() => Int, { nullable: true, description: 'The version read; a stale one is CONFLICT' })
  version?: number | null;
}

@InputType()
export class RecordSelfScoreInput {
  @Field(() => ID) roundId!: string;
  @Field(() => ID) unitId!: string;
  @Field({ description: 'A leaf criterion of the round’s set, e.g. "1.2"' }) criterionCode!: string;
  @Field(() => Float) score!: number;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Evidence files of the core store' }) fileIds?:
    string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Evidence: official documents of the documents plugin' })
  documentIds?: string[] | null;
}

@InputType()
export class RecordAppraisalInput {
  @Field(() => ID) roundId!: string;
  @Field(() => ID) unitId!: string;
  @Field() criterionCode!: string;
  @Field(() => Float) score!: number;
  @Field(() => String, { nullable: true, description: 'Required when the score differs from the unit’s' })
  reason?: string | null;
}

@ObjectType({ description: 'A unit’s points on one leaf criterion of a round' })
export class AssessmentCriterionResult {
  @Field(() => Criterion) criterion!: Criterion;
  @Field(() => Float, {
    nullable: true,
    description: 'From the bound platform metric; null when scored by hand',
  })
  computedScore!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Self-score (the computed one for bound criteria); null: not scored',
  })
  selfScore!: number | null;
  @Field(() => Float, { nullable: true, description: 'null: not appraised, the self-score stands' })
  appraisedScore!: number | null;
  @Field(() => Float) finalScore!: number;
  @Field(() => AssessmentScore, {
    nullable: true,
    description: 'The score record (evidence, reason); null if none',
  })
  score!: AssessmentScore | null;
}

@ObjectType({ description: 'Kết quả: a unit’s result and rank in a round' })
export class AssessmentUnitResult {
  @Field(() => ID) unitId!: string;
  @Field() unitCode!: string;
  @Field() unitName!: string;
  @Field(() => Int, { description: 'Rank among all units of the round by final total (ties share a rank)' })
  rank!: number;
  @Field(() => Float) selfTotal!: number;
  @Field(() => Float) finalTotal!: number;
  @Field(() => Float) maxTotal!: number;
  @Field(() => [AssessmentCriterionResult]) criteria!: AssessmentCriterionResult[];
}

@ObjectType({ description: 'A spreadsheet to download' })
export class SpreadsheetFile {
  @Field() fileName!: string;
  @Field() mimeType!: string;
  @Field({ description: 'The XLSX workbook, base64' }) contentBase64!: string;
}

@InputType()
export class AssessmentRoundFilterInput {
  @Field(() => Int, { nullable: true, description: 'The year assessed' }) year?: number | null;
  @Field(() => RoundStatus, { nullable: true }) status?: RoundStatus | null;
  @Field(() => ID, { nullable: true, description: 'Rounds assessing this unit' }) unitId?: string | null;
}
