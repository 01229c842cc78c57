import {
  NotFoundError,
  pgArray,
  requireId,
  scopeFilterSql,
  type RequestContext,
  type ScopeFilter,
} from '../../../src';
import { OfficialDocument } from '../entities/document.entity';
import { DocumentsPermissions as P } from '../permissions';
import { currentOfficial, sql } from './actor';
import { ownerOf } from './common';
import { DocumentsRecords } from '../errors';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Rows of `alias` (with unit_id and agency_id) within a scope filter. */
function scopeCondition(alias: string, scope: ScopeFilter): SqlCondition {
  return scopeFilterSql(scope, `${alias}.unit_id`, `${alias}.agency_id`);
}

/**
 * Which documents the user may see, as one SQL condition on `documents_document d`:
 *
 * - the document's unit or agency is in the user's `documents.read` scope, and
 * - it is NORMAL, or (confidential) the user is on its access list (registered or drafted it, it was
 *   submitted to them, they assigned, approved, numbered, signed or issued it), or is one of its
 *   handlers (in person, or posted in a handling department) not taken off by a reassignment, or it
 *   waits at the records desk and the user keeps that desk: an incoming document registered but not
 *   yet submitted to a leader (`documents.register`), an approved outgoing document not yet issued
 *   (`documents.issue`).
 *
 * System work (jobs) sees everything.
 */
export async function visibilityCondition(ctx: RequestContext, alias = 'd'): Promise<SqlCondition> {
  if (ctx.isSystem) return { sql: 'true', params: [] };
  const read = scopeCondition(alias, await ctx.scopeFilter(P.read));
  if (read.sql === 'false') return read;
  const me = (await currentOfficial(ctx))?.id ?? null;
  const registerDesk = scopeCondition(alias, await ctx.scopeFilter(P.register));
  const issueDesk = scopeCondition(alias, await ctx.scopeFilter(P.issue));
  const personal = me
    ? `exists (select 1 from documents_access acc where acc.document_id = ${alias}.id and acc.official_id = ?)
       or exists (select 1 from documents_handler vh where vh.document_id = ${alias}.id and vh.status <> 'REMOVED'
                    and (vh.official_id = ? or vh.department_id in (
                      select sa.department_id from staff_current_posting_v sa
                       where sa.official_id = ? and sa.department_id is not null)))`
    : 'false';
  return {
    sql: `(${read.sql} and (${alias}.confidentiality = 'NORMAL'
      or ${personal}
      or (${alias}.direction = 'INCOMING' and ${alias}.status = 'REGISTERED' and ${alias}.submitted_to_id is null and ${registerDesk.sql})
      or (${alias}.direction = 'OUTGOING' and ${alias}.status in ('APPROVED', 'NUMBERED', 'SIGNED') and ${issueDesk.sql})))`,
    params: [...read.params, ...(me ? [me, me, me] : []), ...registerDesk.params, ...issueDesk.params],
  };
}

/** Ids among `ids` the user may see. */
export async function visibleIds(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const visible = await visibilityCondition(ctx);
  const rows = await sql<{ id: string }>(
    ctx,
    `select d.id from documents_document d where d.id = any(?::uuid[]) and ${visible.sql}`,
    [pgArray(ids), ...visible.params],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * A document the user may see, by an id a client sent in the input `field`: BAD_USER_INPUT naming the
 * field when the id is malformed, NOT_FOUND when there is no such document or it is outside the user's
 * scope (the two are not told apart).
 */
export async function visibleDocument(
  ctx: RequestContext,
  id: string,
  field = 'documentId',
): Promise<OfficialDocument> {
  requireId(id, field);
  if (!(await visibleIds(ctx, [id])).has(id)) throw new NotFoundError(DocumentsRecords.document, id);
  const document = await ctx.em.findOne(OfficialDocument, { id });
  if (!document) throw new NotFoundError(DocumentsRecords.document, id);
  return document;
}

/**
 * A document the user may see and act on with `permission` in its unit: BAD_USER_INPUT naming `field`
 * when the id is malformed, NOT_FOUND when they may not see it, FORBIDDEN when they see it but may not
 * do this there.
 */
export async function documentForAction(
  ctx: RequestContext,
  id: string,
  permission: string,
  field = 'documentId',
): Promise<OfficialDocument> {
  ctx.require(permission);
  const document = await visibleDocument(ctx, id, field);
  await ctx.requireIn(permission, ownerOf(document));
  return document;
}

/** Puts an official on a document's access list (idempotent). */
export async function grantAccess(
  ctx: RequestContext,
  documentId: string,
  officialId: string | null,
  reason: string,
): Promise<void> {
  if (!officialId) return;
  await sql(
    ctx,
    `insert into documents_access (document_id, official_id, reason) values (?, ?, ?) on conflict do nothing`,
    [documentId, officialId, reason],
  );
}
