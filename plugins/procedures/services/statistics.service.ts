import {
  addLocalDays,
  BadInputError,
  isUuid,
  ForbiddenError,
  pgArray,
  scopeFilterSql,
  startOfLocalDay,
  type RequestContext,
  requireId,
} from '../../../src';
import { directory } from '../../staff';
import { ProceduresPermissions } from '../permissions';
import { unitsWithHistory } from './satisfaction.service';
import { type DashboardPlace } from './dossier-core';

export type StatisticsGroupBy = 'NONE' | 'FIELD' | 'AGENCY' | 'UNIT';

/**
 * Whose report: the competent agency's (Biểu II.06a counts a dossier at the agency that directly
 * resolves it) or the receiving desk's (what a one-stop desk took in, for its own work).
 */
export type StatisticsView = 'COMPETENT_AGENCY' | 'RECEIVING_AGENCY';

export interface StatisticsFilter {
  /** 'YYYY-MM-DD' */
  from: string;
  /** 'YYYY-MM-DD', inclusive */
  to: string;
  unitId?: string | null;
  agencyId?: string | null;
  field?: string | null;
  groupBy?: StatisticsGroupBy | null;
  /** Default COMPETENT_AGENCY: unit, agency, scope and grouping read the competent agency's. */
  view?: StatisticsView | null;
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
 * older units it replaced. One SQL aggregate over the roll-ups (procedures_period_stat): the
 * additive counters (and the ratings given in the period), and the dossiers open at the start and at
 * the end (and overdue then) as the sums of their daily changes up to that instant.
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
    const from = startOfLocalDay(filter.from);
    const to = startOfLocalDay(addLocalDays(filter.to, 1));
    if (to <= from)
      throw new BadInputError(
        { vi: 'to không được trước from', en: 'to must not be before from' },
        { field: 'to' },
      );
    if (to.getTime() - from.getTime() > 370 * 86_400_000 * 5)
      throw new BadInputError(
        { vi: 'Một báo cáo tối đa năm năm', en: 'A report covers at most five years' },
        { field: 'from' },
      );

    const view = filter.view ?? 'COMPETENT_AGENCY';
    if (view !== 'COMPETENT_AGENCY' && view !== 'RECEIVING_AGENCY')
      throw new BadInputError({ vi: 'view không hợp lệ', en: 'Unknown view' }, { field: 'view' });
    // The place columns of the view: on the roll-up, (unit_id, agency_id) are the competent ones.
    const place =
      view === 'COMPETENT_AGENCY'
        ? {
            unit: 'competent_unit_id',
            agency: 'competent_agency_id',
            statUnit: 'unit_id',
            statAgency: 'agency_id',
          }
        : {
            unit: 'unit_id',
            agency: 'agency_id',
            statUnit: 'receiving_unit_id',
            statAgency: 'receiving_agency_id',
          };
    // Filters, written once for both tables: $ is the table alias; `onStats` is the roll-up's form.
    const filters: Array<{ sql: string; values: unknown[]; onStats?: string }> = [];
    // Rows are kept by their unit or their agency: a role over an agency reports on that agency only.
    const scope = await ctx.scopeFilter(permission);
    if (filter.unitId) {
      requireId(filter.unitId, 'unitId');
      if (!(await ctx.can(permission, filter.unitId)))
        throw new ForbiddenError({
          vi: 'Đơn vị nằm ngoài phạm vi quản lý hành chính của bạn',
          en: 'The unit is outside your administrative scope',
        });
      filters.push({
        sql: `$.${place.unit} = any(?::uuid[])`,
        onStats: `$.${place.statUnit} = any(?::uuid[])`,
        values: [pgArray(await unitsWithHistory(ctx, [filter.unitId]))],
      });
    }
    if (scope !== 'all') {
      const inScope = scopeFilterSql(scope, `$.${place.unit}`, `$.${place.agency}`);
      const onStats = scopeFilterSql(scope, `$.${place.statUnit}`, `$.${place.statAgency}`);
      filters.push({ sql: inScope.sql, onStats: onStats.sql, values: inScope.params });
    }
    if (filter.agencyId) {
      requireId(filter.agencyId, 'agencyId');
      filters.push({
        sql: `$.${place.agency} = ?`,
        onStats: `$.${place.statAgency} = ?`,
        values: [filter.agencyId],
      });
    }
    if (filter.field)
      filters.push({
        sql: 'core_search_key($.field) = core_search_key(?)',
        onStats: '$.field_key = core_search_key(?)',
        values: [filter.field],
      });
    const where = (alias: string, stats = false) => ({
      sql: filters
        .map((f) => ((stats && f.onStats) || f.sql).replace(/\$/g, alias))
        .map((c) => ` and ${c}`)
        .join(''),
      params: filters.flatMap((f) => f.values),
    });

