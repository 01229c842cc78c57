import { isOfficialAccount } from './account-link';
import { OfficialOrder } from '../list-orders';
import type { FilterQuery } from '@mikro-orm/core';
import {
  BadInputError,
  isLocalDate,
  localToday,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  filterCovers,
  pgArray,
  scopeFilterSql,
  type RequestContext,
  type ScopeOwner,
  KeysetPageArgs,
  paginateKeyset,
  type OrderInput,
} from '../../../src';
import { Official, OfficialStatus, Position } from '../entities/official.entity';
import { Assignment } from '../entities/assignment.entity';
import { RoleAssignment } from '../entities/role-assignment.entity';
import { Agency } from '../entities/agency.entity';
import { Department } from '../entities/department.entity';
import { Desk } from '../entities/desk.entity';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { StaffPermissions } from '../permissions';
import {
  OfficialJoined,
  OfficialLeft,
  OfficialMoved,
  OfficialReinstated,
  OfficialSuspended,
} from '../events';
import { invalidateScopes } from './scope-invalidation';
import { enqueueKeycloakSync } from './provisioning';
import { idsContaining } from './search';
import { DelegationPolicy } from './delegation';
import { directory } from '../directory';
import { currentAssignmentIds } from './postings';
import { StaffRecords } from '../errors';

export interface PostingInput {
  agencyId: string;
  departmentId?: string | null;
  deskId?: string | null;
  primary?: boolean;
  startsOn?: string | null;
}

export interface RoleGrantInput {
  role: string;
  unitId?: string | null;
  agencyId?: string | null;
}

export interface OfficialInput {
  fullName: string;
  username?: string | null;
  position: Position;
  title?: string | null;
  email?: string | null;
  personalEmail?: string | null;
  phone?: string | null;
  joinedOn?: string | null;
  postings: PostingInput[];
  roles?: RoleGrantInput[];
}

export interface OfficialFilter {
  agencyId?: string;
  unitId?: string;
  status?: OfficialStatus;
  position?: Position;
  search?: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A calendar day 'YYYY-MM-DD' (null when not given). Checked here: PostgreSQL would also take
 * 'yesterday' or 'infinity' for a date column, and fail on 2025-02-30 with an unexpected error.
 */
function day(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!isLocalDate(value)) throw new BadInputError(`${field} must be a day written YYYY-MM-DD`, { field });
  return value;
}

function fullNameOf(value: string | null | undefined): string {
  const fullName = (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!fullName) throw new BadInputError('The full name must not be empty', { field: 'fullName' });
  return fullName;
}

/** Folds a Vietnamese name to ASCII: "Nguyễn Văn Hùng" -> "nguyen van hung". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Default sign-in name: given name + initials of the family and middle names, "hungnv". */
export function defaultUsername(fullName: string): string {
  const parts = foldVietnamese(fullName)
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => p.replace(/[^a-z0-9]/g, ''));
  if (!parts.length) return '';
  const given = parts[parts.length - 1];
  return (
    given +
    parts
      .slice(0, -1)
      .map((p) => p[0] ?? '')
      .join('')
  );
}

export class OfficialsService {
  async get(ctx: RequestContext, id: string): Promise<Official> {
    const official = await ctx.em.findOne(Official, { id });
    if (!official) throw new NotFoundError(StaffRecords.official, id);
    if (!(await this.canSee(ctx, official))) throw new NotFoundError(StaffRecords.official, id);
    return official;
  }

  /**
   * The agencies (with their units) of the official's current postings: what scope checks, audit
   * entries and events about the official are made against. One query; callers derive the lists.
   */
  private async postingsOf(
    ctx: RequestContext,
    officialId: string,
  ): Promise<Array<{ unitId: string; agencyId: string }>> {
    const rows = await ctx.em.execute<Array<{ agency_id: string; unit_id: string }>>(
      `select distinct agency_id, unit_id from staff_current_posting_v where official_id = ?`,
      [officialId],
    );
    return rows.map((r) => ({ unitId: r.unit_id, agencyId: r.agency_id }));
  }

