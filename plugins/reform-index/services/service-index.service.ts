import {
  addLocalDays,
  BadInputError,
  ForbiddenError,
  NotFoundError,
  pgArray,
  startOfLocalDay,
  type RequestContext,
  requireId,
} from '../../../src';
import { directory } from '../../staff';
import {
  pointsFor,
  rateOf,
  round2,
  SERVICE_METRICS,
  type ScoringBand,
  type ServiceMetric,
} from '../domain/service-index';
import { EnteredValue } from '../entities/entered-value.entity';
import { ServiceCriterion } from '../entities/service-criterion.entity';
import { Evidence } from '../entities/round.entity';
import { ServiceCriterionSource } from '../entities/enums';
import { ReformIndexPermissions as P } from '../permissions';
import { actorName, requireDate, requireOver, sql, unitsWithHistory } from './common';
import { checkEvidence, replaceEvidence } from './evidence';

export interface IndexSubject {
  unitId?: string | null;
  agencyId?: string | null;
  from: string;
  to: string;
}

/** What a criterion's drill-down needs: the dossiers (or versions) of the subject in the period. */
export interface Frame {
  unitIds: string[] | null;
  agencyId: string | null;
  catalogueUnitIds: string[];
  from: string;
  to: string;
  start: Date;
  end: Date;
}

export interface CriterionResult {
  criterion: ServiceCriterion;
  source: ServiceCriterionSource;
  numerator: number | null;
  denominator: number | null;
  rate: number | null;
  points: number;
  enteredValue: EnteredValue | null;
  frame: Frame;
}

export interface GroupResult {
  code: string;
  name: string;
  points: number;
  maxPoints: number;
}

export interface ServiceIndexResult {
  unitId: string | null;
  agencyId: string | null;
  from: string;
  to: string;
  points: number;
  maxPoints: number;
  computedPoints: number;
  computedMaxPoints: number;
  groups: GroupResult[];
  criteria: CriterionResult[];
}

export interface ShortfallItem {
  kind: 'DOSSIER' | 'PROCEDURE_VERSION';
  dossierId: string | null;
  procedureVersionId: string | null;
  code: string;
  reason: string;
  at: Date | null;
}

const COMPUTED: ServiceMetric[] = SERVICE_METRICS.filter((m) => m !== 'ENTERED');

/**
 * The service index of QĐ 766, live: the computable criteria from procedures' public views (the
 * period roll-up `procedures_period_stat` for rates — whole months from its monthly roll-up, the
 * edge days from the daily one — the dossier and rating views for the drill-down), the others from entered
 * values with evidence. One subject (a unit with its subtree and older units, or one agency) and one
 * period (local dates, inclusive).
 */
export class ServiceIndexService {
  /** The criteria in force on a day: for each code, the row with the latest validFrom on or before it. */
  async criteriaOn(ctx: RequestContext, day: string): Promise<ServiceCriterion[]> {
    const rows = await ctx.em.find(
      ServiceCriterion,
      { validFrom: { $lte: day } },
      { orderBy: { validFrom: 'desc' } },
    );
    const byCode = new Map<string, ServiceCriterion>();
    for (const row of rows) if (!byCode.has(row.code)) byCode.set(row.code, row);
    return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  }

