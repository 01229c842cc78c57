import { wrap } from '@mikro-orm/core';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  filterCovers,
  findManaged,
  preparedRows,
  requireId,
  type RequestContext,
} from '../../../src';
import { ProceduresErrorCodes } from '../errors';
import { DeadlineUnit, directory, type AgencyRecord } from '../../staff';
import { DossierAction, DossierStatus } from '../domain/enums';
import { formInForce, type OneStopForm } from '../domain/forms';
import { TRANSITIONS, type TransitionRule } from '../domain/transitions';
import { Dossier } from '../entities/dossier.entity';
import { DossierStep } from '../entities/dossier-step.entity';
import { ProceduresPermissions } from '../permissions';
import { verdictOf } from './deadlines';
import { ProceduresRecords } from '../errors';
import { DossierChanged } from '../live/dossier-live';

/** What the leader's dashboard counts: a unit with the units below it, or one agency. */
export type DashboardPlace = { unitId: string } | { agencyId: string };

export interface Actor {
  id: string | null;
  name: string | null;
}

/** Who acts on a dossier: staff's acting official (the directory resolves it once per request). */
export async function actorOf(ctx: RequestContext): Promise<Actor> {
  const actor = await directory.actor(ctx);
  return { id: actor.officialId, name: actor.name };
}

/**
 * The dossier's agency, from staff's directory. It is always there (the dossier was filed with it):
 * a missing one is a fault, answered INTERNAL_SERVER_ERROR like the ORM's findOneOrFail was.
 */
export async function agencyOfDossier(
  ctx: RequestContext,
  dossier: Pick<Dossier, 'id' | 'agencyId'>,
): Promise<AgencyRecord> {
  const agency = await directory.agency(ctx, dossier.agencyId);
  if (!agency) throw new Error(`Agency ${dossier.agencyId} of dossier ${dossier.id} not found in staff`);
  return agency;
}

/**
 * Who may read the dossier: roles over the owner's or a holder's unit (or above), and roles over
 * the owning agency or any agency that has held it. The same rule as the register's SQL.
 */
export async function canSee(ctx: RequestContext, dossier: Dossier): Promise<boolean> {
  if (ctx.isSystem) return true;
  if (!ctx.has(ProceduresPermissions.dossiersRead)) return false;
  return filterCovers(
    await ctx.scopeFilter(ProceduresPermissions.dossiersRead),
    [dossier.unitId, dossier.holderUnitId, ...(dossier.involvedUnitIds ?? [])],
    [dossier.agencyId, dossier.holderAgencyId, ...(dossier.involvedAgencyIds ?? [])],
  );
}

/**
 * The dossier with this id, managed by the request's unit of work (the one it holds, else read by a
 * prepared statement: the transitions' hot path), or null. `id` must be a UUID.
 */
export async function loadDossier(ctx: RequestContext, id: string): Promise<Dossier | null> {
  const held = ctx.em.getUnitOfWork().getById<Dossier>(Dossier.name, id);
  if (held && wrap(held, true).isInitialized()) return held;
  const [dossier] = await findManaged(ctx.em, Dossier, 'd', 'where d.id = ?', [id]);
  return dossier ?? null;
}

/**
 * A dossier the user may see, by an id a client sent in `field`: a malformed id is BAD_USER_INPUT
 * naming that field, a dossier missing or outside the user's scope NOT_FOUND (never revealing that it
 * exists).
 */
export async function loadVisible(ctx: RequestContext, id: string, field = 'dossierId'): Promise<Dossier> {
  ctx.require(ProceduresPermissions.dossiersRead);
  requireId(id, field);
  const dossier = await loadDossier(ctx, id);
  if (!dossier || !(await canSee(ctx, dossier))) throw new NotFoundError(ProceduresRecords.dossier, id);
  return dossier;
}

export class InvalidTransitionError extends DomainError {
  constructor(action: DossierAction, status: DossierStatus, reason?: string) {
    super(
      ProceduresErrorCodes.DOSSIER_INVALID_TRANSITION,
      reason ?? `${action} is not allowed while the dossier is ${DossierStatus[status]} (${status})`,
      { action, status: DossierStatus[status] },
    );
  }
}