  private async canSee(
    ctx: RequestContext,
    official: Official,
    permission: string = StaffPermissions.officialsRead,
  ): Promise<boolean> {
    if (ctx.isSystem) return true;
    if (isOfficialAccount(ctx.user, official)) return true;
    // Officials belong to the agencies they are posted to (and so to those agencies' units).
    const scope = await ctx.scopeFilter(permission);
    if (scope === 'all') return true;
    const postings = await this.postingsOf(ctx, official.id);
    return filterCovers(
      scope,
      postings.map((p) => p.unitId),
      postings.map((p) => p.agencyId),
    );
  }

  /** Managing an official needs officials.manage over every agency they are (or will be) posted to. */
  private async requireManage(ctx: RequestContext, postings: ScopeOwner[]): Promise<void> {
    ctx.require(StaffPermissions.officialsManage);
    for (const posting of postings) await ctx.requireIn(StaffPermissions.officialsManage, posting);
    if (!postings.length) await ctx.requireIn(StaffPermissions.officialsManage, null);
  }

  async list(ctx: RequestContext, filter: OfficialFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    ctx.require(StaffPermissions.officialsRead);
    const scope = await ctx.scopeFilter(StaffPermissions.officialsRead);
    const params: unknown[] = [];
    const conditions: string[] = [];
    const inScope = scopeFilterSql(scope, 'a.unit_id', 'a.agency_id');
    conditions.push(inScope.sql);
    params.push(...inScope.params);
    if (filter.agencyId) {
      conditions.push('a.agency_id = ?');
      params.push(filter.agencyId);
    }
    if (filter.unitId) {
      conditions.push(`a.unit_id in (select t.unit_id from staff_unit_tree_v t where t.ancestor_id = ?)`);
      params.push(filter.unitId);
    }
    const rows = await ctx.em.execute<Array<{ official_id: string }>>(
      `select distinct a.official_id from staff_current_posting_v a where ${conditions.join(' and ')}`,
      params,
    );
    const where: FilterQuery<Official> = { id: { $in: rows.map((r) => r.official_id) } };
    if (filter.status) where.status = filter.status;
    if (filter.position) where.position = filter.position;
    if (filter.search) {
      where.$and = [{ id: { $in: await idsContaining(ctx, 'staff_official', filter.search) } }];
    }
    return paginateKeyset(
      ctx.em,
      Official,
      where,
      page,
      OfficialOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  /**
   * The signed-in user's official record, or null when they have none: the directory's acting
   * official (one rule, once per request; a read-only record, to answer with, not to change).
   */
  async me(ctx: RequestContext): Promise<Official | null> {
    return (await directory.actingOfficial(ctx)) as Official | null;
  }

  async create(ctx: RequestContext, input: OfficialInput): Promise<Official> {
    if (!input.postings?.length)
      throw new BadInputError('An official needs at least one posting', { field: 'postings' });
    const resolved = await Promise.all(input.postings.map((p) => this.resolvePosting(ctx, p)));
    await this.requireManage(
      ctx,
      resolved.map((r) => ({ unitId: r.agency.unit.id, agencyId: r.agency.id })),
    );
    const fullName = fullNameOf(input.fullName);
    const joinedOn = day(input.joinedOn, 'joinedOn') ?? localToday();
    const username = await this.uniqueUsername(
      ctx,
      input.username?.trim().toLowerCase() || defaultUsername(fullName),
      !input.username,
    );
    this.checkContacts(input);
    const official = ctx.em.create(Official, {
      fullName,
      username,
      position: input.position,
      title: input.title ?? null,
      email: input.email ?? null,
      personalEmail: input.personalEmail ?? null,
      phone: input.phone ?? null,
      joinedOn,
    });
    resolved.forEach((r, index) => this.addPosting(ctx, official, r, input.postings[index], index === 0));
    const granted: RoleAssignment[] = [];
    for (const grant of input.roles ?? []) granted.push(await this.addRole(ctx, official, grant));
    await ctx.em.flush();
    const agencyIds = resolved.map((r) => r.agency.id);
    const unitIds = [...new Set(resolved.map((r) => r.agency.unit.id))];
    ctx.audit({
      action: 'staff.official.create',
      entityType: 'Official',
      entityId: official.id,
      unitId: unitIds[0],
      agencyId: agencyIds[0] ?? null,
      after: officialSnapshot(official),
    });
    for (const assignment of granted) auditGrant(ctx, 'staff.role.grant', official.id, assignment);
    await ctx.publish(OfficialJoined, { officialId: official.id, agencyIds, unitIds });
    await enqueueKeycloakSync(ctx, official.id, { sendSetPassword: true });
    invalidateScopes(ctx);
    return official;
  }

  async update(
    ctx: RequestContext,
    id: string,
    input: Partial<Omit<OfficialInput, 'postings' | 'roles'>> & { version?: number },
  ): Promise<Official> {
    const official = await this.get(ctx, id);
    const postings = await this.postingsOf(ctx, id);
    const unitIds = [...new Set(postings.map((p) => p.unitId))];
    const agencyIds = postings.map((p) => p.agencyId);
    await this.requireManage(ctx, postings);
    if (input.version !== undefined && input.version !== official.version)
      throw new ConflictError('This official was changed by someone else; reload and try again');
    this.checkContacts(input);
    const fullName = input.fullName !== undefined ? fullNameOf(input.fullName) : undefined;
    if (input.position === null)
      throw new BadInputError('An official keeps a position; give the new one', { field: 'position' });
    const before = officialSnapshot(official);
    if (fullName !== undefined) official.fullName = fullName;
    if (input.username !== undefined && input.username) {
      if (official.keycloakUserId)
        throw new BadInputError('The username cannot change once the Keycloak account exists', {
          field: 'username',
        });
      official.username = await this.uniqueUsername(
        ctx,
        input.username.trim().toLowerCase(),
        false,
        official.id,
      );
    }
    for (const key of ['position', 'title', 'email', 'personalEmail', 'phone'] as const) {
      if (input[key] !== undefined) (official as unknown as Record<string, unknown>)[key] = input[key];
    }
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.official.update',
      entityType: 'Official',
      entityId: id,
      unitId: unitIds[0] ?? null,
      agencyId: agencyIds[0] ?? null,
      before,
      after: officialSnapshot(official),
    });
    await enqueueKeycloakSync(ctx, id);
    return official;
  }

