import { Entity, Enum, ManyToOne, Property, Unique, type Ref, OptionalProps } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { VersionedEntity } from '../../../src';
import { DeadlineUnit } from '../../staff';
import {
  ApplicantKind,
  DossierChannel,
  DossierEndReason,
  DossierStatus,
  ResultDelivery,
  Timeliness,
} from '../domain/enums';
import { Procedure } from './procedure.entity';
import { ProcedureVersion } from './procedure-version.entity';

/**
 * Hồ sơ: a dossier an applicant filed for one procedure, from submission or reception to the
 * returned result. `unitId` (the receiving agency's unit) owns its desk work; the competent agency
 * (`competentAgencyId`) resolves it and statistics count it there;
 * `involvedUnitIds` lists every unit that has held it (liên thông), which may see it.
 * Secrets (the lookup PIN and the satisfaction token) are stored as hashes and are no GraphQL fields.
 */
@ObjectType({ description: 'Hồ sơ: a dossier filed for one procedure' })
@Entity({ tableName: 'procedures_dossier' })
export class Dossier extends VersionedEntity {
  [OptionalProps]?: 'transferPending' | 'appointmentRescheduled' | 'proposalRefusal';

  @Field({ description: "Dossier code from the agency's pattern, e.g. 000.01.01.H46-260415-0001" })
  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @ManyToOne(() => Procedure, { ref: true, deleteRule: 'restrict' })
  procedure!: Ref<Procedure>;

  @ManyToOne(() => ProcedureVersion, { ref: true, deleteRule: 'restrict' })
  procedureVersion!: Ref<ProcedureVersion>;

  @Field(() => String, { description: 'Case variant (trường hợp) code' })
  @Property({ type: 'text' })
  caseCode!: string;

  @Field({ description: 'Lĩnh vực, copied from the procedure version (statistics group by it)' })
  @Property({ type: 'text' })
  field!: string;

  @Field(() => DossierChannel)
  @Enum({ items: () => DossierChannel, nativeEnumName: 'procedures_channel' })
  channel!: DossierChannel;

  @Field(() => DossierStatus)
  @Property({ type: 'smallint' })
  status!: DossierStatus;

  /** Status to return to when a supplement arrives. */
  @Property({ type: 'smallint', nullable: true })
  statusBeforeSupplement: DossierStatus | null = null;

  /** Status to return to when a withdrawal request is cancelled. */
  @Property({ type: 'smallint', nullable: true })
  statusBeforeWithdrawal: DossierStatus | null = null;

  @Field(() => ID, { description: 'Receiving agency' })
  @Property({ type: 'uuid' })
  agencyId!: string;

  @Field(() => ID, {
    description:
      "The receiving agency's administrative unit: owns the dossier's desk work (reception, return)",
  })
  @Property({ type: 'uuid' })
  unitId!: string;

  @Field(() => ID, {
    description:
      'Cơ quan có thẩm quyền: the agency competent to resolve it (from the procedure and the place); Biểu II.06a counts the dossier here',
  })
  @Property({ type: 'uuid' })
  competentAgencyId!: string;

  @Field(() => ID, { description: "The competent agency's administrative unit" })
  @Property({ type: 'uuid' })
  competentUnitId!: string;

