import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../../src';
import { DeadlineUnit } from '../../staff';
import {
  ApplicantKind,
  DigitisationState,
  DossierChannel,
  DossierStatus,
  ResultDelivery,
  SequenceReset,
} from '../domain/enums';

@InputType()
export class ApplicantInput {
  @Field(() => ApplicantKind, { defaultValue: ApplicantKind.CITIZEN }) kind!: ApplicantKind;
  @Field({ description: 'Full name, or the organisation name' }) name!: string;
  @Field(() => String, {
    nullable: true,
    description: '12-digit citizen ID (CCCD), or tax code for organisations',
  })
  idNumber?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
}

@InputType()
export class AuthorisedPersonInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) idNumber?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Giấy ủy quyền: number and date' })
  authorisationDocument?: string | null;
}

@InputType()
export class DossierComponentInput {
  @Field(() => String, { nullable: true, description: "Code of one of the procedure's components" }) code?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Required unless code is given' }) name?: string | null;
  @Field(() => Int, { nullable: true }) originals?: number | null;
  @Field(() => Int, { nullable: true }) copies?: number | null;
  @Field(() => DigitisationState, {
    nullable: true,
    description:
      'Optional: follows from fileId (DIGITISED) or reuseComponentId (REUSED); DIGITISED or REUSED without a file is refused',
  })
  digitisation?: DigitisationState | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The scan, uploaded first with POST /files (PDF, JPEG or PNG)',
  })
  fileId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "Re-use the file of a component of an earlier dossier of the same applicant (same ID number): that component's id",
  })
  reuseComponentId?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A reference kept as given (e.g. the national repository id); it does not digitise',
  })
  fileRef?: string | null;
}

@InputType()
class DossierBaseInput {
  @Field(() => ID, { nullable: true }) procedureId?: string | null;
  @Field(() => String, { nullable: true, description: 'National code, instead of procedureId' })
  procedureCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Case variant; default the first' }) caseCode?:
    string | null;
  @Field(() => ApplicantInput) applicant!: ApplicantInput;
  @Field(() => AuthorisedPersonInput, { nullable: true }) authorisedPerson?: AuthorisedPersonInput | null;
  @Field(() => [DossierComponentInput], {
    nullable: true,
    description: "Default: the procedure's required components",
  })
  components?: DossierComponentInput[] | null;
  @Field(() => ResultDelivery, { nullable: true }) resultDelivery?: ResultDelivery | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class ReceiveDossierAtCounterInput extends DossierBaseInput {
  @Field(() => DossierChannel, { nullable: true, description: 'COUNTER (default) or POST' })
  channel?: DossierChannel | null;
  @Field(() => ID, { nullable: true, description: "Counter; default the officer's own" }) deskId?:
    string | null;
  @Field(() => ID, { nullable: true, description: 'Receiving agency when no desk is given' }) agencyId?:
    string | null;
}

@InputType()
export class SubmitDossierOnlineInput extends DossierBaseInput {
  @Field(() => ID, { description: 'The agency filed with' }) agencyId!: string;
}

@InputType()
export class ReceiveDossierInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID, { nullable: true }) deskId?: string | null;
  @Field(() => [DossierComponentInput], {
    nullable: true,
    description: 'Components as checked by the officer (e.g. REUSED from the national repository)',
  })
  components?: DossierComponentInput[] | null;
}

@InputType()
export class RefuseDossierInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field() reason!: string;
}

@InputType()
export class DossierVersionInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int, { description: 'The dossier version you read (optimistic locking)' }) version!: number;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class TransferDossierInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID, { nullable: true, description: 'Department of the holder agency (or of toAgencyId)' })
  toDepartmentId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Another agency (liên thông); with no department, its one-stop desk',
  })
  toAgencyId?: string | null;
  @Field(() => Float, {
    nullable: true,
    description: "Time budget of this step; default: up to the dossier's appointment",
  })
  budgetAmount?: number | null;
  @Field(() => DeadlineUnit, { nullable: true }) budgetUnit?: DeadlineUnit | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class RequestSupplementInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field(() => [String], { description: 'What is missing (Mẫu 02 lists it, once)' }) items!: string[];
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Time to bring it; default PROCEDURES_SUPPLEMENT_DAYS working days',
  })
  deadlineAmount?: number | null;
  @Field(() => DeadlineUnit, { nullable: true }) deadlineUnit?: DeadlineUnit | null;
}

@InputType()
export class RequestFinancialObligationInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field(() => [String], { description: 'What must be paid (taxes, fees)' }) items!: string[];
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class ApologiseInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field() reason!: string;
  @Field(() => Date, { description: 'New appointment (after now)' }) newAppointmentAt!: Date;
}

@InputType()
export class ReasonInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field() reason!: string;
}

@InputType()
export class SubmitDossierProposalInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int, { description: 'The dossier version you read (optimistic locking)' }) version!: number;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Propose a refusal decision (with its reasons) instead of the document asked for',
  })
  refusal?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Summary for the leader (tờ trình)' })
  note?: string | null;
}

@InputType()
export class RecordResultInput {
  @Field(() => ID) dossierId!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'Số, ký hiệu of the result document' }) resultNumber!: string;
  @Field({ description: 'Người ký' }) signer!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The scanned (or signed electronic) result document, uploaded first with POST /files; the result counts as digitised only with it',
  })
  resultFileId?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'The result is a decision refusing what was asked, with its reasons (still resolved); by default what the leader approved (the proposal)',
  })
  refusal?: boolean | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class DossierFilterInput {
  @Field(() => [DossierStatus], { nullable: true }) statuses?: DossierStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Receiving agency' }) agencyId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Competent agency (cơ quan có thẩm quyền)' })
  competentAgencyId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Dossiers of this unit and the units below it' }) unitId?:
    string | null;
  @Field(() => ID, { nullable: true }) holderAgencyId?: string | null;
  @Field(() => ID, { nullable: true }) holderDepartmentId?: string | null;
  @Field(() => ID, { nullable: true }) procedureId?: string | null;
  @Field(() => String, { nullable: true }) field?: string | null;
  @Field(() => DossierChannel, { nullable: true }) channel?: DossierChannel | null;
  @Field(() => String, {
    nullable: true,
    description: 'Dossier code (prefix) or applicant name (diacritics ignored)',
  })
  search?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Open dossiers past their appointment date' })
  overdue?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "true: the caller's approval queue (a proposal waits, held where the caller may approve); false: no proposal waiting",
  })
  awaitingApproval?: boolean | null;
  @Field(() => DateScalar, { nullable: true }) receivedFrom?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Inclusive' }) receivedTo?: string | null;
}

@InputType()
export class SetDossierCodePatternInput {
  @Field(() => ID) agencyId!: string;
  @Field({ description: 'e.g. {agencyId}-{yyMMdd}-{NNNN}' }) pattern!: string;
  @Field(() => SequenceReset, { defaultValue: SequenceReset.DAILY }) reset!: SequenceReset;
}