/** Whether the user may make this transition on this dossier (permission and unit scope). */
export async function mayMake(ctx: RequestContext, dossier: Dossier, rule: TransitionRule): Promise<boolean> {
  if (ctx.isSystem) return true;
  if (rule.scope === 'SYSTEM') return false;
  const owner = { unitId: dossier.unitId, agencyId: dossier.agencyId };
  const holder = { unitId: dossier.holderUnitId, agencyId: dossier.holderAgencyId };
  const places = rule.scope === 'OWNER' ? [owner] : rule.scope === 'HOLDER' ? [holder] : [owner, holder];
  for (const permission of rule.permissions) {
    if (!ctx.has(permission)) continue;
    for (const place of places) if (await ctx.can(permission, place)) return true;
  }
  return false;
}

/**
 * Whether the dossier's state allows the transition (status, transfer acceptance, once-only rules).
 * The one guard: `availableActions` offers exactly what this and `mayMake` allow, and every
 * transition runs them in `beginTransition`; a service may refuse only bad input after it.
 */
export function stateAllows(dossier: Dossier, rule: TransitionRule, _at: Date = new Date()): string | null {
  if (!rule.from.includes(dossier.status))
    return `${rule.action} is not allowed while the dossier is ${DossierStatus[dossier.status]} (${dossier.status})`;
  // Once per dossier (Mẫu 02 lists everything missing): offered and performed by this same check.
  if (rule.action === DossierAction.REQUEST_SUPPLEMENT && dossier.supplementRequestedAt)
    return 'A supplement may be requested only once (Mẫu 02 lists everything that is missing)';
  if (rule.action === DossierAction.APOLOGISE && !dossier.appointmentAt)
    return 'An apology (Mẫu 04) needs an appointment to apologise for';
  // "Việc hẹn lại ngày trả kết quả được thực hiện không quá một lần" (Decree 61/2018/NĐ-CP art. 19(9)).
  if (rule.action === DossierAction.APOLOGISE && dossier.promisedAt)
    return 'The appointment may be set again only once: this dossier was already apologised for';
  if (rule.needsAcceptedTransfer && dossier.transferPending)
    return `The transfer to the current holder must be accepted before ${rule.action}`;
  if (rule.action === DossierAction.ACCEPT_TRANSFER && !dossier.transferPending)
    return 'There is no transfer waiting to be accepted';
  // Specialist proposes → leader approves or returns: the leader decides only on a waiting proposal, once.
  if (rule.action === DossierAction.PROPOSE_RESULT) {
    if (dossier.approvedAt) return 'The result is already approved';
    if (dossier.proposedAt) return 'A proposal already waits for the leader';
  }
  if (rule.action === DossierAction.APPROVE && dossier.approvedAt) return 'The result is already approved';
  if (
    (rule.action === DossierAction.APPROVE || rule.action === DossierAction.RETURN_PROPOSAL) &&
    !dossier.proposedAt
  )
    return 'No proposal waits for approval (the specialist proposes the result first)';
  if (rule.action === DossierAction.RETURN_PROPOSAL && dossier.approvedAt)
    return 'The result is already approved';
  if (rule.action === DossierAction.TRANSFER && dossier.proposedAt && !dossier.approvedAt)
    return 'A proposal waits for the leader: it is approved or returned before the dossier moves';
  // Once the leader approved the result, the dossier goes to the result and its return (RECORD_RESULT
  // hands it back to the one-stop desk), never to another department or agency.
  if (rule.action === DossierAction.TRANSFER && dossier.approvedAt)
    return 'The result is approved: the dossier goes back to the one-stop desk with its result, not to another department or agency';
  if (rule.action === DossierAction.RECORD_RESULT && !dossier.approvedAt)
    return 'A leader must approve the result first';
  return null;
}