  /**
   * Sets the official's work email from another plugin's trusted code (email-accounts: the address
   * of their primary mailbox), inside that plugin's own checked operation or event job, so no
   * permission of its own. Audited (`staff.official.work-email`, with `source`); Keycloak follows.
   */
  async setWorkEmail(
    ctx: RequestContext,
    officialId: string,
    email: string | null,
    source: string,
  ): Promise<boolean> {
    const official = await ctx.em.findOne(Official, { id: officialId });
    if (!official) throw new NotFoundError(StaffRecords.official, officialId);
    const next = email?.trim().toLowerCase() || null;
    if (next && !EMAIL.test(next))
      throw new BadInputError('email is not an email address', { field: 'email' });
    if ((official.email ?? null) === next) return false;
    const before = official.email ?? null;
    official.email = next;
    await ctx.em.flush();
    const postings = await this.postingsOf(ctx, officialId);
    ctx.audit({
      action: 'staff.official.work-email',
      entityType: 'Official',
      entityId: officialId,
      unitId: postings[0]?.unitId ?? null,
      agencyId: postings[0]?.agencyId ?? null,
      before: { email: before },
      after: { email: next, source },
    });
    await enqueueKeycloakSync(ctx, officialId);
    return true;
  }

  /**
   * setWorkEmail for many officials at once (bulk mailbox provisioning): one update, one audit entry
   * and one Keycloak sync per official whose email changes. Returns their ids. Officials loaded in
   * this request keep their old email in memory: use it where they are not changed again after it.
   */
  async setWorkEmails(
    ctx: RequestContext,
    entries: Array<{ officialId: string; email: string }>,
    source: string,
  ): Promise<string[]> {
    if (!entries.length) return [];
    const next = entries.map((e) => e.email.trim().toLowerCase());
    for (const email of next)
      if (!EMAIL.test(email)) throw new BadInputError('email is not an email address', { field: 'email' });
    const changed = await ctx.em.execute<Array<{ id: string; before: string | null; after: string | null }>>(
      `with v as (select * from unnest(?::uuid[], ?::text[]) as v(id, email)),
            old as (select o.id, o.email from staff_official o join v on v.id = o.id for update of o),
            upd as (update staff_official o set email = v.email, version = o.version + 1, updated_at = now()
                      from v where o.id = v.id and o.email is distinct from v.email returning o.id, o.email)
       select upd.id, old.email as before, upd.email as after from upd join old on old.id = upd.id`,
      [pgArray(entries.map((e) => e.officialId)), pgArray(next)],
    );
    for (const row of changed) {
      const postings = await this.postingsOf(ctx, row.id);
      ctx.audit({
        action: 'staff.official.work-email',
        entityType: 'Official',
        entityId: row.id,
        unitId: postings[0]?.unitId ?? null,
        agencyId: postings[0]?.agencyId ?? null,
        before: { email: row.before },
        after: { email: row.after, source },
      });
      await enqueueKeycloakSync(ctx, row.id, { flush: false });
    }
    return changed.map((r) => r.id);
  }

