import { pgArray, type RequestContext } from '../../../src';
import type { GroupRepresentation, UserRepresentation } from './admin-client';

/** An agency the official is currently posted to: one Keycloak group, named by its electronic id. */
export interface DesiredAgency {
  id: string;
  electronicId: string;
  name: string;
  unitId: string;
  primary: boolean;
}

/** What the staff register says an official's Keycloak user should look like. */
export interface DesiredAccount {
  officialId: string;
  username: string;
  fullName: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'LEFT';
  /** The link stored on the official (null until the first sync). */
  keycloakUserId: string | null;
  /** false: an official who left and has no account gets none. */
  shouldExist: boolean;
  enabled: boolean;
  firstName: string;
  lastName: string;
  email: string | null;
  /** officialId always; agencyId and unitId of the primary posting while there is one. */
  attributes: Record<string, string[]>;
  agencies: DesiredAgency[];
  /** Platform realm roles held (none once the official has left), sorted. */
  roles: string[];
  /** Units of the current postings, or of the last ones for an official who left (who may see the drift). */
  unitIds: string[];
  /** Agencies of those postings. */
  agencyIds: string[];
}

/** Attributes the platform owns on a Keycloak user. */
export const MANAGED_ATTRIBUTES = ['officialId', 'agencyId', 'unitId'] as const;

/**
 * Vietnamese names are written family name first, given name last: "Nguyễn Văn Hùng" is
 * lastName "Nguyễn" and firstName "Văn Hùng" (middle and given names), so that
 * `${lastName} ${firstName}` gives the name back. A one-word name becomes the first name.
 */
export function splitVietnameseName(fullName: string): { firstName: string; lastName: string } {
  const parts = fullName.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { firstName: parts[0] ?? '', lastName: '' };
  return { lastName: parts[0], firstName: parts.slice(1).join(' ') };
}

interface OfficialRow {
  id: string;
  full_name: string;
  username: string;
  email: string | null;
  personal_email: string | null;
  status: DesiredAccount['status'];
  keycloak_user_id: string | null;
}

/**
 * Desired accounts of some officials (or all of them), in three queries whatever their number.
 * `platformRoles`: the realm roles the platform manages (RoleMap roles); other roles are ignored.
 */
export async function loadDesiredAccounts(
  ctx: RequestContext,
  officialIds: string[] | 'all',
  platformRoles: readonly string[],
): Promise<DesiredAccount[]> {
  const all = officialIds === 'all';
  const ids = all ? [] : officialIds;
  if (!all && !ids.length) return [];
  const officials = await ctx.em.execute<OfficialRow[]>(
    `select id, full_name, username, email, personal_email, status, keycloak_user_id from staff_official
      where ?::boolean or id = any(?::uuid[]) order by username`,
    [all, pgArray(ids)],
  );
  const postings = await ctx.em.execute<
    Array<{
      official_id: string;
      agency_id: string;
      electronic_id: string;
      name: string;
      unit_id: string;
      primary: boolean;
    }>
  >(
    `select a.official_id, a.agency_id, ag.electronic_id, ag.name, ag.unit_id, a."primary"
       from staff_current_posting_v p join staff_assignment a on a.id = p.id join staff_agency ag on ag.id = a.agency_id
      where (?::boolean or a.official_id = any(?::uuid[]))
      order by a."primary" desc, a.starts_on desc, a.created_at`,
    [all, pgArray(ids)],
  );
  const lastUnits = await ctx.em.execute<Array<{ official_id: string; unit_id: string; agency_id: string }>>(
    `select distinct on (a.official_id, a.agency_id) a.official_id, ag.unit_id, a.agency_id
       from staff_assignment a join staff_agency ag on ag.id = a.agency_id
      where a.ends_on is not null and a.ends_on = (select max(b.ends_on) from staff_assignment b where b.official_id = a.official_id)
        and (?::boolean or a.official_id = any(?::uuid[]))`,
    [all, pgArray(ids)],
  );
  const grants = await ctx.em.execute<Array<{ official_id: string; role: string }>>(
    `select distinct official_id, role from staff_role_assignment where ?::boolean or official_id = any(?::uuid[])`,
    [all, pgArray(ids)],
  );

  const agenciesOf = new Map<string, DesiredAgency[]>();
  for (const p of postings) {
    const list = agenciesOf.get(p.official_id) ?? [];
    if (!list.some((a) => a.id === p.agency_id)) {
      list.push({
        id: p.agency_id,
        electronicId: p.electronic_id,
        name: p.name,
        unitId: p.unit_id,
        primary: p.primary,
      });
    }
    agenciesOf.set(p.official_id, list);
  }
  const managed = new Set(platformRoles);
  const rolesOf = new Map<string, string[]>();
  for (const g of grants)
    if (managed.has(g.role)) rolesOf.set(g.official_id, [...(rolesOf.get(g.official_id) ?? []), g.role]);

  return officials.map((o) => {
    const agencies = agenciesOf.get(o.id) ?? [];
    const primary = agencies.find((a) => a.primary) ?? agencies[0] ?? null;
    const attributes: Record<string, string[]> = { officialId: [o.id] };
    if (primary) {
      attributes.agencyId = [primary.id];
      attributes.unitId = [primary.unitId];
    }
    // Keycloak mails credentials (set-password, forgotten password) to this address, and the
    // register keeps the personal address for exactly that: the work mailbox may not exist yet, or
    // be the very thing the official cannot open. The work address is used when there is no other.
    const email = (o.personal_email || o.email || null)?.trim().toLowerCase() ?? null;
    return {
      officialId: o.id,
      username: o.username,
      fullName: o.full_name,
      status: o.status,
      keycloakUserId: o.keycloak_user_id,
      shouldExist: o.status !== 'LEFT',
      enabled: o.status === 'ACTIVE',
      ...splitVietnameseName(o.full_name),
      email,
      attributes,
      agencies,
      roles: o.status === 'LEFT' ? [] : [...new Set(rolesOf.get(o.id) ?? [])].sort(),
      unitIds: agencies.length
        ? [...new Set(agencies.map((a) => a.unitId))]
        : [...new Set(lastUnits.filter((u) => u.official_id === o.id).map((u) => u.unit_id))],
      agencyIds: agencies.length
        ? agencies.map((a) => a.id)
        : lastUnits.filter((u) => u.official_id === o.id).map((u) => u.agency_id),
    };
  });
}

