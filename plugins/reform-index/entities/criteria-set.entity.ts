import { Entity, Property, Unique } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { BaseEntity, VersionedEntity } from '../../../src';
import { CriterionMetric } from './enums';

/** A province's criteria set for one kind of unit (communes, or departments) and year. */
@ObjectType({ description: 'Bộ tiêu chí chỉ số CCHC: a criteria set of the administrative-reform index' })
@Entity({ tableName: 'reform_index_criteria_set' })
export class CriteriaSet extends VersionedEntity {
  @Field({ description: 'Unique code, e.g. "QN-XA-2026"' })
  @Property({ type: 'text' })
  @Unique()
  code!: string;
  @Field() @Property({ type: 'text' }) name!: string;
  @Field(() => Int) @Property({ type: 'int' }) year!: number;
  @Field({ description: 'Who is assessed with it, e.g. "COMMUNE" or "DEPARTMENT"' })
  @Property({ type: 'text' })
  unitKind!: string;
  @Field(() => ID, { description: 'The province (or other unit) that issued it and appraises with it' })
  @Property({ type: 'uuid' })
  ownerUnitId!: string;
  @Field(() => String, { nullable: true, description: 'The decision that issued it' })
  @Property({ type: 'text', nullable: true })
  legalBasis: string | null = null;
  @Field(() => Float, { description: 'Sum of the top-level maxima' })
  @Property({ type: 'double' })
  maxTotal!: number;
}

/** One node of a criteria set's tree; leaves are scored, parents add up their children. */
@ObjectType({ description: 'Tiêu chí / tiêu chí thành phần: one criterion of a set' })
@Entity({ tableName: 'reform_index_criterion' })
@Unique({ properties: ['setId', 'code'] })
export class Criterion extends BaseEntity {
  @Field(() => ID) @Property({ type: 'uuid' }) setId!: string;
  @Field(() => ID, { nullable: true }) @Property({ type: 'uuid', nullable: true }) parentId: string | null =
    null;
  @Field({ description: 'e.g. "1", "1.2", "1.2.3"' }) @Property({ type: 'text' }) code!: string;
  @Field() @Property({ type: 'text' }) name!: string;
  @Field(() => Float) @Property({ type: 'double' }) maxPoints!: number;
  @Field(() => String, { nullable: true, description: 'Scoring guidance (cách chấm điểm)' })
  @Property({ type: 'text', nullable: true })
  guidance: string | null = null;
  @Field(() => String, { nullable: true, description: 'Evidence required (tài liệu kiểm chứng)' })
  @Property({ type: 'text', nullable: true })
  requiredEvidence: string | null = null;
  @Field(() => CriterionMetric, { nullable: true, description: 'A platform metric that suggests its score' })
  @Property({ type: 'text', nullable: true })
  metric: CriterionMetric | null = null;
  @Field(() => String, {
    nullable: true,
    description: 'For SERVICE_INDEX_CRITERION: the QĐ 766 criterion code (e.g. "2.1"); null otherwise',
  })
  @Property({ type: 'text', nullable: true })
  metricCode: string | null = null;
  @Field(() => Int) @Property({ type: 'int' }) sort!: number;
  @Field({ description: 'True when it has no sub-criteria: the level that is scored' })
  @Property({ type: 'boolean' })
  leaf!: boolean;
}