  @Field(() => ID, { nullable: true, description: 'Counter (quầy) where it was received' })
  @Property({ type: 'uuid', nullable: true })
  deskId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'Official who received it' })
  @Property({ type: 'uuid', nullable: true })
  receivedById: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  receivedByName: string | null = null;

  @Field(() => ID, { description: 'Agency that holds it now' })
  @Property({ type: 'uuid' })
  holderAgencyId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Department that holds it now (null: the one-stop desk of the holder agency)',
  })
  @Property({ type: 'uuid', nullable: true })
  holderDepartmentId: string | null = null;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  holderUnitId!: string;

  @Field({ description: 'Handed over to the holder, who has not accepted it yet' })
  @Property({ type: 'boolean' })
  transferPending: boolean = false;

  /** Every unit that has held the dossier: roles over those units may read it. */
  @Property({ type: 'uuid[]' })
  involvedUnitIds: string[] = [];

  /** Every agency that has held the dossier: roles over those agencies may read it. */
  @Property({ type: 'uuid[]' })
  involvedAgencyIds: string[] = [];

  @Field(() => ApplicantKind)
  @Enum({ items: () => ApplicantKind, nativeEnumName: 'procedures_applicant_kind' })
  applicantKind!: ApplicantKind;

  @Property({ type: 'text' })
  applicantName!: string;

  @Property({ type: 'text', nullable: true })
  applicantIdNumber: string | null = null;

  @Property({ type: 'text', nullable: true })
  applicantPhone: string | null = null;

  @Property({ type: 'text', nullable: true })
  applicantEmail: string | null = null;

  @Property({ type: 'text', nullable: true })
  applicantAddress: string | null = null;

  @Property({ type: 'text', nullable: true })
  authorisedName: string | null = null;

  @Property({ type: 'text', nullable: true })
  authorisedIdNumber: string | null = null;

  @Property({ type: 'text', nullable: true })
  authorisedPhone: string | null = null;

  @Property({ type: 'text', nullable: true })
  authorisationDocument: string | null = null;

  @Field(() => ResultDelivery)
  @Enum({ items: () => ResultDelivery, nativeEnumName: 'procedures_result_delivery' })
  resultDelivery: ResultDelivery = ResultDelivery.AT_DESK;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field(() => Date, { description: 'Submitted online, or entered at the counter' })
  @Property({ type: 'timestamptz' })
  submittedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Received (receipt issued): the clock starts from here' })
  @Property({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null = null;

  @Field(() => Float, {
    description: 'Processing time granted, from the procedure version for this case and channel',
  })
  @Property({ type: 'double' })
  limitAmount!: number;

  @Field(() => DeadlineUnit)
  @Property({ type: 'text' })
  limitUnit!: DeadlineUnit;

  @Field(() => Float, {
    nullable: true,
    description: 'Cut-off hour of the procedure version (null: the agency default)',
  })
  @Property({ type: 'double', nullable: true })
  cutoffHour: number | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'Appointment (hẹn trả): due time, moved by supplements and apologies',
  })
  @Property({ type: 'timestamptz', nullable: true })
  appointmentAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'Appointment written on the first receipt' })
  @Property({ type: 'timestamptz', nullable: true })
  originalAppointmentAt: Date | null = null;

  /**
   * The new date promised in an apology (Mẫu 04). It never replaces appointmentAt: the verdict and
   * "overdue" are judged against the legal appointment (moved only by clock pauses), so an
   * apologised dossier that misses it is late (domain notes; Thông tư 01/2018/TT-VPCP, Mẫu 04).
   */
  @Field(() => Date, {
    nullable: true,
    description:
      'New date promised in an apology (Mẫu 04); the verdict stays against appointmentAt, so the dossier is late if that is missed',
  })
  @Property({ type: 'timestamptz', nullable: true })
  promisedAt: Date | null = null;

  /** When the supplement (Mẫu 02) was requested: once per dossier, so kept after it ends. */
  @Field(() => Date, { nullable: true, description: 'When the one supplement request was made (Mẫu 02)' })
  @Property({ type: 'timestamptz', nullable: true })
  supplementRequestedAt: Date | null = null;

  /**
   * The specialist's proposal waiting for the leader (set by PROPOSE_RESULT, cleared when the leader
   * returns it). Kept after approval, beside approvedAt. A dossier is in the approval queue while
   * proposedAt is set and approvedAt is not.
   */
  @Field(() => Date, {
    nullable: true,
    description: 'When the result was proposed to the leader (the approval queue: proposed, not approved)',
  })
  @Property({ type: 'timestamptz', nullable: true })
  proposedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Who proposed the result' })
  @Property({ type: 'text', nullable: true })
  proposedByName: string | null = null;

  @Field(() => Boolean, {
    description: 'The proposal is a refusal decision (a result with reasons, not the document asked for)',
  })
  @Property({ type: 'boolean', default: false })
  proposalRefusal: boolean = false;

  @Field(() => String, { nullable: true, description: "The proposal's summary for the leader" })
  @Property({ type: 'text', nullable: true })
  proposalNote: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Approved by a leader' })
  @Property({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  approvedByName: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Resolved: result ready (status 9)' })
  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null = null;

  @Field(() => Timeliness, {
    nullable: true,
    description: 'Resolved before (EARLY), on (ON_TIME) or after (LATE) the appointment date',
  })
  @Enum({ items: () => Timeliness, nativeEnumName: 'procedures_timeliness', nullable: true })
  timeliness: Timeliness | null = null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The result is a decision refusing what was asked (still a result: resolved)',
  })
  @Property({ type: 'boolean', nullable: true })
  resultRefusal: boolean | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  resultNumber: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  resultSigner: string | null = null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'The result document is digitised: its file is in the store (resultFile)',
  })
  @Property({ type: 'boolean', nullable: true })
  resultDigitised: boolean | null = null;

  /** The result document's file (`core_file.id`); the GraphQL field `resultFile` resolves it. */
  @Property({ type: 'uuid', nullable: true })
  resultFileId: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'Ended without a result (refused, stopped, withdrawn, supplement not received)',
  })
  @Property({ type: 'timestamptz', nullable: true })
  endedAt: Date | null = null;

  @Field(() => DossierEndReason, { nullable: true })
  @Enum({ items: () => DossierEndReason, nativeEnumName: 'procedures_end_reason', nullable: true })
  endReason: DossierEndReason | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  endNote: string | null = null;

  @Field({ description: 'Received with every component digitised or re-used' })
  @Property({ type: 'boolean' })
  componentsDigitised: boolean = false;

  @Field(() => Int, { description: 'Fees due, in đồng' })
  @Property({ type: 'int' })
  feeTotal: number = 0;

  /** scrypt hash of the lookup PIN printed on the receipt. Never a GraphQL field. */
  @Property({ type: 'text', nullable: true, lazy: true })
  pinHash: string | null = null;

  /** sha256 of the satisfaction token in the receipt's QR link. Never a GraphQL field. */
  @Property({ type: 'text', nullable: true, lazy: true })
  ratingTokenHash: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The latest receipt (Mẫu 01)' })
  @Property({ type: 'uuid', nullable: true })
  receiptId: string | null = null;
}