  /** Replaces the official's current postings (a move between agencies, departments or desks). */
  async setPostings(ctx: RequestContext, id: string, postings: PostingInput[]): Promise<Official> {
    if (!postings.length)
      throw new BadInputError('An official needs at least one posting; mark them as left instead', {
        field: 'postings',
      });
    const official = await this.get(ctx, id);
    const from = await this.postingsOf(ctx, id);
    const fromAgencyIds = from.map((p) => p.agencyId);
    const resolved = await Promise.all(postings.map((p) => this.resolvePosting(ctx, p)));
    await this.requireManage(ctx, [
      ...from,
      ...resolved.map((r) => ({ unitId: r.agency.unit.id, agencyId: r.agency.id })),
    ]);
    const current = await ctx.em.find(Assignment, { id: { $in: await currentAssignmentIds(ctx.em, id) } });
    for (const assignment of current) assignment.endsOn = localToday();
    resolved.forEach((r, index) => this.addPosting(ctx, official, r, postings[index], index === 0));
    await ctx.em.flush();
    const toAgencyIds = resolved.map((r) => r.agency.id);
    ctx.audit({
      action: 'staff.official.move',
      entityType: 'Official',
      entityId: id,
      unitId: resolved[0].agency.unit.id,
      agencyId: resolved[0].agency.id,
      before: { agencyIds: fromAgencyIds },
      after: { agencyIds: toAgencyIds },
    });
    await ctx.publish(OfficialMoved, {
      officialId: id,
      fromAgencyIds,
      toAgencyIds,
      unitIds: [...new Set(resolved.map((r) => r.agency.unit.id))],
    });
    await enqueueKeycloakSync(ctx, id);
    invalidateScopes(ctx);
    return official;
  }

  async grantRole(ctx: RequestContext, officialId: string, grant: RoleGrantInput): Promise<RoleAssignment> {
    const official = await this.get(ctx, officialId);
    const assignment = await this.addRole(ctx, official, grant);
    await ctx.em.flush();
    auditGrant(ctx, 'staff.role.grant', officialId, assignment);
    await enqueueKeycloakSync(ctx, officialId);
    invalidateScopes(ctx);
    return assignment;
  }

