import type { FilterQuery } from '@mikro-orm/core';
import {
  BadInputError,
  endOfLocalDay,
  ForbiddenError,
  formatLocalDate,
  formatLocalDateTime,
  NotFoundError,
  requireId,
  startOfLocalDay,
  type RequestContext,
} from '../../../src';
import type { AgencyRecord } from '../../staff';
import { DocumentRegister } from '../entities/register.entity';
import {
  CONFIDENTIALITY_NAMES,
  DOCUMENT_TYPES,
  DocumentDirection,
  STATUS_NAMES,
  URGENCY_NAMES,
  type Confidentiality,
  type DocumentStatus,
  type DocumentType,
  type Urgency,
} from '../entities/enums';
import { DocumentsPermissions as P } from '../permissions';
import { sql } from './actor';
import { ownerOf } from './common';
import { DocumentsRecords } from '../errors';

export interface TakenNumber {
  registerId: string;
  number: number;
  year: number;
  /** When the number was taken (after the register's row lock): numbers and times rise together. */
  at: Date;
}

export function registerName(direction: DocumentDirection, confidential: boolean, year: number): string {
  return `Sổ đăng ký văn bản ${confidential ? 'mật ' : ''}${direction === DocumentDirection.INCOMING ? 'đến' : 'đi'} năm ${year}`;
}

