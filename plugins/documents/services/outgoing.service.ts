import {
  BadInputError,
  ConflictError,
  dateOfScalar,
  ForbiddenError,
  formatLocalDate,
  localDateOf,
  requireId,
  type RequestContext,
} from '../../../src';
import { directory, type AgencyRecord, type OfficialRecord } from '../../staff';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentRecipient } from '../entities/recipient.entity';
import { DocumentAttachment } from '../entities/attachment.entity';
import { DocumentHandler } from '../entities/handler.entity';
import { DocumentRegister } from '../entities/register.entity';
import { DocumentSignature } from '../entities/signature.entity';
import {
  Confidentiality,
  DOCUMENT_TYPES,
  DocumentDirection,
  DocumentStatus,
  DocumentType,
  HandlerStatus,
  RecipientKind,
  RecipientStatus,
  TraceAction,
  Urgency,
} from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import { DocumentIssued, DocumentRecalled, DocumentReceived } from '../events';
import { currentActor, isPostedAt, officialCan, officialsOfAgencyWith, sql } from './actor';
import {
  agencyById,
  agencyOf,
  auditText,
  dedupKeyOf,
  officialById,
  ownerOf,
  requireAnyIn,
  requireStatus,
  text,
} from './common';
import { BODY_MAX, IncomingService } from './incoming.service';
import { clerkAddressees, departmentMemberIds, notify, officialAddressees } from './notifications';
import { RegistersService } from './registers.service';
import { addTrace } from './trace';
import { documentForAction, grantAccess, visibleDocument } from './visibility';

export const DELIVER_JOB = 'documents.deliver';

export interface RecipientData {
  agencyId?: string | null;
  electronicId?: string | null;
  name?: string | null;
  email?: string | null;
}

export interface DraftData {
  documentType?: DocumentType | null;
  notation?: string | null;
  subject?: string | null;
  body?: string | null;
  urgency?: Urgency | null;
  confidentiality?: Confidentiality | null;
  dueDate?: Date | string | null;
  signerOfficialId?: string | null;
  signerName?: string | null;
  signerTitle?: string | null;
  draftingDepartmentId?: string | null;
  recipients?: RecipientData[] | null;
}

export interface SignatureData {
  documentId: string;
  signerOfficialId?: string | null;
  signerName?: string | null;
  signerTitle?: string | null;
  signedAt?: Date | null;
  certificateSerial: string;
  certificateIssuer: string;
  certificateSubject?: string | null;
  certificateValidTo?: Date | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EDITABLE = [DocumentStatus.DRAFT, DocumentStatus.REJECTED];

/** Default ký hiệu: type abbreviation and the agency's short code ("QĐ-UBND"); a công văn has only the agency's. */
function defaultNotation(type: DocumentType, agency: AgencyRecord): string {
  const own =
    agency.shortCode?.trim() || (agency.kind === 'PEOPLES_COMMITTEE' ? 'UBND' : agency.electronicId);
  const abbreviation = DOCUMENT_TYPES[type].abbreviation;
  return abbreviation ? `${abbreviation}-${own}` : own;
}

export class OutgoingService {
  constructor(
    private readonly registers: RegistersService,
    private readonly incoming: IncomingService,
  ) {}

  /** Dự thảo: a new outgoing document of the agency. */
  async createDraft(
    ctx: RequestContext,
    input: DraftData & { agencyId: string; documentType: DocumentType; subject: string },
  ): Promise<OfficialDocument> {
    ctx.require(P.draft);
    const agency = await agencyById(ctx, input.agencyId);
    await ctx.requireIn(P.draft, { unitId: agency.unit.id, agencyId: agency.id });
    const actor = await currentActor(ctx);
    const document = ctx.em.create(OfficialDocument, {
      direction: DocumentDirection.OUTGOING,
      agencyId: agency.id,
      unitId: agency.unit.id,
      documentType: input.documentType,
      issuerAgencyId: agency.id,
      issuerElectronicId: agency.electronicId,
      issuerName: agency.name,
      subject: '',
      status: DocumentStatus.DRAFT,
      createdById: actor.officialId,
      createdByName: actor.name,
    });
    await this.applyDraft(ctx, document, agency, input, true);
    await ctx.em.flush();
    await grantAccess(ctx, document.id, actor.officialId, 'DRAFTED_BY');
    await addTrace(ctx, document, TraceAction.DRAFTED);
    await ctx.em.flush();
    ctx.audit({
      action: 'documents.outgoing.draft',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { subject: auditText(document, document.subject), confidentiality: document.confidentiality },
    });
    return document;
  }

