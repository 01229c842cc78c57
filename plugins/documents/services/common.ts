import {
  BadInputError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  requireId,
  type RequestContext,
  type ScopeOwner,
} from '../../../src';
import { DocumentsErrorCodes } from '../errors';
import { directory, foldVietnamese, StaffRecords, type AgencyRecord, type OfficialRecord } from '../../staff';
import { Confidentiality, DocumentStatus } from '../entities/enums';
import type { OfficialDocument } from '../entities/document.entity';

/** A state change that the document's status does not allow (including any change once recalled). */
export class InvalidTransitionError extends DomainError {
  constructor(document: OfficialDocument, what: string) {
    super(
      DocumentsErrorCodes.DOCUMENT_INVALID_TRANSITION,
      `Cannot ${what}: the document is ${document.status}`,
      {
        status: document.status,
      },
    );
  }
}

export function requireStatus(document: OfficialDocument, allowed: DocumentStatus[], what: string): void {
  if (!allowed.includes(document.status)) throw new InvalidTransitionError(document, what);
}

/** An agency given as input, through staff's directory: BAD_USER_INPUT when malformed, NOT_FOUND when unknown. */
export async function agencyById(ctx: RequestContext, id: string, field = 'agencyId'): Promise<AgencyRecord> {
  const agency = await directory.agency(ctx, requireId(id, field));
  if (!agency) throw new NotFoundError(StaffRecords.agency, id);
  return agency;
}

/**
 * An official given as input (a leader, signer or approver), through staff's directory: BAD_USER_INPUT
 * naming `field` when malformed, NOT_FOUND when unknown.
 */
export async function officialById(ctx: RequestContext, id: string, field: string): Promise<OfficialRecord> {
  const official = await directory.official(ctx, requireId(id, field));
  if (!official) throw new NotFoundError(StaffRecords.official, id);
  return official;
}

/** The agency of a document or register (the database's foreign key guarantees it exists). */
export async function agencyOf(ctx: RequestContext, owned: { agencyId: string }): Promise<AgencyRecord> {
  const agency = await directory.agency(ctx, owned.agencyId);
  if (!agency) throw new Error(`Agency ${owned.agencyId} not found`);
  return agency;
}

/**
 * Text of a document (subject, note, reason) as the audit trail may keep it: auditors read the trail
 * of their units but are not on a confidential document's access list, so its text stays out of it.
 */
export function auditText(document: OfficialDocument, value: string | null | undefined): string | null {
  if (!value) return null;
  return document.confidentiality === Confidentiality.NORMAL ? value : '[văn bản mật]';
}

/** Trimmed text, required or optional, with a length limit. */
export function text(
  value: string | null | undefined,
  field: string,
  options: { required?: boolean; max?: number } = {},
): string | null {
  const trimmed = value?.normalize('NFC').trim() ?? '';
  if (!trimmed) {
    if (options.required)
      throw new BadInputError(
        { vi: `${field} không được để trống`, en: `${field} must not be empty` },
        { field },
      );
    return null;
  }
  const max = options.max ?? 1000;
  if (trimmed.length > max)
    throw new BadInputError(
      {
        vi: `${field} quá dài (tối đa ${max} ký tự)`,
        en: `${field} is too long (${max} characters at most)`,
      },
      { field },
    );
  return trimmed;
}

/**
 * Duplicate-detection key of a document: number (without leading zeros), notation and issuer
 * (electronic identifier, else name), folded (no diacritics, no spaces, upper case). Null when the
 * document carries neither number nor notation.
 */
export function dedupKeyOf(
  number: string | null,
  notation: string | null,
  issuerElectronicId: string | null,
  issuerName: string,
): string | null {
  if (!number && !notation) return null;
  const fold = (v: string | null) =>
    foldVietnamese(v ?? '')
      .replace(/\s+/g, '')
      .toUpperCase();
  const n = fold(number).replace(/^0+(?=\d)/, '');
  const issuer = issuerElectronicId ? issuerElectronicId.toUpperCase() : fold(issuerName);
  return `${n}|${fold(notation)}|${issuer}`;
}

/** For scope checks: a document or register belongs to its agency (and that agency's unit). */
export function ownerOf(owned: { unitId: string; agencyId: string }): ScopeOwner {
  return { unitId: owned.unitId, agencyId: owned.agencyId };
}

/** Throws FORBIDDEN unless the user holds one of the permissions over the owner. */
export async function requireAnyIn(
  ctx: RequestContext,
  permissions: string[],
  owner: ScopeOwner,
): Promise<void> {
  for (const permission of permissions) if (await ctx.can(permission, owner)) return;
  if (!permissions.some((p) => ctx.has(p)))
    throw new ForbiddenError({
      vi: `Thiếu quyền ${permissions.join(' hoặc ')}`,
      en: `Missing permission ${permissions.join(' or ')}`,
    });
  throw new ForbiddenError({
    vi: `Nằm ngoài phạm vi quản lý hành chính của bạn (${permissions.join(' hoặc ')})`,
    en: `Outside your administrative scope (${permissions.join(' or ')})`,
  });
}
