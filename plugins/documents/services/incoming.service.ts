import {
  BadInputError,
  dateOfScalar,
  ForbiddenError,
  formatLocalDateTime,
  requireId,
  type RequestContext,
} from '../../../src';
import { directory, type AgencyRecord, type DepartmentRecord, type OfficialRecord } from '../../staff';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentHandler } from '../entities/handler.entity';
import { DocumentRegister } from '../entities/register.entity';
import {
  Confidentiality,
  DocumentDirection,
  DocumentStatus,
  DocumentType,
  HandlerRole,
  HandlerStatus,
  TraceAction,
  Urgency,
} from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import { DocumentAssignedLive, DocumentCompleted } from '../events';
import { currentActor, departmentOfOfficial, isPostedAt, officialCan } from './actor';
import { agencyById, agencyOf, auditText, dedupKeyOf, officialById, requireStatus, text } from './common';
import { completedOnTime, computeHandlingDue, DeadlineUnit } from './deadline';
import { DocumentsService, type DuplicateInfo } from './documents.service';
import { departmentMemberIds, notify, officialAddressees } from './notifications';
import { RegistersService } from './registers.service';
import { addTrace } from './trace';
import { documentForAction, grantAccess } from './visibility';

export interface RegisterIncomingData {
  agencyId: string;
  documentType: DocumentType;
  number?: string | null;
  notation?: string | null;
  issuerAgencyId?: string | null;
  issuerElectronicId?: string | null;
  issuerName?: string | null;
  issueDate?: Date | string | null;
  subject: string;
  body?: string | null;
  signerName?: string | null;
  signerTitle?: string | null;
  urgency?: Urgency | null;
  confidentiality?: Confidentiality | null;
  dueDate?: Date | string | null;
  submitToOfficialId?: string | null;
  note?: string | null;
}

export interface HandlerTarget {
  officialId?: string | null;
  departmentId?: string | null;
}

export interface AssignData {
  documentId: string;
  lead: HandlerTarget;
  coHandlers?: HandlerTarget[] | null;
  /** A limit counted on the agency's working calendar from now ... */
  deadline?: { amount: number; unit: DeadlineUnit } | null;
  /** ... or an explicit due time. Neither: no deadline (for information). */
  dueAt?: Date | null;
  directionNote?: string | null;
}

export const BODY_MAX = 200_000;

interface ResolvedTarget {
  official: OfficialRecord | null;
  department: DepartmentRecord | null;
  reportDepartmentId: string | null;
  label: string;
}

