import type { FilterQuery } from '@mikro-orm/core';
import { AuditOrder } from './audit-order';
import type { RequestContext } from '../context';
import { REDACTED_KEYS } from '../logging';
import { KeysetPageArgs, paginateKeyset, type OrderInput } from '../graphql/pagination';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecordInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  unitId?: string | null;
  /** The owning agency, when there is one: auditors whose role is held over an agency see only its entries. */
  agencyId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorSubject?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

export const AUDIT_READ = 'audit.read';

/**
 * How the audit trail hides what a record's own rules hide: entries about a record of `entityType`
 * that the reader may not read (by the owning plugin's visibility rule, `readable`) show only the
 * `shown` keys of their before/after values; every other value reads `"[masked]"` (the keys stay, so
 * the auditor still sees what kind of change it was). An auditor who gets NOT_FOUND on a confidential
 * document must not learn its number, issuer or handlers from the trail.
 */
export interface AuditMask {
  entityType: string;
  /** Keys whose values stay visible to every auditor (e.g. `confidentiality`). */
  shown: string[];
  /** Which of `ids` the caller may read, by the plugin's own rule. */
  readable(ctx: RequestContext, ids: string[]): Promise<Set<string>>;
}

export const MASKED = '[masked]';

/** Removes secret-looking keys so the trail never stores a password or key. */
function scrub(value: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const secret = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [k, secret.has(k.toLowerCase()) ? '[redacted]' : walk(inner)]),
      );
    }
    return v;
  };
  return walk(value) as Record<string, unknown>;
}

export class AuditService {
  /** Persists with the caller's EntityManager: written by the same transaction as the change. */
  record(ctx: RequestContext, input: AuditRecordInput): void {
    const entry = ctx.em.create(
      AuditEntry,
      {
        at: new Date(),
        requestId: ctx.requestId,
        actorSubject: ctx.user?.subject ?? null,
        actorName: ctx.user?.name ?? ctx.user?.username ?? (ctx.isSystem ? 'system' : null),
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId ?? null,
        unitId: input.unitId ?? null,
        agencyId: input.agencyId ?? null,
        before: scrub(input.before),
        after: scrub(input.after),
      },
      { persist: true },
    );
    void entry;
  }

  /**
   * `before` or `after` of an entry as this reader may see it: masked (see AuditMask) when a plugin
   * declared a mask for its entity type and the reader may not read the record. Batched per request.
   */
  async valuesFor(
    ctx: RequestContext,
    entry: AuditEntry,
    which: 'before' | 'after',
  ): Promise<Record<string, unknown> | null> {
    const values = entry[which];
    if (!values || !entry.entityId) return values;
    const mask = ctx.app.plugins
      .flatMap((p) => p.auditMasks ?? [])
      .find((m) => m.entityType === entry.entityType);
    if (!mask) return values;
    const readable = await ctx
      .loader<string, boolean>(`audit.readable.${mask.entityType}`, async (ids) => {
        const found = await mask.readable(ctx, [...new Set(ids)]);
        return ids.map((id) => found.has(id));
      })
      .load(entry.entityId);
    if (readable) return values;
    const shown = new Set(mask.shown);
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, shown.has(k) ? v : MASKED]));
  }

  /** Entries the auditor may see: everything when their scope is global, else their units' and their agencies'. */
  async list(ctx: RequestContext, filter: AuditFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    ctx.require(AUDIT_READ);
    const scope = await ctx.scopeFilter(AUDIT_READ);
    const where: FilterQuery<AuditEntry> = {};
    if (filter.entityType) where.entityType = filter.entityType;
    if (filter.entityId) where.entityId = filter.entityId;
    if (filter.actorSubject) where.actorSubject = filter.actorSubject;
    if (filter.action) where.action = filter.action;
    if (filter.from || filter.to)
      where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    if (scope !== 'all')
      Object.assign(where, {
        $or: [{ unitId: { $in: scope.unitIds } }, { agencyId: { $in: scope.agencyIds } }],
      });
    return paginateKeyset(
      ctx.em,
      AuditEntry,
      where,
      page,
      AuditOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }
}