    const groupBy = filter.groupBy ?? 'FIELD';
    // NONE groups by field too; only the total row is returned.
    const keyOf = (alias: string, stats = false) =>
      ({
        NONE: `${alias}.field`,
        FIELD: `${alias}.field`,
        AGENCY: `${alias}.${stats ? place.statAgency : place.agency}::text`,
        UNIT: `${alias}.${stats ? place.statUnit : place.unit}::text`,
      })[groupBy];
    if (!keyOf('d'))
      throw new BadInputError({ vi: 'groupBy không hợp lệ', en: 'Unknown groupBy' }, { field: 'groupBy' });

    // One statement over the roll-ups (procedures_period_stat: whole years and months, edge days):
    // the additive counters summed over the period, and the point-in-time ones (open at the start,
    // open and overdue at the end) as the sums of their changes over every day before the period
    // (carried over) or up to its last day (in progress, overdue). A group with nothing to count is
    // left out, as the live computation had no row for it.
    const stats = where('s', true);
    const inPeriod = (c: string) => `coalesce(sum(s.${c}) filter (where s.in_period), 0)::int`;
    const rolledUp = await ctx.em.execute<Array<Record<string, unknown>>>(
      `select ${keyOf('s', true)} as key,
              ${inPeriod('received_online')} as received_online, ${inPeriod('received_direct')} as received_direct,
              ${inPeriod('received_digitised')} as received_digitised, ${inPeriod('resolved_early')} as resolved_early,
              ${inPeriod('resolved_on_time')} as resolved_on_time, ${inPeriod('resolved_late')} as resolved_late,
              ${inPeriod('resolved_digitised')} as resolved_digitised, ${inPeriod('stopped')} as stopped,
              ${inPeriod('rating_count')} as rating_count, ${inPeriod('rating_sum')} as rating_sum,
              coalesce(sum(s.open_change) filter (where not s.in_period), 0)::int as carried_over,
              sum(s.open_change)::int as in_progress, sum(s.overdue_change)::int as in_progress_overdue
         from (select true as in_period, p.* from procedures_period_stat(?::date, ?::date) p
               union all
               select false, p.* from procedures_period_stat('0001-01-01'::date, ?::date - 1) p) s
        where true${stats.sql}
        group by 1
       having sum(s.open_change) filter (where not s.in_period) <> 0 or sum(s.open_change) <> 0
           or bool_or(s.in_period and (s.received_online <> 0 or s.received_direct <> 0 or s.resolved_early <> 0
              or s.resolved_on_time <> 0 or s.resolved_late <> 0 or s.stopped <> 0 or s.rating_count <> 0))`,
      [filter.from, filter.to, filter.from, ...stats.params],
    );

    const byKey = new Map<string, Record<string, unknown>>();
    for (const row of rolledUp) byKey.set(String(row.key), row);
    const grouped: Array<Record<string, unknown>> = [...byKey.values()].map(
      (row): Record<string, unknown> => ({
        ...row,
        received_total:
          Number(row.carried_over ?? 0) + Number(row.received_online ?? 0) + Number(row.received_direct ?? 0),
        resolved_total:
          Number(row.resolved_early ?? 0) +
          Number(row.resolved_on_time ?? 0) +
          Number(row.resolved_late ?? 0),
      }),
    );
    grouped.sort((a, b) => String(a.key).localeCompare(String(b.key)));
    // Every counter is a count: the total row is the sum of the groups.
    const sum: Record<string, unknown> = { is_total: true };
    for (const row of grouped) {
      for (const [name, value] of Object.entries(row))
        if (name !== 'key') sum[name] = Number(sum[name] ?? 0) + Number(value ?? 0);
    }
    const rows: Array<Record<string, unknown>> = [...grouped.map((r) => ({ ...r, is_total: false })), sum];

