import type { RequestContext } from '../../../src';
import type { KeycloakAdminClient, UserRepresentation } from './admin-client';
import type { DriftItem, KeycloakDriftReport } from './entities/keycloak-drift-report.entity';
import {
  isAgencyGroup,
  knownElectronicIds,
  loadDesiredAccounts,
  officialIdOf,
  profileDifferences,
  type DesiredAccount,
} from './desired-state';

const PAGE = 100;
const PARALLEL = 4;

export interface ReconcileResult {
  items: DriftItem[];
  officialsChecked: number;
  usersChecked: number;
  /** Officials with at least one drift item (what a repair re-syncs). */
  driftedOfficialIds: string[];
}

/**
 * Compares every official of the register with Keycloak's users (paging through GET /users) and
 * lists the differences. Reads only: repairs are sync jobs queued by the caller.
 */
export async function findDrift(ctx: RequestContext, client: KeycloakAdminClient): Promise<ReconcileResult> {
  const desired = await loadDesiredAccounts(ctx, 'all', ctx.app.roles.roles);
  const users: UserRepresentation[] = [];
  for (let first = 0; ; first += PAGE) {
    const page = await client.listUsers(first, PAGE);
    users.push(...page);
    if (page.length < PAGE) break;
  }
  const byId = new Map(users.map((u) => [u.id!, u]));
  const byUsername = new Map(users.map((u) => [u.username!, u]));
  const electronicIds = await knownElectronicIds(ctx, 'all');
  const platformRoles = new Set(ctx.app.roles.roles);
  const items: DriftItem[] = [];
  const item = (
    d: DesiredAccount | null,
    kind: DriftItem['kind'],
    message: string,
    extra: Partial<DriftItem> = {},
  ): DriftItem => ({
    kind,
    officialId: d?.officialId ?? null,
    username: d?.username ?? '',
    keycloakUserId: d?.keycloakUserId ?? null,
    unitIds: d?.unitIds ?? [],
    agencyIds: d?.agencyIds ?? [],
    message,
    missing: [],
    extra: [],
    ...extra,
  });

  const compare = async (d: DesiredAccount): Promise<DriftItem[]> => {
    const found: DriftItem[] = [];
    const user =
      (d.keycloakUserId ? byId.get(d.keycloakUserId) : undefined) ?? byUsername.get(d.username.toLowerCase());
    if (!user) {
      if (d.shouldExist)
        found.push(item(d, 'MISSING_USER', `No Keycloak user for ${d.username} (${d.status})`));
      return found;
    }
    const owner = officialIdOf(user);
    if (owner && owner !== d.officialId) {
      found.push(
        item(d, 'OWNED_BY_OTHER', `Keycloak user ${user.username} carries officialId ${owner}`, {
          keycloakUserId: user.id!,
        }),
      );
      return found;
    }
    const kc = { keycloakUserId: user.id! };
    if (d.keycloakUserId !== user.id)
      found.push(item(d, 'NOT_LINKED', `The official is not linked to Keycloak user ${user.id}`, kc));
    if (user.enabled && !d.enabled)
      found.push(item(d, 'SHOULD_BE_DISABLED', `Enabled in Keycloak but the official is ${d.status}`, kc));
    if (!user.enabled && d.enabled)
      found.push(item(d, 'SHOULD_BE_ENABLED', 'Disabled in Keycloak but the official is ACTIVE', kc));
    const profile = profileDifferences(d, user).filter((f) => f !== 'enabled');
    if (profile.length)
      found.push(item(d, 'PROFILE', `Profile differs: ${profile.join(', ')}`, { ...kc, missing: profile }));

    const [groups, roles] = await Promise.all([client.userGroups(user.id!), client.userRealmRoles(user.id!)]);
    const have = groups.filter((g) => isAgencyGroup(g, electronicIds)).map((g) => g.name);
    const want = d.agencies.map((a) => a.electronicId);
    const missingGroups = want.filter((g) => !have.includes(g)).sort();
    const extraGroups = have.filter((g) => !want.includes(g)).sort();
    if (missingGroups.length || extraGroups.length) {
      found.push(
        item(d, 'GROUPS', describe('groups', missingGroups, extraGroups), {
          ...kc,
          missing: missingGroups,
          extra: extraGroups,
        }),
      );
    }
    const haveRoles = roles.map((r) => r.name).filter((r) => platformRoles.has(r));
    const missingRoles = d.roles.filter((r) => !haveRoles.includes(r)).sort();
    const extraRoles = haveRoles.filter((r) => !d.roles.includes(r)).sort();
    if (missingRoles.length || extraRoles.length) {
      found.push(
        item(d, 'ROLES', describe('realm roles', missingRoles, extraRoles), {
          ...kc,
          missing: missingRoles,
          extra: extraRoles,
        }),
      );
    }
    return found;
  };

  // A few officials at a time: two calls each, without flooding Keycloak.
  for (let i = 0; i < desired.length; i += PARALLEL) {
    const batch = await Promise.all(desired.slice(i, i + PARALLEL).map(compare));
    for (const list of batch) items.push(...list);
  }

  // Users the platform created for officials the register does not know (any more).
  const registered = new Set(desired.map((d) => d.officialId));
  for (const user of users) {
    const owner = officialIdOf(user);
    if (owner && !registered.has(owner)) {
      items.push({
        kind: 'ORPHAN_USER',
        officialId: null,
        username: user.username ?? '',
        keycloakUserId: user.id ?? null,
        unitIds: [],
        agencyIds: [],
        message: `Keycloak user ${user.username} names official ${owner}, who is not in the register${user.enabled ? ' (still enabled)' : ''}`,
        missing: [],
        extra: [],
      });
    }
  }

  // Syncs that stopped on a permanent error.
  const failed = await ctx.em.execute<Array<{ official_id: string; last_error: string }>>(
    `select official_id, last_error from staff_keycloak_account where error_permanent and last_error is not null`,
  );
  const desiredById = new Map(desired.map((d) => [d.officialId, d]));
  for (const row of failed) {
    const d = desiredById.get(row.official_id);
    if (d) items.push(item(d, 'SYNC_FAILED', row.last_error));
  }

  return {
    items,
    officialsChecked: desired.length,
    usersChecked: users.length,
    driftedOfficialIds: [...new Set(items.map((i) => i.officialId).filter((id): id is string => !!id))],
  };
}

function describe(what: string, missing: string[], extra: string[]): string {
  const parts = [];
  if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length) parts.push(`unexpected ${extra.join(', ')}`);
  return `Keycloak ${what}: ${parts.join('; ')}`;
}

/** Fills a report from a run. */
export function applyResult(report: KeycloakDriftReport, result: ReconcileResult): void {
  report.items = result.items;
  report.officialsChecked = result.officialsChecked;
  report.usersChecked = result.usersChecked;
}