  async updateDraft(
    ctx: RequestContext,
    input: DraftData & { id: string; version?: number | null },
  ): Promise<OfficialDocument> {
    const document = await this.outgoingForAction(ctx, input.id, P.draft, 'id');
    requireStatus(document, EDITABLE, 'edit it');
    if (input.version !== undefined && input.version !== null && input.version !== document.version) {
      throw new ConflictError({
        vi: 'Dự thảo này vừa được người khác sửa; hãy tải lại và thử lại',
        en: 'This draft was changed by someone else; reload and try again',
      });
    }
    const before = draftSnapshot(document);
    await this.applyDraft(ctx, document, await agencyOf(ctx, document), input, false);
    await addTrace(ctx, document, TraceAction.UPDATED);
    const after = draftSnapshot(document);
    const changed = Object.keys(after).filter((key) => before[key] !== after[key]);
    if (input.body !== undefined) changed.push('body');
    if (input.recipients) changed.push('recipients');
    // Subjects stay out of the trail when the document is (or was) confidential; bodies always do.
    const secret =
      before.confidentiality !== Confidentiality.NORMAL ||
      document.confidentiality !== Confidentiality.NORMAL;
    const values = (snapshot: Record<string, string | null>) =>
      Object.fromEntries(
        changed
          .filter((key) => key in snapshot)
          .map((key) => [key, key === 'subject' && secret ? '[văn bản mật]' : snapshot[key]]),
      );
    ctx.audit({
      action: 'documents.outgoing.update',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      before: values(before),
      after: { ...values(after), changed },
    });
    await ctx.em.flush();
    return document;
  }

  private async applyDraft(
    ctx: RequestContext,
    document: OfficialDocument,
    agency: AgencyRecord,
    input: DraftData,
    creating: boolean,
  ): Promise<void> {
    if (input.documentType) document.documentType = input.documentType;
    if (input.subject !== undefined || creating)
      document.subject = text(input.subject, 'subject', { required: true, max: 2000 })!;
    if (input.body !== undefined) {
      // Lazy property: load it before changing it so the ORM sees the change.
      if (!creating) await ctx.em.populate(document, ['body']);
      document.body = text(input.body, 'body', { max: BODY_MAX });
    }
    if (input.notation !== undefined || creating)
      document.notation =
        text(input.notation, 'notation', { max: 100 }) ?? defaultNotation(document.documentType, agency);
    if (input.urgency) document.urgency = input.urgency;
    if (input.confidentiality) document.confidentiality = input.confidentiality;
    if (input.dueDate !== undefined) document.dueDate = dateOfScalar(input.dueDate);
    if (input.signerOfficialId !== undefined) {
      const signer = input.signerOfficialId
        ? await officialById(ctx, input.signerOfficialId, 'signerOfficialId')
        : null;
      if (signer && !(await officialCan(ctx, signer.id, P.approve, agency.unit.id))) {
        throw new BadInputError(
          {
            vi: `${signer.fullName} không được ký thay mặt ${agency.name}`,
            en: `${signer.fullName} may not sign for ${agency.name}`,
          },
          {
            field: 'signerOfficialId',
          },
        );
      }
      document.signerOfficialId = signer?.id ?? null;
      document.signerName = signer?.fullName ?? document.signerName;
      document.signerTitle = signer?.title ?? document.signerTitle;
    }
    if (input.signerName !== undefined && input.signerName !== null)
      document.signerName = text(input.signerName, 'signerName', { max: 200 });
    if (input.signerTitle !== undefined && input.signerTitle !== null)
      document.signerTitle = text(input.signerTitle, 'signerTitle', { max: 200 });
    if (input.draftingDepartmentId !== undefined) {
      const department = input.draftingDepartmentId
        ? await directory.department(ctx, requireId(input.draftingDepartmentId, 'draftingDepartmentId'))
        : null;
      if (input.draftingDepartmentId && (!department || department.agency.id !== agency.id)) {
        throw new BadInputError(
          {
            vi: `Đơn vị soạn thảo không thuộc ${agency.name}`,
            en: `The drafting department is not part of ${agency.name}`,
          },
          {
            field: 'draftingDepartmentId',
          },
        );
      }
      document.draftingDepartmentId = department?.id ?? null;
    }
    if (input.recipients) await this.setRecipients(ctx, document, agency, input.recipients);
  }

