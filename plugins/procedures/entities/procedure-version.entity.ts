import { Entity, Enum, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../../src';
import { BaseEntity } from '../../../src';
import { AgencyKind, DeadlineUnit } from '../../staff';
import { DossierChannel, OnlineServiceLevel, ResolvingLevel, SupplementClock } from '../domain/enums';
import { Procedure } from './procedure.entity';

@ObjectType({ description: 'Processing time of a case variant, for one channel or (channel null) for all' })
export class ProcessingLimit {
  @Field(() => DossierChannel, {
    nullable: true,
    description: 'Null: every channel without a limit of its own',
  })
  channel!: DossierChannel | null;

  @Field(() => Float)
  amount!: number;

  @Field(() => DeadlineUnit)
  unit!: DeadlineUnit;
}

@ObjectType({ description: 'Trường hợp: a case variant of a procedure with its own processing times' })
export class ProcedureCase {
  @Field({ description: 'Short code, unique within the version, e.g. "TH1"' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => [ProcessingLimit])
  limits!: ProcessingLimit[];
}

@ObjectType({ description: 'Phí, lệ phí' })
export class ProcedureFee {
  @Field()
  name!: string;

  @Field(() => Int, { description: 'Amount in đồng (VND); 0 when free' })
  amount!: number;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => [String], { description: 'Case variants it applies to; empty: all' })
  caseCodes!: string[];
}

@ObjectType({ description: 'Thành phần hồ sơ: a required document' })
export class RequiredComponent {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Originals (bản chính)' })
  originals!: number;

  @Field(() => Int, { description: 'Copies (bản sao)' })
  copies!: number;

  @Field({ description: 'False: only in some situations' })
  required!: boolean;

  @Field(() => [String], { description: 'Case variants it applies to; empty: all' })
  caseCodes!: string[];
}

/** One published version of a procedure. Rows are never changed (a database trigger refuses it). */
@ObjectType({
  description: 'A published version of a procedure; dossiers keep the version they were received under',
})
@Entity({ tableName: 'procedures_procedure_version' })
@Unique({ properties: ['procedure', 'versionNo'] })
export class ProcedureVersion extends BaseEntity {
  @ManyToOne(() => Procedure, { ref: true, deleteRule: 'restrict' })
  procedure!: Ref<Procedure>;

  @Field(() => Int)
  @Property({ type: 'int' })
  versionNo!: number;

  @Field()
  @Property({ type: 'text' })
  code!: string;

  @Field()
  @Property({ type: 'text' })
  name!: string;

  @Field({ description: 'Lĩnh vực' })
  @Property({ type: 'text' })
  field!: string;

  @Field(() => ResolvingLevel)
  @Enum({ items: () => ResolvingLevel, nativeEnumName: 'procedures_resolving_level' })
  level!: ResolvingLevel;

  @Field(() => OnlineServiceLevel, { nullable: true })
  @Enum({ items: () => OnlineServiceLevel, nativeEnumName: 'procedures_online_level', nullable: true })
  onlineLevel: OnlineServiceLevel | null = null;

  @Field(() => [ID], {
    description:
      "Agencies named as resolving it (e.g. a provincial department); empty: the People's Committee of its level",
  })
  @Property({ type: 'uuid[]' })
  resolvingAgencyIds: string[] = [];

  @Field(() => [AgencyKind], {
    description:
      'Kinds of agency whose one-stop desk accepts it (e.g. only PUBLIC_SERVICE_CENTRE); empty: any the level allows',
  })
  @Property({ type: 'text[]' })
  acceptingAgencyKinds: AgencyKind[] = [];

  @Field(() => SupplementClock, {
    description: 'Whether a supplement pauses the clock (PAUSE, the default) or restarts it (RESTART)',
  })
  @Enum({ items: () => SupplementClock, type: 'text' })
  supplementClock: SupplementClock = SupplementClock.PAUSE;

  @Field(() => Float, {
    nullable: true,
    description:
      "Cut-off hour overriding the agency's (15 = 15:00): received at or after it, counting starts the next working day",
  })
  @Property({ type: 'double', nullable: true })
  cutoffHour: number | null = null;

  @Field(() => [ProcedureCase])
  @Property({ type: 'json' })
  cases!: ProcedureCase[];

  @Field(() => [ProcedureFee])
  @Property({ type: 'json' })
  fees!: ProcedureFee[];

  @Field(() => [RequiredComponent])
  @Property({ type: 'json' })
  components!: RequiredComponent[];

  @Field({ description: 'Kết quả: the document the applicant receives' })
  @Property({ type: 'text' })
  resultDocument!: string;

  @Field(() => String, { nullable: true, description: 'Quyết định công bố: the decision that published it' })
  @Property({ type: 'text', nullable: true })
  decisionNumber: string | null = null;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', columnType: 'date', nullable: true })
  decisionDate: string | null = null;

  @Field(() => DateScalar, { description: 'Dossiers received from this date on use this version' })
  @Property({ type: 'date', columnType: 'date' })
  effectiveFrom!: string;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  unitId: string | null = null;

  @Field(() => String, { nullable: true, description: 'What changed' })
  @Property({ type: 'text', nullable: true })
  changeNote: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  publishedBy: string | null = null;
}