/** RFC 4180 field; cells that Excel would run as a formula get a leading apostrophe. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown[][]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export class RegistersService {
  /**
   * Takes the next number of the agency's register for the current year (creating the register on
   * first use), in the caller's transaction. One statement: the upsert locks the register's row until
   * the transaction ends, so concurrent registrations queue, and a rolled-back one gives its number
   * back. Numbers are never skipped or repeated; a unique index on (register, number) guards it too.
   */
  async take(
    ctx: RequestContext,
    agency: AgencyRecord,
    direction: DocumentDirection,
    confidential: boolean,
  ): Promise<TakenNumber> {
    if (!ctx.em.isInTransaction()) throw new Error('Register numbers are taken inside a transaction');
    const prefix = registerName(direction, confidential, 0).replace(/ 0$/, ' ');
    const rows = await sql<{ id: string; last_number: number; year: number; at: Date }>(
      ctx,
      `with y as (select extract(year from staff_local_today(clock_timestamp()))::int as year)
       insert into documents_register (id, created_at, updated_at, agency_id, unit_id, direction, year, confidential, name, last_number)
       select gen_random_uuid(), now(), now(), ?, ?, ?::documents_direction, y.year, ?, ? || y.year, 1 from y
       on conflict (agency_id, direction, year, confidential)
         do update set last_number = documents_register.last_number + 1, updated_at = now()
       returning id, last_number, year, clock_timestamp() as at`,
      [agency.id, agency.unit.id, direction, confidential, prefix],
    );
    const row = rows[0];
    return {
      registerId: row.id,
      number: Number(row.last_number),
      year: Number(row.year),
      at: new Date(row.at),
    };
  }

  /**
   * A register in the user's scope, by the id the client sent in the input `field`: BAD_USER_INPUT
   * when malformed, NOT_FOUND when unknown or outside the scope (not told apart).
   */
  async get(ctx: RequestContext, id: string, field = 'registerId'): Promise<DocumentRegister> {
    ctx.require(P.read);
    const register = await ctx.em.findOne(DocumentRegister, { id: requireId(id, field) });
    if (!register || !(await ctx.can(P.read, ownerOf(register))))
      throw new NotFoundError(DocumentsRecords.register, id);
    return register;
  }

  /** Registers in the user's scope, optionally of one agency, year or direction. */
  async list(
    ctx: RequestContext,
    filter: { agencyId?: string | null; year?: number | null; direction?: DocumentDirection | null },
  ): Promise<DocumentRegister[]> {
    ctx.require(P.read);
    const scope = await ctx.scopeFilter(P.read);
    const where: FilterQuery<DocumentRegister> = {};
    if (scope !== 'all')
      where.$or = [{ unitId: { $in: scope.unitIds } }, { agencyId: { $in: scope.agencyIds } }];
    if (filter.agencyId) {
      where.agencyId = requireId(filter.agencyId, 'agencyId');
    }
    if (filter.year) where.year = filter.year;
    if (filter.direction) where.direction = filter.direction;
    return ctx.em.find(DocumentRegister, where, {
      orderBy: { year: 'desc', direction: 'asc', confidential: 'asc' },
    });
  }

  /**
   * The register book (sổ đăng ký) between two local dates as CSV: UTF-8 with a BOM and CRLF so Excel
   * opens it with Vietnamese intact, columns as in Decree 30/2020 Appendix IV. Recalled documents
   * stay in the book, marked in the notes column.
   */
  async registerBook(
    ctx: RequestContext,
    registerId: string,
    from?: string | null,
    to?: string | null,
  ): Promise<string> {
    ctx.require(P.report);
    const register = await this.get(ctx, registerId);
    await ctx.requireIn(P.report, ownerOf(register));
    if (register.confidential) {
      const keeper = register.direction === DocumentDirection.INCOMING ? P.register : P.issue;
      if (!(await ctx.can(keeper, ownerOf(register))))
        throw new ForbiddenError({
          vi: 'Sổ văn bản mật chỉ dành cho bộ phận văn thư',
          en: 'The book of confidential documents is for the records desk only',
        });
    }
    if (from && to && from > to)
      throw new BadInputError(
        { vi: 'from không được sau to', en: 'from must not be after to' },
        { field: 'from' },
      );
    const start = startOfLocalDay(from ?? `${register.year}-01-01`);
    const end = endOfLocalDay(to ?? `${register.year}-12-31`);
    const rows = await sql<Record<string, unknown>>(
      ctx,
      `select d.register_number, d.registered_at, d.issuer_name, d.number, d.notation, d.issue_date::text as issue_date, d.document_type,
              d.subject, d.urgency, d.confidentiality, d.status, d.handling_due_at, d.signer_name, d.recall_reason, d.issued_at,
              coalesce((select string_agg(coalesce(o.full_name, dep.name), ', ' order by h.assigned_at)
                          from documents_handler h left join staff_official_v o on o.id = h.official_id
                          left join staff_department_v dep on dep.id = h.department_id
                         where h.document_id = d.id and h.role = 'LEAD' and h.status <> 'REMOVED'), '') as lead_handler,
              coalesce((select string_agg(r.name, '; ' order by r.position, r.created_at, r.name) from documents_recipient r where r.document_id = d.id), '') as recipients,
              coalesce((select dep.name from staff_department_v dep where dep.id = d.drafting_department_id), '') as drafting_department
         from documents_document d
        where d.register_id = ? and d.registered_at >= ? and d.registered_at < ?
        order by d.register_number`,
      [register.id, start, end],
    );
    const numberNotation = (r: Record<string, unknown>) => [r.number, r.notation].filter(Boolean).join('/');
    const typeAndSubject = (r: Record<string, unknown>) =>
      `${DOCUMENT_TYPES[r.document_type as DocumentType].name}: ${r.subject}`;
    const note = (r: Record<string, unknown>) =>
      r.status === 'RECALLED' ? `Đã thu hồi${r.recall_reason ? `: ${r.recall_reason}` : ''}` : '';
    if (register.direction === DocumentDirection.INCOMING) {
      return toCsv([
        [
          'Số đến',
          'Ngày đến',
          'Tác giả (cơ quan ban hành)',
          'Số, ký hiệu',
          'Ngày tháng văn bản',
          'Tên loại và trích yếu nội dung',
          'Độ khẩn',
          'Độ mật',
          'Đơn vị hoặc người nhận (chủ trì)',
          'Hạn xử lý',
          'Tình trạng',
          'Ghi chú',
        ],
        ...rows.map((r) => [
          r.register_number,
          formatLocalDateTime(new Date(r.registered_at as string)),
          r.issuer_name,
          numberNotation(r),
          r.issue_date ? formatLocalDate(r.issue_date as string) : '',
          typeAndSubject(r),
          URGENCY_NAMES[r.urgency as Urgency],
          CONFIDENTIALITY_NAMES[r.confidentiality as Confidentiality],
          r.lead_handler,
          r.handling_due_at ? formatLocalDateTime(new Date(r.handling_due_at as string)) : '',
          STATUS_NAMES[r.status as DocumentStatus],
          note(r),
        ]),
      ]);
    }
    return toCsv([
      [
        'Số, ký hiệu văn bản',
        'Ngày tháng văn bản',
        'Tên loại và trích yếu nội dung văn bản',
        'Người ký',
        'Nơi nhận văn bản',
        'Đơn vị soạn thảo',
        'Độ khẩn',
        'Độ mật',
        'Ngày phát hành',
        'Tình trạng',
        'Ghi chú',
      ],
      ...rows.map((r) => [
        numberNotation(r),
        r.issue_date ? formatLocalDate(r.issue_date as string) : '',
        typeAndSubject(r),
        r.signer_name,
        r.recipients,
        r.drafting_department,
        URGENCY_NAMES[r.urgency as Urgency],
        CONFIDENTIALITY_NAMES[r.confidentiality as Confidentiality],
        r.issued_at ? formatLocalDateTime(new Date(r.issued_at as string)) : '',
        STATUS_NAMES[r.status as DocumentStatus],
        note(r),
      ]),
    ]);
  }
}