  /** Replaces the recipient list: agencies of the platform by id or electronic identifier, others by name and email. */
  private async setRecipients(
    ctx: RequestContext,
    document: OfficialDocument,
    agency: AgencyRecord,
    inputs: RecipientData[],
  ): Promise<void> {
    if (inputs.length > 500)
      throw new BadInputError(
        { vi: 'Tối đa 500 nơi nhận', en: 'At most 500 recipients' },
        { field: 'recipients' },
      );
    const resolved: Array<Partial<DocumentRecipient> & { kind: RecipientKind; name: string }> = [];
    const seen = new Set<string>();
    for (const [index, r] of inputs.entries()) {
      const field = `recipients[${index}]`;
      let target: AgencyRecord | null = null;
      const electronicId = text(r.electronicId, `${field}.electronicId`, { max: 50 })?.toUpperCase() ?? null;
      if (r.agencyId) target = await agencyById(ctx, r.agencyId, `${field}.agencyId`);
      else if (electronicId) target = await directory.agencyByElectronicId(ctx, electronicId);
      const email = text(r.email, `${field}.email`, { max: 320 });
      if (email && !EMAIL.test(email))
        throw new BadInputError(
          {
            vi: `${field}.email không phải là địa chỉ thư điện tử`,
            en: `${field}.email is not an email address`,
          },
          { field: `${field}.email` },
        );
      if (target) {
        if (target.id === agency.id)
          throw new BadInputError(
            {
              vi: `${field}: cơ quan không gửi văn bản cho chính mình`,
              en: `${field}: an agency does not send documents to itself`,
            },
            { field },
          );
        if (!target.active)
          throw new BadInputError(
            {
              vi: `${field}: ${target.name} không còn hoạt động`,
              en: `${field}: ${target.name} is no longer active`,
            },
            { field },
          );
        if (seen.has(target.id))
          throw new BadInputError(
            { vi: `${field}: ${target.name} bị nêu hai lần`, en: `${field}: ${target.name} is listed twice` },
            { field },
          );
        seen.add(target.id);
        resolved.push({
          kind: RecipientKind.INTERNAL,
          agencyId: target.id,
          electronicId: target.electronicId,
          name: target.name,
          email: null,
        });
      } else {
        const name = text(r.name, `${field}.name`, { max: 500 });
        if (!name)
          throw new BadInputError(
            {
              vi: `${field}: không có cơ quan nào trên nền tảng có mã định danh này; hãy ghi tên nơi nhận`,
              en: `${field}: no agency of the platform has this identifier; give the recipient's name`,
            },
            { field },
          );
        const key = `${electronicId ?? ''}|${name.toLowerCase()}|${email ?? ''}`;
        if (seen.has(key))
          throw new BadInputError(
            { vi: `${field}: ${name} bị nêu hai lần`, en: `${field}: ${name} is listed twice` },
            { field },
          );
        seen.add(key);
        resolved.push({ kind: RecipientKind.EXTERNAL, agencyId: null, electronicId, name, email });
      }
    }
    const existing = await ctx.em.find(DocumentRecipient, { document: document.id });
    for (const recipient of existing) ctx.em.remove(recipient);
    resolved.forEach((r, position) =>
      ctx.em.create(DocumentRecipient, {
        ...r,
        position,
        document,
        status: RecipientStatus.PENDING,
      }),
    );
  }

