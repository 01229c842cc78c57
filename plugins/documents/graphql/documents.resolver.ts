import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Extensions,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  ConnectionType,
  DateScalar,
  dateOfScalar,
  KeysetPageArgs,
  type OrderInput,
  pgArray,
  type RequestContext,
  nullIfNotFound,
} from '../../../src';
import { DocumentOrder } from '../list-orders';
import { directory, StaffTypes, type OfficialRecord } from '../../staff';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentRegister } from '../entities/register.entity';
import { DocumentHandler } from '../entities/handler.entity';
import { DocumentTraceStep } from '../entities/trace.entity';
import { DocumentRecipient } from '../entities/recipient.entity';
import { DocumentAttachment } from '../entities/attachment.entity';
import { DocumentSignature } from '../entities/signature.entity';
import {
  DOCUMENT_TYPES,
  DocumentDirection,
  DocumentStatus,
  DocumentType,
  TRACE_NAMES,
} from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import { attachments, documents, incoming, outgoing, registers, reports } from '../services';
import { sql } from '../services/actor';
import { isOverdue } from '../services/deadline';
import {
  ApproveDocumentInput,
  AssignDocumentInput,
  CompleteDocumentInput,
  CreateDraftDocumentInput,
  DocumentFilterInput,
  DocumentHandlingReportInput,
  DocumentIdInput,
  DocumentNoteInput,
  NumberDocumentInput,
  RecallDocumentInput,
  RecordDocumentSignatureInput,
  RegisterIncomingDocumentInput,
  SubmitDocumentForApprovalInput,
  SubmitDocumentToLeaderInput,
  UpdateDraftDocumentInput,
  UploadDocumentAttachmentInput,
} from './inputs';
import {
  DocumentActor,
  DocumentAttachmentContent,
  DocumentDuplicate,
  DocumentHandlingReport,
  DocumentTypeInfo,
  RegisterIncomingDocumentPayload,
} from './types';

const OfficialDocumentConnection = ConnectionType(OfficialDocument);

function actorOf(official: OfficialRecord | null | undefined): DocumentActor | null {
  return official ? { id: official.id, fullName: official.fullName, title: official.title } : null;
}

/** An official as documents show them (name and title), through staff's directory (batched per request). */
async function loadActor(ctx: RequestContext, officialId: string | null): Promise<DocumentActor | null> {
  return officialId ? actorOf(await directory.official(ctx, officialId)) : null;
}