/** Fields of the user that differ from the register (names as in UserRepresentation). */
export function profileDifferences(desired: DesiredAccount, user: UserRepresentation): string[] {
  const diff: string[] = [];
  if ((user.enabled ?? false) !== desired.enabled) diff.push('enabled');
  if ((user.firstName ?? '') !== desired.firstName) diff.push('firstName');
  if ((user.lastName ?? '') !== desired.lastName) diff.push('lastName');
  if ((user.email ?? '').toLowerCase() !== (desired.email ?? '')) diff.push('email');
  for (const key of MANAGED_ATTRIBUTES) {
    const want = desired.attributes[key];
    if (!want) continue; // no current posting: agencyId/unitId are left as they were
    const have = user.attributes?.[key] ?? [];
    if (have.length !== want.length || have.some((v, i) => v !== want[i])) diff.push(`attributes.${key}`);
  }
  return diff;
}

/**
 * The representation to PUT: the user as Keycloak sent it, with the register's fields on top.
 * Sending the whole representation back keeps what others set (other attributes, required actions).
 */
export function mergedUser(desired: DesiredAccount, user: UserRepresentation): UserRepresentation {
  const emailChanged = (user.email ?? '').toLowerCase() !== (desired.email ?? '');
  const attributes = { ...(user.attributes ?? {}) };
  for (const key of MANAGED_ATTRIBUTES)
    if (desired.attributes[key]) attributes[key] = desired.attributes[key];
  return {
    ...user,
    enabled: desired.enabled,
    firstName: desired.firstName,
    lastName: desired.lastName,
    email: desired.email ?? '',
    emailVerified: emailChanged ? false : (user.emailVerified ?? false),
    attributes,
  };
}

/** The representation to POST for a new user. */
export function newUser(desired: DesiredAccount): UserRepresentation {
  return {
    username: desired.username,
    enabled: desired.enabled,
    firstName: desired.firstName,
    ...(desired.lastName ? { lastName: desired.lastName } : {}),
    ...(desired.email ? { email: desired.email } : {}),
    emailVerified: false,
    attributes: desired.attributes,
    requiredActions: [],
  };
}

/** The official a Keycloak user says it belongs to (attribute officialId), if any. */
export function officialIdOf(user: UserRepresentation): string | null {
  return user.attributes?.officialId?.[0] ?? null;
}

/**
 * Groups the platform manages: those it created (attribute agencyId) and any named by the
 * electronic id of an agency in the register. Other groups of the user are left alone.
 */
export function isAgencyGroup(group: GroupRepresentation, agencyElectronicIds: ReadonlySet<string>): boolean {
  return !!group.attributes?.agencyId?.length || agencyElectronicIds.has(group.name);
}

/** Electronic ids among `names` that belong to agencies of the register. */
export async function knownElectronicIds(ctx: RequestContext, names: string[] | 'all'): Promise<Set<string>> {
  if (names !== 'all' && !names.length) return new Set();
  const rows = await ctx.em.execute<Array<{ electronic_id: string }>>(
    `select electronic_id from staff_agency where ?::boolean or electronic_id = any(?::text[])`,
    [names === 'all', pgArray(names === 'all' ? [] : names)],
  );
  return new Set(rows.map((r) => r.electronic_id));
}