  async revokeRole(ctx: RequestContext, roleAssignmentId: string): Promise<boolean> {
    const assignment = await ctx.em.findOne(
      RoleAssignment,
      { id: roleAssignmentId },
      { populate: ['agency', 'official'] },
    );
    if (!assignment) throw new NotFoundError(StaffRecords.roleAssignment, roleAssignmentId);
    const unitId = assignment.unit?.id ?? assignment.agency?.getEntity().unit.id ?? null;
    const heldAgency = assignment.agency?.getEntity();
    const over = roleScopeOwner(
      assignment.unit?.id ?? null,
      heldAgency ? { id: heldAgency.id, unitId: heldAgency.unit.id } : null,
    );
    const policy = DelegationPolicy.of(ctx);
    const refusal = await policy.refusal(assignment.role, over, assignment.official.id);
    if (refusal) {
      // Someone else's role outside one's scope does not exist for the caller; a visible one is refused.
      if (!(await this.canSee(ctx, assignment.official.getEntity())))
        throw new NotFoundError(StaffRecords.roleAssignment, roleAssignmentId);
      throw new ForbiddenError(refusal.replace('grant role', 'revoke role'));
    }
    const officialId = assignment.official.id;
    ctx.em.remove(assignment);
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.role.revoke',
      entityType: 'Official',
      entityId: officialId,
      unitId,
      agencyId: heldAgency?.id ?? null,
      before: {
        role: assignment.role,
        unitId: assignment.unit?.id ?? null,
        agencyId: heldAgency?.id ?? null,
      },
    });
    await enqueueKeycloakSync(ctx, officialId);
    invalidateScopes(ctx);
    return true;
  }

  async changeStatus(
    ctx: RequestContext,
    id: string,
    status: OfficialStatus,
    on?: string | null,
  ): Promise<Official> {
    const official = await this.get(ctx, id);
    const postings = await this.postingsOf(ctx, id);
    const unitIds = [...new Set(postings.map((p) => p.unitId))];
    const agencyIds = postings.map((p) => p.agencyId);
    await this.requireManage(ctx, postings);
    const effective = day(on, 'on');
    if (official.status === status) return official;
    if (official.status === OfficialStatus.LEFT)
      throw new ConflictError('This official has left; create a new record if they return');
    const before = officialSnapshot(official);
    official.status = status;
    official.statusSince = new Date();
    if (status === OfficialStatus.LEFT) {
      official.leftOn = effective ?? localToday();
      const current = await ctx.em.find(Assignment, { id: { $in: await currentAssignmentIds(ctx.em, id) } });
      for (const assignment of current) assignment.endsOn = official.leftOn;
    }
    await ctx.em.flush();
    ctx.audit({
      action: `staff.official.${status.toLowerCase()}`,
      entityType: 'Official',
      entityId: id,
      unitId: unitIds[0] ?? null,
      agencyId: agencyIds[0] ?? null,
      before,
      after: officialSnapshot(official),
    });
    if (status === OfficialStatus.SUSPENDED)
      await ctx.publish(OfficialSuspended, { officialId: id, agencyIds, unitIds });
    if (status === OfficialStatus.ACTIVE)
      await ctx.publish(OfficialReinstated, { officialId: id, agencyIds, unitIds });
    if (status === OfficialStatus.LEFT)
      await ctx.publish(OfficialLeft, { officialId: id, agencyIds, unitIds, leftOn: official.leftOn! });
    await enqueueKeycloakSync(ctx, id);
    invalidateScopes(ctx);
    return official;
  }

  private async resolvePosting(ctx: RequestContext, posting: PostingInput) {
    day(posting.startsOn, 'startsOn');
    const agency = await ctx.em.findOne(Agency, { id: posting.agencyId });
    if (!agency) throw new NotFoundError(StaffRecords.agency, posting.agencyId);
    const department = posting.departmentId
      ? await ctx.em.findOne(Department, { id: posting.departmentId, agency: agency.id })
      : null;
    if (posting.departmentId && !department)
      throw new BadInputError(`Department ${posting.departmentId} is not part of ${agency.name}`, {
        field: 'departmentId',
      });
    const desk = posting.deskId
      ? await ctx.em.findOne(Desk, { id: posting.deskId, centre: { agency: agency.id } })
      : null;
    if (posting.deskId && !desk)
      throw new BadInputError(`Desk ${posting.deskId} is not a counter of ${agency.name}`, {
        field: 'deskId',
      });
    return { agency, department, desk };
  }

  private addPosting(
    ctx: RequestContext,
    official: Official,
    r: { agency: Agency; department: Department | null; desk: Desk | null },
    input: PostingInput,
    first: boolean,
  ) {
    ctx.em.create(Assignment, {
      official,
      agency: r.agency,
      department: r.department,
      desk: r.desk,
      primary: input.primary ?? first,
      startsOn: input.startsOn ?? localToday(),
    });
  }

  private async addRole(
    ctx: RequestContext,
    official: Official,
    grant: RoleGrantInput,
  ): Promise<RoleAssignment> {
    if (!ctx.app.roles.roles.includes(grant.role)) {
      throw new BadInputError(`Unknown role "${grant.role}" (known: ${ctx.app.roles.roles.join(', ')})`, {
        field: 'role',
      });
    }
    if (!!grant.unitId === !!grant.agencyId)
      throw new BadInputError('A role is held over exactly one unit or one agency', { field: 'unitId' });
    const unit = grant.unitId ? await ctx.em.findOne(AdministrativeUnit, { id: grant.unitId }) : null;
    if (grant.unitId && !unit) throw new NotFoundError(StaffRecords.unit, grant.unitId);
    const agency = grant.agencyId ? await ctx.em.findOne(Agency, { id: grant.agencyId }) : null;
    if (grant.agencyId && !agency) throw new NotFoundError(StaffRecords.agency, grant.agencyId);
    const over = roleScopeOwner(unit?.id ?? null, agency ? { id: agency.id, unitId: agency.unit.id } : null);
    // A new official has no id yet in the register, so cannot be the granter themselves.
    await DelegationPolicy.of(ctx).require(grant.role, over, official.id);
    return ctx.em.create(RoleAssignment, {
      official,
      role: grant.role,
      unit,
      agency,
    });
  }

  private checkContacts(input: { email?: string | null; personalEmail?: string | null }): void {
    for (const field of ['email', 'personalEmail'] as const) {
      const value = input[field];
      if (value && !EMAIL.test(value)) throw new BadInputError(`${field} is not an email address`, { field });
    }
  }

  /** Appends 2, 3, … to a derived name until it is free; an explicit name must be free as given. */
  private async uniqueUsername(
    ctx: RequestContext,
    base: string,
    derive: boolean,
    exceptId?: string,
  ): Promise<string> {
    if (!USERNAME.test(base))
      throw new BadInputError(`"${base}" is not a valid username (a-z, 0-9, . _ -)`, { field: 'username' });
    const taken = new Set(
      (
        await ctx.em.execute<Array<{ username: string }>>(
          `select username from staff_official where (username = ? or username ~ ('^' || ? || '[0-9]+$')) and id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000')`,
          [base, base.replace(/[.]/g, '\\.'), exceptId ?? null],
        )
      ).map((r) => r.username),
    );
    if (!taken.has(base)) return base;
    if (!derive) throw new ConflictError(`Username "${base}" is taken`);
    for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
  }
}

