import { createHash, randomBytes } from 'node:crypto';
import {
  BadInputError,
  checkRateLimits,
  checkRateLimitsAndRead,
  DomainError,
  optionsOf,
  RequestContext,
  TooManyRequestsError,
} from '../../../src';
import { optionalText } from './input-text';
import { ProceduresErrorCodes } from '../errors';
import { DigitisationState, DossierAction, DossierStatus, PauseKind } from '../domain/enums';
import { hashPin, pinHashCandidates, verifyPin } from '../domain/secrets';
import { Dossier } from '../entities/dossier.entity';
import { DossierComponent } from '../entities/dossier-component.entity';
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
    const { id, view } = await this.authenticate(ctx, input, true);
    return view ?? this.view(ctx, id);
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
    const { id: dossierId } = await this.authenticate(ctx, input, false);
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

  /**
   * The dossier id when the code and second factor match, after the rate limits; with `withView` also
   * what the applicant sees. One statement when the factor matches a keyed hash or the digits (the
   * dossier matched and its view built on a match, then the limits taken and read), and one more to
   * count a failure or to replace a legacy hash that verified.
   *
   * The factor is compared by the database, never in the clear: the PIN as its keyed hashes
   * (unpredictable without the key), the last digits as SHA-256 under a fresh random prefix, so
   * neither comparison's timing says anything about the stored value. An unknown code and a wrong
   * factor cost the same statement and the same second one, and answer the same error. A refused
   * client learns nothing of the match: it is dropped unread.
   */
  private async authenticate(
    ctx: RequestContext,
    input: { code: string; secret: string },
    withView: boolean,
  ): Promise<{ id: string; view: DossierLookupView | null }> {
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
    const isPin = /^\d{6}$/.test(secret);
    const isDigits = /^\d{4}$/.test(secret);
    // Salts the last-digits comparison (the digits never reach the SQL); a PIN needs none.
    const salt = isDigits ? randomBytes(16).toString('hex') : null;
    // The limits and the match in one statement. The match is read before the limits are taken (a
    // limit row taken stays locked until the statement ends, and every lookup from one address takes
    // the same row), and its answer is used only if the limits allow.
    const {
      states: [byIp, pair, byCode, clean],
      rows: [found],
    } = await checkRateLimitsAndRead<AuthRow>(
      ctx.app,
      [
        { rule: limits.lookupByIp, key: client, take: true },
        { rule: limits.lookupWrongByClient, key: pairKey },
        { rule: limits.lookupByCode, key: codeKey },
        // The code is under attack: only a client that has not guessed wrong on it may still try.
        { rule: { ...limits.lookupWrongByClient, limit: 1 }, key: pairKey },
      ],
      {
        sql: MATCH_SQL,
        values: [
          isPin,
          withView,
          isPin ? pinHashCandidates(secret, options.secretKeys) : [],
          isDigits ? 'digits' : null,
          salt,
          isDigits
            ? createHash('sha256')
                .update(salt + secret)
                .digest('hex')
            : null,
          code,
          codeKey,
        ],
      },
    );
    const refuse = (seconds: number) => {
      throw new TooManyRequestsError('Quá nhiều lần tra cứu; vui lòng thử lại sau', seconds);
    };
    if (!byIp.taken) refuse(byIp.retryAfterSeconds);
    if (pair.retryAfterSeconds > 0) refuse(pair.retryAfterSeconds);
    if (byCode.retryAfterSeconds > 0 && clean.retryAfterSeconds > 0)
      refuse(Math.max(clean.retryAfterSeconds, byCode.retryAfterSeconds));

    if (found?.matched) return { id: found.id, view: found.view ? viewOf(found.view) : null };
    if (found?.legacy && (await verifyPin(secret, found.legacy, options.secretKeys))) {
      // A hash written before keyed hashes, and the PIN is known now: store its keyed form (only if
      // nothing replaced it meanwhile), in the statement that reads the view.
      const [row] = await ctx.em.execute<Array<{ view: ViewRow | null }>>(
        `with upgraded as (update procedures_dossier set pin_hash = ? where id = ? and pin_hash = ?)
         select case when ?::boolean then ${VIEW_SQL} end as view from procedures_dossier d where d.id = ?`,
        [hashPin(secret, options.secretKeys), found.id, found.legacy, withView, found.id],
      );
      return { id: found.id, view: row?.view ? viewOf(row.view) : null };
    }
    await checkRateLimits(ctx.app, [
      { rule: limits.lookupWrongByClient, key: pairKey, take: true },
      { rule: limits.lookupByCode, key: codeKey, take: true },
    ]);
    throw new DomainError('NOT_FOUND', LOOKUP_FAILED); // the one message for every failed lookup
  }

  private async view(ctx: RequestContext, dossierId: string): Promise<DossierLookupView> {
    // The request's transaction (a supplement just sent must be seen as it now stands).
    const [row] = await ctx.em.execute<Array<{ view: ViewRow }>>(
      `select ${VIEW_SQL} as view from procedures_dossier d where d.id = ?`,
      [dossierId],
    );
    return viewOf(row.view);
  }
}