@Resolver(() => OfficialDocument)
export class DocumentsResolver {
  @Authorized(P.read)
  @Query(() => OfficialDocumentConnection, {
    description: 'Documents in scope, filtered and searched (confidential ones only when given to you)',
  })
  documents(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => DocumentFilterInput, { nullable: true }) filter?: DocumentFilterInput,
    @Arg('orderBy', () => DocumentOrder.input, {
      nullable: true,
      description: 'Default: best match first when searching, else newest registered first',
    })
    orderBy?: OrderInput,
  ) {
    const f = filter ?? {};
    return documents.list(ctx, { ...f, from: dateOfScalar(f.from), to: dateOfScalar(f.to) }, page, orderBy);
  }

  @Authorized(P.read)
  @Query(() => OfficialDocument, {
    nullable: true,
    description: 'One document; null when it does not exist or is not visible to you',
  })
  document(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return nullIfNotFound(documents.get(ctx, id));
  }

  @Authorized()
  @Query(() => [DocumentTypeInfo], {
    description: 'Document types of Decree 30/2020 with names and abbreviations',
  })
  documentTypes(): DocumentTypeInfo[] {
    return Object.entries(DOCUMENT_TYPES).map(([type, info]) => ({ type: type as DocumentType, ...info }));
  }

  @Authorized(P.read)
  @Query(() => [DocumentRegister], { description: 'Registers (sổ đăng ký) in scope' })
  documentRegisters(
    @Ctx() ctx: RequestContext,
    @Arg('agencyId', () => ID, { nullable: true }) agencyId?: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('direction', () => DocumentDirection, { nullable: true }) direction?: DocumentDirection,
  ) {
    return registers.list(ctx, { agencyId, year, direction });
  }

  @Authorized(P.report)
  @Query(() => String, {
    description: 'The register book between two local dates as CSV (UTF-8 with BOM, Vietnamese headers)',
  })
  registerBook(
    @Ctx() ctx: RequestContext,
    @Arg('registerId', () => ID) registerId: string,
    @Arg('from', () => DateScalar, { nullable: true }) from?: string,
    @Arg('to', () => DateScalar, { nullable: true }) to?: string,
  ) {
    return registers.registerBook(ctx, registerId, dateOfScalar(from), dateOfScalar(to));
  }

  @Authorized(P.report)
  @Extensions({ cost: 200 })
  @Query(() => DocumentHandlingReport, {
    description: 'Assigned, completed on time / late and overdue incoming documents per department',
  })
  documentHandlingReport(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DocumentHandlingReportInput) input: DocumentHandlingReportInput,
  ) {
    return reports.handling(ctx, {
      agencyId: input.agencyId,
      from: dateOfScalar(input.from)!,
      to: dateOfScalar(input.to)!,
    });
  }

  @Authorized(P.read)
  @Extensions({ cost: 100 })
  @Query(() => DocumentAttachmentContent, {
    description: 'Downloads an attachment (base64) of a document you may read',
  })
  documentAttachmentContent(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return attachments.content(ctx, id);
  }

  // ---- incoming ----

  @Authorized(P.register)
  @Mutation(() => RegisterIncomingDocumentPayload, {
    description: 'Vào sổ văn bản đến: the next arrival number; warns about duplicates',
  })
  async registerIncomingDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RegisterIncomingDocumentInput) input: RegisterIncomingDocumentInput,
  ): Promise<RegisterIncomingDocumentPayload> {
    const { document, duplicates } = await incoming.register(ctx, input);
    return {
      document,
      duplicates,
      duplicateWarning: duplicates.length
        ? `Văn bản này có thể đã được vào sổ: trùng số, ký hiệu và cơ quan ban hành với văn bản số đến ${duplicates.map((d) => d.arrivalNumber).join(', ')}.`
        : null,
    };
  }

  @Authorized(P.register)
  @Mutation(() => OfficialDocument, {
    description: 'Trình lãnh đạo: hands a registered document to a leader for direction',
  })
  submitDocumentToLeader(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SubmitDocumentToLeaderInput) input: SubmitDocumentToLeaderInput,
  ) {
    return incoming.submitToLeader(ctx, input);
  }

  @Authorized(P.assign)
  @Mutation(() => OfficialDocument, {
    description:
      'Giao xử lý (or giao lại): lead, co-handlers, deadline on the working calendar, direction note',
  })
  assignDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => AssignDocumentInput) input: AssignDocumentInput,
  ) {
    return incoming.assign(ctx, input);
  }

  @Authorized(P.handle)
  @Mutation(() => OfficialDocument, { description: 'A handler reports progress' })
  reportDocumentProgress(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DocumentNoteInput) input: DocumentNoteInput,
  ) {
    return incoming.reportProgress(ctx, input);
  }

  @Authorized(P.handle)
  @Mutation(() => OfficialDocument, {
    description: 'The lead completes the document (a co-handler: their part)',
  })
  completeDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CompleteDocumentInput) input: CompleteDocumentInput,
  ) {
    return incoming.complete(ctx, input);
  }

  @Authorized(P.handle)
  @Mutation(() => OfficialDocument, {
    description: 'The lead returns the document to the leader for reassignment',
  })
  returnDocumentToLeader(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DocumentNoteInput) input: DocumentNoteInput,
  ) {
    return incoming.returnToLeader(ctx, input);
  }

  // ---- outgoing ----

  @Authorized(P.draft)
  @Mutation(() => OfficialDocument, { description: 'Dự thảo văn bản đi' })
  createDraftDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateDraftDocumentInput) input: CreateDraftDocumentInput,
  ) {
    return outgoing.createDraft(ctx, input);
  }

  @Authorized(P.draft)
  @Mutation(() => OfficialDocument, { description: 'Edits a draft (DRAFT or REJECTED)' })
  updateDraftDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateDraftDocumentInput) input: UpdateDraftDocumentInput,
  ) {
    return outgoing.updateDraft(ctx, input);
  }

  @Authorized(P.draft)
  @Mutation(() => OfficialDocument, { description: 'Trình duyệt' })
  submitDocumentForApproval(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SubmitDocumentForApprovalInput) input: SubmitDocumentForApprovalInput,
  ) {
    return outgoing.submit(ctx, input);
  }

  @Authorized(P.approve)
  @Mutation(() => OfficialDocument)
  approveDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ApproveDocumentInput) input: ApproveDocumentInput,
  ) {
    return outgoing.approve(ctx, input);
  }

  @Authorized(P.approve)
  @Mutation(() => OfficialDocument, { description: 'Sends a draft back with a note' })
  rejectDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => DocumentNoteInput) input: DocumentNoteInput,
  ) {
    return outgoing.reject(ctx, input);
  }

  @Authorized(P.issue)
  @Mutation(() => OfficialDocument, {
    description: "Cấp số: the next number of the agency's outgoing register",
  })
  numberDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => NumberDocumentInput) input: NumberDocumentInput,
  ) {
    return outgoing.number(ctx, input);
  }

  @Authorized()
  @Mutation(() => OfficialDocument, {
    description: 'Records a digital signature (documents.approve or documents.issue)',
  })
  recordDocumentSignature(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordDocumentSignatureInput) input: RecordDocumentSignatureInput,
  ) {
    return outgoing.recordSignature(ctx, input);
  }

  @Authorized(P.issue)
  @Mutation(() => OfficialDocument, {
    description: 'Phát hành: sends to the recipients; agencies of the platform get their copy automatically',
  })
  issueDocument(@Ctx() ctx: RequestContext, @Arg('input', () => DocumentIdInput) input: DocumentIdInput) {
    return outgoing.issue(ctx, input);
  }

  @Authorized()
  @Mutation(() => OfficialDocument, {
    description:
      'Thu hồi: freezes an issued document and withdraws the copies (documents.approve or documents.issue)',
  })
  recallDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecallDocumentInput) input: RecallDocumentInput,
  ) {
    return outgoing.recall(ctx, input);
  }

  @Authorized()
  @Mutation(() => DocumentAttachment, {
    description: 'Attaches a file (base64); stored content-addressed with its SHA-256 and size',
  })
  uploadDocumentAttachment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UploadDocumentAttachmentInput) input: UploadDocumentAttachmentInput,
  ) {
    return attachments.upload(ctx, input);
  }

  // ---- fields ----

  @FieldResolver(() => String, { description: 'Tên loại, e.g. "Quyết định"' })
  typeName(@Root() d: OfficialDocument): string {
    return DOCUMENT_TYPES[d.documentType].name;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Số, ký hiệu, e.g. "01/QĐ-UBND"' })
  numberNotation(@Root() d: OfficialDocument): string | null {
    return [d.number, d.notation].filter(Boolean).join('/') || null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Text of the document' })
  body(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext): Promise<string | null> {
    return ctx
      .loader<string, string | null>('documents.body', async (ids) => {
        const rows = await sql<{ id: string; body: string | null }>(
          ctx,
          `select id, body from documents_document where id = any(?::uuid[])`,
          [pgArray([...ids])],
        );
        const byId = new Map(rows.map((r) => [r.id, r.body]));
        return ids.map((id) => byId.get(id) ?? null);
      })
      .load(d.id);
  }

  @FieldResolver(() => StaffTypes.Agency, { description: 'The agency whose register holds it' })
  agency(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return directory.agency(ctx, d.agencyId);
  }

  @FieldResolver(() => DocumentRegister, { nullable: true })
  register(@Root() d: OfficialDocument) {
    return d.register?.load() ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Số đến (incoming)' })
  arrivalNumber(@Root() d: OfficialDocument): number | null {
    return d.direction === DocumentDirection.INCOMING ? d.registerNumber : null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'The number in its register: arrival number (incoming) or number (outgoing)',
  })
  registerNumber(@Root() d: OfficialDocument): number | null {
    return d.registerNumber;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'Ngày đến (incoming) or numbering time (outgoing)',
  })
  registeredAt(@Root() d: OfficialDocument): Date | null {
    return d.registeredAt;
  }

  @FieldResolver(() => StaffTypes.Agency, {
    nullable: true,
    description: 'The issuing agency, when it is on the platform',
  })
  issuerAgency(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return d.issuerAgencyId ? directory.agency(ctx, d.issuerAgencyId) : null;
  }

  @FieldResolver(() => Boolean, {
    description: 'Received from another agency of the platform (electronic exchange)',
  })
  receivedElectronically(@Root() d: OfficialDocument): boolean {
    return d.sourceDocumentId !== null;
  }

  @FieldResolver(() => Boolean, { description: 'Open and its handling due date is over' })
  overdue(@Root() d: OfficialDocument): boolean {
    return (
      [DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS].includes(d.status) &&
      !!d.handlingDueAt &&
      isOverdue(d.handlingDueAt, new Date())
    );
  }

  @FieldResolver(() => DocumentActor, { nullable: true })
  createdBy(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return loadActor(ctx, d.createdById);
  }

  @FieldResolver(() => DocumentActor, { nullable: true, description: 'The leader it was submitted to' })
  submittedTo(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return loadActor(ctx, d.submittedToId);
  }

  @FieldResolver(() => DocumentActor, { nullable: true })
  assignedBy(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return loadActor(ctx, d.assignedById);
  }

  @FieldResolver(() => DocumentActor, { nullable: true })
  approvedBy(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return loadActor(ctx, d.approvedById);
  }

  @FieldResolver(() => DocumentActor, { nullable: true })
  signerOfficial(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return loadActor(ctx, d.signerOfficialId);
  }

  @FieldResolver(() => StaffTypes.Department, { nullable: true })
  draftingDepartment(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return d.draftingDepartmentId ? directory.department(ctx, d.draftingDepartmentId) : null;
  }

  @FieldResolver(() => [DocumentHandler])
  handlers(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return documents.handlers(ctx, d.id);
  }

  @FieldResolver(() => [DocumentTraceStep], { description: 'Who did what, when' })
  trace(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return documents.trace(ctx, d.id);
  }

  @FieldResolver(() => [DocumentRecipient], { description: 'Nơi nhận (outgoing), with acknowledgements' })
  recipients(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return documents.recipients(ctx, d.id);
  }

  @FieldResolver(() => [DocumentAttachment])
  attachments(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return documents.attachments(ctx, d.id);
  }

  @FieldResolver(() => [DocumentSignature])
  signatures(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return documents.signatures(ctx, d.id);
  }

  @FieldResolver(() => [DocumentDuplicate], {
    description: 'Incoming documents of the agency with the same number, notation and issuer',
  })
  duplicates(@Root() d: OfficialDocument, @Ctx() ctx: RequestContext) {
    return documents.duplicatesOf(ctx, d);
  }
}