/**
 * The checks of every transition, in order: `dossierId` is an id (else BAD_USER_INPUT on `dossierId`,
 * the input field every transition takes), the dossier is visible (else NOT_FOUND), the user may
 * make it here (else FORBIDDEN), the version read is current (else CONFLICT), the state allows it
 * (else DOSSIER_INVALID_TRANSITION).
 */
export async function beginTransition(
  ctx: RequestContext,
  action: DossierAction,
  dossierId: string,
  version: number | null,
  at: Date = new Date(),
): Promise<{ dossier: Dossier; rule: TransitionRule }> {
  const rule = TRANSITIONS[action];
  let dossier: Dossier;
  if (ctx.isSystem) {
    const found = await loadDossier(ctx, requireId(dossierId, 'dossierId'));
    if (!found) throw new NotFoundError(ProceduresRecords.dossier, dossierId);
    dossier = found;
  } else {
    dossier = await loadVisible(ctx, dossierId);
    if (!(await mayMake(ctx, dossier, rule))) {
      throw new ForbiddenError({
        vi: `Bạn không được thực hiện ${action} với hồ sơ này (cần quyền ${rule.permissions.join(' hoặc ')} tại đơn vị ${rule.scope})`,
        en: `You may not ${action.toLowerCase().replace(/_/g, ' ')} this dossier (${rule.permissions.join(' or ')} in the ${rule.scope.toLowerCase().replace(/_/g, ' ')} unit)`,
      });
    }
  }
  if (version !== null && dossier.version !== version) {
    throw new ConflictError(
      {
        vi: 'Hồ sơ vừa được người khác sửa; hãy tải lại và thử lại',
        en: 'The dossier was changed by someone else; reload and try again',
      },
      {
        currentVersion: dossier.version,
      },
    );
  }
  const refusal = stateAllows(dossier, rule, at);
  if (refusal) throw new InvalidTransitionError(action, dossier.status, refusal);
  return { dossier, rule };
}

/** The next step number: after the stored steps (none yet for a dossier not inserted) and the pending ones. */
export async function nextStepSeq(ctx: RequestContext, dossier: Dossier): Promise<number> {
  const pending = ctx.em.getUnitOfWork().getPersistStack();
  const stored = pending.has(dossier)
    ? 1
    : Number(
        (
          await preparedRows<{ seq: number }>(
            ctx.em,
            `select coalesce(max(seq), 0) + 1 as seq from procedures_dossier_step where dossier_id = ?`,
            [dossier.id],
          )
        )[0].seq,
      );
  let extra = 0;
  for (const entity of pending)
    if (entity instanceof DossierStep && entity.dossier.id === dossier.id) extra++;
  return stored + extra;
}

/** Closes the current hold (the latest open hand-over step): finished at `at`, with its verdict. */
export async function finishOpenHold(
  ctx: RequestContext,
  dossierId: string,
  at: Date,
): Promise<DossierStep | null> {
  const open = await openHold(ctx, dossierId);
  if (!open) return null;
  open.finishedAt = at;
  if (!open.receivedAt) open.receivedAt = at;
  open.verdict = open.dueAt ? verdictOf(at, open.dueAt) : null;
  return open;
}

/** The current hold: the latest hand-over step not finished, managed. */
export async function openHold(ctx: RequestContext, dossierId: string): Promise<DossierStep | null> {
  const [open] = await findManaged(
    ctx.em,
    DossierStep,
    's',
    'where s.dossier_id = ? and s.handover and s.finished_at is null order by s.seq desc limit 1',
    [dossierId],
  );
  return open ?? null;
}

export interface StepData {
  action: DossierAction;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  actor: Actor;
  at: Date;
  handover: boolean;
  fromAgencyId?: string | null;
  fromDepartmentId?: string | null;
  toAgencyId?: string | null;
  toDepartmentId?: string | null;
  receivedAt?: Date | null;
  dueAt?: Date | null;
  budgetAmount?: number | null;
  budgetUnit?: DeadlineUnit | null;
  form?: OneStopForm | null;
  note?: string | null;
}