/** What the lookup's statement answers of a dossier found by its code. */
interface AuthRow {
  id: string;
  /** The factor matched a keyed PIN hash or the last digits. */
  matched: boolean;
  /** A legacy (scrypt) hash to verify in process, when a PIN was given and nothing matched. */
  legacy: string | null;
  view: ViewRow | null;
}

interface ViewRow {
  code: string;
  status: number;
  appointmentAt: string | null;
  feeTotal: number | string;
  clockStopped: boolean;
  supplement: {
    items: string[] | null;
    note: string | null;
    requestedAt: string;
    deadlineAt: string | null;
  } | null;
  receipt: { fees: Array<{ name: string; amount: number }> | null; placeOfReturn: string | null } | null;
  /** [seq, action, status, given at, place] */
  timeline: Array<[number, DossierAction, number, string, string | null]>;
}

// A step's place names, looked up by key for each step (a sub-query each): as joins, the planner
// read and hashed every agency and department for a timeline of a few steps.
const AGENCY_NAME = `(select a.name from staff_agency_v a where a.id = s.to_agency_id)`;
const DEPARTMENT_NAME = `(select p.name from staff_department_v p where p.id = s.to_department_id)`;

/**
 * The applicant's view of dossier `d` as one JSON value: the latest supplement request while it is
 * open, the receipt's fees and place of return, the timeline with place names from staff's public
 * views. No personal field is read.
 */
const VIEW_SQL = `json_build_object(
  'code', d.code, 'status', d.status, 'appointmentAt', d.appointment_at, 'feeTotal', d.fee_total,
  'clockStopped', exists (select 1 from procedures_dossier_pause p where p.dossier_id = d.id and p.ended_at is null),
  'supplement', (select case when p.ended_at is null then json_build_object('items', p.items, 'note', p.note,
                   'requestedAt', p.started_at, 'deadlineAt', p.deadline_at) end
                   from procedures_dossier_pause p where p.dossier_id = d.id and p.kind = '${PauseKind.SUPPLEMENT}'
                  order by p.started_at desc limit 1),
  'receipt', (select json_build_object('fees', r.data -> 'fees', 'placeOfReturn', r.data -> 'placeOfReturn')
                from procedures_receipt r where r.id = d.receipt_id),
  'timeline', coalesce((select json_agg(json_build_array(s.seq, s.action, s.to_status, s.given_at,
                  case when s.to_department_id is not null then coalesce(${DEPARTMENT_NAME}, '') || ' - ' || coalesce(${AGENCY_NAME}, '')
                       else ${AGENCY_NAME} end) order by s.seq)
                from procedures_dossier_step s
               where s.dossier_id = d.id), '[]'))`;

/**
 * The dossier of a code matched against the second factor, with its view on a match (a prepared
 * statement: planned once per connection, where the view's sub-queries cost more to plan than to run).
 */
const MATCH_SQL = `select d.id, m.matched,
       case when not m.matched and ?::boolean and d.pin_hash like 'scrypt$%' then d.pin_hash end as legacy,
       case when m.matched and ?::boolean then ${VIEW_SQL} end as view
  from procedures_dossier d
 cross join lateral (select coalesce(d.pin_hash = any(?::text[]), false)
   or (?::text is not null and exists (
        select 1 from unnest(array[d.applicant_id_number, d.applicant_phone]) v(value)
         where length(v.value) >= 4
           and encode(sha256(convert_to(?::text || right(v.value, 4), 'UTF8')), 'hex') = ?::text)) as matched) m
 where d.code = ? or d.code = ? limit 1`;

function viewOf(row: ViewRow): DossierLookupView {
  const clockStopped = row.clockStopped;
  return {
    code: row.code,
    status: row.status,
    appointmentAt: row.appointmentAt && !clockStopped ? new Date(row.appointmentAt) : null,
    clockStopped,
    supplement: row.supplement
      ? {
          items: row.supplement.items ?? [],
          note: row.supplement.note ?? null,
          requestedAt: new Date(row.supplement.requestedAt),
          deadlineAt: row.supplement.deadlineAt ? new Date(row.supplement.deadlineAt) : null,
        }
      : null,
    fees: row.receipt?.fees ?? [],
    feeTotal: Number(row.feeTotal),
    placeOfReturn: row.receipt?.placeOfReturn ?? null,
    timeline: row.timeline.map(([seq, action, status, at, place]) => ({
      seq,
      action,
      status,
      at: new Date(at),
      place,
    })),
  };
}

export const lookups = new LookupService();
