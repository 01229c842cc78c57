import {
  BadInputError,
  DomainError,
  optionsOf,
  rateLimitRetryAfter,
  RequestContext,
  takeRateLimit,
  TooManyRequestsError,
} from '../../../src';
import { optionalText } from './input-text';
import { ProceduresErrorCodes } from '../errors';
import { directory } from '../../staff';
import { DigitisationState, DossierAction, DossierStatus, PauseKind } from '../domain/enums';
import { sameDigits, verifyPin } from '../domain/secrets';
import { Dossier } from '../entities/dossier.entity';
import { DossierComponent } from '../entities/dossier-component.entity';
import { DossierPause } from '../entities/dossier-pause.entity';
import { Receipt } from '../entities/receipt.entity';
import type { ProceduresOptions } from '../options';
import { lifecycle } from './lifecycle.service';

export interface LookupTimelineEntry {
  seq: number;
  action: DossierAction;
  status: DossierStatus;
  at: Date;
  place: string | null;
}

export interface DossierLookupView {
  code: string;
  status: DossierStatus;
  /** Null while the clock is stopped: the appointment moves when it runs again, so no date is promised. */
  appointmentAt: Date | null;
  /** The clock is stopped (a supplement or a financial obligation is awaited). */
  clockStopped: boolean;
  timeline: LookupTimelineEntry[];
  supplement: { items: string[]; note: string | null; requestedAt: Date; deadlineAt: Date | null } | null;
  fees: Array<{ name: string; amount: number }>;
  feeTotal: number;
  placeOfReturn: string | null;
}

/** One answer for an unknown code and a wrong second factor alike. */
export const LOOKUP_FAILED = 'Không tìm thấy hồ sơ với mã hồ sơ và mã xác thực đã nhập';

const MAX_SUPPLEMENT_FILES = 20;

/**
 * Citizen lookup (public): a dossier code plus a second factor printed on the receipt (the 6-digit
 * PIN) or the last 4 digits of the applicant's ID number or phone. Answers status, appointment,
 * timeline, what a supplement request asks for, fees and where to collect the result; nothing
 * personal. Unknown codes and wrong factors get the same error after the same work.
 *
 * Limits, so that guessing stays bounded and nobody can lock a citizen out of their own dossier:
 * every attempt counts against the client's address (PROCEDURES_LOOKUP_PER_IP); wrong guesses count
 * against the (client, code) pair (PROCEDURES_LOOKUP_WRONG_PER_CLIENT) and against the code from all
 * clients (PROCEDURES_LOOKUP_PER_CODE). Once a code has had too many wrong guesses, only clients with
 * no wrong guess on it may still try: another client's guessing never blocks the citizen, and a
 * guesser gets at most one more try per address. Every refusal says how long to wait.
 */
export class LookupService {
  async lookup(ctx: RequestContext, input: { code: string; secret: string }): Promise<DossierLookupView> {
    const dossierId = await this.authenticate(ctx, input);
    return this.view(ctx, dossierId);
  }

