import { directory } from '../../staff';
import {
  BadInputError,
  endOfLocalDay,
  isUuid,
  localToday,
  paginateKeysetSql,
  OrderDirection,
  pgArray,
  requireId,
  startOfLocalDay,
  type KeysetPageArgs,
  type OrderInput,
  type RequestContext,
} from '../../../src';
import { DocumentOrder } from '../list-orders';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentHandler } from '../entities/handler.entity';
import { DocumentTraceStep } from '../entities/trace.entity';
import { DocumentRecipient } from '../entities/recipient.entity';
import { DocumentAttachment } from '../entities/attachment.entity';
import { DocumentSignature } from '../entities/signature.entity';
import {
  Confidentiality,
  DocumentDirection,
  DocumentStatus,
  DocumentType,
  HandlerStatus,
  Urgency,
} from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import { currentOfficial, sql } from './actor';
import { visibilityCondition, visibleDocument, visibleIds } from './visibility';

export interface DocumentFilter {
  direction?: DocumentDirection | null;
  agencyId?: string | null;
  /** Documents of agencies of this unit and of the units below it (staff's public unit tree). */
  withinUnitId?: string | null;
  registerId?: string | null;
  documentType?: DocumentType | null;
  statuses?: DocumentStatus[] | null;
  urgency?: Urgency | null;
  confidentiality?: Confidentiality | null;
  /** Local dates, inclusive: registration (arrival / numbering) date, or creation for drafts. */
  from?: string | null;
  to?: string | null;
  handlerOfficialId?: string | null;
  handlerDepartmentId?: string | null;
  /** Documents the signed-in official (or their department) handles and has not finished. */
  assignedToMe?: boolean | null;
  /** Open documents whose handling due date is over. */
  overdue?: boolean | null;
  /** Full text over number, notation, subject, body and text attachments, diacritics ignored. */
  search?: string | null;
  /** Recalled documents and withdrawn copies are hidden unless asked for (or filtered by status). */
  includeRecalled?: boolean | null;
  /** Internal (not in the GraphQL filter): only this document, for live events checked like the list. */
  documentId?: string | null;
}

export interface DuplicateInfo {
  documentId: string;
  arrivalNumber: number | null;
  registeredAt: Date | null;
  status: DocumentStatus;
}

const OPEN = [DocumentStatus.ASSIGNED, DocumentStatus.IN_PROGRESS];

export class DocumentsService {
  /**
   * Which of `ids` the caller may read: the one visibility rule (scope, confidentiality and the
   * access list), for other parts of the platform that show something about a document (the audit
   * trail masks the entries of documents this answers false for).
   */
  async readableIds(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
    if (!ctx.isSystem && !ctx.has(P.read)) return new Set();
    return visibleIds(
      ctx,
      ids.filter((id) => isUuid(id)),
    );
  }

  /** The document with this id (the `document(id)` query): a malformed id is BAD_USER_INPUT on `id`. */
  async get(ctx: RequestContext, id: string): Promise<OfficialDocument> {
    ctx.require(P.read);
    return visibleDocument(ctx, id, 'id');
  }

