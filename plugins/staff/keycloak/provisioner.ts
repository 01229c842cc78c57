import type { RequestContext } from '../../../src';
import { KeycloakAccount } from './entities/keycloak-account.entity';
import {
  KeycloakConflictError,
  KeycloakError,
  type KeycloakAdminClient,
  type RoleRepresentation,
  type UserRepresentation,
} from './admin-client';
import {
  isAgencyGroup,
  knownElectronicIds,
  loadDesiredAccounts,
  mergedUser,
  newUser,
  officialIdOf,
  profileDifferences,
  type DesiredAccount,
  type DesiredAgency,
} from './desired-state';

export interface ProvisioningSettings {
  actionsLifespanSeconds: number;
  actionsClientId: string | null;
  actionsRedirectUri: string | null;
}

export interface SyncOutcome {
  /** false: the official does not exist (any more) or has left without ever having an account. */
  synced: boolean;
  keycloakUserId: string | null;
  created: boolean;
  /** What changed in Keycloak, e.g. "enabled", "groups +000.01.01.H46", "roles -leader". */
  changes: string[];
  setPasswordSent: boolean;
  /** Permanent problems that did not stop the rest (a role missing from the realm, no email address). */
  problems: string[];
}

/**
 * Brings one official's Keycloak user in line with the register. Idempotent: run it any number of
 * times, in any state Keycloak is in, and it converges. Network and 5xx failures throw a retryable
 * KeycloakError (the job is retried); a conflict it cannot resolve throws a permanent one.
 */
export async function syncOfficial(
  ctx: RequestContext,
  client: KeycloakAdminClient,
  officialId: string,
  options: { sendSetPassword: boolean; settings: ProvisioningSettings },
): Promise<SyncOutcome> {
  const outcome: SyncOutcome = {
    synced: false,
    keycloakUserId: null,
    created: false,
    changes: [],
    setPasswordSent: false,
    problems: [],
  };
  const [desired] = await loadDesiredAccounts(ctx, [officialId], ctx.app.roles.roles);
  if (!desired) return outcome;
  const account =
    (await ctx.em.findOne(KeycloakAccount, { officialId })) ?? ctx.em.create(KeycloakAccount, { officialId });

  // 1. The user: by the stored link, else by username; created when missing.
  let user = await findUser(client, desired);
  if (user && officialIdOf(user) && officialIdOf(user) !== desired.officialId) {
    // The other official is not named: this error is shown to IT admins of this official's units only.
    ctx.logger.warn(
      { officialId: desired.officialId, ownerOfficialId: officialIdOf(user), username: desired.username },
      'Keycloak user belongs to another official',
    );
    throw new KeycloakError(
      `Keycloak user "${desired.username}" belongs to another official; not touching it`,
      409,
      false,
    );
  }
  if (!user) {
    if (!desired.shouldExist) {
      await linkOfficial(ctx, desired, null);
      outcome.synced = true;
      return finish(ctx, account, outcome);
    }
    let id: string;
    try {
      id = await client.createUser(newUser(desired));
      outcome.created = true;
      outcome.changes.push('created');
    } catch (error) {
      if (!(error instanceof KeycloakConflictError)) throw error;
      // Created meanwhile (a parallel run), or another user has this email address.
      const existing = await client.findUserByUsername(desired.username);
      if (!existing)
        throw new KeycloakError(
          `Keycloak refused to create "${desired.username}": ${error.keycloakMessage ?? 'conflict'}`,
          409,
          false,
          error.keycloakMessage,
        );
      id = existing.id!;
    }
    user = await client.getUser(id);
    if (!user) throw new KeycloakError(`Keycloak user ${id} vanished right after it was created`, 404, true);
  }
  const userId = user.id!;
  outcome.keycloakUserId = userId;

  // 2. Profile and enabled flag first: a suspension takes effect before anything else.
  const differences = profileDifferences(desired, user);
  if (differences.length) {
    try {
      await client.updateUser(userId, mergedUser(desired, user));
    } catch (error) {
      if (error instanceof KeycloakConflictError) {
        throw new KeycloakError(
          `Keycloak refused to update "${desired.username}": ${error.keycloakMessage ?? 'conflict'} (email ${desired.email ?? 'none'})`,
          409,
          false,
          error.keycloakMessage,
        );
      }
      throw error;
    }
    if (!outcome.created) outcome.changes.push(...differences);
  }
  await linkOfficial(ctx, desired, userId);

  // 3. Groups: exactly the agencies of the current postings, among the groups the platform manages.
  const groups = await client.userGroups(userId);
  const known = await knownElectronicIds(
    ctx,
    groups.map((g) => g.name),
  );
  const managed = groups.filter((g) => isAgencyGroup(g, known));
  const wanted = new Set(desired.agencies.map((a) => a.electronicId));
  for (const agency of desired.agencies) {
    if (managed.some((g) => g.name === agency.electronicId)) continue;
    const groupId = await ensureAgencyGroup(client, agency);
    await client.joinGroup(userId, groupId);
    outcome.changes.push(`groups +${agency.electronicId}`);
  }
  for (const group of managed) {
    if (wanted.has(group.name)) continue;
    await client.leaveGroup(userId, group.id!);
    outcome.changes.push(`groups -${group.name}`);
  }

  // 4. Realm roles: exactly the platform roles held; Keycloak's own (offline_access, default-roles-*) stay.
  const platformRoles = new Set(ctx.app.roles.roles);
  const current = (await client.userRealmRoles(userId)).filter((r) => platformRoles.has(r.name));
  const toAdd: RoleRepresentation[] = [];
  for (const name of desired.roles) {
    if (current.some((r) => r.name === name)) continue;
    const role = await client.getRealmRole(name);
    if (!role) outcome.problems.push(`realm role "${name}" does not exist in Keycloak`);
    else toAdd.push(role);
  }
  const toRemove = current.filter((r) => !desired.roles.includes(r.name));
  await client.addUserRealmRoles(userId, toAdd);
  await client.removeUserRealmRoles(userId, toRemove);
  outcome.changes.push(...toAdd.map((r) => `roles +${r.name}`), ...toRemove.map((r) => `roles -${r.name}`));

  // 5. The set-password email, once: when the account is new (or the creating sync asked for it).
  const owed =
    !account.setPasswordSentAt && (outcome.created || options.sendSetPassword || account.setPasswordPending);
  if (owed) {
    if (desired.enabled && desired.email) {
      await client.executeActionsEmail(userId, ['UPDATE_PASSWORD'], {
        lifespan: options.settings.actionsLifespanSeconds,
        clientId: options.settings.actionsClientId,
        redirectUri: options.settings.actionsRedirectUri,
      });
      account.setPasswordSentAt = new Date();
      account.setPasswordPending = false;
      outcome.setPasswordSent = true;
    } else {
      account.setPasswordPending = true;
      if (!desired.email) outcome.problems.push('no email address: the set-password link cannot be sent');
    }
  }

  outcome.synced = true;
  if (outcome.created || outcome.changes.length || outcome.setPasswordSent) {
    ctx.audit({
      action: 'staff.keycloak.sync',
      entityType: 'Official',
      entityId: desired.officialId,
      unitId: desired.unitIds[0] ?? null,
      agencyId: desired.agencyIds[0] ?? null,
      after: {
        keycloakUserId: userId,
        created: outcome.created,
        changes: outcome.changes,
        setPasswordSent: outcome.setPasswordSent,
      },
    });
  }
  return finish(ctx, account, outcome);
}