  /**
   * The applicant sends the supplement online with the same second factor: the files become
   * components of the dossier and the clock resumes exactly as when the desk receives a supplement.
   */
  async submitSupplement(
    ctx: RequestContext,
    input: { code: string; secret: string; fileIds: string[]; note?: string | null },
  ): Promise<DossierLookupView> {
    const fileIds = input.fileIds ?? [];
    if (!fileIds.length)
      throw new BadInputError(
        { vi: 'Hãy đính kèm ít nhất một tệp', en: 'Attach at least one file' },
        { field: 'fileIds' },
      );
    if (fileIds.length > MAX_SUPPLEMENT_FILES)
      throw new BadInputError(
        { vi: `Tối đa ${MAX_SUPPLEMENT_FILES} tệp`, en: `At most ${MAX_SUPPLEMENT_FILES} files` },
        { field: 'fileIds' },
      );
    const note = optionalText(input.note, 'note');
    const dossierId = await this.authenticate(ctx, input);
    const files = await ctx.app.files.require(ctx.em, fileIds, 'fileIds');
    const dossier = await ctx.em.findOneOrFail(Dossier, { id: dossierId });
    if (dossier.status !== DossierStatus.SUPPLEMENT_REQUESTED)
      throw new DomainError(
        ProceduresErrorCodes.DOSSIER_INVALID_TRANSITION,
        'Hồ sơ không ở trạng thái chờ bổ sung: không thể gửi hồ sơ bổ sung',
        { action: DossierAction.RECEIVE_SUPPLEMENT, status: dossier.status },
      );
    const last = await ctx.em.findOne(
      DossierComponent,
      { dossier: dossierId },
      { orderBy: { position: 'desc' } },
    );
    files.forEach((file, i) =>
      ctx.em.create(DossierComponent, {
        dossier,
        code: null,
        name: `Bổ sung: ${file.fileName}`,
        originals: 0,
        copies: 1,
        digitisation: DigitisationState.DIGITISED,
        fileId: file.id,
        fileRef: null,
        position: (last?.position ?? -1) + 1 + i,
      }),
    );
    // The desk's own transition, acted by the system on the applicant's behalf (the second factor
    // stands for the permission): same clock, same step, same audit entry.
    const system = new RequestContext(ctx.app, ctx.em, null, {
      isSystem: true,
      requestId: ctx.requestId,
      ip: ctx.ip ?? undefined,
    });
    await lifecycle.receiveSupplement(
      system,
      {
        dossierId,
        version: dossier.version,
        note: ['Người nộp gửi bổ sung trực tuyến', note].filter(Boolean).join(' — '),
      },
      { as: { id: null, name: 'Người nộp hồ sơ (trực tuyến)' } },
    );
    return this.view(ctx, dossierId);
  }

  /** The dossier id when the code and second factor match, after the rate limits. */
  private async authenticate(ctx: RequestContext, input: { code: string; secret: string }): Promise<string> {
    const code = (input.code ?? '').trim();
    const secret = (input.secret ?? '').replace(/\s+/g, '');
    if (!code || code.length > 100 || !secret || secret.length > 20)
      throw new BadInputError({
        vi: 'Hãy nhập mã hồ sơ và mã tra cứu (hoặc 4 số cuối của số định danh hay số điện thoại)',
        en: 'Give the dossier code and the lookup PIN (or the last 4 digits of your ID number or phone)',
      });
    const options = optionsOf<ProceduresOptions>(ctx.app, 'procedures');
    const { limits } = options;
    const client = ctx.ip ?? 'unknown';
    const codeKey = code.toUpperCase();
    const pairKey = `${client} ${codeKey}`;
    const refuse = (seconds: number) => {
      throw new TooManyRequestsError('Quá nhiều lần tra cứu; vui lòng thử lại sau', seconds);
    };
    if (!(await takeRateLimit(ctx.app, limits.lookupByIp, client)))
      refuse(await rateLimitRetryAfter(ctx.app, limits.lookupByIp, client));
    const pairWait = await rateLimitRetryAfter(ctx.app, limits.lookupWrongByClient, pairKey);
    if (pairWait > 0) refuse(pairWait);
    const codeWait = await rateLimitRetryAfter(ctx.app, limits.lookupByCode, codeKey);
    if (codeWait > 0) {
      // The code is under attack: only a client that has not guessed wrong on it may still try.
      const clean = await rateLimitRetryAfter(ctx.app, { ...limits.lookupWrongByClient, limit: 1 }, pairKey);
      if (clean > 0) refuse(Math.max(clean, codeWait));
    }

    const rows = await ctx.em.getConnection().execute<
      Array<{
        id: string;
        pin_hash: string | null;
        applicant_id_number: string | null;
        applicant_phone: string | null;
      }>
    >(`select id, pin_hash, applicant_id_number, applicant_phone from procedures_dossier where code = ? or code = ? limit 1`, [code, codeKey]);
    const row = rows[0];
    const isPin = /^\d{6}$/.test(secret);
    const pinMatches = await verifyPin(secret, isPin ? row?.pin_hash : null, options.secretKeys);
    const suffixMatches =
      !isPin &&
      /^\d{4}$/.test(secret) &&
      Boolean(row) &&
      [row!.applicant_id_number, row!.applicant_phone].some((value) =>
        Boolean(value && value.length >= 4 && sameDigits(value.slice(-4), secret)),
      );
    if (!row || !(pinMatches || suffixMatches)) {
      await takeRateLimit(ctx.app, limits.lookupWrongByClient, pairKey);
      await takeRateLimit(ctx.app, limits.lookupByCode, codeKey);
      throw new DomainError('NOT_FOUND', LOOKUP_FAILED); // the one message for every failed lookup
    }
    return row.id;
  }

