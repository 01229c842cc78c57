import { BadInputError, DomainError, optionsOf, takeRateLimit, type RequestContext } from '../../../src';
import { directory } from '../../staff';
import { DossierAction, DossierStatus } from '../domain/enums';
import { sameDigits, verifyPin } from '../domain/secrets';
import type { ProceduresOptions } from '../options';

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
  appointmentAt: Date | null;
  timeline: LookupTimelineEntry[];
}

/** One answer for an unknown code and a wrong second factor alike. */
export const LOOKUP_FAILED = 'Không tìm thấy hồ sơ với mã hồ sơ và mã xác thực đã nhập';

/**
 * Citizen lookup (public): a dossier code plus a second factor printed on the receipt (the 6-digit
 * PIN) or the last 4 digits of the applicant's ID number or phone. Answers status, appointment and
 * the step timeline, nothing personal. Rate-limited per client IP and per code; unknown codes and
 * wrong factors get the same error after the same work (a scrypt verification either way).
 */
export class LookupService {
  async lookup(ctx: RequestContext, input: { code: string; secret: string }): Promise<DossierLookupView> {
    const code = (input.code ?? '').trim();
    const secret = (input.secret ?? '').replace(/\s+/g, '');
    if (!code || code.length > 100 || !secret || secret.length > 20)
      throw new BadInputError(
        'Give the dossier code and the lookup PIN (or the last 4 digits of your ID number or phone)',
      );
    const { limits } = optionsOf<ProceduresOptions>(ctx.app, 'procedures');
    const byIp = await takeRateLimit(ctx.app, limits.lookupByIp, ctx.ip ?? 'unknown');
    const byCode = byIp && (await takeRateLimit(ctx.app, limits.lookupByCode, code.toUpperCase()));
    if (!byIp || !byCode) throw new DomainError('TOO_MANY_REQUESTS', 'Too many lookups; try again later');

    const rows = await ctx.em.getConnection().execute<
      Array<{
        id: string;
        pin_hash: string | null;
        applicant_id_number: string | null;
        applicant_phone: string | null;
      }>
    >(`select id, pin_hash, applicant_id_number, applicant_phone from procedures_dossier where code = ? or code = ? limit 1`, [code, code.toUpperCase()]);
    const row = rows[0];
    const isPin = /^\d{6}$/.test(secret);
    // Always one scrypt verification (against a dummy hash when there is nothing to check).
    const pinMatches = await verifyPin(secret, isPin ? row?.pin_hash : null);
    const suffixMatches =
      !isPin &&
      /^\d{4}$/.test(secret) &&
      Boolean(row) &&
      [row!.applicant_id_number, row!.applicant_phone].some((value) =>
        Boolean(value && value.length >= 4 && sameDigits(value.slice(-4), secret)),
      );
    if (!row || !(pinMatches || suffixMatches)) throw new DomainError('NOT_FOUND', LOOKUP_FAILED);
    return this.view(ctx, row.id);
  }

  private async view(ctx: RequestContext, dossierId: string): Promise<DossierLookupView> {
    const conn = ctx.em.getConnection();
    const [dossier] = await conn.execute<
      Array<{ code: string; status: number; appointment_at: Date | null }>
    >(`select code, status, appointment_at from procedures_dossier where id = ?`, [dossierId]);
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
    return {
      code: dossier.code,
      status: dossier.status,
      appointmentAt: dossier.appointment_at ? new Date(dossier.appointment_at) : null,
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
