import { Entity, Enum, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity, DateScalar, VersionedEntity } from '../../../src';
import { RoundStatus } from './enums';

/** A year's assessment with one criteria set, for a list of units, with deadlines in working days. */
@ObjectType({ description: 'Đợt đánh giá: an assessment round of the administrative-reform index' })
@Entity({ tableName: 'reform_index_round' })
@Unique({ properties: ['setId', 'year'] })
export class AssessmentRound extends VersionedEntity {
  @Field(() => ID) @Property({ type: 'uuid' }) setId!: string;
  @Field(() => Int) @Property({ type: 'int' }) year!: number;
  @Field() @Property({ type: 'text' }) name!: string;
  @Field(() => ID, { description: 'The appraising unit (the province): appraisers over it appraise' })
  @Property({ type: 'uuid' })
  ownerUnitId!: string;
  @Field(() => [ID], { description: 'Units assessed' }) @Property({ type: 'uuid[]' }) unitIds!: string[];
  @Field(() => DateScalar) @Property({ type: 'date', columnType: 'date' }) opensOn!: string;
  @Field(() => Int, { description: 'Working days for self-assessment from the opening day' })
  @Property({ type: 'int' })
  selfAssessmentDays!: number;
  @Field(() => Int, { description: 'Working days for appraisal after the self-assessment deadline' })
  @Property({ type: 'int' })
  appraisalDays!: number;
  @Field(() => DateScalar, { description: 'Last day of self-assessment, on the working calendar' })
  @Property({ type: 'date', columnType: 'date' })
  selfAssessmentDueOn!: string;
  @Field(() => DateScalar, { description: 'Last day of appraisal, on the working calendar' })
  @Property({ type: 'date', columnType: 'date' })
  appraisalDueOn!: string;
  @Field(() => RoundStatus)
  @Enum({ items: () => RoundStatus, type: 'text' })
  status: Opt<RoundStatus> = RoundStatus.SELF_ASSESSMENT;
}

/** A unit's score on one leaf criterion: its own, and the appraised one with the reason for a change. */
@ObjectType({ description: 'Điểm: a unit’s self-score on one criterion and its appraisal' })
@Entity({ tableName: 'reform_index_score' })
@Unique({ properties: ['roundId', 'unitId', 'criterionId'] })
export class AssessmentScore extends VersionedEntity {
  @Field(() => ID) @Property({ type: 'uuid' }) roundId!: string;
  @Field(() => ID) @Property({ type: 'uuid' }) unitId!: string;
  @Field(() => ID) @Property({ type: 'uuid' }) criterionId!: string;
  @Field(() => Float, { nullable: true, description: 'Điểm tự chấm; null until scored' })
  @Property({ type: 'double', nullable: true })
  selfScore: number | null = null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) selfNote:
    string | null = null;
  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  selfScoredAt: Date | null = null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) selfScoredBy:
    string | null = null;
  @Field(() => Float, { nullable: true, description: 'Điểm thẩm định; null: the self-score stands' })
  @Property({ type: 'double', nullable: true })
  appraisedScore: number | null = null;
  @Field(() => String, { nullable: true, description: 'Why the appraisal changed the score' })
  @Property({ type: 'text', nullable: true })
  appraisalReason: string | null = null;
  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  appraisedAt: Date | null = null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) appraisedBy:
    string | null = null;
}

/** Evidence: a file of the core store, or an official document of the documents plugin (by id). */
@ObjectType({ description: 'Tài liệu kiểm chứng: a stored file or an official document' })
@Entity({ tableName: 'reform_index_evidence' })
export class Evidence extends BaseEntity {
  @Property({ type: 'uuid', nullable: true }) scoreId: string | null = null;
  @Property({ type: 'uuid', nullable: true }) enteredValueId: string | null = null;
  @Field(() => ID, { nullable: true, description: 'A file of the core store (uploaded with POST /files)' })
  @Property({ type: 'uuid', nullable: true })
  fileId: string | null = null;
  @Field(() => ID, {
    nullable: true,
    description:
      'An official document of the documents plugin; read it with document(id), under its own visibility',
  })
  @Property({ type: 'uuid', nullable: true })
  documentId: string | null = null;
}
