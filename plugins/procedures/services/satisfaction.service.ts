import {
  addLocalDays,
  BadInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  optionsOf,
  pgArray,
  scopeFilterSql,
  startOfLocalDay,
  enforceRateLimit,
  type RequestContext,
  requireId,
} from '../../../src';
import { ProceduresErrorCodes } from '../errors';
import { descendantIds, directory, predecessorIds } from '../../staff';
import { DossierStatus } from '../domain/enums';
import { tokenHashCandidates } from '../domain/secrets';
import { Dossier } from '../entities/dossier.entity';
import { ProcedureVersion } from '../entities/procedure-version.entity';
import { Rating, SURVEY_CRITERIA, type SurveyCriterion } from '../entities/rating.entity';
import type { ProceduresOptions } from '../options';
import { ProceduresPermissions } from '../permissions';
import { agencyOfDossier } from './dossier-core';
import { ProceduresRecords } from '../errors';

export type SatisfactionGroupBy = 'NONE' | 'AGENCY' | 'DESK' | 'OFFICIAL' | 'MONTH';

export interface SatisfactionFilter {
  /** 'YYYY-MM-DD' */
  from: string;
  /** 'YYYY-MM-DD', inclusive */
  to: string;
  unitId?: string | null;
  agencyId?: string | null;
  deskId?: string | null;
  officialId?: string | null;
  groupBy?: SatisfactionGroupBy | null;
}