/**
 * What a role held over a unit or an agency reaches, as a scope check: a role over a unit reaches the
 * whole unit and below, so only a grant over that unit (or above) may hand it out; a role over an
 * agency reaches that agency's things.
 */
export function roleScopeOwner(
  unitId: string | null,
  agency: { id: string; unitId: string } | null,
): ScopeOwner | null {
  if (unitId) return { unitId, wholeUnit: true };
  return agency ? { unitId: agency.unitId, agencyId: agency.id } : null;
}

/** Every grant and revoke is in the audit trail, with the role and where it is held. */
function auditGrant(
  ctx: RequestContext,
  action: string,
  officialId: string,
  assignment: RoleAssignment,
): void {
  const agency = assignment.agency?.getEntity() ?? null;
  const unitId = assignment.unit?.id ?? agency?.unit.id ?? null;
  ctx.audit({
    action,
    entityType: 'Official',
    entityId: officialId,
    unitId,
    agencyId: agency?.id ?? null,
    after: { role: assignment.role, unitId: assignment.unit?.id ?? null, agencyId: agency?.id ?? null },
  });
}

export function officialSnapshot(o: Official): Record<string, unknown> {
  return {
    fullName: o.fullName,
    username: o.username,
    position: o.position,
    title: o.title,
    email: o.email,
    personalEmail: o.personalEmail,
    phone: o.phone,
    status: o.status,
  };
}
