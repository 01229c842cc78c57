import {
  addLocalDays,
  BadInputError,
  isUuid,
  requireId,
  NotFoundError,
  paginateKeysetSql,
  pgArray,
  startOfLocalDay,
  type KeysetPageArgs,
  type OrderInput,
  type RequestContext,
  escapeLike,
  scopeFilterSql,
  type ScopeFilter,
  readEntitiesWhere,
  readJoined,
  relationId,
} from '../../../src';
import { DossierOrder } from '../list-orders';
import { descendantIds, predecessorIds } from '../../staff';
import { DossierAction, DossierChannel, DossierStatus } from '../domain/enums';
import { TRANSITIONS, type TransitionRule } from '../domain/transitions';
import { Dossier } from '../entities/dossier.entity';
import { DossierComponent } from '../entities/dossier-component.entity';
import { DossierPause } from '../entities/dossier-pause.entity';
import { DossierStep } from '../entities/dossier-step.entity';
import { Procedure } from '../entities/procedure.entity';
import { ProceduresPermissions } from '../permissions';
import { canSee, type DashboardPlace, loadVisible, mayMake, stateAllows } from './dossier-core';
import { ProceduresRecords } from '../errors';

export interface DossierFilter {
  statuses?: DossierStatus[] | null;
  agencyId?: string | null;
  competentAgencyId?: string | null;
  unitId?: string | null;
  holderAgencyId?: string | null;
  holderDepartmentId?: string | null;
  procedureId?: string | null;
  field?: string | null;
  channel?: DossierChannel | null;
  search?: string | null;
  overdue?: boolean | null;
  /** true: the caller's approval queue; false: no proposal waiting. */
  awaitingApproval?: boolean | null;
  /** 'YYYY-MM-DD' */
  receivedFrom?: string | null;
  /** 'YYYY-MM-DD', inclusive */
  receivedTo?: string | null;
}

/**
 * Whether the filter alone keeps a list inside the caller's scope, so the scope condition can be left
 * out: every dossier's own unit is among its involved units and its receiving agency among its
 * involved agencies (intake writes both, transitions only add), so `unit_id` in scope units (or
 * `agency_id` a scope agency) implies the scope rule. Without the `&&` over the involved arrays the
 * planner can use the b-tree indexes by unit and day (a province leader's dashboard counted a GIN
 * bitmap of most of the table three times).
 */
function filterWithinScope(
  scope: Exclude<ScopeFilter, 'all'>,
  units: string[] | null,
  agencyId: string | null | undefined,
): boolean {
  if (agencyId && scope.agencyIds.includes(agencyId)) return true;
  if (!units?.length) return false;
  const covered = new Set(scope.unitIds);
  return units.every((unit) => covered.has(unit));
}

/** The units of the list's `unitId` filter: the subtree and the old units it succeeded. */
async function listUnits(ctx: RequestContext, unitId: string): Promise<string[]> {
  const subtree = await descendantIds(ctx.em, [unitId]);
  return [...subtree, ...(await predecessorIds(ctx.em, subtree))];
}

