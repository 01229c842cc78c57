import {
  addLocalDays,
  BadInputError,
  formatLocalDateTime,
  startOfLocalDay,
  type RequestContext,
  requireId,
} from '../../../src';
import { directory } from '../../staff';
import { ProceduresPermissions } from '../permissions';

/** One row of the dossier register (sổ theo dõi hồ sơ): the keys are the form's columns. */
export interface RegisterRow {
  rowNumber: number;
  dossierId: string;
  code: string;
  procedureName: string;
  copies: number;
  applicantName: string;
  applicantContact: string | null;
  competentAgencyName: string;
  receivedAt: Date;
  dueAt: Date | null;
  transferredAt: Date | null;
  resultReceivedAt: Date | null;
  returnedAt: Date | null;
  note: string | null;
}

const MAX_DAYS = 31;
const MAX_ROWS = 5000;

/**
 * The register book of an agency's desk for a period: every dossier it received, in the order
 * received (STT), with the columns of the register form (domain/forms.ts). The competent agency is named in
 * its column; "transferred" is the first hand-over out of the desk, "result received" the moment
 * the result came back to it (resolved).
 */
export async function registerBook(
  ctx: RequestContext,
  filter: { agencyId: string; from: string; to: string },
): Promise<RegisterRow[]> {
  ctx.require(ProceduresPermissions.dossiersRead);
  requireId(filter.agencyId, 'agencyId');
  const agency = await directory.agency(ctx, filter.agencyId);
  if (!agency)
    throw new BadInputError({ vi: 'Không có cơ quan này', en: 'Unknown agency' }, { field: 'agencyId' });
  await ctx.requireIn(ProceduresPermissions.dossiersRead, { unitId: agency.unit.id, agencyId: agency.id });
  const from = startOfLocalDay(filter.from);
  const to = startOfLocalDay(addLocalDays(filter.to, 1));
  if (to <= from)
    throw new BadInputError(
      { vi: 'to không được trước from', en: 'to must not be before from' },
      { field: 'to' },
    );
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    throw new BadInputError(
      {
        vi: `Mỗi trang sổ theo dõi tối đa ${MAX_DAYS} ngày`,
        en: `A register page covers at most ${MAX_DAYS} days`,
      },
      { field: 'to' },
    );
  const rows = await ctx.em.execute<
    Array<{
      id: string;
      code: string;
      procedure_name: string;
      applicant_name: string;
      applicant_address: string | null;
      applicant_phone: string | null;
      competent_agency_id: string;
      received_at: Date;
      appointment_at: Date | null;
      transferred_at: Date | null;
      resolved_at: Date | null;
      returned_at: Date | null;
      note: string | null;
      end_note: string | null;
      promised_at: Date | null;
    }>
  >(
    `select d.id, d.code, v.name as procedure_name, d.applicant_name, d.applicant_address, d.applicant_phone,
            d.competent_agency_id, d.received_at, d.appointment_at, d.resolved_at, d.returned_at, d.note, d.end_note, d.promised_at,
            (select min(s.given_at) from procedures_dossier_step s
              where s.dossier_id = d.id and s.action = 'TRANSFER') as transferred_at
       from procedures_dossier d join procedures_procedure_version v on v.id = d.procedure_version_id
      where d.agency_id = ? and d.received_at >= ? and d.received_at < ?
      order by d.received_at, d.code
      limit ?`,
    [agency.id, from, to, MAX_ROWS + 1],
  );
  if (rows.length > MAX_ROWS)
    throw new BadInputError(
      {
        vi: `Hơn ${MAX_ROWS} hồ sơ: hãy chọn khoảng thời gian ngắn hơn`,
        en: `More than ${MAX_ROWS} dossiers: ask for a shorter period`,
      },
      { field: 'from' },
    );
  const competent = await directory.agencies(
    ctx,
    rows.map((r) => r.competent_agency_id),
  );
  const date = (v: Date | string | null) => (v ? new Date(v) : null);
  return rows.map((r, i) => ({
    rowNumber: i + 1,
    dossierId: r.id,
    code: r.code,
    procedureName: r.procedure_name,
    copies: 1,
    applicantName: r.applicant_name,
    applicantContact: [r.applicant_address, r.applicant_phone].filter(Boolean).join(', ') || null,
    competentAgencyName: competent.get(r.competent_agency_id)?.name ?? '',
    receivedAt: new Date(r.received_at),
    dueAt: date(r.appointment_at),
    transferredAt: date(r.transferred_at),
    resultReceivedAt: date(r.resolved_at),
    returnedAt: date(r.returned_at),
    note:
      [r.end_note, r.promised_at ? `Hẹn lại (Mẫu 04): ${formatLocalDateTime(new Date(r.promised_at))}` : null]
        .filter(Boolean)
        .join('; ') || r.note,
  }));
}
