import { BadInputError, ForbiddenError, pgArray, type RequestContext } from '../../../src';
import { Agency, AdministrativeUnit } from '../../staff';
import { addLocalDays, localMidnight } from '../domain/local-time';
import { ProceduresPermissions } from '../permissions';
import { unitsWithHistory } from './satisfaction.service';
import { UUID } from './dossier-core';

export type StatisticsGroupBy = 'NONE' | 'FIELD' | 'AGENCY' | 'UNIT';

export interface StatisticsFilter {
  /** 'YYYY-MM-DD' */
  from: string;
  /** 'YYYY-MM-DD', inclusive */
  to: string;
  unitId?: string | null;
  agencyId?: string | null;
  field?: string | null;
  groupBy?: StatisticsGroupBy | null;
}

export interface StatisticsRow {
  key: string | null;
  label: string;
  received: { total: number; carriedOver: number; online: number; inPersonOrPost: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  inProgress: { total: number; withinDeadline: number; overdue: number };
  /** Ended without a result in the period (withdrawn, stopped, supplement not received). */
  stopped: number;
  onTimeRate: number | null;
  dossierDigitisationRate: number | null;
  resultDigitisationRate: number | null;
  onlineRate: number | null;
  satisfaction: { count: number; average: number | null };
}

export interface StatisticsReport {
  from: string;
  to: string;
  rows: StatisticsRow[];
  total: StatisticsRow;
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10000) / 10000 : null);

/**
 * Biểu II.06a counters for a period, per field (or agency, or unit), over a unit subtree with the
 * older units it replaced. One SQL aggregate over the dossiers alive in the period (received before
 * its end and not finished before its start), with grouping sets for the total; one for satisfaction.
 *
 * - received.total = carried over (received before the period, still open at its start) + new (online, in person or by post)
 * - resolved in the period: early / on time / late as classified when resolved
 * - in progress at the end: received before the end, neither resolved nor ended before it; overdue once its
 *   appointment date is over at the end, from the appointment as it stood then (a clock stopped by a
 *   supplement counts as it stood when it stopped)
 * - received.total = resolved.total + stopped + inProgress.total
 */
