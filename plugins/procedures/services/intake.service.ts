import {
  BadInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  formatLocalDateTime,
  isUuid,
  NotFoundError,
  optionsOf,
  requireId,
  enforceRateLimit,
  findManaged,
  preparedRows,
  type RequestContext,
} from '../../../src';
import { optionalText, requiredText } from './input-text';
import { ProceduresErrorCodes } from '../errors';
import type { ProceduresOptions } from '../options';
import { directory, type AgencyRecord, type CentreRecord, type DeskRecord } from '../../staff';
import {
  normaliseApplicant,
  normaliseAuthorisedPerson,
  type ApplicantData,
  type AuthorisedPersonData,
} from '../domain/applicant';
import {
  DEFAULT_CODE_PATTERN,
  DEFAULT_SEQUENCE_RESET,
  CodePatternError,
  formatDossierCode,
  sequencePeriod,
  validateCodePattern,
} from '../domain/code-pattern';
import {
  DigitisationState,
  DossierAction,
  DossierEndReason,
  DossierChannel,
  DossierStatus,
  OnlineServiceLevel,
  ResultDelivery,
  SequenceReset,
} from '../domain/enums';
import { generatePin, generateToken, hashPin, hashToken } from '../domain/secrets';
import { TRANSITIONS } from '../domain/transitions';
import { CodePattern } from '../entities/code-pattern.entity';
import { Dossier } from '../entities/dossier.entity';
import { DossierComponent } from '../entities/dossier-component.entity';
import { Procedure } from '../entities/procedure.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import { Receipt, type ReceiptData } from '../entities/receipt.entity';
import { ProceduresPermissions } from '../permissions';
import { receivedMail, refusedMail } from '../templates';
import { catalogue } from './catalogue.service';
import { competenceFor } from './competence';
import { computeDueAt } from './deadlines';
import {
  actorOf,
  addStep,
  agencyOfDossier,
  auditTransition,
  beginTransition,
  finishOpenHold,
  loadVisible,
  recordDeadline,
  type Actor,
} from './dossier-core';
import { lookupUrl, mailApplicant, satisfactionUrl } from './notifications';
import { ProceduresRecords } from '../errors';
import { StaffRecords } from '../../staff';

export interface ComponentInput {
  code?: string | null;
  name?: string | null;
  originals?: number | null;
  copies?: number | null;
  digitisation?: DigitisationState | null;
  fileId?: string | null;
  reuseComponentId?: string | null;
  fileRef?: string | null;
}

interface DossierBaseInput {
  procedureId?: string | null;
  procedureCode?: string | null;
  caseCode?: string | null;
  applicant: ApplicantData;
  authorisedPerson?: AuthorisedPersonData | null;
  components?: ComponentInput[] | null;
  resultDelivery?: ResultDelivery | null;
  note?: string | null;
}

export interface CounterIntakeInput extends DossierBaseInput {
  channel?: DossierChannel | null;
  agencyId?: string | null;
  deskId?: string | null;
}

export interface OnlineSubmissionInput extends DossierBaseInput {
  agencyId: string;
}

/**
 * Internal options (never from GraphQL): seeds and deadline tests act at a chosen instant; seeds
 * send no mail, act on behalf of named officials, and may give a precomputed PIN hash.
 */
export interface ActOptions {
  at?: Date;
  silent?: boolean;
  as?: Actor;
  pinHash?: string;
}

/** Mẫu 01 as returned to the desk: the stored receipt, plus the secrets only at issuance. */
export interface IssuedReceipt extends ReceiptData {
  id: string;
  dossierId: string;
  issuedAt: Date;
  issuedByName: string | null;
  kind: 'INTAKE' | 'REISSUE';
  /** Printed on the receipt; shown once, only its hash is kept. */
  lookupPin: string | null;
  /** The satisfaction link of the receipt's QR code; shown once, only its hash is kept. */
  satisfactionUrl: string | null;
}

export interface OnlineSubmissionResult {
  dossier: Dossier;
  pin: string;
}

const MAX_COMPONENTS = 50;

/** Where a dossier is received: the agency, and the desk and its centre when at a counter. */
interface Place {
  agency: AgencyRecord;
  desk: DeskRecord | null;
  centre: CentreRecord | null;
}

/** Intake: counter, post and online dossiers, codes, receipts (Mẫu 01), refusals (Mẫu 03). */
export class IntakeService {
  private keys(ctx: RequestContext) {
    return optionsOf<ProceduresOptions>(ctx.app, 'procedures').secretKeys;
  }