  /** `checkScope` false: the caller already decided who may see what is derived (a CCHC ranking). */
  async frameOf(ctx: RequestContext, subject: IndexSubject, checkScope = true): Promise<Frame> {
    const from = requireDate(subject.from, 'from');
    const to = requireDate(subject.to, 'to');
    if (to < from)
      throw new BadInputError(
        { vi: 'to không được trước from', en: 'to must not be before from' },
        { field: 'to' },
      );
    if (addLocalDays(from, 366 * 5) < to)
      throw new BadInputError(
        { vi: 'Một kỳ dài tối đa năm năm', en: 'A period covers at most five years' },
        { field: 'to' },
      );
    if (!!subject.unitId === !!subject.agencyId)
      throw new BadInputError(
        { vi: 'Chỉ gửi một trong unitId hoặc agencyId', en: 'Give either unitId or agencyId' },
        { field: 'unitId' },
      );
    let unitIds: string[] | null = null;
    let agencyId: string | null = null;
    let catalogueUnit: string;
    if (subject.unitId) {
      const unitId = requireId(subject.unitId, 'unitId');
      if (!(await directory.unit(ctx, unitId)))
        throw new NotFoundError({ vi: 'đơn vị hành chính', en: 'Unit' }, unitId);
      if (checkScope) await requireOver(ctx, P.read, { unitId });
      unitIds = await unitsWithHistory(ctx, unitId);
      catalogueUnit = unitId;
    } else {
      agencyId = requireId(subject.agencyId, 'agencyId');
      const unitId = await directory.agencyUnitId(ctx, agencyId);
      if (!unitId) throw new NotFoundError({ vi: 'cơ quan', en: 'Agency' }, agencyId);
      if (checkScope) await requireOver(ctx, P.read, { unitId, agencyId });
      catalogueUnit = unitId;
    }
    // Procedures published for the subject: national ones, the province's, and its own units'.
    const catalogueUnitIds = [
      ...new Set([
        ...(await directory.unitAndAncestorIds(ctx, catalogueUnit)),
        ...(unitIds ?? [catalogueUnit]),
      ]),
    ];
    return {
      unitIds,
      agencyId,
      catalogueUnitIds,
      from,
      to,
      start: startOfLocalDay(from),
      end: startOfLocalDay(addLocalDays(to, 1)),
    };
  }

