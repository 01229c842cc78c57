import {
  BadInputError,
  DomainError,
  formatLocalDateTime,
  NotFoundError,
  optionsOf,
  type RequestContext,
} from '../../../src';
import { ProceduresErrorCodes } from '../errors';
import { DeadlineUnit, directory, type AgencyRecord, type DepartmentRecord } from '../../staff';
import { DossierAction, DossierEndReason, DossierStatus, PauseKind, SupplementClock } from '../domain/enums';
import { TRANSITIONS } from '../domain/transitions';
import { Dossier } from '../entities/dossier.entity';
import { DossierPause } from '../entities/dossier-pause.entity';
import { DossierStep } from '../entities/dossier-step.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import type { ProceduresOptions } from '../options';
import { apologyMail, resultReadyMail, supplementRequestedMail } from '../templates';
import { computeDueAt, extendByWorkingHours, verdictOf, workingHoursBetween } from './deadlines';
import {
  actorOf,
  addStep,
  agencyOfDossier,
  auditTransition,
  beginTransition,
  finishOpenHold,
  involve,
  InvalidTransitionError,
  openHold,
  recordDeadline,
  type Actor,
} from './dossier-core';
import type { ActOptions } from './intake.service';
import { mailApplicant } from './notifications';
import { optionalText, requiredText } from './input-text';
import { StaffRecords } from '../../staff';

export const SUPPLEMENT_EXPIRY_JOB = 'procedures.supplement-expiry';

export interface TransferInput {
  dossierId: string;
  version: number;
  toDepartmentId?: string | null;
  toAgencyId?: string | null;
  budgetAmount?: number | null;
  budgetUnit?: DeadlineUnit | null;
  note?: string | null;
}

function items(values: string[] | null | undefined, field: string): string[] {
  const list = (values ?? []).map((v) => v.trim()).filter(Boolean);
  if (!list.length)
    throw new BadInputError({ vi: 'Hãy liệt kê những gì cần bổ sung', en: 'List what is needed' }, { field });
  if (list.length > 50 || list.some((v) => v.length > 500))
    throw new BadInputError(
      { vi: 'Quá nhiều mục hoặc mục quá dài', en: 'Too many or too long items' },
      { field },
    );
  return list;
}