export class IncomingService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly registers: RegistersService,
  ) {}

  /** Vào sổ: registers an incoming document with the next arrival number of the agency's register. */
  async register(
    ctx: RequestContext,
    input: RegisterIncomingData,
  ): Promise<{ document: OfficialDocument; duplicates: DuplicateInfo[] }> {
    ctx.require(P.register);
    const agency = await agencyById(ctx, input.agencyId);
    await ctx.requireIn(P.register, { unitId: agency.unit.id, agencyId: agency.id });
    const subject = text(input.subject, 'subject', { required: true, max: 2000 })!;
    const number = text(input.number, 'number', { max: 50 });
    const notation = text(input.notation, 'notation', { max: 100 });
    const issuer = await this.resolveIssuer(ctx, input);
    const confidentiality = input.confidentiality ?? Confidentiality.NORMAL;
    const leader = input.submitToOfficialId
      ? await this.leaderFor(ctx, input.submitToOfficialId, agency, 'submitToOfficialId')
      : null;
    const actor = await currentActor(ctx);
    const document = ctx.em.create(OfficialDocument, {
      direction: DocumentDirection.INCOMING,
      agencyId: agency.id,
      unitId: agency.unit.id,
      documentType: input.documentType,
      number,
      notation,
      issuerAgencyId: issuer.agency?.id ?? null,
      issuerElectronicId: issuer.electronicId,
      issuerName: issuer.name,
      issueDate: dateOfScalar(input.issueDate),
      subject,
      body: text(input.body, 'body', { max: BODY_MAX }),
      signerName: text(input.signerName, 'signerName', { max: 200 }),
      signerTitle: text(input.signerTitle, 'signerTitle', { max: 200 }),
      urgency: input.urgency ?? Urgency.NORMAL,
      confidentiality,
      dueDate: dateOfScalar(input.dueDate),
      status: DocumentStatus.REGISTERED,
      dedupKey: dedupKeyOf(number, notation, issuer.electronicId, issuer.name),
      createdById: actor.officialId,
      createdByName: actor.name,
      submittedToId: leader?.id ?? null,
    });
    await this.enterInRegister(ctx, document, agency);
    await grantAccess(ctx, document.id, actor.officialId, 'REGISTERED_BY');
    await addTrace(ctx, document, TraceAction.REGISTERED, {
      summary: `Số đến ${document.registerNumber}`,
      note: input.note,
      at: document.registeredAt!,
    });
    if (leader) await this.afterSubmit(ctx, document, leader, input.note ?? null);
    await ctx.em.flush();
    ctx.audit({
      action: 'documents.incoming.register',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: {
        agencyId: agency.id,
        registerNumber: document.registerNumber,
        number,
        notation,
        issuer: issuer.name,
        confidentiality,
      },
    });
    return { document, duplicates: await this.documents.duplicatesOf(ctx, document) };
  }

  /** Takes the next arrival number (as late as possible: the register stays locked until commit) and flushes. */
  async enterInRegister(
    ctx: RequestContext,
    document: OfficialDocument,
    agency: AgencyRecord,
  ): Promise<void> {
    const taken = await this.registers.take(
      ctx,
      agency,
      DocumentDirection.INCOMING,
      document.confidentiality !== Confidentiality.NORMAL,
    );
    document.register = ctx.em.getReference(DocumentRegister, taken.registerId, { wrapped: true });
    document.registerNumber = taken.number;
    document.registeredAt = taken.at;
    await ctx.em.flush();
  }

  /** Trình lãnh đạo: hands a registered document to a leader for direction. */
  async submitToLeader(
    ctx: RequestContext,
    input: { documentId: string; leaderOfficialId: string; note?: string | null },
  ): Promise<OfficialDocument> {
    const document = await this.incomingForAction(ctx, input.documentId, P.register);
    requireStatus(document, [DocumentStatus.REGISTERED, DocumentStatus.RETURNED], 'submit it to a leader');
    const leader = await this.leaderFor(
      ctx,
      input.leaderOfficialId,
      await agencyOf(ctx, document),
      'leaderOfficialId',
    );
    document.submittedToId = leader.id;
    await this.afterSubmit(ctx, document, leader, text(input.note, 'note', { max: 2000 }));
    await ctx.em.flush();
    ctx.audit({
      action: 'documents.incoming.submit',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { leaderOfficialId: leader.id },
    });
    return document;
  }

  private async afterSubmit(
    ctx: RequestContext,
    document: OfficialDocument,
    leader: OfficialRecord,
    note: string | null,
  ): Promise<void> {
    await ctx.em.flush();
    await grantAccess(ctx, document.id, leader.id, 'SUBMITTED_TO');
    await addTrace(ctx, document, TraceAction.SUBMITTED_TO_LEADER, {
      summary: `Trình ${leader.fullName}`,
      note,
    });
    await notify.submittedToLeader(ctx, document, await officialAddressees(ctx, [leader.id]), note);
  }

  /** Giao xử lý (or giao lại): lead and co-handlers, deadline on the working calendar, direction note. */
  async assign(ctx: RequestContext, input: AssignData): Promise<OfficialDocument> {
    const document = await this.incomingForAction(ctx, input.documentId, P.assign);
    requireStatus(
      document,
      [
        DocumentStatus.REGISTERED,
        DocumentStatus.RETURNED,
        DocumentStatus.ASSIGNED,
        DocumentStatus.IN_PROGRESS,
      ],
      'assign it',
    );
    const agency = await agencyOf(ctx, document);
    const lead = await this.resolveTarget(ctx, input.lead, agency, 'lead');
    const co: ResolvedTarget[] = [];
    for (const [index, target] of (input.coHandlers ?? []).entries())
      co.push(await this.resolveTarget(ctx, target, agency, `coHandlers[${index}]`));
    const keys = [lead, ...co].map((t) => t.official?.id ?? t.department!.id);
    if (new Set(keys).size !== keys.length)
      throw new BadInputError(
        { vi: 'Một người xử lý bị nêu hai lần', en: 'A handler is listed twice' },
        { field: 'coHandlers' },
      );
    if (input.deadline && input.dueAt)
      throw new BadInputError(
        {
          vi: 'Chỉ gửi hạn xử lý (deadline) hoặc thời điểm hết hạn (dueAt), không gửi cả hai',
          en: 'Give either a deadline or a due time, not both',
        },
        { field: 'deadline' },
      );
    const now = new Date();
    let dueAt: Date | null = null;
    if (input.deadline) {
      if (
        !Number.isFinite(input.deadline.amount) ||
        input.deadline.amount <= 0 ||
        input.deadline.amount > 365
      ) {
        throw new BadInputError(
          {
            vi: 'deadline.amount phải lớn hơn 0 và không quá 365',
            en: 'deadline.amount must be above 0 and at most 365',
          },
          { field: 'deadline' },
        );
      }
      dueAt = await computeHandlingDue(ctx, agency.id, now, input.deadline.amount, input.deadline.unit);
    } else if (input.dueAt) {
      if (input.dueAt.getTime() <= now.getTime())
        throw new BadInputError(
          { vi: 'dueAt phải ở tương lai', en: 'dueAt must be in the future' },
          { field: 'dueAt' },
        );
      dueAt = input.dueAt;
    }
    const previous = await ctx.em.find(DocumentHandler, {
      document: document.id,
      status: HandlerStatus.ACTIVE,
    });
    const reassign = document.assignedAt !== null;
    for (const handler of previous) handler.status = HandlerStatus.REMOVED;
    const actor = await currentActor(ctx);
    const create = (target: ResolvedTarget, role: HandlerRole) =>
      ctx.em.create(DocumentHandler, {
        document,
        role,
        officialId: target.official?.id ?? null,
        departmentId: target.department?.id ?? null,
        reportDepartmentId: target.reportDepartmentId,
        status: HandlerStatus.ACTIVE,
        assignedAt: now,
        dueAt,
      });
    create(lead, HandlerRole.LEAD);
    for (const target of co) create(target, HandlerRole.CO_HANDLER);
    document.status = DocumentStatus.ASSIGNED;
    document.assignedById = actor.officialId;
    document.assignedAt = now;
    document.directionNote = text(input.directionNote, 'directionNote', { max: 4000 });
    document.handlingDueAt = dueAt;
    document.completedAt = null;
    document.completionNote = null;
    await ctx.em.flush();
    await grantAccess(ctx, document.id, actor.officialId, 'ASSIGNED_BY');
    const summary = [
      `Chủ trì: ${lead.label}`,
      co.length ? `Phối hợp: ${co.map((t) => t.label).join(', ')}` : null,
      `Hạn xử lý: ${dueAt ? formatLocalDateTime(dueAt) : 'không'}`,
    ]
      .filter(Boolean)
      .join('; ');
    await addTrace(ctx, document, reassign ? TraceAction.REASSIGNED : TraceAction.ASSIGNED, {
      summary,
      note: document.directionNote,
    });
    await ctx.em.flush();
    const people = async (targets: ResolvedTarget[]) =>
      officialAddressees(ctx, [
        ...targets.map((t) => t.official?.id),
        ...(await departmentMemberIds(
          ctx,
          targets.map((t) => t.department?.id),
        )),
      ]);
    await notify.assigned(ctx, document, await people([lead]), await people(co));
    ctx.audit({
      action: reassign ? 'documents.incoming.reassign' : 'documents.incoming.assign',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { lead: keys[0], coHandlers: keys.slice(1), dueAt: dueAt?.toISOString() ?? null },
    });
    ctx.publishLive(DocumentAssignedLive, {
      documentId: document.id,
      agencyId: document.agencyId,
      unitId: document.unitId,
      officialIds: [lead, ...co].flatMap((t) => (t.official ? [t.official.id] : [])),
      departmentIds: [lead, ...co].flatMap((t) => (t.department ? [t.department.id] : [])),
      reassigned: reassign,
      at: now.toISOString(),
    });
    return document;
  }

  /** Báo cáo tiến độ by a handler. */
  async reportProgress(
    ctx: RequestContext,
    input: { documentId: string; note: string },
  ): Promise<OfficialDocument> {
    const document = await this.incomingForAction(ctx, input.documentId, P.handle);
    requireStatus(document, [DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS], 'report progress');
    await this.requireHandler(ctx, document);
    const note = text(input.note, 'note', { required: true, max: 4000 });
    document.status = DocumentStatus.IN_PROGRESS;
    await addTrace(ctx, document, TraceAction.PROGRESS, { note });
    await ctx.em.flush();
    return document;
  }

  /** Hoàn thành: the lead completes the document; a co-handler completes their part. */
  async complete(
    ctx: RequestContext,
    input: { documentId: string; note?: string | null },
  ): Promise<OfficialDocument> {
    const document = await this.incomingForAction(ctx, input.documentId, P.handle);
    requireStatus(document, [DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS], 'complete it');
    const mine = await this.requireHandler(ctx, document);
    const note = text(input.note, 'note', { max: 4000 });
    const now = new Date();
    const lead = mine.some((h) => h.role === HandlerRole.LEAD);
    for (const handler of lead ? mine : mine.filter((h) => h.role === HandlerRole.CO_HANDLER)) {
      handler.status = HandlerStatus.COMPLETED;
      handler.completedAt = now;
      handler.note = note;
    }
    if (!lead) {
      await addTrace(ctx, document, TraceAction.COMPLETED_PART, { note });
      await ctx.em.flush();
      return document;
    }
    document.status = DocumentStatus.COMPLETED;
    document.completedAt = now;
    document.completionNote = note;
    const onTime = document.handlingDueAt ? completedOnTime(now, document.handlingDueAt) : null;
    await addTrace(ctx, document, TraceAction.COMPLETED, {
      summary: onTime === null ? 'Hoàn thành' : onTime ? 'Hoàn thành đúng hạn' : 'Hoàn thành quá hạn',
      note,
      at: now,
    });
    await ctx.em.flush();
    await ctx.publish(DocumentCompleted, {
      documentId: document.id,
      agencyId: document.agencyId,
      unitId: document.unitId,
      onTime,
      confidential: document.confidentiality !== Confidentiality.NORMAL,
    });
    ctx.audit({
      action: 'documents.incoming.complete',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { onTime },
    });
    return document;
  }

  /** Trả lại lãnh đạo: the lead gives the document back for reassignment. */
  async returnToLeader(
    ctx: RequestContext,
    input: { documentId: string; note: string },
  ): Promise<OfficialDocument> {
    const document = await this.incomingForAction(ctx, input.documentId, P.handle);
    requireStatus(document, [DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS], 'return it to the leader');
    const mine = await this.requireHandler(ctx, document);
    if (!mine.some((h) => h.role === HandlerRole.LEAD))
      throw new ForbiddenError({
        vi: 'Chỉ người chủ trì xử lý mới trả văn bản về cho lãnh đạo',
        en: 'Only the lead handler returns a document to the leader',
      });
    const note = text(input.note, 'note', { required: true, max: 4000 });
    const active = await ctx.em.find(DocumentHandler, {
      document: document.id,
      status: HandlerStatus.ACTIVE,
    });
    for (const handler of active) handler.status = HandlerStatus.RETURNED;
    document.status = DocumentStatus.RETURNED;
    await addTrace(ctx, document, TraceAction.RETURNED, { note });
    await ctx.em.flush();
    await notify.returned(ctx, document, await officialAddressees(ctx, [document.assignedById]), note);
    ctx.audit({
      action: 'documents.incoming.return',
      entityType: 'OfficialDocument',
      entityId: document.id,
      unitId: document.unitId,
      agencyId: document.agencyId,
      after: { note: auditText(document, note) },
    });
    return document;
  }

  private async incomingForAction(
    ctx: RequestContext,
    id: string,
    permission: string,
  ): Promise<OfficialDocument> {
    const document = await documentForAction(ctx, id, permission);
    if (document.direction !== DocumentDirection.INCOMING)
      throw new BadInputError(
        { vi: 'Đây là văn bản đi', en: 'This is an outgoing document' },
        { field: 'documentId' },
      );
    return document;
  }

  private async requireHandler(ctx: RequestContext, document: OfficialDocument): Promise<DocumentHandler[]> {
    const mine = await this.documents.myActiveHandlerRows(ctx, document);
    if (!mine.length)
      throw new ForbiddenError({
        vi: 'Bạn không phải là người xử lý văn bản này',
        en: 'You are not a handler of this document',
      });
    return mine;
  }

  private async resolveIssuer(
    ctx: RequestContext,
    input: RegisterIncomingData,
  ): Promise<{ agency: AgencyRecord | null; electronicId: string | null; name: string }> {
    if (input.issuerAgencyId) {
      const agency = await agencyById(ctx, input.issuerAgencyId, 'issuerAgencyId');
      return { agency, electronicId: agency.electronicId, name: agency.name };
    }
    const electronicId =
      text(input.issuerElectronicId, 'issuerElectronicId', { max: 50 })?.toUpperCase() ?? null;
    const known = electronicId ? await directory.agencyByElectronicId(ctx, electronicId) : null;
    if (known) return { agency: known, electronicId, name: known.name };
    const name = text(input.issuerName, 'issuerName', { max: 500 });
    if (!name)
      throw new BadInputError(
        {
          vi: 'Hãy ghi tên cơ quan ban hành (issuerName), hoặc mã định danh hay mã điện tử của cơ quan',
          en: 'Name the issuing agency (issuerName), or give its id or electronic identifier',
        },
        { field: 'issuerName' },
      );
    return { agency: null, electronicId, name };
  }

  /** An official who may direct (documents.assign) the agency's documents, given in the input `field`. */
  private async leaderFor(
    ctx: RequestContext,
    officialId: string,
    agency: AgencyRecord,
    field: string,
  ): Promise<OfficialRecord> {
    const leader = await officialById(ctx, officialId, field);
    if (!(await officialCan(ctx, leader.id, P.assign, agency.unit.id))) {
      throw new BadInputError(
        {
          vi: `${leader.fullName} không được chỉ đạo xử lý văn bản của ${agency.name}`,
          en: `${leader.fullName} may not direct documents of ${agency.name}`,
        },
        { field },
      );
    }
    return leader;
  }

  private async resolveTarget(
    ctx: RequestContext,
    target: HandlerTarget,
    agency: AgencyRecord,
    field: string,
  ): Promise<ResolvedTarget> {
    if (!!target.officialId === !!target.departmentId)
      throw new BadInputError(
        {
          vi: `${field}: hãy chọn một cán bộ hoặc một phòng ban`,
          en: `${field}: give an official or a department`,
        },
        { field },
      );
    if (target.departmentId) {
      const department = await directory.department(
        ctx,
        requireId(target.departmentId, `${field}.departmentId`),
      );
      if (!department || department.agency.id !== agency.id)
        throw new BadInputError(
          {
            vi: `${field}: phòng ban không thuộc ${agency.name}`,
            en: `${field}: the department is not part of ${agency.name}`,
          },
          { field },
        );
      if (!department.active)
        throw new BadInputError(
          { vi: `${field}: phòng ban đã giải thể`, en: `${field}: the department is closed` },
          { field },
        );
      return { official: null, department, reportDepartmentId: department.id, label: department.name };
    }
    const official = await directory.official(ctx, requireId(target.officialId!, `${field}.officialId`));
    if (!official || !(await isPostedAt(ctx, official.id, agency.id)))
      throw new BadInputError(
        {
          vi: `${field}: cán bộ không công tác tại ${agency.name}`,
          en: `${field}: the official does not work at ${agency.name}`,
        },
        { field },
      );
    if (!(await officialCan(ctx, official.id, P.handle, agency.unit.id))) {
      throw new BadInputError(
        {
          vi: `${field}: ${official.fullName} không có quyền xử lý văn bản (documents.handle)`,
          en: `${field}: ${official.fullName} may not handle documents (documents.handle)`,
        },
        {
          field,
        },
      );
    }
    return {
      official,
      department: null,
      reportDepartmentId: await departmentOfOfficial(ctx, official.id, agency.id),
      label: official.fullName,
    };
  }
}
