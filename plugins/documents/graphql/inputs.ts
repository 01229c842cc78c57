import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../../src';
import { DeadlineUnit } from '../../staff';
import { Confidentiality, DocumentDirection, DocumentStatus, DocumentType, Urgency } from '../entities/enums';

@InputType()
export class DocumentFilterInput {
  @Field(() => DocumentDirection, { nullable: true }) direction?: DocumentDirection;
  @Field(() => ID, { nullable: true }) agencyId?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Documents of agencies of this unit and of the units below it',
  })
  withinUnitId?: string;
  @Field(() => ID, { nullable: true }) registerId?: string;
  @Field(() => DocumentType, { nullable: true }) documentType?: DocumentType;
  @Field(() => [DocumentStatus], { nullable: true }) statuses?: DocumentStatus[];
  @Field(() => Urgency, { nullable: true }) urgency?: Urgency;
  @Field(() => Confidentiality, { nullable: true }) confidentiality?: Confidentiality;
  @Field(() => DateScalar, {
    nullable: true,
    description: 'Registered (arrival / numbering) on or after this local date; drafts by creation',
  })
  from?: string;
  @Field(() => DateScalar, { nullable: true, description: 'Registered on or before this local date' })
  to?: string;
  @Field(() => ID, { nullable: true }) handlerOfficialId?: string;
  @Field(() => ID, { nullable: true }) handlerDepartmentId?: string;
  @Field({ nullable: true, description: 'Open documents I (or my department) must handle' })
  assignedToMe?: boolean;
  @Field({ nullable: true, description: 'Open documents whose handling due date is over' }) overdue?: boolean;
  @Field({
    nullable: true,
    description:
      'Full text over number, notation, subject, content and text attachments; diacritics are ignored',
  })
  search?: string;
  @Field({
    nullable: true,
    description: 'Include recalled documents and withdrawn copies (hidden by default)',
  })
  includeRecalled?: boolean;
}

@InputType()
export class RegisterIncomingDocumentInput {
  @Field(() => ID, { description: 'The receiving agency (whose incoming register is used)' })
  agencyId!: string;
  @Field(() => DocumentType) documentType!: DocumentType;
  @Field(() => String, { nullable: true, description: 'Số, as written on the document' }) number?: string;
  @Field(() => String, { nullable: true, description: 'Ký hiệu, e.g. "QĐ-UBND"' }) notation?: string;
  @Field(() => ID, { nullable: true, description: 'The issuing agency, when it is on the platform' })
  issuerAgencyId?: string;
  @Field(() => String, { nullable: true, description: 'Mã định danh điện tử of the issuer' })
  issuerElectronicId?: string;
  @Field(() => String, {
    nullable: true,
    description: 'Name of the issuer (required when not found by id or electronic identifier)',
  })
  issuerName?: string;
  @Field(() => DateScalar, { nullable: true }) issueDate?: string;
  @Field({ description: 'Trích yếu' }) subject!: string;
  @Field(() => String, { nullable: true }) body?: string;
  @Field(() => String, { nullable: true }) signerName?: string;
  @Field(() => String, { nullable: true }) signerTitle?: string;
  @Field(() => Urgency, { nullable: true }) urgency?: Urgency;
  @Field(() => Confidentiality, { nullable: true }) confidentiality?: Confidentiality;
  @Field(() => DateScalar, { nullable: true, description: 'Hạn giải quyết stated on the document' })
  dueDate?: string;
  @Field(() => ID, {
    nullable: true,
    description: 'Trình: the leader to direct it (needed for confidential documents to reach a leader)',
  })
  submitToOfficialId?: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class SubmitDocumentToLeaderInput {
  @Field(() => ID) documentId!: string;
  @Field(() => ID) leaderOfficialId!: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType({ description: "An official or a department of the document's agency" })
export class DocumentHandlerTargetInput {
  @Field(() => ID, { nullable: true }) officialId?: string;
  @Field(() => ID, { nullable: true }) departmentId?: string;
}

@InputType({ description: "A handling limit counted on the agency's working calendar from the assignment" })
export class HandlingDeadlineInput {
  @Field(() => Float) amount!: number;
  @Field(() => DeadlineUnit) unit!: DeadlineUnit;
}

@InputType()
export class AssignDocumentInput {
  @Field(() => ID) documentId!: string;
  @Field(() => DocumentHandlerTargetInput, { description: 'Chủ trì' }) lead!: DocumentHandlerTargetInput;
  @Field(() => [DocumentHandlerTargetInput], { nullable: true, description: 'Phối hợp' })
  coHandlers?: DocumentHandlerTargetInput[];
  @Field(() => HandlingDeadlineInput, { nullable: true }) deadline?: HandlingDeadlineInput;
  @Field(() => Date, { nullable: true, description: 'An explicit due time instead of a deadline' })
  dueAt?: Date;
  @Field(() => String, { nullable: true, description: 'Ý kiến chỉ đạo' }) directionNote?: string;
}

@InputType()
export class DocumentNoteInput {
  @Field(() => ID) documentId!: string;
  @Field() note!: string;
}

@InputType()
export class CompleteDocumentInput {
  @Field(() => ID) documentId!: string;
  @Field(() => String, { nullable: true, description: 'Result of the handling' }) note?: string;
}

@InputType({
  description: 'An agency of the platform (agencyId or electronicId), or an outside recipient (name, email)',
})
export class DocumentRecipientInput {
  @Field(() => ID, { nullable: true }) agencyId?: string;
  @Field(() => String, { nullable: true }) electronicId?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) email?: string;
}

@InputType()
export class CreateDraftDocumentInput {
  @Field(() => ID) agencyId!: string;
  @Field(() => DocumentType) documentType!: DocumentType;
  @Field(() => String, {
    nullable: true,
    description: 'Ký hiệu; default: type abbreviation and the agency\'s short code, e.g. "QĐ-UBND"',
  })
  notation?: string;
  @Field() subject!: string;
  @Field(() => String, { nullable: true }) body?: string;
  @Field(() => Urgency, { nullable: true }) urgency?: Urgency;
  @Field(() => Confidentiality, { nullable: true }) confidentiality?: Confidentiality;
  @Field(() => DateScalar, { nullable: true }) dueDate?: string;
  @Field(() => ID, { nullable: true, description: 'The leader who will sign' }) signerOfficialId?: string;
  @Field(() => String, { nullable: true }) signerName?: string;
  @Field(() => String, { nullable: true }) signerTitle?: string;
  @Field(() => ID, { nullable: true }) draftingDepartmentId?: string;
  @Field(() => [DocumentRecipientInput], { nullable: true }) recipients?: DocumentRecipientInput[];
}

@InputType()
export class UpdateDraftDocumentInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) version?: number;
  @Field(() => DocumentType, { nullable: true }) documentType?: DocumentType;
  @Field(() => String, { nullable: true }) notation?: string;
  @Field(() => String, { nullable: true }) subject?: string;
  @Field(() => String, { nullable: true }) body?: string;
  @Field(() => Urgency, { nullable: true }) urgency?: Urgency;
  @Field(() => Confidentiality, { nullable: true }) confidentiality?: Confidentiality;
  @Field(() => DateScalar, { nullable: true }) dueDate?: string;
  @Field(() => ID, { nullable: true }) signerOfficialId?: string;
  @Field(() => String, { nullable: true }) signerName?: string;
  @Field(() => String, { nullable: true }) signerTitle?: string;
  @Field(() => ID, { nullable: true }) draftingDepartmentId?: string;
  @Field(() => [DocumentRecipientInput], { nullable: true, description: 'Replaces the list' })
  recipients?: DocumentRecipientInput[];
}

