import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ApplicantKind, DossierAction, DossierChannel, DossierStatus, ResultDelivery } from '../domain/enums';

@ObjectType({ description: 'Người nộp hồ sơ: a citizen or an organisation' })
export class Applicant {
  @Field(() => ApplicantKind) kind!: ApplicantKind;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Citizen ID (CCCD) or tax code' }) idNumber!:
    string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
}

@ObjectType({ description: 'Người được ủy quyền' })
export class AuthorisedPerson {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) idNumber!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) authorisationDocument!: string | null;
}

@ObjectType()
export class ReceiptComponent {
  @Field() name!: string;
  @Field(() => Int) originals!: number;
  @Field(() => Int) copies!: number;
  @Field() digitisation!: string;
}

@ObjectType()
export class ReceiptFee {
  @Field() name!: string;
  @Field(() => Int) amount!: number;
}

@ObjectType({ description: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)' })
export class DossierReceipt {
  @Field(() => ID) id!: string;
  @Field(() => ID) dossierId!: string;
  @Field() dossierCode!: string;
  @Field({ description: 'INTAKE or REISSUE' }) kind!: string;
  @Field(() => Date) issuedAt!: Date;
  @Field(() => String, { nullable: true }) issuedByName!: string | null;
  @Field() agencyName!: string;
  @Field(() => String, { nullable: true }) centreName!: string | null;
  @Field(() => String, { nullable: true }) deskName!: string | null;
  @Field() procedureCode!: string;
  @Field() procedureName!: string;
  @Field() caseName!: string;
  @Field(() => DossierChannel) channel!: DossierChannel;
  @Field() applicantName!: string;
  @Field(() => [ReceiptComponent], { description: 'Components received' }) components!: ReceiptComponent[];
  @Field(() => Date) receivedAt!: Date;
  @Field(() => Date) appointmentAt!: Date;
  @Field({ description: 'As printed: "14:30 ngày 15/04/2026"' }) receivedAtText!: string;
  @Field({ description: 'As printed' }) appointmentAtText!: string;
  @Field() placeOfReturn!: string;
  @Field(() => ResultDelivery) resultDelivery!: ResultDelivery;
  @Field(() => [ReceiptFee]) fees!: ReceiptFee[];
  @Field(() => Int) feeTotal!: number;
  @Field(() => String, { nullable: true }) receivedByName!: string | null;
  @Field({ description: 'Where the applicant looks the dossier up' }) lookupUrl!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Lookup PIN printed on the receipt: returned only when issued, never stored in clear',
  })
  lookupPin!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Satisfaction link of the QR code: returned only when issued',
  })
  satisfactionUrl!: string | null;
}

@ObjectType({ description: 'What a citizen gets back after filing online' })
export class SubmitDossierOnlinePayload {
  @Field() code!: string;
  @Field(() => DossierStatus) status!: DossierStatus;
  @Field(() => Date) submittedAt!: Date;
  @Field({ description: 'Keep it: with the code it lets you look the dossier up. Shown once.' })
  lookupPin!: string;
  @Field() lookupUrl!: string;
}

@ObjectType({ description: 'A transition the signed-in user may make on a dossier now' })
export class AvailableAction {
  @Field(() => DossierAction) action!: DossierAction;
  @Field() description!: string;
}

@ObjectType({ description: 'Code pattern in effect for an agency' })
export class DossierCodePatternInfo {
  @Field(() => ID) agencyId!: string;
  @Field() pattern!: string;
  @Field() reset!: string;
  @Field({ description: 'False: the default pattern' }) custom!: boolean;
  @Field({ description: 'The code a dossier received now would get with sequence 1' }) example!: string;
}

@ObjectType({ description: 'The code pattern setDossierCodePattern stored, as it now applies' })
export class SetDossierCodePatternPayload {
  @Field(() => DossierCodePatternInfo) codePattern!: DossierCodePatternInfo;
}