  async index(ctx: RequestContext, subject: IndexSubject, checkScope = true): Promise<ServiceIndexResult> {
    const frame = await this.frameOf(ctx, subject, checkScope);
    const criteria = await this.criteriaOn(ctx, frame.to);
    const metrics = new Set(criteria.map((c) => c.metric));
    const where = this.where(frame, 's');

    // One statement for every computed criterion: the period roll-up's counters (whole months and
    // edge days, dissatisfied ratings by rating day) and the catalogue versions effective in the period.
    const parts: string[] = [];
    const params: unknown[] = [];
    if (COMPUTED.some((m) => m !== 'PUBLICATION_ON_TIME' && metrics.has(m))) {
      parts.push(`(select coalesce(sum(s.received_online), 0)::int as online, coalesce(sum(s.received_direct), 0)::int as direct,
                coalesce(sum(s.received_digitised), 0)::int as digitised,
                coalesce(sum(s.resolved_early + s.resolved_on_time), 0)::int as in_time,
                coalesce(sum(s.resolved_early + s.resolved_on_time + s.resolved_late), 0)::int as resolved,
                coalesce(sum(s.resolved_digitised), 0)::int as result_digitised,
                coalesce(sum(s.rating_dissatisfied), 0)::int as dissatisfied
           from procedures_period_stat(?::date, ?::date) s where ${where.sql}) s`);
      params.push(frame.from, frame.to, ...where.params);
    }
    if (metrics.has('PUBLICATION_ON_TIME')) {
      parts.push(`(select count(*)::int as versions,
                count(*) filter (where staff_local_today(v.published_at) <= v.effective_from)::int as versions_on_time
           from procedures_procedure_version_v v
          where v.effective_from >= ?::date and v.effective_from <= ?::date and (v.unit_id is null or v.unit_id = any(?::uuid[]))) v`);
      params.push(frame.from, frame.to, pgArray(frame.catalogueUnitIds));
    }
    const counts: Record<string, number> = {};
    if (parts.length) {
      const [row] = await sql(ctx, `select * from ${parts.join(' cross join ')}`, params);
      Object.assign(counts, Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])));
    }

    const subjectId = frame.unitIds ? subject.unitId! : frame.agencyId!;
    const entered = await ctx.em.find(EnteredValue, {
      subjectId,
      periodFrom: frame.from,
      periodTo: frame.to,
    });
    const enteredByCode = new Map(entered.map((e) => [e.criterionCode, e]));

    const results: CriterionResult[] = criteria.map((criterion) => {
      const fraction = this.fractionOf(criterion.metric as ServiceMetric, counts);
      const bands = criterion.bands as ScoringBand[];
      if (fraction) {
        const rate = rateOf(fraction[0], fraction[1]);
        return {
          criterion,
          source: ServiceCriterionSource.COMPUTED,
          numerator: fraction[0],
          denominator: fraction[1],
          rate: rate === null ? null : Math.round(rate * 10000) / 10000,
          points: pointsFor(criterion.maxPoints, rate, bands),
          enteredValue: null,
          frame,
        };
      }
      const value = enteredByCode.get(criterion.code) ?? null;
      if (!value)
        return {
          criterion,
          source: ServiceCriterionSource.MISSING,
          numerator: null,
          denominator: null,
          rate: null,
          points: 0,
          enteredValue: null,
          frame,
        };
      const rate = rateOf(value.numerator, value.denominator);
      return {
        criterion,
        source: ServiceCriterionSource.ENTERED,
        numerator: value.numerator,
        denominator: value.denominator,
        rate: rate === null ? null : Math.round(rate * 10000) / 10000,
        points: pointsFor(criterion.maxPoints, rate, bands),
        enteredValue: value,
        frame,
      };
    });

    const groups = new Map<string, GroupResult>();
    for (const r of results) {
      const g = groups.get(r.criterion.groupCode) ?? {
        code: r.criterion.groupCode,
        name: r.criterion.groupName,
        points: 0,
        maxPoints: 0,
      };
      g.points = round2(g.points + r.points);
      g.maxPoints = round2(g.maxPoints + r.criterion.maxPoints);
      groups.set(g.code, g);
    }
    const computed = results.filter((r) => r.source === ServiceCriterionSource.COMPUTED);
    return {
      unitId: subject.unitId ?? null,
      agencyId: frame.agencyId,
      from: frame.from,
      to: frame.to,
      points: round2(results.reduce((s, r) => s + r.points, 0)),
      maxPoints: round2(results.reduce((s, r) => s + r.criterion.maxPoints, 0)),
      computedPoints: round2(computed.reduce((s, r) => s + r.points, 0)),
      computedMaxPoints: round2(computed.reduce((s, r) => s + r.criterion.maxPoints, 0)),
      groups: [...groups.values()].sort((a, b) => a.code.localeCompare(b.code)),
      criteria: results,
    };
  }

  /** [numerator, denominator] of a computed metric; null for an entered one. */
  private fractionOf(metric: ServiceMetric, c: Record<string, number>): [number, number] | null {
    const received = (c.online ?? 0) + (c.direct ?? 0);
    switch (metric) {
      case 'ON_TIME_RESOLUTION':
        return [c.in_time ?? 0, c.resolved ?? 0];
      case 'ONLINE_DOSSIERS':
        return [c.online ?? 0, received];
      case 'DOSSIER_DIGITISATION':
        return [c.digitised ?? 0, received];
      case 'RESULT_DIGITISATION':
        return [c.result_digitised ?? 0, c.resolved ?? 0];
      case 'SATISFACTION':
        return [Math.max(0, (c.resolved ?? 0) - (c.dissatisfied ?? 0)), c.resolved ?? 0];
      case 'PUBLICATION_ON_TIME':
        return [c.versions_on_time ?? 0, c.versions ?? 0];
      default:
        return null;
    }
  }

  private where(frame: Frame, alias: string): { sql: string; params: unknown[] } {
    return frame.unitIds
      ? { sql: `${alias}.unit_id = any(?::uuid[])`, params: [pgArray(frame.unitIds)] }
      : { sql: `${alias}.agency_id = ?`, params: [frame.agencyId] };
  }

  /** The dossiers (or procedure versions) that cost a computed criterion its points, oldest first. */
  async shortfall(
    ctx: RequestContext,
    result: CriterionResult,
    first: number,
  ): Promise<{ totalCount: number; items: ShortfallItem[] }> {
    const { frame } = result;
    const limit = Math.min(Math.max(0, first), 100);
    const d = this.where(frame, 'd');
    const period = (column: string) => `d.${column} >= ? and d.${column} < ?`;
    const range = [frame.start, frame.end];
    let query: { where: string; params: unknown[]; at: string; reason: string } | null = null;
    switch (result.criterion.metric as ServiceMetric) {
      case 'ON_TIME_RESOLUTION':
        query = {
          where: `${period('resolved_at')} and d.received_at is not null and d.timeliness = 'LATE'`,
          params: range,
          at: 'resolved_at',
          reason: 'Giải quyết quá hạn',
        };
        break;
      case 'ONLINE_DOSSIERS':
        query = {
          where: `${period('received_at')} and d.channel <> 'ONLINE'`,
          params: range,
          at: 'received_at',
          reason: 'Không tiếp nhận trực tuyến',
        };
        break;
      case 'DOSSIER_DIGITISATION':
        query = {
          where: `${period('received_at')} and not d.components_digitised`,
          params: range,
          at: 'received_at',
          reason: 'Thành phần hồ sơ chưa được số hóa đủ',
        };
        break;
      case 'RESULT_DIGITISATION':
        query = {
          where: `${period('resolved_at')} and d.received_at is not null and d.result_digitised is not true`,
          params: range,
          at: 'resolved_at',
          reason: 'Kết quả chưa được số hóa',
        };
        break;
      case 'SATISFACTION': {
        const r = this.where(frame, 'r');
        query = {
          where: `exists (select 1 from procedures_rating_v r where r.dossier_id = d.id and r.rating <= 2
                           and r.rated_at >= ? and r.rated_at < ? and ${r.sql})`,
          params: [...range, ...r.params],
          at: 'resolved_at',
          reason: 'Bị đánh giá không hài lòng',
        };
        break;
      }
      case 'PUBLICATION_ON_TIME': {
        const where = `v.effective_from >= ?::date and v.effective_from <= ?::date and (v.unit_id is null or v.unit_id = any(?::uuid[]))
          and staff_local_today(v.published_at) > v.effective_from`;
        const params = [frame.from, frame.to, pgArray(frame.catalogueUnitIds)];
        const [count] = await sql(
          ctx,
          `select count(*)::int as n from procedures_procedure_version_v v where ${where}`,
          params,
        );
        const rows = await sql<{ id: string; code: string; published_at: Date; effective_from: string }>(
          ctx,
          `select v.id, v.code, v.published_at, v.effective_from::text from procedures_procedure_version_v v where ${where}
            order by v.effective_from, v.id limit ${limit}`,
          params,
        );
        return {
          totalCount: Number(count.n),
          items: rows.map((v) => ({
            kind: 'PROCEDURE_VERSION',
            dossierId: null,
            procedureVersionId: v.id,
            code: v.code,
            reason: `Công khai sau ngày có hiệu lực ${v.effective_from}`,
            at: new Date(v.published_at),
          })),
        };
      }
      default:
        return { totalCount: 0, items: [] };
    }
    const where = `${query.where} and ${d.sql}`;
    const params = [...query.params, ...d.params];
    const [count] = await sql(
      ctx,
      `select count(*)::int as n from procedures_dossier_v d where ${where}`,
      params,
    );
    const rows = await sql<{ id: string; code: string; at: Date | null }>(
      ctx,
      `select d.id, d.code, d.${query.at} as at from procedures_dossier_v d where ${where}
        order by d.${query.at}, d.id limit ${limit}`,
      params,
    );
    return {
      totalCount: Number(count.n),
      items: rows.map((r) => ({
        kind: 'DOSSIER',
        dossierId: r.id,
        procedureVersionId: null,
        code: r.code,
        reason: query.reason,
        at: r.at ? new Date(r.at) : null,
      })),
    };
  }

  /** Enters (or replaces) the value of a criterion the platform cannot compute, with its evidence. */
  async recordValue(
    ctx: RequestContext,
    input: {
      criterionCode: string;
      unitId?: string | null;
      agencyId?: string | null;
      from: string;
      to: string;
      numerator: number;
      denominator: number;
      note?: string | null;
      fileIds?: string[] | null;
      documentIds?: string[] | null;
    },
  ): Promise<EnteredValue> {
    const frame = await this.frameOfForWrite(ctx, input);
    const criteria = await this.criteriaOn(ctx, frame.to);
    const criterion = criteria.find((c) => c.code === input.criterionCode);
    if (!criterion)
      throw new BadInputError(
        {
          vi: `Không có tiêu chí ${input.criterionCode} đang có hiệu lực`,
          en: `No criterion ${input.criterionCode} in force`,
        },
        { field: 'criterionCode' },
      );
    if (criterion.metric !== 'ENTERED')
      throw new BadInputError(
        {
          vi: `Tiêu chí ${criterion.code} do nền tảng tự tính; không nhập giá trị`,
          en: `Criterion ${criterion.code} is computed by the platform; it takes no entered value`,
        },
        {
          field: 'criterionCode',
        },
      );
    if (
      !(Number.isFinite(input.numerator) && Number.isFinite(input.denominator)) ||
      input.numerator < 0 ||
      input.denominator < 0
    )
      throw new BadInputError(
        {
          vi: 'numerator và denominator là số đếm (từ 0 trở lên)',
          en: 'numerator and denominator are counts (0 or more)',
        },
        { field: 'numerator' },
      );
    if (input.numerator > input.denominator)
      throw new BadInputError(
        { vi: 'numerator không được lớn hơn denominator', en: 'numerator may not exceed denominator' },
        { field: 'numerator' },
      );
    const fileIds = input.fileIds ?? [];
    const documentIds = input.documentIds ?? [];
    if (!fileIds.length && !documentIds.length)
      throw new BadInputError(
        {
          vi: 'Giá trị nhập cần tài liệu kiểm chứng: fileIds hoặc documentIds',
          en: 'An entered value needs evidence: fileIds or documentIds',
        },
        {
          field: 'fileIds',
        },
      );
    await checkEvidence(ctx, fileIds, documentIds);
    const subjectId = (input.unitId ?? input.agencyId)!;
    let value = await ctx.em.findOne(EnteredValue, {
      criterionCode: criterion.code,
      subjectId,
      periodFrom: frame.from,
      periodTo: frame.to,
    });
    const before = value
      ? { numerator: value.numerator, denominator: value.denominator, note: value.note }
      : null;
    if (!value) {
      value = ctx.em.create(EnteredValue, {
        criterionCode: criterion.code,
        subjectId,
        periodFrom: frame.from,
        periodTo: frame.to,
        numerator: input.numerator,
        denominator: input.denominator,
      });
    }
    value.numerator = input.numerator;
    value.denominator = input.denominator;
    value.note = input.note ?? null;
    value.enteredBy = await actorName(ctx);
    await ctx.em.flush();
    await replaceEvidence(ctx, { enteredValueId: value.id }, fileIds, documentIds);
    ctx.audit({
      action: 'reform-index.service-value.record',
      entityType: 'reform_index_entered_value',
      entityId: value.id,
      unitId: frame.unitIds ? input.unitId : frame.catalogueUnitIds[0],
      agencyId: frame.agencyId,
      before,
      after: {
        criterionCode: criterion.code,
        from: frame.from,
        to: frame.to,
        numerator: input.numerator,
        denominator: input.denominator,
        note: value.note,
        fileIds,
        documentIds,
      },
    });
    await ctx.em.flush();
    return value;
  }

  private async frameOfForWrite(
    ctx: RequestContext,
    input: { unitId?: string | null; agencyId?: string | null; from: string; to: string },
  ): Promise<Frame> {
    const frame = await this.frameOf(ctx, input);
    const unitId = input.unitId ?? (await directory.agencyUnitId(ctx, input.agencyId!))!;
    await requireOver(ctx, P.selfAssess, { unitId, agencyId: input.agencyId ?? null });
    return frame;
  }

  async evidenceOf(
    ctx: RequestContext,
    owner: { enteredValueId?: string; scoreId?: string },
  ): Promise<Evidence[]> {
    const key = owner.enteredValueId ? 'entered' : 'score';
    const id = (owner.enteredValueId ?? owner.scoreId)!;
    return ctx
      .loader<string, Evidence[]>(`reform-index.evidence.${key}`, async (ids) => {
        const rows = await ctx.em.find(
          Evidence,
          key === 'entered' ? { enteredValueId: { $in: [...ids] } } : { scoreId: { $in: [...ids] } },
          { orderBy: { createdAt: 'asc', id: 'asc' } },
        );
        // Files first, then documents.
        rows.sort((a, b) => Number(!a.fileId) - Number(!b.fileId));
        return ids.map((k) => rows.filter((r) => (key === 'entered' ? r.enteredValueId : r.scoreId) === k));
      })
      .load(id);
  }

  /** Amends the service index: a criterion's new wording, maximum, bands or basis from a date on. */
  async setCriterion(
    ctx: RequestContext,
    input: {
      code: string;
      validFrom: string;
      maxPoints: number;
      bands?: ScoringBand[] | null;
      legalBasis: string;
      name?: string | null;
      formula?: string | null;
    },
  ): Promise<ServiceCriterion> {
    ctx.require(P.manage);
    // The index is national: only a platform-wide manager amends it.
    if (!ctx.isSystem && !(await ctx.scope()).global)
      throw new ForbiddenError({
        vi: 'Sửa bộ chỉ số quốc gia cần phạm vi toàn nền tảng',
        en: 'Amending the national index needs a platform-wide scope',
      });
    const validFrom = requireDate(input.validFrom, 'validFrom');
    if (!(input.maxPoints >= 0 && input.maxPoints <= 100))
      throw new BadInputError(
        { vi: 'maxPoints phải từ 0 đến 100', en: 'maxPoints is between 0 and 100' },
        { field: 'maxPoints' },
      );
    const bands = input.bands ?? null;
    for (const [i, b] of (bands ?? []).entries())
      if (!(b.minRate >= 0 && b.minRate <= 1 && b.fraction >= 0 && b.fraction <= 1))
        throw new BadInputError(
          {
            vi: 'Mỗi mức (band) có minRate và fraction trong khoảng 0 đến 1',
            en: 'A band has minRate and fraction between 0 and 1',
          },
          { field: `bands[${i}]` },
        );
    const base = (await this.criteriaOn(ctx, validFrom)).find((c) => c.code === input.code);
    if (!base)
      throw new BadInputError(
        { vi: `Không có tiêu chí ${input.code} để sửa`, en: `No criterion ${input.code} to amend` },
        { field: 'code' },
      );
    let row = await ctx.em.findOne(ServiceCriterion, { code: input.code, validFrom });
    const before = row ? { maxPoints: row.maxPoints, bands: row.bands, legalBasis: row.legalBasis } : null;
    row ??= ctx.em.create(ServiceCriterion, {
      code: base.code,
      validFrom,
      groupCode: base.groupCode,
      groupName: base.groupName,
      name: base.name,
      maxPoints: base.maxPoints,
      metric: base.metric,
      formula: base.formula,
      numeratorLabel: base.numeratorLabel,
      denominatorLabel: base.denominatorLabel,
      bands: base.bands,
      legalBasis: base.legalBasis,
      note: base.note,
    });
    row.maxPoints = input.maxPoints;
    if (bands) row.bands = bands;
    row.legalBasis = input.legalBasis;
    if (input.name) row.name = input.name;
    if (input.formula) row.formula = input.formula;
    await ctx.em.flush();
    ctx.audit({
      action: 'reform-index.service-criterion.set',
      entityType: 'reform_index_service_criterion',
      entityId: row.id,
      before,
      after: {
        code: row.code,
        validFrom,
        maxPoints: row.maxPoints,
        bands: row.bands,
        legalBasis: row.legalBasis,
      },
    });
    return row;
  }
}

export const serviceIndex = new ServiceIndexService();