export interface SatisfactionGroup {
  key: string | null;
  label: string;
  count: number;
  average: number | null;
  /** Ratings 1..5: how many of each. */
  distribution: number[];
  /** Share of ratings 4 and 5. */
  satisfiedRate: number | null;
  criteria: Array<{ criterion: SurveyCriterion; count: number; average: number | null }>;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Units of a subtree and every older unit they succeeded (history under today's units), transitively. */
export async function unitsWithHistory(ctx: RequestContext, unitIds: string[]): Promise<string[]> {
  const all = new Set<string>();
  let frontier = unitIds;
  for (let round = 0; round < 5 && frontier.length; round++) {
    const subtree = await descendantIds(ctx.em, frontier);
    const older = await predecessorIds(ctx.em, subtree);
    const fresh = [...subtree, ...older].filter((id) => !all.has(id));
    fresh.forEach((id) => all.add(id));
    frontier = older.filter((id) => !unitIds.includes(id));
  }
  return [...all];
}

/** Satisfaction: the rating (1-5 + comment) and the 9-criterion survey, and their aggregates. */
export class SatisfactionService {
  /** What the rating page shows for a token (public). */
  async form(
    ctx: RequestContext,
    token: string,
  ): Promise<{ dossierCode: string; procedureName: string; agencyName: string; alreadyRated: boolean }> {
    const dossier = await this.byToken(ctx, token);
    const version = await ctx.em.findOneOrFail(ProcedureVersion, { id: dossier.procedureVersion.id });
    const agency = await agencyOfDossier(ctx, dossier);
    const rated = await ctx.em.count(Rating, { dossier: dossier.id });
    return {
      dossierCode: dossier.code,
      procedureName: version.name,
      agencyName: agency.name,
      alreadyRated: rated > 0,
    };
  }

  /** Public: one rating per dossier, by the token of the receipt's QR link. */
  async rate(
    ctx: RequestContext,
    input: {
      token: string;
      rating: number;
      comment?: string | null;
      survey?: Partial<Record<SurveyCriterion, number | null>> | null;
    },
  ): Promise<{ dossierCode: string; ratedAt: Date }> {
    const { limits } = optionsOf<ProceduresOptions>(ctx.app, 'procedures');
    await enforceRateLimit(ctx.app, limits.rateByIp, ctx.ip ?? 'unknown', {
      vi: 'Địa chỉ này đã gửi quá nhiều đánh giá; vui lòng thử lại sau',
      en: 'Too many ratings from this address; try again later',
    });
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
      throw new BadInputError(
        {
          vi: 'rating phải từ 1 (rất không hài lòng) đến 5 (rất hài lòng)',
          en: 'rating must be 1 (very dissatisfied) to 5 (very satisfied)',
        },
        {
          field: 'rating',
        },
      );
    const comment = input.comment?.trim() || null;
    if (comment && comment.length > 2000)
      throw new BadInputError(
        { vi: 'Ý kiến quá dài (tối đa 2000 ký tự)', en: 'The comment is too long (2000 characters at most)' },
        { field: 'comment' },
      );
    const survey: Partial<Record<SurveyCriterion, number>> = {};
    for (const [key, value] of Object.entries(input.survey ?? {})) {
      if (value === null || value === undefined) continue;
      if (!(SURVEY_CRITERIA as readonly string[]).includes(key))
        throw new BadInputError(
          { vi: `Không có tiêu chí khảo sát ${key}`, en: `Unknown survey criterion ${key}` },
          { field: 'survey' },
        );
      if (!Number.isInteger(value) || value < 1 || value > 5)
        throw new BadInputError(
          { vi: `survey.${key} phải từ 1 đến 5`, en: `survey.${key} must be 1 to 5` },
          { field: `survey.${key}` },
        );
      survey[key as SurveyCriterion] = value;
    }
    const dossier = await this.byToken(ctx, input.token);
    if ([DossierStatus.NEW, DossierStatus.NOT_RECEIVED].includes(dossier.status) || !dossier.receivedAt) {
      throw new DomainError(ProceduresErrorCodes.DOSSIER_INVALID_TRANSITION, {
        vi: 'Chỉ đánh giá được hồ sơ đã tiếp nhận',
        en: 'Only received dossiers can be rated',
      });
    }
    if (await ctx.em.count(Rating, { dossier: dossier.id }))
      throw new ConflictError({
        vi: 'Hồ sơ này đã được đánh giá',
        en: 'This dossier has already been rated',
      });
    const ratedAt = new Date();
    ctx.em.create(Rating, {
      dossier,
      rating: input.rating,
      comment,
      survey,
      ratedAt,
      unitId: dossier.unitId,
      agencyId: dossier.agencyId,
      field: dossier.field,
      deskId: dossier.deskId,
      officialId: dossier.receivedById,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'procedures.dossier.rate',
      entityType: 'Dossier',
      entityId: dossier.id,
      unitId: dossier.unitId,
      agencyId: dossier.agencyId,
      after: { code: dossier.code, rating: input.rating },
    });
    return { dossierCode: dossier.code, ratedAt };
  }

  /** Aggregates per agency, desk, officer or month, over the units in scope (and their history). */
  async summary(ctx: RequestContext, filter: SatisfactionFilter): Promise<SatisfactionGroup[]> {
    const permission = ProceduresPermissions.satisfactionRead;
    ctx.require(permission);
    const from = startOfLocalDay(filter.from);
    const to = startOfLocalDay(addLocalDays(filter.to, 1));
    if (to <= from)
      throw new BadInputError(
        { vi: 'to không được trước from', en: 'to must not be before from' },
        { field: 'to' },
      );
    const conditions = ['r.rated_at >= ?', 'r.rated_at < ?'];
    const params: unknown[] = [from, to];
    const scope = await ctx.scopeFilter(permission);
    if (filter.unitId) {
      requireId(filter.unitId, 'unitId');
      if (!(await ctx.can(permission, filter.unitId)))
        throw new ForbiddenError({
          vi: 'Đơn vị nằm ngoài phạm vi quản lý hành chính của bạn',
          en: 'The unit is outside your administrative scope',
        });
      conditions.push('r.unit_id = any(?::uuid[])');
      params.push(pgArray(await unitsWithHistory(ctx, [filter.unitId])));
    }
    if (scope !== 'all') {
      // Kept by unit or by agency: a role over an agency sees its own agency's ratings only.
      const inScope = scopeFilterSql(scope, 'r.unit_id', 'r.agency_id');
      conditions.push(inScope.sql);
      params.push(...inScope.params);
    }
    for (const [key, column] of [
      ['agencyId', 'agency_id'],
      ['deskId', 'desk_id'],
      ['officialId', 'official_id'],
    ] as const) {
      const value = filter[key];
      if (!value) continue;
      conditions.push(`r.${column} = ?`);
      params.push(requireId(value, key));
    }
    const groupBy = filter.groupBy ?? 'NONE';
    const keyExpr = {
      NONE: 'null::text',
      AGENCY: 'r.agency_id::text',
      DESK: 'r.desk_id::text',
      OFFICIAL: 'r.official_id::text',
      MONTH: `to_char(procedures_local_date(r.rated_at), 'YYYY-MM')`,
    }[groupBy];
    if (!keyExpr)
      throw new BadInputError({ vi: 'groupBy không hợp lệ', en: 'Unknown groupBy' }, { field: 'groupBy' });
    const criteria = SURVEY_CRITERIA.map(
      (c, i) =>
        `count(*) filter (where r.survey->>'${c}' is not null) as c${i}_n, avg((r.survey->>'${c}')::numeric) as c${i}_avg`,
    ).join(', ');
    const rows = await ctx.em.execute<Array<Record<string, string | number | null>>>(
      `select ${keyExpr} as key, count(*)::int as n, avg(r.rating)::float8 as average,
              ${[1, 2, 3, 4, 5].map((v) => `count(*) filter (where r.rating = ${v})::int as r${v}`).join(', ')},
              ${criteria}
         from procedures_rating r where ${conditions.join(' and ')}
        ${groupBy === 'NONE' ? '' : 'group by 1 order by 1 nulls first'}`,
      params,
    );
    const labels = await this.labels(
      ctx,
      groupBy,
      rows.map((r) => r.key as string | null),
    );
    return rows.map((r) => {
      const count = Number(r.n);
      const distribution = [1, 2, 3, 4, 5].map((v) => Number(r[`r${v}`]));
      return {
        key: r.key as string | null,
        label: labels.get(r.key as string | null) ?? (groupBy === 'NONE' ? 'Tất cả' : 'Không xác định'),
        count,
        average: r.average === null ? null : Math.round(Number(r.average) * 100) / 100,
        distribution,
        satisfiedRate: count
          ? Math.round(((distribution[3] + distribution[4]) / count) * 10000) / 10000
          : null,
        criteria: SURVEY_CRITERIA.map((criterion, i) => ({
          criterion,
          count: Number(r[`c${i}_n`]),
          average: r[`c${i}_avg`] === null ? null : Math.round(Number(r[`c${i}_avg`]) * 100) / 100,
        })),
      };
    });
  }

  private async labels(
    ctx: RequestContext,
    groupBy: SatisfactionGroupBy,
    keys: Array<string | null>,
  ): Promise<Map<string | null, string>> {
    const ids = keys.filter((k): k is string => Boolean(k));
    const map = new Map<string | null, string>();
    if (!ids.length) return map;
    if (groupBy === 'AGENCY')
      for (const [id, agency] of await directory.agencies(ctx, ids)) map.set(id, agency.name);
    if (groupBy === 'OFFICIAL')
      for (const [id, official] of await directory.officials(ctx, ids)) map.set(id, official.fullName);
    if (groupBy === 'DESK')
      for (const [id, place] of await directory.placesOfDesks(ctx, ids))
        map.set(id, `${place.desk.name} - ${place.agency.name}`);
    if (groupBy === 'MONTH') for (const k of ids) map.set(k, k);
    return map;
  }

  private async byToken(ctx: RequestContext, token: string): Promise<Dossier> {
    if (!TOKEN.test(token ?? '')) throw new NotFoundError(ProceduresRecords.ratingLink);
    const { secretKeys } = optionsOf<ProceduresOptions>(ctx.app, 'procedures');
    const dossier = await ctx.em.findOne(Dossier, {
      ratingTokenHash: { $in: tokenHashCandidates(token, secretKeys) },
    });
    if (!dossier) throw new NotFoundError(ProceduresRecords.ratingLink);
    return dossier;
  }
}

export const satisfaction = new SatisfactionService();