    const labels = await this.labels(
      ctx,
      groupBy,
      rows.filter((r) => !r.is_total).map((r) => r.key as string),
    );
    const toRow = (r: Record<string, unknown> | undefined, total: boolean): StatisticsRow => {
      const n = (name: string) => Number(r?.[name] ?? 0);
      const newlyReceived = n('received_online') + n('received_direct');
      const ratingCount = n('rating_count');
      return {
        key: total ? null : (r!.key as string),
        label: total ? 'Tổng cộng' : (labels.get(r!.key as string) ?? String(r!.key)),
        received: {
          total: n('received_total'),
          carriedOver: n('carried_over'),
          online: n('received_online'),
          inPersonOrPost: n('received_direct'),
        },
        resolved: {
          total: n('resolved_total'),
          early: n('resolved_early'),
          onTime: n('resolved_on_time'),
          late: n('resolved_late'),
        },
        inProgress: {
          total: n('in_progress'),
          withinDeadline: n('in_progress') - n('in_progress_overdue'),
          overdue: n('in_progress_overdue'),
        },
        stopped: n('stopped'),
        onTimeRate: ratio(n('resolved_early') + n('resolved_on_time'), n('resolved_total')),
        dossierDigitisationRate: ratio(n('received_digitised'), newlyReceived),
        resultDigitisationRate: ratio(n('resolved_digitised'), n('resolved_total')),
        onlineRate: ratio(n('received_online'), newlyReceived),
        satisfaction: {
          count: ratingCount,
          average: ratingCount ? Math.round((n('rating_sum') / ratingCount) * 100) / 100 : null,
        },
      };
    };
    return {
      from: filter.from,
      to: filter.to,
      rows: groupBy === 'NONE' ? [] : rows.filter((r) => !r.is_total).map((r) => toRow(r, false)),
      total: toRow(
        rows.find((r) => r.is_total),
        true,
      ),
    };
  }

  /**
   * The total of `report({ from: day, to: day, unitId, view: RECEIVING_AGENCY }).total.resolved.total`
   * (the leader's dashboard's "resolved today") from that day's rows of the daily roll-up alone: the
   * report also sums every earlier day for its carried-over column, a province's whole history. The
   * place is a unit (and the units below) or one agency (`{ agencyId }`, its receiving rows). Null
   * when the report would narrow the unit's rows by the caller's scope (a unit not wholly in it):
   * take the report's total then.
   */
  async resolvedOnDay(ctx: RequestContext, place: DashboardPlace, day: string): Promise<number | null> {
    const permission = ProceduresPermissions.statisticsRead;
    ctx.require(permission);
    const scope = await ctx.scopeFilter(permission);
    let where: string;
    let key: unknown;
    if ('agencyId' in place) {
      if (!isUuid(place.agencyId)) return null;
      // The report keeps a row whose receiving agency is a scope agency: all of this agency's rows.
      if (scope !== 'all' && !scope.agencyIds.includes(place.agencyId)) return null;
      [where, key] = ['s.receiving_agency_id = ?', place.agencyId];
    } else {
      if (!isUuid(place.unitId)) return null;
      const units = await unitsWithHistory(ctx, [place.unitId]);
      if (scope !== 'all') {
        const covered = new Set(scope.unitIds);
        if (!units.every((unit) => covered.has(unit))) return null;
      }
      [where, key] = ['s.receiving_unit_id = any(?::uuid[])', pgArray(units)];
    }
    const [row] = await ctx.em.execute<Array<{ n: string }>>(
      `select coalesce(sum(s.resolved_early + s.resolved_on_time + s.resolved_late), 0) as n
           from procedures_period_stat(?::date, ?::date) s where ${where}`,
      [day, day, key],
    );
    return Number(row.n);
  }

  private async labels(
    ctx: RequestContext,
    groupBy: StatisticsGroupBy,
    keys: string[],
  ): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    if (!keys.length) return map;
    if (groupBy === 'AGENCY')
      for (const a of (await directory.agencies(ctx, keys)).values()) map.set(a.id, a.name);
    if (groupBy === 'UNIT')
      for (const u of (await directory.units(ctx, keys)).values())
        map.set(u.id, u.validTo ? `${u.name} (đến ${u.validTo})` : u.name);
    return map;
  }
}

export const statistics = new StatisticsService();