/** Appends a step. Instant steps (not hand-overs) are given, received and finished at once. */
export async function addStep(ctx: RequestContext, dossier: Dossier, data: StepData): Promise<DossierStep> {
  const seq = await nextStepSeq(ctx, dossier);
  return ctx.em.create(DossierStep, {
    dossier,
    seq,
    action: data.action,
    handover: data.handover,
    fromStatus: data.fromStatus,
    toStatus: data.toStatus,
    actorId: data.actor.id,
    actorName: data.actor.name,
    fromAgencyId: data.fromAgencyId ?? null,
    fromDepartmentId: data.fromDepartmentId ?? null,
    toAgencyId: data.toAgencyId ?? null,
    toDepartmentId: data.toDepartmentId ?? null,
    givenAt: data.at,
    receivedAt: data.handover ? (data.receivedAt ?? null) : data.at,
    dueAt: data.dueAt ?? null,
    finishedAt: data.handover ? null : data.at,
    verdict: null,
    budgetAmount: data.budgetAmount ?? null,
    budgetUnit: data.budgetUnit ?? null,
    // A form the edition in force that day does not have (a stop notice before 15/9/2025) is not issued.
    form: data.form && formInForce(data.form, data.at) ? data.form : null,
    note: data.note ?? null,
  });
}

/** Records the appointment as it stands from `since` (paused: the clock stopped with that due time). */
export async function recordDeadline(
  ctx: RequestContext,
  dossierId: string,
  since: Date,
  dueAt: Date,
  paused = false,
): Promise<void> {
  await preparedRows(
    ctx.em,
    `insert into procedures_dossier_deadline (dossier_id, since, due_at, paused) values (?, ?, ?, ?)`,
    [dossierId, since, dueAt, paused],
  );
}

/** An audit entry for a transition, without personal data. */
/**
 * Audits a transition. The entry belongs to the agency where it happened: the holder after it, or
 * `actingAgencyId` when the transition handed the dossier on (a transfer, a result going back).
 */
export function auditTransition(
  ctx: RequestContext,
  dossier: Dossier,
  action: DossierAction,
  fromStatus: DossierStatus | null,
  extra: Record<string, unknown> = {},
  actingAgencyId: string = dossier.holderAgencyId,
): void {
  // Every transition is audited here, so it is also where subscribers hear of it (after commit).
  ctx.publishLive(DossierChanged, {
    dossierId: dossier.id,
    code: dossier.code,
    action,
    fromStatus,
    toStatus: dossier.status,
    channel: dossier.channel,
    unitId: dossier.unitId,
    agencyId: dossier.agencyId,
    holderUnitId: dossier.holderUnitId,
    holderAgencyId: dossier.holderAgencyId,
    holderDepartmentId: dossier.holderDepartmentId,
    involvedUnitIds: dossier.involvedUnitIds ?? [],
    involvedAgencyIds: dossier.involvedAgencyIds ?? [],
    at: new Date().toISOString(),
  });
  ctx.audit({
    action: `procedures.dossier.${action.toLowerCase().replace(/_/g, '-')}`,
    entityType: 'Dossier',
    entityId: dossier.id,
    unitId: dossier.unitId,
    agencyId: actingAgencyId,
    before: fromStatus === null ? null : { status: DossierStatus[fromStatus], statusCode: fromStatus },
    after: {
      code: dossier.code,
      status: DossierStatus[dossier.status],
      statusCode: dossier.status,
      holderAgencyId: dossier.holderAgencyId,
      holderDepartmentId: dossier.holderDepartmentId,
      ...extra,
    },
  });
}

/** Adds a unit and its agency to those that may read the dossier. */
export function involve(dossier: Dossier, unitId: string, agencyId: string): void {
  if (!dossier.involvedUnitIds.includes(unitId))
    dossier.involvedUnitIds = [...dossier.involvedUnitIds, unitId];
  if (!dossier.involvedAgencyIds.includes(agencyId))
    dossier.involvedAgencyIds = [...dossier.involvedAgencyIds, agencyId];
}