@Resolver(() => DocumentRegister)
export class DocumentRegisterResolver {
  @FieldResolver(() => StaffTypes.Agency)
  agency(@Root() register: DocumentRegister, @Ctx() ctx: RequestContext) {
    return directory.agency(ctx, register.agencyId);
  }
}

@Resolver(() => DocumentHandler)
export class DocumentHandlerResolver {
  @FieldResolver(() => DocumentActor, { nullable: true })
  official(@Root() handler: DocumentHandler, @Ctx() ctx: RequestContext) {
    return loadActor(ctx, handler.officialId);
  }

  @FieldResolver(() => StaffTypes.Department, { nullable: true })
  department(@Root() handler: DocumentHandler, @Ctx() ctx: RequestContext) {
    return handler.departmentId ? directory.department(ctx, handler.departmentId) : null;
  }
}

@Resolver(() => DocumentTraceStep)
export class DocumentTraceStepResolver {
  @FieldResolver(() => String, { description: 'The action in Vietnamese' })
  actionName(@Root() step: DocumentTraceStep): string {
    return TRACE_NAMES[step.action];
  }
}

/** The sender's view of a recipient: the acknowledgement and the handling of its copy. */
@Resolver(() => DocumentRecipient)
export class DocumentRecipientResolver {
  @FieldResolver(() => StaffTypes.Agency, { nullable: true })
  agency(@Root() recipient: DocumentRecipient, @Ctx() ctx: RequestContext) {
    return recipient.agencyId ? directory.agency(ctx, recipient.agencyId) : null;
  }

  @FieldResolver(() => DocumentStatus, { nullable: true, description: "Status of the recipient's copy" })
  async handlingStatus(
    @Root() recipient: DocumentRecipient,
    @Ctx() ctx: RequestContext,
  ): Promise<DocumentStatus | null> {
    return recipient.incomingDocumentId
      ? ((await documents.copy(ctx, recipient.incomingDocumentId))?.status ?? null)
      : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the recipient completed handling it' })
  async completedAt(@Root() recipient: DocumentRecipient, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return recipient.incomingDocumentId
      ? ((await documents.copy(ctx, recipient.incomingDocumentId))?.completedAt ?? null)
      : null;
  }

  @FieldResolver(() => [DocumentTraceStep], {
    description: "The trace of the recipient's copy: registration, direction, handling",
  })
  trace(@Root() recipient: DocumentRecipient, @Ctx() ctx: RequestContext) {
    return recipient.incomingDocumentId ? documents.trace(ctx, recipient.incomingDocumentId) : [];
  }
}