  async list(ctx: RequestContext, filter: DocumentFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    ctx.require(P.read);
    const visible = await visibilityCondition(ctx);
    const where: string[] = [visible.sql];
    const params: unknown[] = [...visible.params];
    const add = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    // A filter's malformed id is BAD_USER_INPUT naming it, never an empty list.
    if (filter.documentId) add('d.id = ?', requireId(filter.documentId, 'documentId'));
    if (filter.direction) add('d.direction = ?', filter.direction);
    if (filter.agencyId) add('d.agency_id = ?', requireId(filter.agencyId, 'agencyId'));
    if (filter.withinUnitId)
      add(
        'd.unit_id in (select unit_id from staff_unit_tree_v where ancestor_id = ?)',
        requireId(filter.withinUnitId, 'withinUnitId'),
      );
    if (filter.registerId) add('d.register_id = ?', requireId(filter.registerId, 'registerId'));
    if (filter.documentType) add('d.document_type = ?', filter.documentType);
    if (filter.urgency) add('d.urgency = ?', filter.urgency);
    if (filter.confidentiality) add('d.confidentiality = ?', filter.confidentiality);
    if (filter.statuses?.length) add('d.status = any(?::documents_status[])', pgArray(filter.statuses));
    else if (!filter.includeRecalled) add(`d.status <> 'RECALLED'`);
    if (filter.from) add('coalesce(d.registered_at, d.created_at) >= ?', startOfLocalDay(filter.from));
    if (filter.to) add('coalesce(d.registered_at, d.created_at) < ?', endOfLocalDay(filter.to));
    if (filter.from && filter.to && filter.from > filter.to)
      throw new BadInputError(
        { vi: 'from không được sau to', en: 'from must not be after to' },
        { field: 'from' },
      );
    if (filter.handlerOfficialId) {
      add(
        `exists (select 1 from documents_handler fh where fh.document_id = d.id and fh.status <> 'REMOVED' and fh.official_id = ?)`,
        requireId(filter.handlerOfficialId, 'handlerOfficialId'),
      );
    }
    if (filter.handlerDepartmentId) {
      add(
        `exists (select 1 from documents_handler fh where fh.document_id = d.id and fh.status <> 'REMOVED'
             and (fh.department_id = ? or fh.report_department_id = ?))`,
        requireId(filter.handlerDepartmentId, 'handlerDepartmentId'),
        filter.handlerDepartmentId,
      );
    }
    if (filter.assignedToMe) {
      const me = (await currentOfficial(ctx))?.id ?? null;
      if (!me) add('false');
      else {
        add(
          `d.status in ('ASSIGNED', 'IN_PROGRESS') and exists (select 1 from documents_handler fh where fh.document_id = d.id and fh.status = 'ACTIVE'
               and (fh.official_id = ? or fh.department_id in (select sa.department_id from staff_current_posting_v sa where sa.official_id = ?
                    and sa.department_id is not null)))`,
          me,
          me,
        );
      }
    }
    if (filter.overdue) {
      // The due date (local) is over: the rule of isOverdue, with "today" from the platform clock;
      // the same said as an instant (due before today's local midnight) bounds the open-documents index.
      const today = localToday();
      add(
        `d.status in ('ASSIGNED', 'IN_PROGRESS') and d.handling_due_at is not null
           and staff_local_today(d.handling_due_at) < ?::date and d.handling_due_at < ?`,
        today,
        startOfLocalDay(today),
      );
    }
    const search = filter.search?.trim();
    if (search) {
      if (search.length > 500)
        throw new BadInputError(
          { vi: 'Từ khóa tìm kiếm quá dài', en: 'search is too long' },
          { field: 'search' },
        );
      add(`d.search @@ plainto_tsquery('simple', core_search_key(?))`, search);
    }
    // Searching, the best match comes first unless the client picks another order.
    const order = DocumentOrder.resolve(
      orderBy,
      search ? { field: 'RELEVANCE', direction: OrderDirection.DESC } : undefined,
    );
    if (order.field === 'RELEVANCE') {
      if (!search)
        throw new BadInputError(
          { vi: 'Sắp xếp theo RELEVANCE cần filter.search', en: 'RELEVANCE needs filter.search' },
          { field: 'orderBy.field' },
        );
      order.expressions[0] = {
        sql: `ts_rank(d.search, plainto_tsquery('simple', core_search_key(?)))`,
        params: [search],
      };
    }
    return paginateKeysetSql(
      ctx.em,
      { from: 'documents_document d', where, params },
      page,
      order,
      ctx.config.graphql.maxPageSize,
      (ids) => this.byIds(ctx, ids),
    );
  }

  /** Documents by id, in the order given (already checked for visibility by the caller). */
  async byIds(ctx: RequestContext, ids: string[]): Promise<OfficialDocument[]> {
    if (!ids.length) return [];
    const found = await ctx.em.find(OfficialDocument, { id: { $in: ids } });
    const byId = new Map(found.map((d) => [d.id, d]));
    return ids.map((id) => byId.get(id)).filter((d): d is OfficialDocument => !!d);
  }

