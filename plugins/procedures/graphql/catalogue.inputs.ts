import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../../src';
import { AgencyKind, DeadlineUnit } from '../../staff';
import { DossierChannel, OnlineServiceLevel, ResolvingLevel, SupplementClock } from '../domain/enums';

@InputType()
export class ProcessingLimitInput {
  @Field(() => DossierChannel, {
    nullable: true,
    description: 'Omit for a limit that applies to every channel',
  })
  channel?: DossierChannel | null;
  @Field(() => Float) amount!: number;
  @Field(() => DeadlineUnit) unit!: DeadlineUnit;
}

@InputType()
export class ProcedureCaseInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => [ProcessingLimitInput]) limits!: ProcessingLimitInput[];
}

@InputType()
export class ProcedureFeeInput {
  @Field() name!: string;
  @Field(() => Int, { description: 'đồng (VND)' }) amount!: number;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => [String], { nullable: true }) caseCodes?: string[] | null;
}

@InputType()
export class RequiredComponentInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => Int, { nullable: true, defaultValue: 0 }) originals?: number;
  @Field(() => Int, { nullable: true, defaultValue: 0 }) copies?: number;
  @Field({ nullable: true, defaultValue: true }) required?: boolean;
  @Field(() => [String], { nullable: true }) caseCodes?: string[] | null;
}

@InputType()
export class ProcedureContentInput {
  @Field() name!: string;
  @Field({ description: 'Lĩnh vực' }) field!: string;
  @Field(() => ResolvingLevel) level!: ResolvingLevel;
  @Field(() => OnlineServiceLevel, { nullable: true }) onlineLevel?: OnlineServiceLevel | null;
  @Field(() => Float, { nullable: true, description: "Overrides the agency's cut-off hour (15 = 15:00)" })
  cutoffHour?: number | null;
  @Field(() => [ProcedureCaseInput]) cases!: ProcedureCaseInput[];
  @Field(() => [ProcedureFeeInput], { nullable: true }) fees?: ProcedureFeeInput[] | null;
  @Field(() => [RequiredComponentInput], { nullable: true }) components?: RequiredComponentInput[] | null;
  @Field() resultDocument!: string;
  @Field(() => String, { nullable: true }) decisionNumber?: string | null;
  @Field(() => DateScalar, { nullable: true }) decisionDate?: string | null;
  @Field(() => DateScalar) effectiveFrom!: string;
  @Field(() => String, { nullable: true }) changeNote?: string | null;
  @Field(() => [ID], {
    nullable: true,
    description:
      "Agencies that resolve it (e.g. a provincial department); empty: the People's Committee of its level",
  })
  resolvingAgencyIds?: string[] | null;
  @Field(() => [AgencyKind], {
    nullable: true,
    description:
      'Kinds of agency whose one-stop desk accepts it; empty or null: any kind its level allows. Intake elsewhere answers PROCEDURE_NOT_ACCEPTED_HERE',
  })
  acceptingAgencyKinds?: AgencyKind[] | null;
  @Field(() => SupplementClock, {
    nullable: true,
    description:
      'Whether a supplement pauses the clock (PAUSE, default) or restarts it from its arrival (RESTART)',
  })
  supplementClock?: SupplementClock | null;
}

@InputType()
export class CreateProcedureInput extends ProcedureContentInput {
  @Field({ description: 'National code: 1.001612, or 1.000948.H38 with a province suffix' }) code!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Owning unit (a province for its own procedures); omit for a national procedure',
  })
  unitId?: string | null;
}

@InputType()
export class PublishProcedureVersionInput extends ProcedureContentInput {
  @Field(() => ID) procedureId!: string;
  @Field(() => Int, { description: 'The procedure version you read (optimistic locking)' }) version!: number;
}

@InputType()
export class SetProcedureActiveInput {
  @Field(() => ID) procedureId!: string;
  @Field(() => Int) version!: number;
  @Field() active!: boolean;
}

@InputType()
export class ProcedureFilterInput {
  @Field(() => String, { nullable: true, description: 'Name or code; diacritics and case are ignored' })
  search?: string | null;
  @Field(() => String, { nullable: true }) field?: string | null;
  @Field(() => ResolvingLevel, { nullable: true }) level?: ResolvingLevel | null;
  @Field(() => OnlineServiceLevel, { nullable: true }) onlineLevel?: OnlineServiceLevel | null;
  @Field(() => Boolean, { nullable: true, description: 'Withdrawn procedures too (catalogue managers only)' })
  includeInactive?: boolean | null;
}