  /** A dossier received at the counter (or by post) by an officer: received with its receipt, at once. */
  async receiveAtCounter(
    ctx: RequestContext,
    input: CounterIntakeInput,
    options: ActOptions = {},
  ): Promise<IssuedReceipt> {
    const at = options.at ?? new Date();
    const channel = input.channel ?? DossierChannel.COUNTER;
    if (channel === DossierChannel.ONLINE)
      throw new BadInputError(
        {
          vi: 'Hồ sơ trực tuyến do người nộp tự nộp (submitDossierOnline)',
          en: 'Online dossiers are filed by the applicant (submitDossierOnline)',
        },
        {
          field: 'channel',
        },
      );
    const actor = options.as ?? (await actorOf(ctx));
    const place = await this.placeOfIntake(ctx, input, actor);
    ctx.require(ProceduresPermissions.dossiersReceive);
    await ctx.requireIn(ProceduresPermissions.dossiersReceive, {
      unitId: place.agency.unit.id,
      agencyId: place.agency.id,
    });
    const { procedure, version } = await this.procedureFor(ctx, input, at);
    const competent = await competenceFor(ctx, version, place.agency.id, at);
    const { components, ...fields } = this.prepare(version, input, channel);
    await this.resolveFiles(ctx, components, fields.applicantIdNumber);
    const pin = generatePin();
    const pinHash = options.pinHash ?? hashPin(pin, this.keys(ctx));
    const dossier = ctx.em.create(Dossier, {
      ...fields,
      procedure,
      procedureVersion: version,
      channel,
      status: DossierStatus.RECEIVED,
      agencyId: place.agency.id,
      unitId: place.agency.unit.id,
      deskId: place.desk?.id ?? null,
      receivedById: actor.id,
      receivedByName: actor.name,
      holderAgencyId: place.agency.id,
      holderDepartmentId: null,
      holderUnitId: place.agency.unit.id,
      competentAgencyId: competent.agencyId,
      competentUnitId: competent.unitId,
      involvedUnitIds: [...new Set([place.agency.unit.id, competent.unitId])],
      involvedAgencyIds: [...new Set([place.agency.id, competent.agencyId])],
      submittedAt: at,
      pinHash,
      code: '', // allocated below, as late as possible: the counter row stays locked until commit
    });
    this.addComponents(ctx, dossier, components);
    dossier.code = await this.allocateCode(ctx, place.agency, at);
    const receipt = await this.receive(ctx, dossier, {
      at,
      actor,
      action: DossierAction.RECEIVE_AT_COUNTER,
      fromStatus: null,
      place,
      pin,
      silent: options.silent,
    });
    return receipt;
  }

  /** submitOnline for the public API: limited per client IP (PROCEDURES_SUBMIT_PER_IP_PER_HOUR). */
  async submitOnlineRateLimited(
    ctx: RequestContext,
    input: OnlineSubmissionInput,
  ): Promise<OnlineSubmissionResult> {
    const options = optionsOf<ProceduresOptions>(ctx.app, 'procedures');
    await enforceRateLimit(ctx.app, options.limits.submitByIp, ctx.ip ?? 'unknown', {
      vi: 'Địa chỉ này đã nộp quá nhiều hồ sơ; vui lòng thử lại sau',
      en: 'Too many submissions from this address; try again later',
    });
    return this.submitOnline(ctx, input);
  }

