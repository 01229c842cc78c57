import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { Field, Float, ObjectType } from 'type-graphql';
import { BaseEntity, DateScalar } from '../../../src';
import type { ScoringBand } from '../domain/service-index';

@ObjectType({
  description: 'A scoring band: from this rate on, the criterion earns this fraction of its maximum',
})
export class ScoringBandType {
  @Field(() => Float, { description: 'Rate from 0 to 1' }) minRate!: number;
  @Field(() => Float, { description: 'Fraction of the maximum, 0 to 1' }) fraction!: number;
}

/**
 * One criterion of the service index (QĐ 766) as data: its formula, maximum, scoring bands and legal
 * basis, valid from a date (an amendment is a new row with a later validFrom).
 */
@ObjectType({
  description: 'Tiêu chí Bộ chỉ số phục vụ (QĐ 766/QĐ-TTg): a criterion of the service index, as data',
})
@Entity({ tableName: 'reform_index_service_criterion' })
@Unique({ properties: ['code', 'validFrom'] })
export class ServiceCriterion extends BaseEntity {
  @Field({ description: 'e.g. "2.1"' }) @Property({ type: 'text' }) code!: string;
  @Field(() => DateScalar) @Property({ type: 'date', columnType: 'date' }) validFrom!: string;
  @Field() @Property({ type: 'text' }) groupCode!: string;
  @Field() @Property({ type: 'text' }) groupName!: string;
  @Field() @Property({ type: 'text' }) name!: string;
  @Field(() => Float) @Property({ type: 'double' }) maxPoints!: number;
  @Field({ description: 'What computes it: a platform metric, or ENTERED' })
  @Property({ type: 'text' })
  metric!: string;
  @Field() @Property({ type: 'text' }) formula!: string;
  @Field() @Property({ type: 'text' }) numeratorLabel!: string;
  @Field() @Property({ type: 'text' }) denominatorLabel!: string;
  @Field(() => [ScoringBandType], { description: 'Empty: points proportional to the rate' })
  @Property({ type: 'json' })
  bands: Opt<ScoringBand[]> = [];
  @Field() @Property({ type: 'text' }) legalBasis!: string;
  @Field(() => String, { description: 'Why the platform computes it, or why it is entered' })
  @Property({ type: 'text' })
  note: Opt<string> = '';
}