  /** Trình duyệt. A confidential draft must name the approving leader (only they will see it). */
  async submit(
    ctx: RequestContext,
    input: { documentId: string; approverOfficialId?: string | null; note?: string | null },
  ): Promise<OfficialDocument> {
    const document = await this.outgoingForAction(ctx, input.documentId, P.draft);
    requireStatus(document, EDITABLE, 'submit it for approval');
    const agency = await agencyOf(ctx, document);
    let approver: OfficialRecord | null = null;
    if (input.approverOfficialId) {
      approver = await officialById(ctx, input.approverOfficialId, 'approverOfficialId');
      if (!(await officialCan(ctx, approver.id, P.approve, agency.unit.id))) {
        throw new BadInputError(
          {
            vi: `${approver.fullName} không được duyệt văn bản của ${agency.name}`,
            en: `${approver.fullName} may not approve documents of ${agency.name}`,
          },
          {
            field: 'approverOfficialId',
          },
        );
      }
    } else if (document.confidentiality !== Confidentiality.NORMAL) {
      throw new BadInputError(
        {
          vi: 'Dự thảo văn bản mật được trình cho một lãnh đạo cụ thể (approverOfficialId)',
          en: 'A confidential draft is submitted to a named leader (approverOfficialId)',
        },
        {
          field: 'approverOfficialId',
        },
      );
    }
    const note = text(input.note, 'note', { max: 4000 });
    document.status = DocumentStatus.SUBMITTED;
    document.submittedToId = approver?.id ?? null;
    document.decisionNote = null;
    await ctx.em.flush();
    await grantAccess(ctx, document.id, approver?.id ?? null, 'SUBMITTED_TO');
    await addTrace(ctx, document, TraceAction.SUBMITTED, {
      summary: approver ? `Trình ${approver.fullName}` : 'Trình lãnh đạo',
      note,
    });
    await ctx.em.flush();
    const to = approver
      ? [approver.id]
      : await officialsOfAgencyWith(ctx, agency.id, agency.unit.id, P.approve);
    await notify.submittedForApproval(ctx, document, await officialAddressees(ctx, to), note);
    return document;
  }

  async approve(
    ctx: RequestContext,
    input: { documentId: string; note?: string | null },
  ): Promise<OfficialDocument> {
    return this.decide(ctx, input.documentId, true, text(input.note, 'note', { max: 4000 }));
  }

  async reject(ctx: RequestContext, input: { documentId: string; note: string }): Promise<OfficialDocument> {
    return this.decide(ctx, input.documentId, false, text(input.note, 'note', { required: true, max: 4000 }));
  }

  private async decide(
    ctx: RequestContext,
    id: string,
    approved: boolean,
    note: string | null,
  ): Promise<OfficialDocument> {
    const document = await this.outgoingForAction(ctx, id, P.approve);
    requireStatus(document, [DocumentStatus.SUBMITTED], approved ? 'approve it' : 'reject it');
    const actor = await currentActor(ctx);
    if (document.submittedToId && document.submittedToId !== actor.officialId && !ctx.isSystem) {
      throw new ForbiddenError({
        vi: 'Dự thảo này đã được trình cho lãnh đạo khác',
        en: 'This draft was submitted to another leader',
      });
    }
    document.status = approved ? DocumentStatus.APPROVED : DocumentStatus.REJECTED;
    document.decisionNote = note;
    if (approved) {
      document.approvedById = actor.officialId;
      document.approvedAt = new Date();
    }
    await ctx.em.flush();
    await grantAccess(ctx, document.id, actor.officialId, approved ? 'APPROVED_BY' : 'REJECTED_BY');
    await addTrace(ctx, document, approved ? TraceAction.APPROVED : TraceAction.REJECTED, { note });
    await ctx.em.flush();
    await notify.decided(ctx, document, await officialAddressees(ctx, [document.createdById]), approved);
    ctx.audit({
      action: approved ? 'documents.outgoing.approve' : 'documents.outgoing.reject',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { note: auditText(document, note) },
    });
    return document;
  }

  /** Cấp số: the next number of the agency's outgoing register, and the issue date (default: today). */
  async number(
    ctx: RequestContext,
    input: { documentId: string; issueDate?: Date | string | null; notation?: string | null },
  ): Promise<OfficialDocument> {
    const document = await this.outgoingForAction(ctx, input.documentId, P.issue);
    requireStatus(document, [DocumentStatus.APPROVED], 'number it');
    const agency = await agencyOf(ctx, document);
    if (input.notation) document.notation = text(input.notation, 'notation', { max: 100 });
    const taken = await this.registers.take(
      ctx,
      agency,
      DocumentDirection.OUTGOING,
      document.confidentiality !== Confidentiality.NORMAL,
    );
    document.register = ctx.em.getReference(DocumentRegister, taken.registerId, { wrapped: true });
    document.registerNumber = taken.number;
    document.registeredAt = taken.at;
    // Decree 30/2020 art. 15: Arabic numerals from 01 each year; numbers below 10 take a leading zero.
    document.number = String(taken.number).padStart(2, '0');
    document.issueDate = dateOfScalar(input.issueDate) ?? localDateOf(taken.at);
    document.status = DocumentStatus.NUMBERED;
    await ctx.em.flush();
    const actor = await currentActor(ctx);
    await grantAccess(ctx, document.id, actor.officialId, 'NUMBERED_BY');
    await addTrace(ctx, document, TraceAction.NUMBERED, {
      summary: `Số ${document.number}/${document.notation} ngày ${formatLocalDate(document.issueDate)}`,
      at: taken.at,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'documents.outgoing.number',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { registerId: taken.registerId, number: document.number, notation: document.notation },
    });
    return document;
  }

