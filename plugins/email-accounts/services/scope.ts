import type { Ref } from '@mikro-orm/core';
import {
  ForbiddenError,
  NotFoundError,
  requireId,
  type LocalizedText,
  type RequestContext,
  type ScopeOwner,
} from '../../../src';
import { directory, type AgencyRecord } from '../../staff';
import type { MailDomain } from '../entities/mail-domain.entity';
import { EmailPermissions } from '../permissions';

/**
 * Scope rules shared by the services: a record belongs to its domain's agency (and that agency's
 * unit). A role over a unit reaches every domain of its agencies and below; a role over an agency
 * only that agency's domains. Outside someone's read scope a record does not exist (NOT_FOUND);
 * inside read scope but outside manage scope, changing it is FORBIDDEN.
 */
export function domainOwner(domain: MailDomain): ScopeOwner {
  return { unitId: domain.unitId, agencyId: domain.agencyId };
}

/** The owner of a mailbox or alias: its domain's agency. */
export async function ownerOf(record: { unitId: string; domain: Ref<MailDomain> }): Promise<ScopeOwner> {
  const domain = await record.domain.loadOrFail();
  return { unitId: record.unitId, agencyId: domain.agencyId };
}

/**
 * The agency a client named in the input field `field`, from the staff directory (null when there is
 * none). The id's shape is checked here, before asking staff (whose directory answers a malformed id
 * with a quiet null): a malformed id is BAD_USER_INPUT on `field`, never NOT_FOUND.
 */
export async function namedAgency(
  ctx: RequestContext,
  agencyId: string,
  field = 'agencyId',
): Promise<AgencyRecord | null> {
  return directory.agency(ctx, requireId(agencyId, field));
}

export async function canRead(ctx: RequestContext, owner: ScopeOwner): Promise<boolean> {
  return (await ctx.can(EmailPermissions.read, owner)) || (await ctx.can(EmailPermissions.manage, owner));
}

export async function requireVisible(
  ctx: RequestContext,
  owner: ScopeOwner,
  what: LocalizedText,
  id: string,
): Promise<void> {
  if (!(await canRead(ctx, owner))) throw new NotFoundError(what, id);
}

export async function requireScoped(
  ctx: RequestContext,
  permission: string,
  owner: ScopeOwner,
  what: LocalizedText,
  id: string,
): Promise<void> {
  if (await ctx.can(permission, owner)) return;
  if (await ctx.can(EmailPermissions.read, owner))
    throw new ForbiddenError({
      vi: `Ngoài phạm vi quản lý của bạn (${permission})`,
      en: `Outside your administrative scope (${permission})`,
    });
  throw new NotFoundError(what, id);
}

/**
 * The condition a list adds to keep the records the user may read (null: no restriction). `agencyPath`
 * is where the record's agency id is: `agencyId` on a domain, `domain.agencyId` on mailboxes and aliases.
 */
export async function readableCondition(
  ctx: RequestContext,
  agencyPath: 'agencyId' | 'domain.agencyId',
): Promise<Record<string, unknown> | null> {
  const read = await ctx.scopeFilter(EmailPermissions.read);
  const manage = await ctx.scopeFilter(EmailPermissions.manage);
  if (read === 'all' || manage === 'all') return null;
  const unitIds = [...new Set([...read.unitIds, ...manage.unitIds])];
  const agencyIds = [...new Set([...read.agencyIds, ...manage.agencyIds])];
  const byAgency =
    agencyPath === 'agencyId'
      ? { agencyId: { $in: agencyIds } }
      : { domain: { agencyId: { $in: agencyIds } } };
  return { $or: [{ unitId: { $in: unitIds } }, byAgency] };
}