export class StatisticsService {
  async report(ctx: RequestContext, filter: StatisticsFilter): Promise<StatisticsReport> {
    const permission = ProceduresPermissions.statisticsRead;
    ctx.require(permission);
    const from = localMidnight(filter.from);
    const to = localMidnight(addLocalDays(filter.to, 1));
    if (to <= from) throw new BadInputError('to must not be before from', { field: 'to' });
    if (to.getTime() - from.getTime() > 370 * 86_400_000 * 5) throw new BadInputError('A report covers at most five years', { field: 'from' });

    const conditions: string[] = ['d.received_at < ?', '(d.finished_at is null or d.finished_at >= ?)'];
    const params: unknown[] = [to, from];
    const ratingConditions: string[] = ['r.rated_at >= ?', 'r.rated_at < ?'];
    const ratingParams: unknown[] = [from, to];
    const both = (sql: string, value: unknown) => {
      conditions.push(sql.replace(/\$/g, 'd'));
      params.push(value);
      ratingConditions.push(sql.replace(/\$/g, 'd'));
      ratingParams.push(value);
    };
    const scope = await ctx.unitsFor(permission);
    if (filter.unitId) {
      if (!UUID.test(filter.unitId)) throw new BadInputError('unitId is not an id', { field: 'unitId' });
      if (!(await ctx.can(permission, filter.unitId))) throw new ForbiddenError('The unit is outside your administrative scope');
      both('$.unit_id = any(?::uuid[])', pgArray(await unitsWithHistory(ctx, [filter.unitId])));
    }
    if (scope !== 'all') both('$.unit_id = any(?::uuid[])', pgArray(scope));
    if (filter.agencyId) {
      if (!UUID.test(filter.agencyId)) throw new BadInputError('agencyId is not an id', { field: 'agencyId' });
      both('$.agency_id = ?', filter.agencyId);
    }
    if (filter.field) both('core_search_key($.field) = core_search_key(?)', filter.field);

    const groupBy = filter.groupBy ?? 'FIELD';
    // NONE still groups (by field) for the grouping sets; only the total row is returned.
    const key = { NONE: 'd.field', FIELD: 'd.field', AGENCY: 'd.agency_id::text', UNIT: 'd.unit_id::text' }[groupBy];
    if (!key) throw new BadInputError('Unknown groupBy', { field: 'groupBy' });
    const inPeriod = (column: string) => `${column} >= :from and ${column} < :to`;
    const open = `(d.finished_at is null or d.finished_at >= :to)`;
    // Overdue at the end of the period, from the appointment as it stood then (history), else the current one.
    const overdue = `coalesce(
        (select case when h.paused then procedures_local_date(h.since) > procedures_local_date(h.due_at)
                     else procedures_local_date(:to) > procedures_local_date(h.due_at) end
           from procedures_dossier_deadline h where h.dossier_id = d.id and h.since < :to order by h.since desc, h.id desc limit 1),
        procedures_local_date(:to) > procedures_local_date(d.appointment_at))`;
    const sql = `
      with d as (
        select d.id, d.field, d.agency_id, d.unit_id, d.channel, d.received_at, d.resolved_at, d.ended_at, d.finished_at,
               d.timeliness, d.components_digitised, d.result_digitised, d.appointment_at
          from procedures_dossier d
         where ${conditions.join(' and ')}
      ), c as (
        select d.*, case when ${open} then ${overdue} end as overdue_at_end from d
      )
      select ${key.replace(/\bd\./g, 'c.')} as key, grouping(${key.replace(/\bd\./g, 'c.')}) = 1 as is_total,
        count(*)::int as received_total,
        count(*) filter (where c.received_at < :from)::int as carried_over,
        count(*) filter (where c.received_at >= :from and c.channel = 'ONLINE')::int as received_online,
        count(*) filter (where c.received_at >= :from and c.channel <> 'ONLINE')::int as received_direct,
        count(*) filter (where c.received_at >= :from and c.components_digitised)::int as received_digitised,
        count(*) filter (where ${inPeriod('c.resolved_at')})::int as resolved_total,
        count(*) filter (where ${inPeriod('c.resolved_at')} and c.timeliness = 'EARLY')::int as resolved_early,
        count(*) filter (where ${inPeriod('c.resolved_at')} and c.timeliness = 'ON_TIME')::int as resolved_on_time,
        count(*) filter (where ${inPeriod('c.resolved_at')} and c.timeliness = 'LATE')::int as resolved_late,
        count(*) filter (where ${inPeriod('c.resolved_at')} and c.result_digitised)::int as resolved_digitised,
        count(*) filter (where ${inPeriod('c.ended_at')})::int as stopped,
        count(*) filter (where c.overdue_at_end is not null)::int as in_progress,
        count(*) filter (where c.overdue_at_end)::int as in_progress_overdue
      from c
      group by grouping sets ((${key.replace(/\bd\./g, 'c.')}), ())
      order by 2 desc, 1`;
    const bound = this.bind(sql, { from, to }, params);
    const rows = await ctx.em.getConnection().execute<Array<Record<string, unknown>>>(bound.sql, bound.params);

    const ratingSql = `
      select ${key} as key, grouping(${key}) = 1 as is_total, count(*)::int as n, avg(r.rating)::float8 as average
        from procedures_rating r join procedures_dossier d on d.id = r.dossier_id
       where ${ratingConditions.join(' and ')}
       group by grouping sets ((${key}), ())`;
    const ratings = await ctx.em.getConnection().execute<Array<{ key: string | null; is_total: boolean; n: number; average: number | null }>>(ratingSql, ratingParams);
    const ratingOf = (rowKey: string | null, total: boolean) => ratings.find((r) => r.is_total === total && (total || r.key === rowKey));

    const labels = await this.labels(ctx, groupBy, rows.filter((r) => !r.is_total).map((r) => r.key as string));
    const toRow = (r: Record<string, unknown> | undefined, total: boolean): StatisticsRow => {
      const n = (name: string) => Number(r?.[name] ?? 0);
      const newlyReceived = n('received_online') + n('received_direct');
      const rating = ratingOf((r?.key as string) ?? null, total);
      return {
        key: total ? null : (r!.key as string),
        label: total ? 'Tổng cộng' : labels.get(r!.key as string) ?? String(r!.key),
        received: { total: n('received_total'), carriedOver: n('carried_over'), online: n('received_online'), inPersonOrPost: n('received_direct') },
        resolved: { total: n('resolved_total'), early: n('resolved_early'), onTime: n('resolved_on_time'), late: n('resolved_late') },
        inProgress: { total: n('in_progress'), withinDeadline: n('in_progress') - n('in_progress_overdue'), overdue: n('in_progress_overdue') },
        stopped: n('stopped'),
        onTimeRate: ratio(n('resolved_early') + n('resolved_on_time'), n('resolved_total')),
        dossierDigitisationRate: ratio(n('received_digitised'), newlyReceived),
        resultDigitisationRate: ratio(n('resolved_digitised'), n('resolved_total')),
        onlineRate: ratio(n('received_online'), newlyReceived),
        satisfaction: { count: Number(rating?.n ?? 0), average: rating?.average === null || rating?.average === undefined ? null : Math.round(Number(rating.average) * 100) / 100 },
      };
    };
    return {
      from: filter.from,
      to: filter.to,
      rows: groupBy === 'NONE' ? [] : rows.filter((r) => !r.is_total).map((r) => toRow(r, false)),
      total: toRow(rows.find((r) => r.is_total), true),
    };
  }

  /** Named parameters (:from, :to) to positional ones, after the filter's own. */
  private bind(sql: string, named: Record<string, Date>, params: unknown[]): { sql: string; params: unknown[] } {
    const out: unknown[] = [];
    let filterIndex = 0;
    const text = sql.replace(/:(from|to)\b|\?/g, (match, name: string | undefined) => {
      out.push(name ? named[name] : params[filterIndex++]);
      return name ? '?::timestamptz' : '?';
    });
    return { sql: text, params: out };
  }

  private async labels(ctx: RequestContext, groupBy: StatisticsGroupBy, keys: string[]): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    if (!keys.length) return map;
    if (groupBy === 'AGENCY') for (const a of await ctx.em.find(Agency, { id: { $in: keys } })) map.set(a.id, a.name);
    if (groupBy === 'UNIT') for (const u of await ctx.em.find(AdministrativeUnit, { id: { $in: keys } })) map.set(u.id, u.validTo ? `${u.name} (đến ${u.validTo})` : u.name);
    return map;
  }
}

export const statistics = new StatisticsService();