  /** Records a digital signature (the signer's, or the agency's seal signature) on a numbered document. */
  async recordSignature(ctx: RequestContext, input: SignatureData): Promise<OfficialDocument> {
    if (!ctx.has(P.approve) && !ctx.has(P.issue))
      throw new ForbiddenError({
        vi: `Thiếu quyền ${P.approve} hoặc ${P.issue}`,
        en: `Missing permission ${P.approve} or ${P.issue}`,
      });
    const document = await visibleDocument(ctx, input.documentId);
    await requireAnyIn(ctx, [P.approve, P.issue], ownerOf(document));
    if (document.direction !== DocumentDirection.OUTGOING)
      throw new BadInputError(
        { vi: 'Chỉ văn bản đi mới được ký ở đây', en: 'Only outgoing documents are signed here' },
        { field: 'documentId' },
      );
    requireStatus(document, [DocumentStatus.NUMBERED, DocumentStatus.SIGNED], 'record a signature');
    const agency = await agencyOf(ctx, document);
    let signer: OfficialRecord | null = null;
    if (input.signerOfficialId) {
      signer = await officialById(ctx, input.signerOfficialId, 'signerOfficialId');
      if (
        !(await isPostedAt(ctx, signer.id, agency.id)) &&
        !(await officialCan(ctx, signer.id, P.approve, agency.unit.id))
      ) {
        throw new BadInputError(
          {
            vi: `${signer.fullName} không ký thay mặt ${agency.name}`,
            en: `${signer.fullName} does not sign for ${agency.name}`,
          },
          {
            field: 'signerOfficialId',
          },
        );
      }
    }
    const signerName = signer?.fullName ?? text(input.signerName, 'signerName', { max: 200 });
    if (!signerName)
      throw new BadInputError(
        {
          vi: 'Hãy nêu người ký (signerOfficialId hoặc signerName)',
          en: 'Name the signer (signerOfficialId or signerName)',
        },
        { field: 'signerName' },
      );
    const serial = (input.certificateSerial ?? '').replace(/[\s:]/g, '').toUpperCase();
    if (!/^[0-9A-F]{1,128}$/.test(serial))
      throw new BadInputError(
        {
          vi: 'certificateSerial phải là số sê-ri của chứng thư số, viết dạng thập lục phân',
          en: 'certificateSerial must be the hexadecimal serial number of the certificate',
        },
        {
          field: 'certificateSerial',
        },
      );
    const issuer = text(input.certificateIssuer, 'certificateIssuer', { required: true, max: 500 })!;
    const now = new Date();
    const signedAt = input.signedAt ?? now;
    if (signedAt.getTime() > now.getTime() + 5 * 60_000)
      throw new BadInputError(
        { vi: 'signedAt ở tương lai', en: 'signedAt is in the future' },
        { field: 'signedAt' },
      );
    if (document.registeredAt && signedAt.getTime() < document.registeredAt.getTime() - 24 * 3_600_000) {
      throw new BadInputError(
        {
          vi: 'signedAt trước thời điểm văn bản được cấp số',
          en: 'signedAt is before the document was numbered',
        },
        { field: 'signedAt' },
      );
    }
    if (input.certificateValidTo && input.certificateValidTo.getTime() < signedAt.getTime()) {
      throw new BadInputError(
        {
          vi: 'Chứng thư số đã hết hạn khi văn bản được ký',
          en: 'The certificate had expired when the document was signed',
        },
        {
          field: 'certificateValidTo',
        },
      );
    }
    const actor = await currentActor(ctx);
    ctx.em.create(DocumentSignature, {
      document,
      signerOfficialId: signer?.id ?? null,
      signerName,
      signerTitle: signer?.title ?? text(input.signerTitle, 'signerTitle', { max: 200 }),
      signedAt,
      certificateSerial: serial,
      certificateIssuer: issuer,
      certificateSubject: text(input.certificateSubject, 'certificateSubject', { max: 1000 }),
      certificateValidTo: input.certificateValidTo ?? null,
      recordedByName: actor.name,
    });
    if (!document.signerName || (signer && !document.signerOfficialId)) {
      document.signerName = signerName;
      document.signerTitle =
        signer?.title ?? text(input.signerTitle, 'signerTitle', { max: 200 }) ?? document.signerTitle;
      if (signer) document.signerOfficialId = signer.id;
    }
    document.status = DocumentStatus.SIGNED;
    await ctx.em.flush();
    await grantAccess(ctx, document.id, signer?.id ?? null, 'SIGNED_BY');
    await grantAccess(ctx, document.id, actor.officialId, 'SIGNATURE_RECORDED_BY');
    await addTrace(ctx, document, TraceAction.SIGNED, {
      summary: `Ký số: ${signerName}; chứng thư số ${serial} do ${issuer} cấp`,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'documents.outgoing.sign',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { signerName, certificateSerial: serial, certificateIssuer: issuer },
    });
    return document;
  }