  private async view(ctx: RequestContext, dossierId: string): Promise<DossierLookupView> {
    // The request's transaction (a supplement just sent must be seen as it now stands).
    const conn = ctx.em;
    const [dossier] = await conn.execute<
      Array<{
        code: string;
        status: number;
        appointment_at: Date | null;
        receipt_id: string | null;
        fee_total: number;
      }>
    >(`select code, status, appointment_at, receipt_id, fee_total from procedures_dossier where id = ?`, [
      dossierId,
    ]);
    const steps = await conn.execute<
      Array<{
        seq: number;
        action: DossierAction;
        to_status: number;
        given_at: Date;
        to_agency_id: string | null;
        to_department_id: string | null;
      }>
    >(
      `select seq, action, to_status, given_at, to_agency_id, to_department_id from procedures_dossier_step where dossier_id = ? order by seq`,
      [dossierId],
    );
    const agencyIds = [...new Set(steps.map((s) => s.to_agency_id).filter((x): x is string => Boolean(x)))];
    const departmentIds = [
      ...new Set(steps.map((s) => s.to_department_id).filter((x): x is string => Boolean(x))),
    ];
    const agencies = new Map(
      [...(await directory.agencies(ctx, agencyIds)).values()].map((a) => [a.id, a.name]),
    );
    const departments = new Map(
      [...(await directory.departments(ctx, departmentIds)).values()].map((d) => [d.id, d.name]),
    );
    const pause = await ctx.em.findOne(
      DossierPause,
      { dossier: dossierId, kind: PauseKind.SUPPLEMENT },
      { orderBy: { startedAt: 'desc' } },
    );
    const clockStopped = (await ctx.em.count(DossierPause, { dossier: dossierId, endedAt: null })) > 0;
    const receipt = dossier.receipt_id ? await ctx.em.findOne(Receipt, { id: dossier.receipt_id }) : null;
    return {
      code: dossier.code,
      status: dossier.status,
      appointmentAt: dossier.appointment_at && !clockStopped ? new Date(dossier.appointment_at) : null,
      clockStopped,
      supplement:
        pause && !pause.endedAt
          ? {
              items: pause.items ?? [],
              note: pause.note ?? null,
              requestedAt: pause.startedAt,
              deadlineAt: pause.deadlineAt ?? null,
            }
          : null,
      fees: receipt?.data.fees ?? [],
      feeTotal: Number(dossier.fee_total),
      placeOfReturn: receipt?.data.placeOfReturn ?? null,
      timeline: steps.map((s) => ({
        seq: s.seq,
        action: s.action,
        status: s.to_status,
        at: new Date(s.given_at),
        place: s.to_department_id
          ? `${departments.get(s.to_department_id) ?? ''} - ${agencies.get(s.to_agency_id ?? '') ?? ''}`
          : s.to_agency_id
            ? (agencies.get(s.to_agency_id) ?? null)
            : null,
      })),
    };
  }
}

export const lookups = new LookupService();
