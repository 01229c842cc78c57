import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../../src';
import { ServiceCriterion, ScoringBandType } from '../entities/service-criterion.entity';
import { EnteredValue } from '../entities/entered-value.entity';
import { ServiceCriterionSource } from '../entities/enums';
import type { Frame } from '../services/service-index.service';

export enum ShortfallKind {
  DOSSIER = 'DOSSIER',
  PROCEDURE_VERSION = 'PROCEDURE_VERSION',
}
registerEnumType(ShortfallKind, { name: 'ServiceIndexShortfallKind' });

@ObjectType({ description: 'A dossier (or procedure version) that cost a criterion points' })
export class ServiceIndexShortfallItem {
  @Field(() => ShortfallKind) kind!: ShortfallKind;
  @Field(() => ID, { nullable: true, description: 'The dossier; read it with dossier(id)' }) dossierId!:
    string | null;
  @Field(() => ID, { nullable: true }) procedureVersionId!: string | null;
  @Field({ description: 'Dossier code, or procedure code' }) code!: string;
  @Field() reason!: string;
  @Field(() => Date, { nullable: true, description: 'When it happened (resolved, received, published)' })
  happenedAt!: Date | null;
}

@ObjectType({ description: 'The dossiers that cost a criterion points: the count and the first ones' })
export class ServiceIndexShortfall {
  @Field(() => Int) totalCount!: number;
  @Field(() => [ServiceIndexShortfallItem]) items!: ServiceIndexShortfallItem[];
}

@ObjectType({ description: 'One criterion of the service index for a subject and period' })
export class ServiceIndexCriterionResult {
  @Field(() => ServiceCriterion) criterion!: ServiceCriterion;
  @Field(() => ServiceCriterionSource) source!: ServiceCriterionSource;
  @Field(() => Float, { nullable: true, description: 'null while MISSING' }) numerator!: number | null;
  @Field(() => Float, { nullable: true, description: 'null while MISSING' }) denominator!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'numerator / denominator; null without a denominator (full points)',
  })
  rate!: number | null;
  @Field(() => Float) points!: number;
  @Field(() => EnteredValue, { nullable: true, description: 'The entered value, for ENTERED criteria' })
  enteredValue!: EnteredValue | null;
  frame!: Frame;
}

@ObjectType({ description: 'A group of the service index (nhóm chỉ số) with its points' })
export class ServiceIndexGroup {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => Float) points!: number;
  @Field(() => Float) maxPoints!: number;
}

@ObjectType({
  description: 'Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg), live for a unit or agency and period',
})
export class ServiceIndex {
  @Field(() => ID, { nullable: true, description: 'The unit (with its sub-units); null for an agency' })
  unitId!: string | null;
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar) to!: string;
  @Field(() => Float, { description: 'Total points (of 100)' }) points!: number;
  @Field(() => Float) maxPoints!: number;
  @Field(() => Float, { description: 'Points of the computed criteria' }) computedPoints!: number;
  @Field(() => Float) computedMaxPoints!: number;
  @Field(() => [ServiceIndexGroup]) groups!: ServiceIndexGroup[];
  @Field(() => [ServiceIndexCriterionResult]) criteria!: ServiceIndexCriterionResult[];
}

@InputType({
  description: 'A unit (with its sub-units and the older units they replaced) or an agency, and a period',
})
export class ServiceIndexFilterInput {
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field(() => ID, { nullable: true }) agencyId?: string;
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar, { description: 'Inclusive' }) to!: string;
}

@InputType()
export class RecordServiceIndexValueInput {
  @Field({ description: 'An ENTERED criterion, e.g. "4.4"' }) criterionCode!: string;
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field(() => ID, { nullable: true }) agencyId?: string;
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar) to!: string;
  @Field(() => Float) numerator!: number;
  @Field(() => Float) denominator!: number;
  @Field(() => String, { nullable: true }) note?: string;
  @Field(() => [ID], { nullable: true, description: 'Evidence files (POST /files)' }) fileIds?: string[];
  @Field(() => [ID], { nullable: true, description: 'Evidence: official documents (documents plugin)' })
  documentIds?: string[];
}

@InputType()
export class ScoringBandInput {
  @Field(() => Float) minRate!: number;
  @Field(() => Float) fraction!: number;
}

@InputType({ description: 'An amendment of a service-index criterion from a date on' })
export class SetServiceIndexCriterionInput {
  @Field() code!: string;
  @Field(() => DateScalar) validFrom!: string;
  @Field(() => Float) maxPoints!: number;
  @Field(() => [ScoringBandInput], { nullable: true, description: 'Omitted: keep; empty: proportional' })
  bands?: ScoringBandInput[];
  @Field({ description: 'The amending decision' }) legalBasis!: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) formula?: string;
}

export { ScoringBandType };