  /**
   * Phát hành: issues a signed document. Each recipient agency of the platform gets its copy through a
   * durable `documents.deliver` job (registered in its incoming register; the acknowledgement comes
   * back on the recipient row); outside recipients with an address are emailed.
   */
  async issue(ctx: RequestContext, input: { documentId: string }): Promise<OfficialDocument> {
    const document = await this.outgoingForAction(ctx, input.documentId, P.issue);
    requireStatus(document, [DocumentStatus.SIGNED], 'issue it');
    const recipients = await ctx.em.find(DocumentRecipient, { document: document.id });
    if (!recipients.length)
      throw new BadInputError(
        { vi: 'Văn bản chưa có nơi nhận', en: 'The document has no recipients (nơi nhận)' },
        { field: 'recipients' },
      );
    const now = new Date();
    document.status = DocumentStatus.ISSUED;
    document.issuedAt = now;
    for (const recipient of recipients) {
      if (recipient.kind === RecipientKind.INTERNAL) {
        await ctx.enqueue(
          DELIVER_JOB,
          { recipientId: recipient.id },
          { jobKey: `${DELIVER_JOB}:${recipient.id}` },
        );
      } else if (recipient.email) {
        await notify.issuedToOutside(ctx, document, { email: recipient.email, name: recipient.name });
        recipient.status = RecipientStatus.SENT;
        recipient.sentAt = now;
      } else {
        recipient.status = RecipientStatus.NOT_SENT;
      }
    }
    await ctx.em.flush();
    const actor = await currentActor(ctx);
    await grantAccess(ctx, document.id, actor.officialId, 'ISSUED_BY');
    await addTrace(ctx, document, TraceAction.ISSUED, {
      summary: `Gửi ${recipients.length} nơi nhận: ${recipients.map((r) => r.name).join('; ')}`,
    });
    await ctx.em.flush();
    const recipientAgencyIds = recipients.map((r) => r.agencyId).filter((id): id is string => !!id);
    await ctx.publish(DocumentIssued, {
      documentId: document.id,
      agencyId: document.agencyId,
      unitId: document.unitId,
      recipientAgencyIds,
      confidential: document.confidentiality !== Confidentiality.NORMAL,
    });
    ctx.audit({
      action: 'documents.outgoing.issue',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { recipients: recipients.map((r) => r.name) },
    });
    return document;
  }

