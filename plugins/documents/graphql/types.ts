import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../../src';
import { DocumentAttachment } from '../entities/attachment.entity';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentStatus, DocumentType } from '../entities/enums';

@ObjectType({
  description: 'A document type with its Vietnamese name and notation abbreviation (Decree 30/2020)',
})
export class DocumentTypeInfo {
  @Field(() => DocumentType) type!: DocumentType;
  @Field({ description: 'e.g. "Quyết định"' }) name!: string;
  @Field(() => String, { nullable: true, description: 'e.g. "QĐ"; none for công văn' }) abbreviation!:
    string | null;
}

@ObjectType({ description: 'An official as documents show them: name and title only' })
export class DocumentActor {
  @Field(() => ID) id!: string;
  @Field() fullName!: string;
  @Field(() => String, { nullable: true }) title!: string | null;
}

@ObjectType({ description: 'Another incoming document with the same number, notation and issuer' })
export class DocumentDuplicate {
  @Field(() => ID) documentId!: string;
  @Field(() => Int, { nullable: true }) arrivalNumber!: number | null;
  @Field(() => Date, { nullable: true }) registeredAt!: Date | null;
  @Field(() => DocumentStatus) status!: DocumentStatus;
}

@ObjectType({
  description:
    'The registered document, and a warning (not a refusal) when it looks like one already registered',
})
export class RegisterIncomingDocumentPayload {
  @Field(() => OfficialDocument) document!: OfficialDocument;
  @Field(() => [DocumentDuplicate], {
    description: 'Documents already registered with the same number, notation and issuer',
  })
  duplicates!: DocumentDuplicate[];
  @Field(() => String, {
    nullable: true,
    description: 'Vietnamese warning when duplicates exist; the document is registered anyway',
  })
  duplicateWarning!: string | null;
}

@ObjectType({ description: "A file's content, base64" })
export class DocumentAttachmentContent {
  @Field(() => DocumentAttachment) attachment!: DocumentAttachment;
  @Field() contentBase64!: string;
}

@ObjectType({ description: 'Handling of incoming documents of one lead department in a period' })
export class DocumentHandlingReportRow {
  @Field(() => ID, { nullable: true }) departmentId!: string | null;
  @Field() departmentName!: string;
  @Field(() => Int, { description: 'Assigned (to a lead) in the period' }) assigned!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int, { description: 'Completed on or before the due date' }) completedOnTime!: number;
  @Field(() => Int, { description: 'Completed after the due date' }) completedLate!: number;
  @Field(() => Int, { description: 'Not completed and the due date is over' }) openOverdue!: number;
  @Field(() => Int, { description: 'Not completed, still within the deadline (or without one)' })
  openWithinDeadline!: number;
}

@ObjectType({ description: 'Handling and overdue report of an agency for a period' })
export class DocumentHandlingReport {
  @Field(() => ID) agencyId!: string;
  @Field(() => DateScalar) from!: string;
  @Field(() => DateScalar) to!: string;
  @Field(() => Date, { description: 'State taken at the end of the period, or now if it is not over' })
  asOf!: Date;
  @Field(() => [DocumentHandlingReportRow]) rows!: DocumentHandlingReportRow[];
  @Field(() => DocumentHandlingReportRow) total!: DocumentHandlingReportRow;
}
