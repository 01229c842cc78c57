import { BadInputError, endOfLocalDay, startOfLocalDay, type RequestContext } from '../../../src';
import { DocumentsPermissions as P } from '../permissions';
import { sql } from './actor';
import { agencyById } from './common';
import { completedOnTime, isOverdue } from './deadline';

export interface HandlingRow {
  departmentId: string | null;
  departmentName: string;
  assigned: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  openOverdue: number;
  openWithinDeadline: number;
}

export interface HandlingReport {
  agencyId: string;
  from: string;
  to: string;
  /** The instant the state is taken at: the end of the period, or now if the period is not over. */
  asOf: Date;
  rows: HandlingRow[];
  total: HandlingRow;
}

const NO_DEPARTMENT = 'Không thuộc phòng, ban';

export class ReportsService {
  /**
   * Handling of incoming documents assigned (to a lead) in the period, per lead department, as of the
   * end of the period (or now): completed on time / late (local due date, as the working calendar
   * classifies), still open and overdue, still open within the deadline. Recalled copies and leads
   * taken off by a reassignment or a return do not count; the new lead does.
   */
  async handling(
    ctx: RequestContext,
    input: { agencyId: string; from: string; to: string },
  ): Promise<HandlingReport> {
    ctx.require(P.report);
    const agency = await agencyById(ctx, input.agencyId);
    await ctx.requireIn(P.report, { unitId: agency.unit.id, agencyId: agency.id });
    if (input.from > input.to)
      throw new BadInputError(
        { vi: 'from không được sau to', en: 'from must not be after to' },
        { field: 'from' },
      );
    const start = startOfLocalDay(input.from);
    const end = endOfLocalDay(input.to);
    const now = new Date();
    const asOf = end.getTime() < now.getTime() ? end : now;
    const rows = await sql<{
      report_department_id: string | null;
      department_name: string | null;
      due_at: Date | null;
      completed_at: Date | null;
    }>(
      ctx,
      `select h.report_department_id, dep.name as department_name, h.due_at, h.completed_at
         from documents_handler h
         join documents_document d on d.id = h.document_id
         left join staff_department_v dep on dep.id = h.report_department_id
        where d.agency_id = ? and d.direction = 'INCOMING' and d.status <> 'RECALLED'
          and h.role = 'LEAD' and h.status in ('ACTIVE', 'COMPLETED')
          and h.assigned_at >= ? and h.assigned_at < ?`,
      [agency.id, start, end],
    );
    const byDepartment = new Map<string, HandlingRow>();
    const empty = (departmentId: string | null, departmentName: string): HandlingRow => ({
      departmentId,
      departmentName,
      assigned: 0,
      completed: 0,
      completedOnTime: 0,
      completedLate: 0,
      openOverdue: 0,
      openWithinDeadline: 0,
    });
    const total = empty(null, 'Tổng cộng');
    for (const row of rows) {
      const key = row.report_department_id ?? '';
      let line = byDepartment.get(key);
      if (!line)
        byDepartment.set(key, (line = empty(row.report_department_id, row.department_name ?? NO_DEPARTMENT)));
      const dueAt = row.due_at ? new Date(row.due_at) : null;
      const completedAt = row.completed_at ? new Date(row.completed_at) : null;
      for (const target of [line, total]) {
        target.assigned++;
        if (completedAt && completedAt.getTime() < asOf.getTime()) {
          target.completed++;
          if (!dueAt || completedOnTime(completedAt, dueAt)) target.completedOnTime++;
          else target.completedLate++;
        } else if (dueAt && isOverdue(dueAt, asOf)) target.openOverdue++;
        else target.openWithinDeadline++;
      }
    }
    const lines = [...byDepartment.values()].sort((a, b) =>
      a.departmentId === null
        ? 1
        : b.departmentId === null
          ? -1
          : a.departmentName.localeCompare(b.departmentName, 'vi'),
    );
    return { agencyId: agency.id, from: input.from, to: input.to, asOf, rows: lines, total };
  }
}