  /**
   * The `documents.deliver` job: registers the copy in the recipient agency's incoming register with
   * its next arrival number and writes the acknowledgement back, in one transaction. The recipient
   * row is locked first, so a retried or concurrent run delivers once, and a recall either happens
   * before (nothing is delivered) or after (the copy is withdrawn).
   */
  async deliver(ctx: RequestContext, recipientId: string): Promise<void> {
    await ctx.transactional(async () => {
      const locked = await sql<{ id: string }>(
        ctx,
        `select id from documents_recipient where id = ? for update`,
        [recipientId],
      );
      if (!locked.length) return;
      const recipient = await ctx.em.findOneOrFail(DocumentRecipient, { id: recipientId }, { refresh: true });
      if (
        recipient.kind !== RecipientKind.INTERNAL ||
        recipient.status !== RecipientStatus.PENDING ||
        !recipient.agencyId
      )
        return;
      const source = await ctx.em.findOneOrFail(
        OfficialDocument,
        { id: recipient.document.id },
        { populate: ['body', 'attachmentText'], refresh: true },
      );
      if (source.status !== DocumentStatus.ISSUED) return;
      const agency = await agencyOf(ctx, { agencyId: recipient.agencyId });
      const copy = ctx.em.create(OfficialDocument, {
        direction: DocumentDirection.INCOMING,
        agencyId: agency.id,
        unitId: agency.unit.id,
        documentType: source.documentType,
        number: source.number,
        notation: source.notation,
        issuerAgencyId: source.agencyId,
        issuerElectronicId: source.issuerElectronicId,
        issuerName: source.issuerName,
        issueDate: source.issueDate,
        subject: source.subject,
        body: source.body,
        signerName: source.signerName,
        signerTitle: source.signerTitle,
        urgency: source.urgency,
        confidentiality: source.confidentiality,
        dueDate: source.dueDate,
        status: DocumentStatus.REGISTERED,
        attachmentText: source.attachmentText,
        dedupKey: dedupKeyOf(source.number, source.notation, source.issuerElectronicId, source.issuerName),
        createdByName: 'Hệ thống (liên thông văn bản)',
        sourceDocumentId: source.id,
        sourceRecipientId: recipient.id,
      });
      await this.incoming.enterInRegister(ctx, copy, agency);
      for (const attachment of await ctx.em.find(DocumentAttachment, { document: source.id })) {
        ctx.em.create(DocumentAttachment, {
          document: copy,
          fileName: attachment.fileName,
          mimeType: attachment.mimeType,
          size: attachment.size,
          sha256: attachment.sha256,
          storageKey: attachment.storageKey,
          uploadedByName: attachment.uploadedByName,
        });
      }
      recipient.status = RecipientStatus.DELIVERED;
      recipient.incomingDocumentId = copy.id;
      recipient.arrivalNumber = copy.registerNumber;
      recipient.receivedAt = copy.registeredAt;
      await addTrace(ctx, copy, TraceAction.RECEIVED, {
        summary: `Số đến ${copy.registerNumber}; văn bản điện tử từ ${source.issuerName}`,
        at: copy.registeredAt!,
      });
      await addTrace(ctx, source, TraceAction.DELIVERED, {
        summary: `${agency.name}: vào sổ số đến ${copy.registerNumber}`,
      });
      await ctx.em.flush();
      await ctx.publish(DocumentReceived, {
        documentId: copy.id,
        agencyId: agency.id,
        unitId: copy.unitId,
        sourceDocumentId: source.id,
        arrivalNumber: copy.registerNumber!,
        confidential: copy.confidentiality !== Confidentiality.NORMAL,
      });
      await notify.received(ctx, copy, await clerkAddressees(ctx, agency.id, agency.unit.id));
      ctx.audit({
        action: 'documents.incoming.receive',
        entityType: 'OfficialDocument',
        entityId: copy.id,
        unitId: copy.unitId,
        agencyId: copy.agencyId,
        after: { sourceDocumentId: source.id, arrivalNumber: copy.registerNumber },
      });
    });
  }