@InputType()
export class SubmitDocumentForApprovalInput {
  @Field(() => ID) documentId!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'The leader asked to approve (required for confidential drafts)',
  })
  approverOfficialId?: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class ApproveDocumentInput {
  @Field(() => ID) documentId!: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class NumberDocumentInput {
  @Field(() => ID) documentId!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Ngày ban hành; default today' })
  issueDate?: string;
  @Field(() => String, { nullable: true, description: 'Ký hiệu, if it changes at numbering' })
  notation?: string;
}

@InputType()
export class RecordDocumentSignatureInput {
  @Field(() => ID) documentId!: string;
  @Field(() => ID, { nullable: true }) signerOfficialId?: string;
  @Field(() => String, { nullable: true }) signerName?: string;
  @Field(() => String, { nullable: true }) signerTitle?: string;
  @Field(() => Date, { nullable: true, description: 'Default now' }) signedAt?: Date;
  @Field({ description: 'Serial number of the signing certificate (hex)' }) certificateSerial!: string;
  @Field({ description: 'Issuer (CA) of the certificate' }) certificateIssuer!: string;
  @Field(() => String, { nullable: true }) certificateSubject?: string;
  @Field(() => Date, { nullable: true }) certificateValidTo?: Date;
}

@InputType()
export class DocumentIdInput {
  @Field(() => ID) documentId!: string;
}

@InputType()
export class RecallDocumentInput {
  @Field(() => ID) documentId!: string;
  @Field() reason!: string;
}

@InputType()
export class UploadDocumentAttachmentInput {
  @Field(() => ID) documentId!: string;
  @Field() fileName!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Default application/octet-stream; text/plain is also indexed for search',
  })
  mimeType?: string;
  @Field({ description: 'The content, base64 (size-limited by DOCUMENTS_MAX_ATTACHMENT_BYTES)' })
  contentBase64!: string;
}

@InputType()
export class DocumentHandlingReportInput {
  @Field(() => ID) agencyId!: string;
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar) to!: string;
}