/** Procedures by id, read-only, once per request (a dossier's `procedure` field). */
function procedureLoader(ctx: RequestContext) {
  return ctx.loader<string, Procedure>('procedures.procedure', async (ids) => {
    const rows = await readEntitiesWhere(ctx.em, Procedure, 'p', 'where p.id = any(?::uuid[])', [
      pgArray([...ids]),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? new Error(`procedure ${id} not found`));
  });
}

/** Reading dossiers: the register (sổ theo dõi), one dossier, its steps (control slip). */
export class DossiersService {
  /** The dossier by an id the client sent in `field`: BAD_USER_INPUT on it if malformed, else NOT_FOUND if not visible. */
  get(ctx: RequestContext, id: string, field = 'dossierId'): Promise<Dossier> {
    return loadVisible(ctx, id, field);
  }

  async byCode(ctx: RequestContext, code: string): Promise<Dossier> {
    ctx.require(ProceduresPermissions.dossiersRead);
    // One statement written here (the ORM's query builder cost more CPU than the whole lookup), with
    // the dossier's procedure, which the desk shows with it: the `procedure` field needs no second.
    const [found] = await readJoined(
      ctx.em,
      [Dossier, Procedure],
      ['d', 'p'],
      'from procedures_dossier d join procedures_procedure p on p.id = d.procedure_id where d.code = ?',
      [code.trim()],
    );
    if (!found || !(await canSee(ctx, found[0]))) throw new NotFoundError(ProceduresRecords.dossier, code);
    const [dossier, procedure] = found;
    procedureLoader(ctx).prime(procedure.id, procedure);
    return dossier;
  }

  async list(ctx: RequestContext, filter: DossierFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    ctx.require(ProceduresPermissions.dossiersRead);
    const scope = await ctx.scopeFilter(ProceduresPermissions.dossiersRead);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const id = (value: string | null | undefined, field: string) => value && requireId(value, field);
    const filterUnits = id(filter.unitId, 'unitId') ? await listUnits(ctx, filter.unitId!) : null;
    if (scope !== 'all' && !filterWithinScope(scope, filterUnits, filter.agencyId)) {
      // The same rule as canSee(): a unit that held it, or an agency that held it.
      conditions.push('(involved_unit_ids && ?::uuid[] or involved_agency_ids && ?::uuid[])');
      params.push(pgArray(scope.unitIds), pgArray(scope.agencyIds));
    }
    if (filter.statuses?.length) {
      conditions.push('status = any(?::smallint[])');
      params.push(pgArray(filter.statuses));
    }
    if (id(filter.agencyId, 'agencyId')) {
      conditions.push('agency_id = ?');
      params.push(filter.agencyId);
    }
    if (id(filter.holderAgencyId, 'holderAgencyId')) {
      conditions.push('holder_agency_id = ?');
      params.push(filter.holderAgencyId);
    }
    if (id(filter.holderDepartmentId, 'holderDepartmentId')) {
      conditions.push('holder_department_id = ?');
      params.push(filter.holderDepartmentId);
    }
    if (id(filter.procedureId, 'procedureId')) {
      conditions.push('procedure_id = ?');
      params.push(filter.procedureId);
    }
    if (filterUnits) {
      conditions.push('unit_id = any(?::uuid[])');
      params.push(pgArray(filterUnits));
    }
    if (filter.field) {
      conditions.push('core_search_key(field) = core_search_key(?)');
      params.push(filter.field);
    }
    if (filter.channel) {
      conditions.push('channel = ?');
      params.push(filter.channel);
    }
    const search = filter.search?.trim();
    if (search) {
      if (search.length > 200)
        throw new BadInputError(
          { vi: 'Từ khóa tìm kiếm quá dài', en: 'search is too long' },
          { field: 'search' },
        );
      const escaped = escapeLike(search);
      conditions.push(
        `(code like ? || '%' or core_search_key(applicant_name) like '%' || core_search_key(?) || '%')`,
      );
      params.push(escaped.toUpperCase(), escaped);
    }
    if (id(filter.competentAgencyId, 'competentAgencyId')) {
      conditions.push('competent_agency_id = ?');
      params.push(filter.competentAgencyId);
    }
    if (filter.overdue !== null && filter.overdue !== undefined) {
      // The one definition (procedures_dossier_overdue_at); "open" first, for the partial indexes.
      const overdue = `(received_at is not null and finished_at is null and procedures_dossier_overdue_at(d, now()))`;
      conditions.push(filter.overdue ? overdue : `not ${overdue}`);
    }
    if (filter.awaitingApproval === true) {
      // The leader's queue: a proposal waits (PROPOSE_RESULT, not approved nor returned) in a status
      // where APPROVE is allowed, held where the caller may approve (the transition's HOLDER scope).
      const waiting = TRANSITIONS[DossierAction.APPROVE].from;
      conditions.push(`proposed_at is not null and approved_at is null and status = any(?::smallint[])`);
      params.push(pgArray([...waiting]));
      const holder = scopeFilterSql(
        await ctx.scopeFilter(ProceduresPermissions.dossiersApprove),
        'holder_unit_id',
        'holder_agency_id',
      );
      conditions.push(holder.sql);
      params.push(...holder.params);
    } else if (filter.awaitingApproval === false) {
      conditions.push('(proposed_at is null or approved_at is not null)');
    }
    if (filter.receivedFrom) {
      conditions.push('received_at >= ?');
      params.push(startOfLocalDay(filter.receivedFrom));
    }
    if (filter.receivedTo) {
      conditions.push('received_at < ?');
      params.push(startOfLocalDay(addLocalDays(filter.receivedTo, 1)));
    }
    return paginateKeysetSql(
      ctx.em,
      { from: 'procedures_dossier d', where: conditions, params },
      page,
      DossierOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
      (ids) => readEntitiesWhere(ctx.em, Dossier, 'd', 'where d.id = any(?::uuid[])', [pgArray(ids)]),
    );
  }

  /**
   * The total of `list({ unitId, overdue: true })` (or `{ agencyId, overdue: true }`) — open and
   * overdue now, by the one definition — without judging every open dossier of the place (a
   * province's ~29,000 on the benchmark data, half a second): the daily roll-up's overdue changes by
   * receiving unit (or agency) summed up to yesterday are
   * the dossiers overdue at the midnight that started today (their `procedures_dossier_overdue` days
   * contain today); procedures_dossier_overdue_at can answer otherwise now only for a dossier with an
   * instant it reads since that midnight (reception, finishing, an appointment-history row's start),
   * so exactly those are judged again at now and replace their midnight answer. Null when the list
   * itself would add the scope's condition (a unit not wholly in the caller's scope): count with the
   * list then. A place is a unit (its subtree) or one agency, as on the leader's dashboard.
   */
  async overdueCount(ctx: RequestContext, place: DashboardPlace): Promise<number | null> {
    ctx.require(ProceduresPermissions.dossiersRead);
    const scope = await ctx.scopeFilter(ProceduresPermissions.dossiersRead);
    // The dossiers of the place: a unit's subtree (and the units it succeeded), or one agency's, by
    // the columns the list filters on (the receiving unit, the receiving agency).
    let rollUp: string;
    let column: string;
    let key: unknown;
    if ('agencyId' in place) {
      if (!isUuid(place.agencyId)) return null;
      if (scope !== 'all' && !filterWithinScope(scope, null, place.agencyId)) return null;
      [rollUp, column, key] = ['s.receiving_agency_id = ?', 'agency_id = ?', place.agencyId];
    } else {
      if (!isUuid(place.unitId)) return null;
      const units = await listUnits(ctx, place.unitId);
      if (scope !== 'all' && !filterWithinScope(scope, units, null)) return null;
      [rollUp, column, key] = [
        's.receiving_unit_id = any(?::uuid[])',
        'unit_id = any(?::uuid[])',
        pgArray(units),
      ];
    }
    const midnight = `procedures_local_midnight(procedures_local_date(now()))`;
    const [row] = await ctx.em.execute<Array<{ n: string }>>(
      `select (select coalesce(sum(s.overdue_change), 0)
                 from procedures_period_stat('0001-01-01'::date, procedures_local_date(now()) - 1) s
                where ${rollUp})
            + (select coalesce(sum(procedures_dossier_overdue_at(d, now())::int
                                   - coalesce(o.days @> procedures_local_date(now()), false)::int), 0)
                 from procedures_dossier d left join procedures_dossier_overdue o on o.dossier_id = d.id
                where d.${column}
                  and d.id in (select id from procedures_dossier where ${column} and received_at >= ${midnight}
                               union select id from procedures_dossier where ${column} and finished_at >= ${midnight}
                               union select dossier_id from procedures_dossier_deadline where since >= ${midnight})) as n`,
      [key, key, key, key],
    );
    return Number(row.n);
  }

  components(ctx: RequestContext, dossier: Dossier) {
    return ctx
      .loader<string, DossierComponent[]>('procedures.components', async (ids) => {
        const rows = await ctx.em.find(
          DossierComponent,
          { dossier: { $in: [...ids] } },
          { orderBy: { position: 'asc' } },
        );
        return ids.map((id) => rows.filter((r) => r.dossier.id === id));
      })
      .load(dossier.id);
  }

  steps(ctx: RequestContext, dossierId: string) {
    return ctx
      .loader<string, DossierStep[]>('procedures.steps', async (ids) => {
        const rows = await readEntitiesWhere(
          ctx.em,
          DossierStep,
          's',
          'where s.dossier_id = any(?::uuid[]) order by s.dossier_id, s.seq',
          [pgArray([...ids])],
        );
        const byDossier = new Map<string, DossierStep[]>();
        for (const row of rows) {
          // The id alone: a step's dossier reference would cost a dossier's worth of accessors.
          const dossier = relationId(row, 'dossier')!;
          const list = byDossier.get(dossier);
          if (list) list.push(row);
          else byDossier.set(dossier, [row]);
        }
        return ids.map((id) => byDossier.get(id) ?? []);
      })
      .load(dossierId);
  }

  /** The dossier's procedure, batched per request (a list shows a few procedures many times). */
  procedure(ctx: RequestContext, dossier: Dossier): Promise<Procedure> {
    // By id, not through `dossier.procedure` (on a read-only dossier that would make the reference);
    // a procedure the request has loaded comes back from readEntities as it is.
    return procedureLoader(ctx).load(relationId(dossier, 'procedure')!);
  }

  pauses(ctx: RequestContext, dossier: Dossier) {
    return ctx.em.find(DossierPause, { dossier: dossier.id }, { orderBy: { startedAt: 'asc' } });
  }

  /** Whether the dossier is overdue now, by the one SQL definition (batched per request). */
  overdue(ctx: RequestContext, dossier: Dossier): Promise<boolean> {
    if (!dossier.receivedAt || dossier.resolvedAt || dossier.endedAt) return Promise.resolve(false);
    return ctx
      .loader<string, boolean>('procedures.overdue', async (ids) => {
        const rows = await ctx.em.execute<Array<{ id: string; overdue: boolean }>>(
          `select d.id, procedures_dossier_overdue_at(d, now()) as overdue from procedures_dossier d where d.id = any(?::uuid[])`,
          [pgArray([...ids])],
        );
        const map = new Map(rows.map((r) => [r.id, r.overdue]));
        return ids.map((id) => map.get(id) ?? false);
      })
      .load(dossier.id);
  }

  /** Transitions the signed-in user may make now (for the desk's buttons). */
  async availableActions(ctx: RequestContext, dossier: Dossier): Promise<TransitionRule[]> {
    const result: TransitionRule[] = [];
    for (const rule of Object.values(TRANSITIONS)) {
      if (rule.scope === 'SYSTEM' || !rule.from.length) continue;
      if (stateAllows(dossier, rule)) continue;
      if (await mayMake(ctx, dossier, rule)) result.push(rule);
    }
    return result;
  }
}

export const dossiers = new DossiersService();