  /**
   * Thu hồi: freezes an issued document (RECALLED: no further change) and withdraws every recipient's
   * copy in the same transaction; recipients are told by email.
   */
  async recall(
    ctx: RequestContext,
    input: { documentId: string; reason: string },
  ): Promise<OfficialDocument> {
    if (!ctx.has(P.approve) && !ctx.has(P.issue))
      throw new ForbiddenError({
        vi: `Thiếu quyền ${P.approve} hoặc ${P.issue}`,
        en: `Missing permission ${P.approve} or ${P.issue}`,
      });
    const document = await visibleDocument(ctx, input.documentId);
    await requireAnyIn(ctx, [P.approve, P.issue], ownerOf(document));
    if (document.direction !== DocumentDirection.OUTGOING)
      throw new BadInputError(
        {
          vi: 'Chỉ văn bản đi đã ban hành mới được thu hồi',
          en: 'Only issued outgoing documents are recalled',
        },
        { field: 'documentId' },
      );
    requireStatus(document, [DocumentStatus.ISSUED], 'recall it');
    const reason = text(input.reason, 'reason', { required: true, max: 4000 });
    const now = new Date();
    document.status = DocumentStatus.RECALLED;
    document.recalledAt = now;
    document.recallReason = reason;
    // Waits for a delivery in progress, then sees its result.
    await sql(ctx, `select id from documents_recipient where document_id = ? order by id for update`, [
      document.id,
    ]);
    const recipients = await ctx.em.find(DocumentRecipient, { document: document.id }, { refresh: true });
    const withdrawn: string[] = [];
    for (const recipient of recipients) {
      if (recipient.status === RecipientStatus.RECALLED) continue;
      if (recipient.status === RecipientStatus.DELIVERED && recipient.incomingDocumentId) {
        const copy = await ctx.em.findOne(
          OfficialDocument,
          { id: recipient.incomingDocumentId },
          { refresh: true },
        );
        if (copy && copy.status !== DocumentStatus.RECALLED) {
          copy.status = DocumentStatus.RECALLED;
          copy.recalledAt = now;
          copy.recallReason = reason;
          withdrawn.push(copy.id);
          await addTrace(ctx, copy, TraceAction.WITHDRAWN, {
            summary: `${document.issuerName} thu hồi văn bản`,
            note: reason,
          });
          const handlers = await ctx.em.find(DocumentHandler, {
            document: copy.id,
            status: HandlerStatus.ACTIVE,
          });
          const copyAgency = await agencyOf(ctx, copy);
          await notify.recalled(
            ctx,
            document,
            [
              ...(await clerkAddressees(ctx, copyAgency.id, copyAgency.unit.id)),
              ...(await officialAddressees(ctx, [
                ...handlers.map((h) => h.officialId),
                ...(await departmentMemberIds(
                  ctx,
                  handlers.map((h) => h.departmentId),
                )),
                copy.assignedById,
              ])),
            ],
            reason,
          );
        }
      } else if (
        recipient.kind === RecipientKind.EXTERNAL &&
        recipient.status === RecipientStatus.SENT &&
        recipient.email
      ) {
        await notify.recalled(ctx, document, [{ email: recipient.email, name: recipient.name }], reason);
      }
      recipient.status = RecipientStatus.RECALLED;
      recipient.recalledAt = now;
    }
    await addTrace(ctx, document, TraceAction.RECALLED, {
      summary: `Thu hồi; ${withdrawn.length} bản đã đến nơi nhận bị rút lại`,
      note: reason,
    });
    await ctx.em.flush();
    const actor = await currentActor(ctx);
    await grantAccess(ctx, document.id, actor.officialId, 'RECALLED_BY');
    await ctx.publish(DocumentRecalled, {
      documentId: document.id,
      agencyId: document.agencyId,
      unitId: document.unitId,
      withdrawnCopyIds: withdrawn,
      confidential: document.confidentiality !== Confidentiality.NORMAL,
    });
    ctx.audit({
      action: 'documents.outgoing.recall',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { reason: auditText(document, reason), withdrawn },
    });
    return document;
  }

  /** An outgoing document by the id the client sent in the input `field` (see documentForAction). */
  private async outgoingForAction(
    ctx: RequestContext,
    id: string,
    permission: string,
    field = 'documentId',
  ): Promise<OfficialDocument> {
    const document = await documentForAction(ctx, id, permission, field);
    if (document.direction !== DocumentDirection.OUTGOING)
      throw new BadInputError({ vi: 'Đây là văn bản đến', en: 'This is an incoming document' }, { field });
    return document;
  }
}

/** The draft fields an edit may change, as comparable strings, for the audit trail (body and recipients are only named). */
function draftSnapshot(document: OfficialDocument): Record<string, string | null> {
  return {
    documentType: document.documentType,
    subject: document.subject,
    notation: document.notation ?? null,
    urgency: document.urgency,
    confidentiality: document.confidentiality,
    dueDate: document.dueDate ? String(document.dueDate) : null,
    signerOfficialId: document.signerOfficialId,
    signerName: document.signerName ?? null,
    signerTitle: document.signerTitle ?? null,
    draftingDepartmentId: document.draftingDepartmentId,
  };
}