  /**
   * Other incoming documents of the same agency with the same number, notation and issuer, among those
   * the user may see: a confidential duplicate stays hidden from whoever may not see it (its arrival
   * number and status would tell that it exists).
   */
  async duplicatesOf(ctx: RequestContext, document: OfficialDocument): Promise<DuplicateInfo[]> {
    if (document.direction !== DocumentDirection.INCOMING || !document.dedupKey) return [];
    const visible = await visibilityCondition(ctx);
    const rows = await sql<{
      id: string;
      register_number: number | null;
      registered_at: Date | null;
      status: DocumentStatus;
    }>(
      ctx,
      `select d.id, d.register_number, d.registered_at, d.status from documents_document d
        where d.agency_id = ? and d.dedup_key = ? and d.id <> ? and d.direction = 'INCOMING' and d.status <> 'RECALLED' and ${visible.sql}
        order by d.registered_at`,
      [document.agencyId, document.dedupKey, document.id, ...visible.params],
    );
    return rows.map((r) => ({
      documentId: r.id,
      arrivalNumber: r.register_number,
      registeredAt: r.registered_at ? new Date(r.registered_at) : null,
      status: r.status,
    }));
  }

  // ---- batched loads for field resolvers ----

  handlers(ctx: RequestContext, documentId: string): Promise<DocumentHandler[]> {
    return ctx
      .loader<string, DocumentHandler[]>('documents.handlers', async (ids) => {
        const rows = await ctx.em.find(
          DocumentHandler,
          { document: { $in: [...ids] } },
          { orderBy: { assignedAt: 'asc', role: 'asc' } },
        );
        return ids.map((id) => rows.filter((r) => r.document.id === id));
      })
      .load(documentId);
  }

  trace(ctx: RequestContext, documentId: string): Promise<DocumentTraceStep[]> {
    return ctx
      .loader<string, DocumentTraceStep[]>('documents.trace', async (ids) => {
        const rows = await ctx.em.find(
          DocumentTraceStep,
          { document: { $in: [...ids] } },
          { orderBy: { at: 'asc' } },
        );
        return ids.map((id) => rows.filter((r) => r.document.id === id));
      })
      .load(documentId);
  }

  recipients(ctx: RequestContext, documentId: string): Promise<DocumentRecipient[]> {
    return ctx
      .loader<string, DocumentRecipient[]>('documents.recipients', async (ids) => {
        const rows = await ctx.em.find(
          DocumentRecipient,
          { document: { $in: [...ids] } },
          { orderBy: { position: 'asc', createdAt: 'asc', name: 'asc' } },
        );
        return ids.map((id) => rows.filter((r) => r.document.id === id));
      })
      .load(documentId);
  }

  attachments(ctx: RequestContext, documentId: string): Promise<DocumentAttachment[]> {
    return ctx
      .loader<string, DocumentAttachment[]>('documents.attachments', async (ids) => {
        const rows = await ctx.em.find(
          DocumentAttachment,
          { document: { $in: [...ids] } },
          { orderBy: { createdAt: 'asc' } },
        );
        return ids.map((id) => rows.filter((r) => r.document.id === id));
      })
      .load(documentId);
  }

  signatures(ctx: RequestContext, documentId: string): Promise<DocumentSignature[]> {
    return ctx
      .loader<string, DocumentSignature[]>('documents.signatures', async (ids) => {
        const rows = await ctx.em.find(
          DocumentSignature,
          { document: { $in: [...ids] } },
          { orderBy: { signedAt: 'asc' } },
        );
        return ids.map((id) => rows.filter((r) => r.document.id === id));
      })
      .load(documentId);
  }

  /** The incoming copy behind a recipient row, for the sender's view of its handling. */
  copy(ctx: RequestContext, copyId: string): Promise<OfficialDocument | null> {
    return ctx
      .loader<string, OfficialDocument | null>('documents.copies', async (ids) => {
        const rows = await ctx.em.find(OfficialDocument, { id: { $in: [...ids] } });
        return ids.map((id) => rows.find((r) => r.id === id) ?? null);
      })
      .load(copyId);
  }

  /** Active handler rows of the document that concern the signed-in official (in person or through a department). */
  async myActiveHandlerRows(ctx: RequestContext, document: OfficialDocument): Promise<DocumentHandler[]> {
    const me = await currentOfficial(ctx);
    if (!me) return [];
    const departments = (await directory.currentPostings(ctx, me.id))
      .map((p) => p.departmentId)
      .filter((id): id is string => !!id);
    return ctx.em.find(DocumentHandler, {
      document: document.id,
      status: HandlerStatus.ACTIVE,
      $or: [{ officialId: me.id }, ...(departments.length ? [{ departmentId: { $in: departments } }] : [])],
    });
  }
}

export { OPEN as OPEN_STATUSES };