  /** A citizen files online (public, 24/7): status NEW, a code and a PIN, waiting for reception. */
  async submitOnline(
    ctx: RequestContext,
    input: OnlineSubmissionInput,
    options: ActOptions = {},
  ): Promise<OnlineSubmissionResult> {
    const at = options.at ?? new Date();
    if (!input.agencyId)
      throw new BadInputError({ vi: 'Cần agencyId', en: 'agencyId is required' }, { field: 'agencyId' });
    const agency = await directory.agency(ctx, requireId(input.agencyId, 'agencyId'));
    if (!agency || !agency.active) throw new NotFoundError(StaffRecords.agency, input.agencyId);
    const { procedure, version } = await this.procedureFor(ctx, input, at);
    if (!version.onlineLevel)
      throw new DomainError(ProceduresErrorCodes.PROCEDURE_NOT_ONLINE, {
        vi: `Thủ tục ${version.code} không được cung cấp trực tuyến; hãy nộp tại bộ phận một cửa`,
        en: `Procedure ${version.code} is not offered online; file it at the counter`,
      });
    const competent = await competenceFor(ctx, version, agency.id, at);
    const { components, ...prepared } = this.prepare(version, input, DossierChannel.ONLINE);
    if (!prepared.applicantIdNumber && prepared.applicantKind === 'CITIZEN')
      throw new BadInputError(
        {
          vi: 'Hồ sơ trực tuyến cần số định danh cá nhân của người nộp',
          en: "Online dossiers need the applicant's citizen ID number",
        },
        {
          field: 'applicant.idNumber',
        },
      );
    if (!prepared.applicantEmail && !prepared.applicantPhone)
      throw new BadInputError(
        {
          vi: 'Hãy để lại địa chỉ thư điện tử hoặc số điện thoại để liên hệ',
          en: 'Give an email address or a phone number to be reached at',
        },
        {
          field: 'applicant.email',
        },
      );
    if (components.some((c) => c.digitisation === DigitisationState.NOT_DIGITISED)) {
      throw new BadInputError(
        {
          vi: 'Hồ sơ trực tuyến không dùng giấy: mỗi thành phần cần bản quét (fileId, tải lên bằng POST /files) hoặc dùng lại một thành phần đã có (reuseComponentId)',
          en: 'Online dossiers are paperless: give every component its scan (fileId, uploaded with POST /files) or re-use one (reuseComponentId)',
        },
        { field: 'components' },
      );
    }
    await this.resolveFiles(ctx, components, prepared.applicantIdNumber);
    const pin = generatePin();
    const pinHash = options.pinHash ?? hashPin(pin, this.keys(ctx));
    const dossier = ctx.em.create(Dossier, {
      ...prepared,
      procedure,
      procedureVersion: version,
      channel: DossierChannel.ONLINE,
      status: DossierStatus.NEW,
      agencyId: agency.id,
      unitId: agency.unit.id,
      deskId: null,
      holderAgencyId: agency.id,
      holderDepartmentId: null,
      holderUnitId: agency.unit.id,
      competentAgencyId: competent.agencyId,
      competentUnitId: competent.unitId,
      involvedUnitIds: [...new Set([agency.unit.id, competent.unitId])],
      involvedAgencyIds: [...new Set([agency.id, competent.agencyId])],
      submittedAt: at,
      pinHash,
      code: '',
    });
    this.addComponents(ctx, dossier, components);
    dossier.code = await this.allocateCode(ctx, agency, at);
    await addStep(ctx, dossier, {
      action: DossierAction.SUBMIT_ONLINE,
      fromStatus: null,
      toStatus: DossierStatus.NEW,
      actor: { id: null, name: null },
      at,
      handover: true,
      toAgencyId: agency.id,
      note: 'Nộp trực tuyến',
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.SUBMIT_ONLINE, null, { channel: 'ONLINE' });
    return { dossier, pin };
  }

  /** An officer receives an online dossier (1 -> 2), issuing the receipt (emailed to the applicant). */
  async receiveOnline(
    ctx: RequestContext,
    input: {
      dossierId: string;
      version: number;
      deskId?: string | null;
      components?: ComponentInput[] | null;
    },
    options: ActOptions = {},
  ): Promise<IssuedReceipt> {
    const at = options.at ?? new Date();
    const { dossier } = await beginTransition(ctx, DossierAction.RECEIVE, input.dossierId, input.version, at);
    const actor = options.as ?? (await actorOf(ctx));
    let place: Place;
    if (input.deskId) {
      // The desk's place names its agency: one statement for both.
      const found = await this.placeOfDesk(ctx, input.deskId);
      if (found.agency.id !== dossier.agencyId)
        throw new BadInputError(
          { vi: 'Quầy thuộc cơ quan khác', en: 'The desk belongs to another agency' },
          { field: 'deskId' },
        );
      place = found;
    } else {
      const agency = await agencyOfDossier(ctx, dossier);
      place = { agency, ...(await this.deskOfActor(ctx, actor, agency.id)) };
    }
    if (input.components?.length) {
      // The officer checks what was uploaded and may mark components re-used from the national repository.
      const version = await ctx.em.findOneOrFail(ProcedureVersion, { id: dossier.procedureVersion.id });
      const components = this.components(version, dossier.caseCode, input.components, DossierChannel.ONLINE);
      await this.resolveFiles(ctx, components, dossier.applicantIdNumber);
      await ctx.em.nativeDelete(DossierComponent, { dossier: dossier.id });
      this.addComponents(ctx, dossier, components);
      dossier.componentsDigitised =
        components.length > 0 && components.every((c) => c.digitisation !== DigitisationState.NOT_DIGITISED);
    }
    dossier.deskId = place.desk?.id ?? null;
    dossier.receivedById = actor.id;
    dossier.receivedByName = actor.name;
    const submitted = await finishOpenHold(ctx, dossier.id, at);
    if (submitted) submitted.receivedAt = at;
    return this.receive(ctx, dossier, {
      at,
      actor,
      action: DossierAction.RECEIVE,
      fromStatus: DossierStatus.NEW,
      place,
      pin: null,
      silent: options.silent,
    });
  }

  /** Mẫu 03: an online dossier is not received, with the reason. */
  async refuse(
    ctx: RequestContext,
    input: { dossierId: string; version: number; reason: string },
    options: ActOptions = {},
  ): Promise<Dossier> {
    const at = options.at ?? new Date();
    const { dossier, rule } = await beginTransition(
      ctx,
      DossierAction.REFUSE,
      input.dossierId,
      input.version,
      at,
    );
    // Permission, scope and state first: a caller who may not refuse learns nothing from the input.
    const reason = requiredText(input.reason, 'reason');
    const actor = options.as ?? (await actorOf(ctx));
    await finishOpenHold(ctx, dossier.id, at);
    dossier.status = DossierStatus.NOT_RECEIVED;
    dossier.endedAt = at;
    dossier.endReason = DossierEndReason.REFUSED;
    dossier.endNote = reason;
    await addStep(ctx, dossier, {
      action: DossierAction.REFUSE,
      fromStatus: DossierStatus.NEW,
      toStatus: DossierStatus.NOT_RECEIVED,
      actor,
      at,
      handover: false,
      fromAgencyId: dossier.holderAgencyId,
      toAgencyId: dossier.holderAgencyId,
      form: rule.form,
      note: reason,
    });
    await ctx.em.flush();
    auditTransition(ctx, dossier, DossierAction.REFUSE, DossierStatus.NEW, { reason });
    await mailApplicant(
      ctx,
      dossier,
      (base) => refusedMail({ ...base, reason, refusedAt: formatLocalDateTime(at) }),
      options,
    );
    return dossier;
  }

  /** Prints the receipt again with a new PIN and satisfaction link (the old ones stop working). */
  async reissueReceipt(
    ctx: RequestContext,
    input: { dossierId: string; version: number },
    options: ActOptions = {},
  ): Promise<IssuedReceipt> {
    const at = options.at ?? new Date();
    const dossier = await loadVisible(ctx, input.dossierId);
    await ctx.requireIn(ProceduresPermissions.dossiersReceive, {
      unitId: dossier.unitId,
      agencyId: dossier.agencyId,
    });
    if (dossier.version !== input.version)
      throw new ConflictError({
        vi: 'Hồ sơ vừa được người khác thay đổi; hãy tải lại và thử lại',
        en: 'The dossier was changed by someone else; reload and try again',
      });
    if (!dossier.receiptId)
      throw new DomainError(ProceduresErrorCodes.DOSSIER_INVALID_TRANSITION, {
        vi: 'Hồ sơ chưa được tiếp nhận: chưa có giấy tiếp nhận để cấp lại',
        en: 'The dossier has not been received: there is no receipt to reissue',
      });
    const previous = await ctx.em.findOneOrFail(Receipt, { id: dossier.receiptId });
    const actor = options.as ?? (await actorOf(ctx));
    const pin = generatePin();
    dossier.pinHash = hashPin(pin, this.keys(ctx));
    const token = generateToken();
    dossier.ratingTokenHash = hashToken(token, this.keys(ctx));
    const receipt = ctx.em.create(Receipt, {
      dossier,
      issuedAt: at,
      issuedByName: actor.name,
      kind: 'REISSUE',
      data: previous.data,
    });
    dossier.receiptId = receipt.id;
    await ctx.em.flush();
    ctx.audit({
      action: 'procedures.dossier.reissue-receipt',
      entityType: 'Dossier',
      entityId: dossier.id,
      unitId: dossier.unitId,
      agencyId: dossier.agencyId,
      after: { code: dossier.code, receiptId: receipt.id },
    });
    return this.issued(receipt, dossier.id, pin, satisfactionUrl(ctx, token));
  }

  /** The latest receipt of a dossier, for reprinting (without PIN or satisfaction link). */
  async receiptOf(ctx: RequestContext, dossierId: string): Promise<IssuedReceipt | null> {
    const dossier = await loadVisible(ctx, dossierId);
    if (!dossier.receiptId) return null;
    const receipt = await ctx.em.findOneOrFail(Receipt, { id: dossier.receiptId });
    return this.issued(receipt, dossier.id, null, null);
  }

  async codePattern(
    ctx: RequestContext,
    agencyId: string,
  ): Promise<{ agencyId: string; pattern: string; reset: SequenceReset; custom: boolean; example: string }> {
    const agency = await this.agencyInScope(ctx, agencyId, ProceduresPermissions.settingsManage);
    const row = await ctx.em.findOne(CodePattern, { agencyId });
    const pattern = row?.pattern ?? DEFAULT_CODE_PATTERN;
    return {
      agencyId,
      pattern,
      reset: row?.reset ?? DEFAULT_SEQUENCE_RESET,
      custom: Boolean(row),
      example: formatDossierCode(pattern, {
        agencyCode: this.agencyCode(agency),
        at: new Date(),
        sequence: 1,
      }),
    };
  }

  async setCodePattern(
    ctx: RequestContext,
    input: { agencyId: string; pattern: string; reset: SequenceReset },
  ) {
    const agency = await this.agencyInScope(ctx, input.agencyId, ProceduresPermissions.settingsManage);
    const pattern = input.pattern.trim();
    try {
      validateCodePattern(pattern, input.reset);
    } catch (error) {
      if (error instanceof CodePatternError) throw new BadInputError(error.message, { field: 'pattern' });
      throw error;
    }
    let row = await ctx.em.findOne(CodePattern, { agencyId: agency.id });
    const before = row ? { pattern: row.pattern, reset: row.reset } : null;
    if (row) Object.assign(row, { pattern, reset: input.reset });
    else
      row = ctx.em.create(CodePattern, {
        agencyId: agency.id,
        pattern,
        reset: input.reset,
      });
    await ctx.em.flush();
    ctx.audit({
      action: 'procedures.code-pattern.set',
      entityType: 'CodePattern',
      entityId: row.id,
      unitId: agency.unit.id,
      agencyId: agency.id,
      before,
      after: { pattern, reset: input.reset },
    });
    return this.codePattern(ctx, agency.id);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Reception proper: the appointment from the calendar, the receipt (Mẫu 01) with a fresh
   * satisfaction token, the step, the deadline record, the audit entry and the email. The only
   * place where `receivedAt` is set, always together with `receiptId`.
   */
  private async receive(
    ctx: RequestContext,
    dossier: Dossier,
    args: {
      at: Date;
      actor: Actor;
      action: DossierAction;
      fromStatus: DossierStatus | null;
      place: Place;
      pin: string | null;
      silent?: boolean;
    },
  ): Promise<IssuedReceipt> {
    const { at, actor, place } = args;
    // Every read first: a query may flush pending changes (MikroORM's auto flush), and the dossier
    // must never reach the database received without its receipt.
    const version = await ctx.em.findOneOrFail(ProcedureVersion, { id: dossier.procedureVersion.id });
    // A dossier received at the counter is still only in the unit of work: its components are all
    // pending, and a query here would insert it early (auto flush) only to update it below.
    const persistStack = ctx.em.getUnitOfWork().getPersistStack();
    const stored = persistStack.has(dossier)
      ? []
      : await ctx.em.find(DossierComponent, { dossier: dossier.id }, { orderBy: { position: 'asc' } });
    const pending = [...persistStack].filter(
      (e): e is DossierComponent => e instanceof DossierComponent && e.dossier.id === dossier.id,
    );
    const all = [...new Set([...stored, ...pending])].sort((a, b) => a.position - b.position);
    const appointment = await computeDueAt(ctx, {
      agencyId: dossier.agencyId,
      start: at,
      amount: dossier.limitAmount,
      unit: dossier.limitUnit,
      cutoffHour: dossier.cutoffHour,
    });
    const token = generateToken();
    const caseInfo = version.cases.find((c) => c.code === dossier.caseCode)!;
    const fees = this.feesOf(version, dossier.caseCode);
    const data: ReceiptData = {
      dossierCode: dossier.code,
      agencyName: place.agency.name,
      centreName: place.centre?.name ?? null,
      deskName: place.desk?.name ?? null,
      procedureCode: version.code,
      procedureName: version.name,
      caseName: caseInfo.name,
      channel: dossier.channel,
      applicantName: dossier.applicantName,
      components: all.map((c) => ({
        name: c.name,
        originals: c.originals,
        copies: c.copies,
        digitisation: c.digitisation,
      })),
      receivedAt: at.toISOString(),
      appointmentAt: appointment.toISOString(),
      placeOfReturn: this.placeOfReturn(place, dossier.resultDelivery),
      resultDelivery: dossier.resultDelivery,
      fees: fees.map((f) => ({ name: f.name, amount: f.amount })),
      feeTotal: dossier.feeTotal,
      receivedByName: actor.name,
      lookupUrl: lookupUrl(ctx, dossier.code),
    };
    const receipt = ctx.em.create(Receipt, {
      dossier,
      issuedAt: at,
      issuedByName: actor.name,
      kind: 'INTAKE',
      data,
    });
    Object.assign(dossier, {
      status: DossierStatus.RECEIVED,
      receivedAt: at,
      appointmentAt: appointment,
      originalAppointmentAt: appointment,
      ratingTokenHash: hashToken(token, this.keys(ctx)),
      receiptId: receipt.id,
    });
    await addStep(ctx, dossier, {
      action: args.action,
      fromStatus: args.fromStatus,
      toStatus: DossierStatus.RECEIVED,
      actor,
      at,
      handover: true,
      toAgencyId: place.agency.id,
      receivedAt: at,
      dueAt: appointment,
      form: TRANSITIONS[args.action].form,
      note: place.desk ? `Tiếp nhận tại ${place.desk.name}` : null,
    });
    await ctx.em.flush();
    await recordDeadline(ctx, dossier.id, at, appointment);
    auditTransition(ctx, dossier, args.action, args.fromStatus, {
      channel: dossier.channel,
      receiptId: receipt.id,
      appointmentAt: appointment.toISOString(),
    });
    const ratingLink = satisfactionUrl(ctx, token);
    await mailApplicant(
      ctx,
      dossier,
      (base) =>
        receivedMail({
          ...base,
          receivedAt: formatLocalDateTime(at),
          appointmentAt: formatLocalDateTime(appointment),
          placeOfReturn: data.placeOfReturn,
          components: data.components.map(
            (c) =>
              `${c.name} (${[c.originals ? `${c.originals} bản chính` : '', c.copies ? `${c.copies} bản sao` : ''].filter(Boolean).join(', ')})`,
          ),
          fees: data.fees,
          feeTotal: data.feeTotal,
          satisfactionUrl: ratingLink,
        }),
      { silent: args.silent },
    );
    return this.issued(receipt, dossier.id, args.pin, ratingLink);
  }

  private issued(
    receipt: Receipt,
    dossierId: string,
    pin: string | null,
    ratingLink: string | null,
  ): IssuedReceipt {
    return {
      ...receipt.data,
      id: receipt.id,
      dossierId,
      issuedAt: receipt.issuedAt,
      issuedByName: receipt.issuedByName,
      kind: receipt.kind,
      lookupPin: pin,
      satisfactionUrl: ratingLink,
    };
  }

  /** Where the applicant collects the result. */
  private placeOfReturn(place: Pick<Place, 'agency' | 'centre'>, delivery: ResultDelivery): string {
    if (delivery === ResultDelivery.POST)
      return 'Gửi qua dịch vụ bưu chính công ích đến địa chỉ của người nộp hồ sơ';
    if (delivery === ResultDelivery.ONLINE) return 'Trả kết quả điện tử qua Cổng dịch vụ công';
    const where = place.centre
      ? `${place.centre.name} - ${place.agency.name}`
      : `Bộ phận tiếp nhận và trả kết quả - ${place.agency.name}`;
    const address = place.centre?.address ?? place.agency.address;
    return address ? `${where}, ${address}` : where;
  }

  /** The agency, desk and centre where an officer receives: the desk given, or the officer's own. */
  private async placeOfIntake(ctx: RequestContext, input: CounterIntakeInput, actor: Actor): Promise<Place> {
    if (input.deskId) {
      const found = await this.placeOfDesk(ctx, input.deskId);
      if (input.agencyId && input.agencyId !== found.agency.id)
        throw new BadInputError(
          { vi: 'Quầy thuộc cơ quan khác', en: 'The desk belongs to another agency' },
          { field: 'deskId' },
        );
      return found;
    }
    if (input.agencyId) {
      const agency = await directory.agency(ctx, requireId(input.agencyId, 'agencyId'));
      if (!agency) throw new NotFoundError(StaffRecords.agency, input.agencyId);
      return { agency, ...(await this.deskOfActor(ctx, actor, agency.id)) };
    }
    if (actor.id) {
      const posting = (await directory.currentPostings(ctx, actor.id)).find((p) => p.deskId);
      const place = posting?.deskId ? await directory.placeOfDesk(ctx, posting.deskId) : null;
      if (place) return place;
    }
    throw new BadInputError(
      {
        vi: 'Hãy nêu quầy (hoặc cơ quan) tiếp nhận hồ sơ',
        en: 'Give the desk (or agency) where the dossier is received',
      },
      { field: 'deskId' },
    );
  }

  /** The desk the officer is posted at in this agency, if any. */
  private async deskOfActor(
    ctx: RequestContext,
    actor: Actor,
    agencyId: string,
  ): Promise<Pick<Place, 'desk' | 'centre'>> {
    if (!actor.id) return { desk: null, centre: null };
    const posting = (await directory.currentPostings(ctx, actor.id)).find(
      (p) => p.agencyId === agencyId && p.deskId,
    );
    const place = posting?.deskId ? await directory.placeOfDesk(ctx, posting.deskId) : null;
    return { desk: place?.desk ?? null, centre: place?.centre ?? null };
  }

  /**
   * The place of a desk a client named: its centre and agency in one statement. A malformed id is
   * BAD_USER_INPUT (field deskId), an unknown one NOT_FOUND.
   */
  private async placeOfDesk(ctx: RequestContext, deskId: string): Promise<Place> {
    const place = await directory.placeOfDesk(ctx, requireId(deskId, 'deskId'));
    if (!place) throw new NotFoundError(StaffRecords.desk, deskId);
    return place;
  }

  private async agencyInScope(
    ctx: RequestContext,
    agencyId: string,
    permission: string,
  ): Promise<AgencyRecord> {
    ctx.require(permission);
    const agency = await directory.agency(ctx, requireId(agencyId, 'agencyId'));
    if (!agency || !(await ctx.can(permission, { unitId: agency.unit.id, agencyId: agency.id }))) {
      if (agency && ctx.has(permission))
        throw new ForbiddenError({
          vi: 'Cơ quan nằm ngoài phạm vi quản lý hành chính của bạn',
          en: 'The agency is outside your administrative scope',
        });
      throw new NotFoundError(StaffRecords.agency, agencyId);
    }
    return agency;
  }

  private agencyCode(agency: AgencyRecord): string {
    return agency.shortCode?.trim() || agency.electronicId;
  }

  /**
   * The next code of the agency's pattern. The counter row of (agency, period) is incremented in the
   * caller's transaction and stays locked until it commits, so concurrent intakes queue for it and
   * never share a number; a rolled-back intake gives its number back.
   */
  async allocateCode(ctx: RequestContext, agency: AgencyRecord, at: Date): Promise<string> {
    // One statement: the agency's pattern (if any) picks the period among the three possible ones.
    const result = await preparedRows<{ value: number; pattern: string | null }>(
      ctx.em,
      `with p as (select pattern, reset::text as reset from procedures_code_pattern where agency_id = ?)
       insert into procedures_code_counter (agency_id, period, value)
       values (?, case coalesce((select reset from p), ?) when ? then ? when ? then ? else ? end, 1)
       on conflict (agency_id, period) do update set value = procedures_code_counter.value + 1
       returning value, (select pattern from p) as pattern`,
      [
        agency.id,
        agency.id,
        DEFAULT_SEQUENCE_RESET,
        SequenceReset.YEARLY,
        sequencePeriod(SequenceReset.YEARLY, at),
        SequenceReset.MONTHLY,
        sequencePeriod(SequenceReset.MONTHLY, at),
        sequencePeriod(SequenceReset.DAILY, at),
      ],
    );
    return formatDossierCode(result[0].pattern ?? DEFAULT_CODE_PATTERN, {
      agencyCode: this.agencyCode(agency),
      at,
      sequence: Number(result[0].value),
    });
  }

  private async procedureFor(
    ctx: RequestContext,
    input: DossierBaseInput,
    at: Date,
  ): Promise<{ procedure: Procedure; version: ProcedureVersion }> {
    let procedure: Procedure | null = null;
    if (input.procedureId) {
      const id = requireId(input.procedureId, 'procedureId');
      procedure = (await findManaged(ctx.em, Procedure, 'p', 'where p.id = ?', [id]))[0] ?? null;
    } else if (input.procedureCode) procedure = await catalogue.byCode(ctx, input.procedureCode);
    else
      throw new BadInputError(
        {
          vi: 'Hãy nêu thủ tục (procedureId hoặc procedureCode)',
          en: 'Give the procedure (procedureId or procedureCode)',
        },
        { field: 'procedureId' },
      );
    if (!procedure || !procedure.active)
      throw new NotFoundError(ProceduresRecords.procedure, input.procedureId ?? input.procedureCode ?? '');
    const version = await catalogue.versionInEffect(ctx, procedure.id, at);
    if (!version)
      throw new DomainError(ProceduresErrorCodes.PROCEDURE_NOT_IN_EFFECT, {
        vi: `Thủ tục ${procedure.code} chưa có hiệu lực`,
        en: `Procedure ${procedure.code} is not in effect yet`,
      });
    return { procedure, version };
  }

  private feesOf(version: ProcedureVersion, caseCode: string) {
    return version.fees.filter((f) => !f.caseCodes?.length || f.caseCodes.includes(caseCode));
  }

  /** Everything a new dossier takes from its procedure version and the input. */
  private prepare(version: ProcedureVersion, input: DossierBaseInput, channel: DossierChannel) {
    const caseCode = input.caseCode ?? version.cases[0].code;
    const caseInfo = version.cases.find((c) => c.code === caseCode);
    if (!caseInfo)
      throw new BadInputError(
        {
          vi: `Thủ tục ${version.code} không có trường hợp ${caseCode}`,
          en: `Procedure ${version.code} has no case ${caseCode}`,
        },
        { field: 'caseCode' },
      );
    const limit =
      caseInfo.limits.find((l) => l.channel === channel) ?? caseInfo.limits.find((l) => l.channel === null);
    if (!limit)
      throw new BadInputError(
        {
          vi: `Trường hợp ${caseCode} không có thời hạn giải quyết cho kênh ${channel}`,
          en: `Case ${caseCode} has no processing time for ${channel}`,
        },
        {
          field: 'caseCode',
        },
      );
    const components = this.components(version, caseCode, input.components, channel);
    const note = optionalText(input.note, 'note');
    return {
      ...normaliseApplicant(input.applicant),
      ...normaliseAuthorisedPerson(input.authorisedPerson),
      caseCode,
      field: version.field,
      limitAmount: limit.amount,
      limitUnit: limit.unit,
      cutoffHour: version.cutoffHour,
      resultDelivery:
        input.resultDelivery ??
        (channel === DossierChannel.ONLINE && version.onlineLevel === OnlineServiceLevel.FULL
          ? ResultDelivery.ONLINE
          : ResultDelivery.AT_DESK),
      note,
      feeTotal: this.feesOf(version, caseCode).reduce((sum, f) => sum + f.amount, 0),
      componentsDigitised:
        components.length > 0 && components.every((c) => c.digitisation !== DigitisationState.NOT_DIGITISED),
      components,
    };
  }

  /** Components received: as given (matched to the version's by code), or the version's required ones. */
  private components(
    version: ProcedureVersion,
    caseCode: string,
    input: ComponentInput[] | null | undefined,
    _channel: DossierChannel,
  ) {
    // A component is digitised only with a file: its own scan or one re-used from an earlier dossier.
    const defaultState = DigitisationState.NOT_DIGITISED;
    const applicable = version.components.filter(
      (c) => !c.caseCodes?.length || c.caseCodes.includes(caseCode),
    );
    if (!input?.length) {
      return applicable
        .filter((c) => c.required)
        .map((c) => ({
          code: c.code,
          name: c.name,
          originals: c.originals,
          copies: c.copies,
          digitisation: defaultState,
          fileRef: null as string | null,
          fileId: null as string | null,
          reuseComponentId: null as string | null,
        }));
    }
    if (input.length > MAX_COMPONENTS)
      throw new BadInputError(
        { vi: `Tối đa ${MAX_COMPONENTS} thành phần hồ sơ`, en: `At most ${MAX_COMPONENTS} components` },
        { field: 'components' },
      );
    return input.map((c, i) => {
      const known = c.code ? version.components.find((k) => k.code === c.code) : undefined;
      if (c.code && !known)
        throw new BadInputError(
          {
            vi: `Thủ tục ${version.code} không có thành phần hồ sơ ${c.code}`,
            en: `Procedure ${version.code} has no component ${c.code}`,
          },
          {
            field: `components[${i}].code`,
          },
        );
      const name = (c.name ?? known?.name ?? '').trim();
      if (!name)
        throw new BadInputError(
          {
            vi: `components[${i}] cần tên hoặc một mã đã biết`,
            en: `components[${i}] needs a name or a known code`,
          },
          {
            field: `components[${i}]`,
          },
        );
      const originals = c.originals ?? known?.originals ?? 0;
      const copies = c.copies ?? known?.copies ?? 0;
      if (
        !Number.isInteger(originals) ||
        !Number.isInteger(copies) ||
        originals < 0 ||
        copies < 0 ||
        originals + copies === 0 ||
        originals + copies > 50
      ) {
        throw new BadInputError(
          {
            vi: `components[${i}]: tổng số bản chính và bản sao từ 1 đến 50`,
            en: `components[${i}]: give 1 to 50 originals and copies in total`,
          },
          {
            field: `components[${i}]`,
          },
        );
      }
      const fileRef = c.fileRef?.trim() || null;
      if (fileRef && fileRef.length > 500)
        throw new BadInputError(
          { vi: `components[${i}].fileRef quá dài`, en: `components[${i}].fileRef is too long` },
          { field: `components[${i}]` },
        );
      const fileId = c.fileId?.trim() || null;
      const reuseComponentId = c.reuseComponentId?.trim() || null;
      if (fileId && reuseComponentId)
        throw new BadInputError(
          {
            vi: `components[${i}]: chỉ gửi tệp hoặc thành phần dùng lại, không gửi cả hai`,
            en: `components[${i}]: give a file or a component to re-use, not both`,
          },
          {
            field: `components[${i}]`,
          },
        );
      const digitisation = fileId
        ? DigitisationState.DIGITISED
        : reuseComponentId
          ? DigitisationState.REUSED
          : DigitisationState.NOT_DIGITISED;
      if (c.digitisation && c.digitisation !== digitisation)
        throw new BadInputError(
          {
            vi: `components[${i}]: ${c.digitisation} cần ${c.digitisation === DigitisationState.REUSED ? 'reuseComponentId' : c.digitisation === DigitisationState.DIGITISED ? 'fileId (tải bản quét lên bằng POST /files)' : 'không có tệp'}`,
            en: `components[${i}]: ${c.digitisation} needs ${c.digitisation === DigitisationState.REUSED ? 'reuseComponentId' : c.digitisation === DigitisationState.DIGITISED ? 'fileId (upload the scan with POST /files)' : 'no file'}`,
          },
          { field: `components[${i}].digitisation` },
        );
      return {
        code: known?.code ?? null,
        name,
        originals,
        copies,
        digitisation,
        fileRef,
        fileId,
        reuseComponentId,
      };
    });
  }

  private addComponents(
    ctx: RequestContext,
    dossier: Dossier,
    components: Array<{
      code: string | null;
      name: string;
      originals: number;
      copies: number;
      digitisation: DigitisationState;
      fileRef: string | null;
      fileId: string | null;
      reuseComponentId: string | null;
    }>,
  ): void {
    components.forEach(({ reuseComponentId: _reuse, ...c }, position) =>
      ctx.em.create(DossierComponent, { dossier, ...c, position }),
    );
  }

  /**
   * Checks the files components name: an uploaded file must exist; a re-used one must be the file of
   * a component of an earlier dossier of the same applicant (same ID number), whose file is copied.
   */
  private async resolveFiles(
    ctx: RequestContext,
    components: Array<{ fileId: string | null; reuseComponentId: string | null }>,
    applicantIdNumber: string | null,
  ): Promise<void> {
    const uploaded = components.map((c) => c.fileId).filter((id): id is string => Boolean(id));
    if (uploaded.length) await ctx.app.files.require(ctx.em, uploaded, 'components.fileId');
    for (const [i, c] of components.entries()) {
      if (!c.reuseComponentId) continue;
      const rows = isUuid(c.reuseComponentId)
        ? await ctx.em.execute<Array<{ file_id: string | null; applicant_id_number: string | null }>>(
            `select c.file_id, d.applicant_id_number from procedures_dossier_component c
               join procedures_dossier d on d.id = c.dossier_id where c.id = ?`,
            [c.reuseComponentId],
          )
        : [];
      const row = rows[0];
      if (!row?.file_id || !applicantIdNumber || row.applicant_id_number !== applicantIdNumber)
        throw new BadInputError(
          {
            vi: `components[${i}].reuseComponentId: không có thành phần đã số hóa nào của hồ sơ trước đây của người nộp này`,
            en: `components[${i}].reuseComponentId: no digitised component of an earlier dossier of this applicant`,
          },
          { field: `components[${i}].reuseComponentId` },
        );
      c.fileId = row.file_id;
    }
  }
}

export const intake = new IntakeService();