/** Records a failed sync; a permanent one shows in drift reports until a sync succeeds. */
/**
 * Provisioning is not configured: the sync could not run. Recorded (state NOT_CONFIGURED) rather than
 * skipped silently; once Keycloak is configured, start-up queues these officials again.
 */
export async function recordNotConfigured(ctx: RequestContext, officialId: string): Promise<void> {
  await ctx.em.execute(
    `insert into staff_keycloak_account (official_id, not_configured, updated_at)
     select o.id, true, now() from staff_official o where o.id = ?
     on conflict (official_id) do update set not_configured = true, updated_at = excluded.updated_at`,
    [officialId],
  );
}

export async function recordSyncFailure(
  ctx: RequestContext,
  officialId: string,
  message: string,
  permanent: boolean,
): Promise<void> {
  await ctx.em.execute(
    `insert into staff_keycloak_account (official_id, last_error, last_error_at, error_permanent, updated_at)
     select o.id, ?, now(), ?, now() from staff_official o where o.id = ?
     on conflict (official_id) do update set last_error = excluded.last_error, last_error_at = excluded.last_error_at,
       error_permanent = excluded.error_permanent, updated_at = excluded.updated_at`,
    [message.slice(0, 2000), permanent, officialId],
  );
}

async function finish(
  ctx: RequestContext,
  account: KeycloakAccount,
  outcome: SyncOutcome,
): Promise<SyncOutcome> {
  account.lastSyncedAt = new Date();
  account.notConfigured = false;
  if (outcome.problems.length) {
    account.lastError = outcome.problems.join('; ');
    account.lastErrorAt = new Date();
    account.errorPermanent = true;
  } else {
    account.lastError = null;
    account.lastErrorAt = null;
    account.errorPermanent = false;
  }
  await ctx.em.flush();
  return outcome;
}

async function findUser(
  client: KeycloakAdminClient,
  desired: DesiredAccount,
): Promise<UserRepresentation | null> {
  if (desired.keycloakUserId) {
    const linked = await client.getUser(desired.keycloakUserId);
    if (linked) return linked;
  }
  return client.findUserByUsername(desired.username);
}

/** Stores the Keycloak user id on the official (plain SQL: no version bump for an admin's edit). */
async function linkOfficial(
  ctx: RequestContext,
  desired: DesiredAccount,
  userId: string | null,
): Promise<void> {
  if (desired.keycloakUserId === userId) return;
  await ctx.em.execute(
    `update staff_official set keycloak_user_id = ? where id = ? and keycloak_user_id is distinct from ?`,
    [userId, desired.officialId, userId],
  );
}

/** The agency's group, created (with attributes) when missing. */
async function ensureAgencyGroup(client: KeycloakAdminClient, agency: DesiredAgency): Promise<string> {
  const existing = await client.findGroupByName(agency.electronicId);
  if (existing?.id) return existing.id;
  try {
    return await client.createGroup({
      name: agency.electronicId,
      attributes: {
        agencyId: [agency.id],
        electronicId: [agency.electronicId],
        agencyName: [agency.name],
        unitId: [agency.unitId],
      },
    });
  } catch (error) {
    if (!(error instanceof KeycloakConflictError)) throw error;
    const created = await client.findGroupByName(agency.electronicId);
    if (!created?.id)
      throw new KeycloakError(
        `Keycloak says group ${agency.electronicId} exists but does not return it`,
        409,
        true,
      );
    return created.id;
  }
}
