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