/** The transitions after intake: routing, clock pauses, apologies, withdrawals, stop, approval, result. */
export class LifecycleService {
  /** Hands the dossier to a department or another agency (liên thông), with a step time budget. */
  async transfer(ctx: RequestContext, input: TransferInput, options: ActOptions = {}): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.TRANSFER,
      input.dossierId,
      input.version,
      at,
    );
    const actor = options.as ?? (await actorOf(ctx));
    let department: DepartmentRecord | null = null;
    let agency: AgencyRecord | null = null;
    if (input.toDepartmentId) {
      // With its agency, in one statement.
      const place = await directory.placeOfDepartment(ctx, input.toDepartmentId);
      if (!place || !place.department.active)
        throw new NotFoundError(StaffRecords.department, input.toDepartmentId);
      if (input.toAgencyId && input.toAgencyId !== place.agency.id)
        throw new BadInputError(
          { vi: 'Phòng ban thuộc cơ quan khác', en: 'The department belongs to another agency' },
          { field: 'toDepartmentId' },
        );
      ({ department, agency } = place);
    } else if (input.toAgencyId) {
      agency = await directory.agency(ctx, input.toAgencyId);
      if (!agency || !agency.active) throw new NotFoundError(StaffRecords.agency, input.toAgencyId);
    } else {
      throw new BadInputError(
        {
          vi: 'Hãy nêu phòng ban hoặc cơ quan nhận chuyển',
          en: 'Give the department or agency to transfer to',
        },
        { field: 'toDepartmentId' },
      );
    }
    if (agency.id === dossier.holderAgencyId && (department?.id ?? null) === dossier.holderDepartmentId) {
      throw new BadInputError(
        { vi: 'Hồ sơ đã ở đó rồi', en: 'The dossier is already there' },
        { field: 'toDepartmentId' },
      );
    }
    let due = dossier.appointmentAt!;
    let budgetAmount: number | null = null;
    let budgetUnit: DeadlineUnit | null = null;
    if (input.budgetAmount !== null && input.budgetAmount !== undefined) {
      if (!Number.isFinite(input.budgetAmount) || input.budgetAmount <= 0 || input.budgetAmount > 3660)
        throw new BadInputError(
          { vi: 'budgetAmount phải là số dương', en: 'budgetAmount must be a positive number' },
          { field: 'budgetAmount' },
        );
      budgetAmount = input.budgetAmount;
      budgetUnit = input.budgetUnit ?? DeadlineUnit.WORKING_DAYS;
      due = await computeDueAt(ctx, {
        agencyId: agency.id,
        start: at,
        amount: budgetAmount,
        unit: budgetUnit,
        noCutoff: true,
      });
      // Step budgets add up within the procedure's limit (a late dossier gets an apology instead).
      if (due > dossier.appointmentAt! && at < dossier.appointmentAt!) {
        throw new BadInputError(
          {
            vi: `Thời hạn của bước kết thúc sau ngày hẹn trả của hồ sơ (${formatLocalDateTime(dossier.appointmentAt!)})`,
            en: `The step budget ends after the dossier's appointment (${formatLocalDateTime(dossier.appointmentAt!)})`,
          },
          { field: 'budgetAmount' },
        );
      }
    }
    const from = { agencyId: dossier.holderAgencyId, departmentId: dossier.holderDepartmentId };
    const fromStatus = dossier.status;
    await finishOpenHold(ctx, dossier.id, at);
    Object.assign(dossier, {
      status: DossierStatus.PROCESSING,
      holderAgencyId: agency.id,
      holderDepartmentId: department?.id ?? null,
      holderUnitId: agency.unit.id,
      transferPending: true,
    });
    involve(dossier, agency.unit.id, agency.id);
    await addStep(ctx, dossier, {
      action: DossierAction.TRANSFER,
      fromStatus,
      toStatus: DossierStatus.PROCESSING,
      actor,
      at,
      handover: true,
      fromAgencyId: from.agencyId,
      fromDepartmentId: from.departmentId,
      toAgencyId: agency.id,
      toDepartmentId: department?.id ?? null,
      dueAt: due,
      budgetAmount,
      budgetUnit,
      note: optionalText(input.note, 'note'),
    });
    await ctx.em.flush();
    auditTransition(
      ctx,
      dossier,
      DossierAction.TRANSFER,
      fromStatus,
      { budgetAmount, budgetUnit, dueAt: due.toISOString() },
      from.agencyId,
    );
    return dossier;
  }

  /** The receiving department or agency accepts the transfer: the control-slip row gets its "received at". */
  async acceptTransfer(
    ctx: RequestContext,
    input: { dossierId: string; version: number },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.ACCEPT_TRANSFER,
      input.dossierId,
      input.version,
      at,
    );
    const hold = await openHold(ctx, dossier.id);
    if (hold) hold.receivedAt = at;
    dossier.transferPending = false;
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.ACCEPT_TRANSFER, dossier.status, {
      stepSeq: hold?.seq ?? null,
    });
    return dossier;
  }

  /** Mẫu 02: asks for a supplement, once; the clock stops; it has its own deadline. */
  async requestSupplement(
    ctx: RequestContext,
    input: {
      dossierId: string;
      version: number;
      items: string[];
      note?: string | null;
      deadlineAmount?: number | null;
      deadlineUnit?: DeadlineUnit | null;
    },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier, rule } = await beginTransition(
      ctx,
      DossierAction.REQUEST_SUPPLEMENT,
      input.dossierId,
      input.version,
      at,
    );
    const list = items(input.items, 'items');
    const amount = input.deadlineAmount ?? optionsOf<ProceduresOptions>(ctx.app, 'procedures').supplementDays;
    if (!Number.isFinite(amount) || amount <= 0 || amount > 365)
      throw new BadInputError(
        { vi: 'deadlineAmount phải từ 0 đến 365', en: 'deadlineAmount must be between 0 and 365' },
        { field: 'deadlineAmount' },
      );
    const deadline = await computeDueAt(ctx, {
      agencyId: dossier.agencyId,
      start: at,
      amount,
      unit: input.deadlineUnit ?? DeadlineUnit.WORKING_DAYS,
      noCutoff: true,
    });
    const actor = options.as ?? (await actorOf(ctx));
    const note = optionalText(input.note, 'note');
    ctx.em.create(DossierPause, {
      dossier,
      kind: PauseKind.SUPPLEMENT,
      startedAt: at,
      deadlineAt: deadline,
      items: list,
      note,
    });
    const fromStatus = dossier.status;
    dossier.statusBeforeSupplement = fromStatus;
    dossier.status = DossierStatus.SUPPLEMENT_REQUESTED;
    dossier.supplementRequestedAt = at;
    await addStep(ctx, dossier, {
      action: DossierAction.REQUEST_SUPPLEMENT,
      fromStatus,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      form: rule.form,
      note: [list.join('; '), note].filter(Boolean).join(' — '),
    });
    await ctx.em.flush();
    // Before reception (status 1) there is no appointment yet: its clock starts at reception.
    if (dossier.appointmentAt) await recordDeadline(ctx, dossier.id, at, dossier.appointmentAt, true);
    await ctx.enqueue(
      SUPPLEMENT_EXPIRY_JOB,
      { dossierId: dossier.id },
      { runAt: deadline, jobKey: `${SUPPLEMENT_EXPIRY_JOB}:${dossier.id}` },
    );
    auditTransition(ctx, dossier, DossierAction.REQUEST_SUPPLEMENT, fromStatus, {
      items: list.length,
      deadlineAt: deadline.toISOString(),
    });
    await mailApplicant(
      ctx,
      dossier,
      (base) =>
        supplementRequestedMail({
          ...base,
          items: list,
          note,
          deadlineAt: formatLocalDateTime(deadline),
          requestedAt: formatLocalDateTime(at),
        }),
      options,
    );
    return dossier;
  }

  /** The supplement arrived: the clock resumes and the appointment moves by the time it stood still. */
  async receiveSupplement(
    ctx: RequestContext,
    input: { dossierId: string; version: number; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.RECEIVE_SUPPLEMENT,
      input.dossierId,
      input.version,
      at,
    );
    const actor = options.as ?? (await actorOf(ctx));
    const fromStatus = dossier.status;
    const to = dossier.statusBeforeSupplement ?? DossierStatus.PROCESSING;
    await this.resumeClock(ctx, dossier, PauseKind.SUPPLEMENT, at);
    dossier.status = to;
    dossier.statusBeforeSupplement = null;
    await addStep(ctx, dossier, {
      action: DossierAction.RECEIVE_SUPPLEMENT,
      fromStatus,
      toStatus: to,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      note: optionalText(input.note, 'note'),
    });
    await ctx.em.flush();
    await this.removeExpiryJob(ctx, dossier.id);
    auditTransition(ctx, dossier, DossierAction.RECEIVE_SUPPLEMENT, fromStatus, {
      appointmentAt: dossier.appointmentAt?.toISOString(),
    });
    return dossier;
  }

  /**
   * A supplement not received by its deadline ends the dossier (scheduled job, as the system).
   * Idempotent: does nothing unless the dossier still waits for that supplement and its deadline passed.
   */
  async expireSupplement(ctx: RequestContext, dossierId: string, at: Date = new Date()): Promise<boolean> {
    const dossier = await ctx.em.findOne(Dossier, { id: dossierId });
    if (!dossier || dossier.status !== DossierStatus.SUPPLEMENT_REQUESTED) return false;
    const pause = await ctx.em.findOne(DossierPause, {
      dossier: dossierId,
      kind: PauseKind.SUPPLEMENT,
      endedAt: null,
    });
    if (!pause?.deadlineAt || pause.deadlineAt > at) return false;
    await beginTransition(ctx, DossierAction.EXPIRE_SUPPLEMENT, dossierId, null, at);
    pause.endedAt = at;
    await this.end(
      ctx,
      dossier,
      DossierAction.EXPIRE_SUPPLEMENT,
      DossierEndReason.SUPPLEMENT_EXPIRED,
      `Quá hạn bổ sung hồ sơ (${formatLocalDateTime(pause.deadlineAt)})`,
      at,
      { id: null, name: 'Hệ thống' },
    );
    return true;
  }

  /**
   * Mẫu 04: the agency foresees (or finds) that it misses the appointment; it apologises and promises
   * a new date (emailed). Allowed as soon as lateness is foreseen, not only after the appointment.
   */
  async apologise(
    ctx: RequestContext,
    input: { dossierId: string; version: number; reason: string; newAppointmentAt: Date },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier, rule } = await beginTransition(
      ctx,
      DossierAction.APOLOGISE,
      input.dossierId,
      input.version,
      at,
    );
    const why = requiredText(input.reason, 'reason');
    const next = input.newAppointmentAt;
    if (!(next instanceof Date) || Number.isNaN(next.getTime()) || next <= at)
      throw new BadInputError(
        { vi: 'Ngày hẹn mới phải ở tương lai', en: 'The new appointment must be in the future' },
        { field: 'newAppointmentAt' },
      );
    const previous = dossier.promisedAt ?? dossier.appointmentAt!;
    if (next <= dossier.appointmentAt!)
      throw new BadInputError(
        {
          vi: 'Ngày hẹn mới phải sau ngày hẹn được xin lỗi',
          en: 'The new appointment must be after the appointment it apologises for',
        },
        {
          field: 'newAppointmentAt',
        },
      );
    const actor = options.as ?? (await actorOf(ctx));
    // The legal appointment stays: the promise is recorded beside it (verdicts use appointmentAt).
    dossier.promisedAt = next;
    await addStep(ctx, dossier, {
      action: DossierAction.APOLOGISE,
      fromStatus: dossier.status,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      form: rule.form,
      note: `${why} — hẹn lại ${formatLocalDateTime(next)}`,
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.APOLOGISE, dossier.status, {
      previousAppointmentAt: previous.toISOString(),
      promisedAt: next.toISOString(),
    });
    await mailApplicant(
      ctx,
      dossier,
      (base) =>
        apologyMail({
          ...base,
          previousAppointmentAt: formatLocalDateTime(previous),
          newAppointmentAt: formatLocalDateTime(next),
          reason: why,
        }),
      options,
    );
    return dossier;
  }

  /** The applicant must pay taxes or fees first (e.g. land): the clock stops until it is met. */
  async requestFinancialObligation(
    ctx: RequestContext,
    input: { dossierId: string; version: number; items: string[]; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.REQUEST_FINANCIAL_OBLIGATION,
      input.dossierId,
      input.version,
      at,
    );
    const list = items(input.items, 'items');
    const actor = options.as ?? (await actorOf(ctx));
    const note = optionalText(input.note, 'note');
    ctx.em.create(DossierPause, {
      dossier,
      kind: PauseKind.FINANCIAL_OBLIGATION,
      startedAt: at,
      items: list,
      note,
    });
    const fromStatus = dossier.status;
    dossier.status = DossierStatus.AWAITING_FINANCIAL_OBLIGATION;
    await addStep(ctx, dossier, {
      action: DossierAction.REQUEST_FINANCIAL_OBLIGATION,
      fromStatus,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      note: [list.join('; '), note].filter(Boolean).join(' — '),
    });
    await ctx.em.flush();
    await recordDeadline(ctx, dossier.id, at, dossier.appointmentAt!, true);
    auditTransition(ctx, dossier, DossierAction.REQUEST_FINANCIAL_OBLIGATION, fromStatus, {
      items: list.length,
    });
    return dossier;
  }

  async confirmFinancialObligation(
    ctx: RequestContext,
    input: { dossierId: string; version: number; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.CONFIRM_FINANCIAL_OBLIGATION,
      input.dossierId,
      input.version,
      at,
    );
    const actor = options.as ?? (await actorOf(ctx));
    const fromStatus = dossier.status;
    await this.resumeClock(ctx, dossier, PauseKind.FINANCIAL_OBLIGATION, at);
    dossier.status = DossierStatus.PROCESSING;
    await addStep(ctx, dossier, {
      action: DossierAction.CONFIRM_FINANCIAL_OBLIGATION,
      fromStatus,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      note: optionalText(input.note, 'note'),
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.CONFIRM_FINANCIAL_OBLIGATION, fromStatus, {
      appointmentAt: dossier.appointmentAt?.toISOString(),
    });
    return dossier;
  }

  /** The desk records the applicant's written request to withdraw. */
  async requestWithdrawal(
    ctx: RequestContext,
    input: { dossierId: string; version: number; reason: string },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.REQUEST_WITHDRAWAL,
      input.dossierId,
      input.version,
      at,
    );
    const why = requiredText(input.reason, 'reason');
    const actor = options.as ?? (await actorOf(ctx));
    const fromStatus = dossier.status;
    dossier.statusBeforeWithdrawal = fromStatus;
    dossier.status = DossierStatus.WITHDRAWAL_REQUESTED;
    await addStep(ctx, dossier, {
      action: DossierAction.REQUEST_WITHDRAWAL,
      fromStatus,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.agencyId,
      toAgencyId: dossier.agencyId,
      note: why,
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.REQUEST_WITHDRAWAL, fromStatus);
    return dossier;
  }

  async acceptWithdrawal(
    ctx: RequestContext,
    input: { dossierId: string; version: number; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.ACCEPT_WITHDRAWAL,
      input.dossierId,
      input.version,
      at,
    );
    await this.end(
      ctx,
      dossier,
      DossierAction.ACCEPT_WITHDRAWAL,
      DossierEndReason.WITHDRAWN,
      optionalText(input.note, 'note') ?? 'Người nộp rút hồ sơ',
      at,
      options.as ?? (await actorOf(ctx)),
    );
    return dossier;
  }

  async cancelWithdrawal(
    ctx: RequestContext,
    input: { dossierId: string; version: number; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.CANCEL_WITHDRAWAL,
      input.dossierId,
      input.version,
      at,
    );
    const actor = options.as ?? (await actorOf(ctx));
    const fromStatus = dossier.status;
    dossier.status = dossier.statusBeforeWithdrawal ?? DossierStatus.RECEIVED;
    dossier.statusBeforeWithdrawal = null;
    await addStep(ctx, dossier, {
      action: DossierAction.CANCEL_WITHDRAWAL,
      fromStatus,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.agencyId,
      toAgencyId: dossier.agencyId,
      note: optionalText(input.note, 'note'),
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.CANCEL_WITHDRAWAL, fromStatus);
    return dossier;
  }

  /** A leader stops processing, with the reason and the notice of stopping (a form from 15/9/2025). */
  async stop(
    ctx: RequestContext,
    input: { dossierId: string; version: number; reason: string },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(ctx, DossierAction.STOP, input.dossierId, input.version, at);
    const why = requiredText(input.reason, 'reason');
    await this.end(
      ctx,
      dossier,
      DossierAction.STOP,
      DossierEndReason.STOPPED,
      why,
      at,
      options.as ?? (await actorOf(ctx)),
    );
    return dossier;
  }

  /**
   * The specialist proposes the result to the leader (a grant, or a refusal decision with its
   * reasons): the dossier enters the leader's approval queue. Once at a time; not after approval.
   */
  async propose(
    ctx: RequestContext,
    input: { dossierId: string; version: number; refusal?: boolean | null; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.PROPOSE_RESULT,
      input.dossierId,
      input.version,
      at,
    );
    const note = optionalText(input.note, 'note');
    const actor = options.as ?? (await actorOf(ctx));
    Object.assign(dossier, {
      proposedAt: at,
      proposedByName: actor.name,
      proposalRefusal: Boolean(input.refusal),
      proposalNote: note,
    });
    await addStep(ctx, dossier, {
      action: DossierAction.PROPOSE_RESULT,
      fromStatus: dossier.status,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      note: [input.refusal ? 'Đề xuất từ chối giải quyết' : 'Đề xuất giải quyết', note]
        .filter(Boolean)
        .join(' — '),
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.PROPOSE_RESULT, dossier.status, {
      refusal: dossier.proposalRefusal,
    });
    return dossier;
  }

  /** The leader returns the proposal, with the reason: it leaves the queue and may be proposed again. */
  async returnProposal(
    ctx: RequestContext,
    input: { dossierId: string; version: number; reason: string },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.RETURN_PROPOSAL,
      input.dossierId,
      input.version,
      at,
    );
    const why = requiredText(input.reason, 'reason');
    const actor = options.as ?? (await actorOf(ctx));
    Object.assign(dossier, {
      proposedAt: null,
      proposedByName: null,
      proposalRefusal: false,
      proposalNote: null,
    });
    await addStep(ctx, dossier, {
      action: DossierAction.RETURN_PROPOSAL,
      fromStatus: dossier.status,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      note: why,
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.RETURN_PROPOSAL, dossier.status);
    return dossier;
  }

  /** A leader approves the proposed result, once (the approval time is never overwritten). */
  async approve(
    ctx: RequestContext,
    input: { dossierId: string; version: number; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(ctx, DossierAction.APPROVE, input.dossierId, input.version, at);
    const actor = options.as ?? (await actorOf(ctx));
    dossier.approvedAt = at;
    dossier.approvedByName = actor.name;
    await addStep(ctx, dossier, {
      action: DossierAction.APPROVE,
      fromStatus: dossier.status,
      toStatus: dossier.status,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      note: optionalText(input.note, 'note'),
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.APPROVE, dossier.status);
    return dossier;
  }

  /** The approved result goes back to the one-stop desk: resolved (9), with its verdict. */
  async recordResult(
    ctx: RequestContext,
    input: {
      dossierId: string;
      version: number;
      resultNumber: string;
      signer: string;
      resultFileId?: string | null;
      refusal?: boolean | null;
      note?: string | null;
    },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.RECORD_RESULT,
      input.dossierId,
      input.version,
      at,
    );
    const resultNumber = requiredText(input.resultNumber, 'resultNumber');
    const signer = requiredText(input.signer, 'signer');
    // A result is digitised only when its file is in the store (II.06a's result digitisation rate).
    const resultFile = input.resultFileId
      ? (await ctx.app.files.require(ctx.em, [input.resultFileId], 'resultFileId'))[0]
      : null;
    if (!dossier.approvedAt)
      throw new InvalidTransitionError(
        DossierAction.RECORD_RESULT,
        dossier.status,
        'A leader must approve the result first',
      );
    const actor = options.as ?? (await actorOf(ctx));
    const fromStatus = dossier.status;
    const from = { agencyId: dossier.holderAgencyId, departmentId: dossier.holderDepartmentId };
    await finishOpenHold(ctx, dossier.id, at);
    Object.assign(dossier, {
      status: DossierStatus.RESOLVED,
      resolvedAt: at,
      timeliness: verdictOf(at, dossier.appointmentAt!),
      resultNumber,
      resultSigner: signer,
      // Unless the result says otherwise, it is what the leader approved (a grant or a refusal).
      resultRefusal: input.refusal ?? dossier.proposalRefusal,
      resultDigitised: Boolean(resultFile),
      resultFileId: resultFile?.id ?? null,
      holderAgencyId: dossier.agencyId,
      holderDepartmentId: null,
      holderUnitId: dossier.unitId,
      transferPending: false,
    });
    await addStep(ctx, dossier, {
      action: DossierAction.RECORD_RESULT,
      fromStatus,
      toStatus: DossierStatus.RESOLVED,
      actor,
      at,
      handover: true,
      fromAgencyId: from.agencyId,
      fromDepartmentId: from.departmentId,
      toAgencyId: dossier.agencyId,
      receivedAt: at,
      note: [
        `Kết quả số ${resultNumber}, người ký ${signer}${resultFile ? ', đã số hóa' : ''}`,
        optionalText(input.note, 'note'),
      ]
        .filter(Boolean)
        .join(' — '),
    });
    await ctx.em.flush();
    auditTransition(
      ctx,
      dossier,
      DossierAction.RECORD_RESULT,
      fromStatus,
      { timeliness: dossier.timeliness, resultDigitised: dossier.resultDigitised },
      from.agencyId,
    );
    const version = await ctx.em.findOneOrFail(ProcedureVersion, { id: dossier.procedureVersion.id });
    const agency = await agencyOfDossier(ctx, dossier);
    await mailApplicant(
      ctx,
      dossier,
      (base) =>
        resultReadyMail({
          ...base,
          resolvedAt: formatLocalDateTime(at),
          resultDocument: version.resultDocument,
          placeOfReturn:
            dossier.resultDelivery === 'AT_DESK'
              ? `Bộ phận tiếp nhận và trả kết quả - ${agency.name}`
              : dossier.resultDelivery === 'POST'
                ? 'Gửi qua bưu chính công ích'
                : 'Trả kết quả điện tử qua Cổng dịch vụ công',
          satisfactionHint: true,
        }),
      options,
    );
    return dossier;
  }

  /** The desk hands the result to the applicant (10). */
  async returnResult(
    ctx: RequestContext,
    input: { dossierId: string; version: number; note?: string | null },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(
      ctx,
      DossierAction.RETURN_RESULT,
      input.dossierId,
      input.version,
      at,
    );
    const actor = options.as ?? (await actorOf(ctx));
    await finishOpenHold(ctx, dossier.id, at);
    dossier.status = DossierStatus.RETURNED;
    dossier.returnedAt = at;
    const step = await addStep(ctx, dossier, {
      action: DossierAction.RETURN_RESULT,
      fromStatus: DossierStatus.RESOLVED,
      toStatus: DossierStatus.RETURNED,
      actor,
      at,
      handover: true,
      fromAgencyId: dossier.agencyId,
      receivedAt: at,
      note: optionalText(input.note, 'note') ?? 'Trả kết quả cho người nộp',
    });
    step.finishedAt = at;
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.RETURN_RESULT, DossierStatus.RESOLVED);
    return dossier;
  }

  // ---------------------------------------------------------------------------------------------

  /** Ends a dossier without a result: the hold closes, pauses close, no expiry job remains. */
  private async end(
    ctx: RequestContext,
    dossier: Dossier,
    action: DossierAction,
    why: DossierEndReason,
    note: string,
    at: Date,
    actor: Actor,
  ): Promise<void> {
    const fromStatus = dossier.status;
    for (const pause of await ctx.em.find(DossierPause, { dossier: dossier.id, endedAt: null }))
      pause.endedAt = at;
    await finishOpenHold(ctx, dossier.id, at);
    Object.assign(dossier, {
      status: DossierStatus.STOPPED,
      endedAt: at,
      endReason: why,
      endNote: note,
      transferPending: false,
    });
    await addStep(ctx, dossier, {
      action,
      fromStatus,
      toStatus: DossierStatus.STOPPED,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      fromDepartmentId: dossier.holderDepartmentId,
      toAgencyId: dossier.holderAgencyId,
      toDepartmentId: dossier.holderDepartmentId,
      form: TRANSITIONS[action].form,
      note,
    });
    await ctx.em.flush();
    await this.removeExpiryJob(ctx, dossier.id);
    auditTransition(ctx, dossier, action, fromStatus, { endReason: why });
  }

  /**
   * Closes the open pause of a kind and moves the appointment (and the current hold's due time) by
   * the time the clock stood still. Without an apology the appointment is recomputed from reception
   * with every pause (the calendar's rule: only clock time before the due time counts); after an
   * apology set it by hand, it moves by the working time of this pause that fell before it.
   */
  private async resumeClock(ctx: RequestContext, dossier: Dossier, kind: PauseKind, at: Date): Promise<void> {
    const pause = await ctx.em.findOne(DossierPause, { dossier: dossier.id, kind, endedAt: null });
    if (!pause)
      throw new DomainError(ProceduresErrorCodes.DOSSIER_INVALID_TRANSITION, {
        vi: 'Hồ sơ không ở trạng thái tạm dừng tính thời hạn',
        en: 'The clock is not stopped',
      });
    pause.endedAt = at;
    // Not received yet (a supplement asked for at status 1): the clock has not started.
    if (!dossier.receivedAt || !dossier.appointmentAt) return;
    const version = await ctx.em.findOneOrFail(ProcedureVersion, { id: dossier.procedureVersion.id });
    const restart = kind === PauseKind.SUPPLEMENT && version.supplementClock === SupplementClock.RESTART;
    // RESTART: the whole limit counts again from the complete dossier's arrival, and earlier pauses
    // no longer matter; PAUSE: from reception, skipping every pause.
    const pauses = restart
      ? []
      : (await ctx.em.find(DossierPause, { dossier: dossier.id }))
          .filter((p) => p.endedAt)
          .map((p) => ({ from: p.startedAt, to: p.endedAt! }));
    const previous = dossier.appointmentAt;
    dossier.appointmentAt = await computeDueAt(ctx, {
      agencyId: dossier.agencyId,
      start: restart ? at : dossier.receivedAt,
      amount: dossier.limitAmount,
      unit: dossier.limitUnit,
      cutoffHour: dossier.cutoffHour,
      pauses,
    });
    if (dossier.promisedAt) {
      // A promise made in an apology moves by the clock time of this pause that fell before it.
      const promised = dossier.promisedAt;
      const until = at < promised ? at : promised;
      const hours =
        pause.startedAt < until
          ? await workingHoursBetween(ctx, dossier.agencyId, pause.startedAt, until)
          : 0;
      dossier.promisedAt = await extendByWorkingHours(ctx, dossier.agencyId, promised, hours);
    }
    const hold: DossierStep | null = await openHold(ctx, dossier.id);
    if (hold?.dueAt) {
      if (hold.budgetAmount !== null && hold.budgetUnit) {
        hold.dueAt = await computeDueAt(ctx, {
          agencyId: hold.toAgencyId ?? dossier.holderAgencyId,
          start: hold.givenAt,
          amount: hold.budgetAmount,
          unit: hold.budgetUnit,
          noCutoff: true,
          pauses,
        });
      } else if (hold.dueAt.getTime() === previous.getTime()) {
        hold.dueAt = dossier.appointmentAt;
      }
    }
    await recordDeadline(ctx, dossier.id, at, dossier.appointmentAt!);
  }

  private async removeExpiryJob(ctx: RequestContext, dossierId: string): Promise<void> {
    await ctx.em.execute(`select graphile_worker.remove_job(?)`, [`${SUPPLEMENT_EXPIRY_JOB}:${dossierId}`]);
  }
}

export const lifecycle = new LifecycleService();
