import ExcelJS from 'exceljs';
import {
  BadInputError,
  ConflictError,
  formatLocalDate,
  localDateOf,
  NotFoundError,
  paginateKeyset,
  startOfLocalDay,
  type KeysetPageArgs,
  type OrderInput,
  type RequestContext,
  requireId,
} from '../../../src';
import type { FilterQuery } from '@mikro-orm/core';
import { calendarService, directory } from '../../staff';
import {
  flattenCriteria,
  parseCriteriaJson,
  parseCriteriaXlsx,
  XLSX_COLUMNS,
  type CriterionNode,
} from '../domain/criteria-set';
import { pointsFor, round2, type ServiceMetric } from '../domain/service-index';
import { CriteriaSet, Criterion } from '../entities/criteria-set.entity';
import { CriterionMetric, RoundStatus, SpreadsheetFormat } from '../entities/enums';
import { AssessmentRound, AssessmentScore } from '../entities/round.entity';
import { RoundStageError, SelfAssessmentWindowError } from '../errors';
import { AssessmentRoundOrder } from '../list-orders';
import { ReformIndexPermissions as P } from '../permissions';
import { actorName, requireDate, requireOver } from './common';
import { checkEvidence, replaceEvidence } from './evidence';
import { serviceIndex, type ServiceIndexResult } from './service-index.service';

/** The service-index metric behind each rate a CCHC criterion may be bound to. */
const RATE_METRIC: Partial<Record<CriterionMetric, ServiceMetric>> = {
  [CriterionMetric.ON_TIME_RATE]: 'ON_TIME_RESOLUTION',
  [CriterionMetric.ONLINE_RATE]: 'ONLINE_DOSSIERS',
  [CriterionMetric.DOSSIER_DIGITISATION_RATE]: 'DOSSIER_DIGITISATION',
  [CriterionMetric.RESULT_DIGITISATION_RATE]: 'RESULT_DIGITISATION',
};

const NEXT: Record<RoundStatus, RoundStatus | null> = {
  [RoundStatus.SELF_ASSESSMENT]: RoundStatus.APPRAISAL,
  [RoundStatus.APPRAISAL]: RoundStatus.PUBLISHED,
  [RoundStatus.PUBLISHED]: null,
};

export interface CriterionScoreResult {
  criterion: Criterion;
  /** Points from the bound platform metric; null for criteria scored by hand. */
  computedScore: number | null;
  selfScore: number | null;
  appraisedScore: number | null;
  finalScore: number;
  score: AssessmentScore | null;
}

export interface UnitResult {
  unitId: string;
  unitCode: string;
  unitName: string;
  rank: number;
  selfTotal: number;
  finalTotal: number;
  maxTotal: number;
  criteria: CriterionScoreResult[];
}

/**
 * Internal options (never from GraphQL): the demo seed scores a past round as its officials did, at
 * the instant they did; `by` names the official for the score's "by" column (the audit keeps the
 * real actor).
 */
export interface ScoreOptions {
  at?: Date;
  by?: string;
}

function checkScore(value: number, criterion: Criterion, field: string) {
  if (!Number.isFinite(value) || value < 0 || value > criterion.maxPoints + 1e-9)
    throw new BadInputError(
      {
        vi: `${field} phải từ 0 đến ${criterion.maxPoints} (tiêu chí ${criterion.code})`,
        en: `${field} must be between 0 and ${criterion.maxPoints} (criterion ${criterion.code})`,
      },
      {
        field,
      },
    );
}

/**
 * The administrative-reform (CCHC) self-assessment: criteria sets as data, rounds with deadlines on the
 * working calendar, self-scores with evidence, appraisal with reasons, results, ranking and export.
 */
export class AssessmentService {
  // --- criteria sets ------------------------------------------------------------------------------

  async importSet(
    ctx: RequestContext,
    input: {
      code: string;
      name: string;
      year: number;
      unitKind: string;
      ownerUnitId: string;
      legalBasis?: string | null;
      format: SpreadsheetFormat;
      content: string;
    },
  ): Promise<CriteriaSet> {
    const ownerUnitId = requireId(input.ownerUnitId, 'ownerUnitId');
    if (!(await directory.unit(ctx, ownerUnitId)))
      throw new NotFoundError({ vi: 'đơn vị hành chính', en: 'Unit' }, ownerUnitId);
    await requireOver(ctx, P.manage, { unitId: ownerUnitId });
    const code = input.code?.trim();
    if (!code) throw new BadInputError({ vi: 'Cần mã (code)', en: 'code is required' }, { field: 'code' });
    if (!input.name?.trim())
      throw new BadInputError({ vi: 'Cần tên (name)', en: 'name is required' }, { field: 'name' });
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw new BadInputError(
        { vi: 'year phải là một năm, ví dụ 2026', en: 'year must be a year such as 2026' },
        { field: 'year' },
      );
    if (!/^[A-Z_]{2,40}$/.test(input.unitKind ?? ''))
      throw new BadInputError(
        {
          vi: 'unitKind là một từ viết hoa, ví dụ COMMUNE hoặc DEPARTMENT',
          en: 'unitKind is an upper-case word such as COMMUNE or DEPARTMENT',
        },
        {
          field: 'unitKind',
        },
      );
    if (await ctx.em.findOne(CriteriaSet, { code }))
      throw new ConflictError(
        { vi: `Bộ tiêu chí ${code} đã có`, en: `A criteria set ${code} exists already` },
        { field: 'code' },
      );
    const nodes: CriterionNode[] =
      input.format === SpreadsheetFormat.XLSX
        ? await parseCriteriaXlsx(input.content ?? '')
        : parseCriteriaJson(input.content ?? '');
    const { criteria, maxTotal } = flattenCriteria(nodes);
    const set = ctx.em.create(CriteriaSet, {
      code,
      name: input.name.trim(),
      year: input.year,
      unitKind: input.unitKind,
      ownerUnitId,
      legalBasis: input.legalBasis?.trim() || null,
      maxTotal,
    });
    await ctx.em.flush();
    const ids = new Map<string, string>();
    for (const c of criteria) {
      const row = ctx.em.create(Criterion, {
        setId: set.id,
        parentId: c.parentCode ? ids.get(c.parentCode)! : null,
        code: c.code,
        name: c.name,
        maxPoints: c.maxPoints,
        guidance: c.guidance ?? null,
        requiredEvidence: c.requiredEvidence ?? null,
        metric: c.metric ?? null,
        metricCode: c.metricCode ?? null,
        sort: c.sort,
        leaf: c.leaf,
      });
      ids.set(c.code, row.id);
    }
    await ctx.em.flush();
    ctx.audit({
      action: 'reform-index.criteria-set.import',
      entityType: 'reform_index_criteria_set',
      entityId: set.id,
      unitId: ownerUnitId,
      after: {
        code,
        name: set.name,
        year: set.year,
        format: input.format,
        criteria: criteria.length,
        maxTotal,
      },
    });
    return set;
  }

  /** Criteria sets are published guidance: anyone who may read the index reads them. */
  async getSet(ctx: RequestContext, id: string): Promise<CriteriaSet> {
    ctx.require(P.read);
    const set = await ctx.em.findOne(CriteriaSet, { id: requireId(id, 'id') });
    if (!set) throw new NotFoundError({ vi: 'bộ tiêu chí', en: 'Criteria set' }, id);
    return set;
  }

  criteriaOf(ctx: RequestContext, setId: string): Promise<Criterion[]> {
    return ctx
      .loader<string, Criterion[]>('reform-index.criteria', async (ids) => {
        const rows = await ctx.em.find(Criterion, { setId: { $in: [...ids] } }, { orderBy: { sort: 'asc' } });
        return ids.map((k) => rows.filter((r) => r.setId === k));
      })
      .load(setId);
  }

  // --- rounds -------------------------------------------------------------------------------------

  /** Opens a round: deadlines counted in working days on the platform's working calendar. */
  async createRound(
    ctx: RequestContext,
    input: {
      setId: string;
      name: string;
      opensOn: string;
      selfAssessmentDays: number;
      appraisalDays: number;
      unitIds: string[];
    },
  ): Promise<AssessmentRound> {
    const set = await ctx.em.findOne(CriteriaSet, { id: requireId(input.setId, 'setId') });
    if (!set) throw new NotFoundError({ vi: 'bộ tiêu chí', en: 'Criteria set' }, input.setId);
    await requireOver(ctx, P.manage, { unitId: set.ownerUnitId });
    const opensOn = requireDate(input.opensOn, 'opensOn');
    for (const field of ['selfAssessmentDays', 'appraisalDays'] as const)
      if (!Number.isInteger(input[field]) || input[field] < 1 || input[field] > 250)
        throw new BadInputError(
          {
            vi: `${field} là số ngày làm việc nguyên, từ 1 đến 250`,
            en: `${field} is a whole number of working days from 1 to 250`,
          },
          { field },
        );
    if (!input.name?.trim())
      throw new BadInputError({ vi: 'Cần tên (name)', en: 'name is required' }, { field: 'name' });
    const unitIds = [...new Set(input.unitIds ?? [])];
    if (!unitIds.length)
      throw new BadInputError(
        { vi: 'Đợt đánh giá cần ít nhất một đơn vị', en: 'A round assesses at least one unit' },
        { field: 'unitIds' },
      );
    for (const id of unitIds) {
      requireId(id, 'unitIds');
      if (id === set.ownerUnitId || !(await directory.contains(ctx, set.ownerUnitId, id)))
        throw new BadInputError(
          {
            vi: `Đơn vị ${id} không trực thuộc đơn vị sở hữu bộ tiêu chí`,
            en: `Unit ${id} is not under the unit that owns the criteria set`,
          },
          {
            field: 'unitIds',
          },
        );
    }
    if (await ctx.em.findOne(AssessmentRound, { setId: set.id, year: set.year }))
      throw new ConflictError({
        vi: `Đã có đợt đánh giá theo bộ tiêu chí ${set.code} cho năm ${set.year}`,
        en: `A round with criteria set ${set.code} exists already for ${set.year}`,
      });
    // Counted from the start of the opening day: N working days end with the Nth working day's hours.
    const selfDue = await calendarService.computeDue(ctx, {
      agencyId: null,
      start: startOfLocalDay(opensOn),
      amount: input.selfAssessmentDays,
      unit: 'WORKING_DAYS',
      cutoffHour: null,
    });
    const appraisalDue = await calendarService.computeDue(ctx, {
      agencyId: null,
      start: selfDue,
      amount: input.appraisalDays,
      unit: 'WORKING_DAYS',
      cutoffHour: null,
    });
    const round = ctx.em.create(AssessmentRound, {
      setId: set.id,
      year: set.year,
      name: input.name.trim(),
      ownerUnitId: set.ownerUnitId,
      unitIds,
      opensOn,
      selfAssessmentDays: input.selfAssessmentDays,
      appraisalDays: input.appraisalDays,
      selfAssessmentDueOn: localDateOf(new Date(selfDue.getTime() - 1)),
      appraisalDueOn: localDateOf(new Date(appraisalDue.getTime() - 1)),
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'reform-index.round.create',
      entityType: 'reform_index_round',
      entityId: round.id,
      unitId: set.ownerUnitId,
      after: {
        setId: set.id,
        name: round.name,
        opensOn,
        selfAssessmentDueOn: round.selfAssessmentDueOn,
        appraisalDueOn: round.appraisalDueOn,
        unitIds,
      },
    });
    return round;
  }

  /** A round is visible over its appraising unit or over any unit it assesses. */
  async getRound(ctx: RequestContext, id: string): Promise<AssessmentRound> {
    ctx.require(P.read);
    const round = await ctx.em.findOne(AssessmentRound, { id: requireId(id, 'id') });
    if (!round || !(await this.canSee(ctx, round)))
      throw new NotFoundError({ vi: 'đợt đánh giá', en: 'Assessment round' }, id);
    return round;
  }

  /** The rounds the caller may read: over their appraising unit or any unit they assess. */
  async listRounds(
    ctx: RequestContext,
    filter: { year?: number | null; status?: RoundStatus | null; unitId?: string | null },
    page: KeysetPageArgs,
    orderBy?: OrderInput | null,
  ) {
    ctx.require(P.read);
    const units = await ctx.unitsFor(P.read);
    const and: FilterQuery<AssessmentRound>[] = [];
    if (units !== 'all')
      and.push({ $or: [{ ownerUnitId: { $in: units } }, { unitIds: { $overlap: units } }] });
    if (filter.year != null) and.push({ year: filter.year });
    if (filter.status) and.push({ status: filter.status });
    if (filter.unitId) and.push({ unitIds: { $contains: [requireId(filter.unitId, 'unitId')] } });
    return paginateKeyset(
      ctx.em,
      AssessmentRound,
      and.length ? { $and: and } : {},
      page,
      AssessmentRoundOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  private async canSee(ctx: RequestContext, round: AssessmentRound): Promise<boolean> {
    if (await ctx.can(P.read, { unitId: round.ownerUnitId })) return true;
    for (const unitId of round.unitIds) if (await ctx.can(P.read, { unitId })) return true;
    return false;
  }

  /** Moves a round one stage on: self-assessment → appraisal → published. */
  async setStatus(
    ctx: RequestContext,
    input: { roundId: string; status: RoundStatus; version?: number | null },
  ): Promise<AssessmentRound> {
    const round = await this.getRound(ctx, input.roundId);
    await requireOver(ctx, P.manage, { unitId: round.ownerUnitId });
    if (input.version != null && input.version !== round.version)
      throw new ConflictError(
        {
          vi: 'Đợt đánh giá vừa được người khác thay đổi; hãy tải lại',
          en: 'The round was changed meanwhile; read it again',
        },
        { version: round.version },
      );
    if (NEXT[round.status as RoundStatus] !== input.status)
      throw new RoundStageError(
        {
          vi: `Đợt đánh giá ở trạng thái ${round.status} chỉ có thể chuyển sang ${NEXT[round.status as RoundStatus] ?? 'không trạng thái nào (đã công bố)'}`,
          en: `A round in ${round.status} can only move to ${NEXT[round.status as RoundStatus] ?? 'nothing (it is published)'}`,
        },
        round.status,
      );
    const before = round.status;
    round.status = input.status;
    await ctx.em.flush();
    ctx.audit({
      action: 'reform-index.round.status',
      entityType: 'reform_index_round',
      entityId: round.id,
      unitId: round.ownerUnitId,
      before: { status: before },
      after: { status: round.status },
    });
    return round;
  }

  // --- scores -------------------------------------------------------------------------------------

  private async leaf(ctx: RequestContext, round: AssessmentRound, code: string): Promise<Criterion> {
    const criterion = await ctx.em.findOne(Criterion, { setId: round.setId, code });
    if (!criterion)
      throw new BadInputError(
        {
          vi: `Bộ tiêu chí của đợt không có tiêu chí ${code}`,
          en: `No criterion ${code} in the round's set`,
        },
        { field: 'criterionCode' },
      );
    if (!criterion.leaf)
      throw new BadInputError(
        {
          vi: `Tiêu chí ${code} có tiêu chí thành phần: hãy chấm điểm các tiêu chí đó`,
          en: `Criterion ${code} has sub-criteria: score those`,
        },
        { field: 'criterionCode' },
      );
    return criterion;
  }

  private async scoreRow(ctx: RequestContext, round: AssessmentRound, unitId: string, criterion: Criterion) {
    return (
      (await ctx.em.findOne(AssessmentScore, { roundId: round.id, unitId, criterionId: criterion.id })) ??
      ctx.em.create(AssessmentScore, { roundId: round.id, unitId, criterionId: criterion.id })
    );
  }

  /**
   * Self-scores are taken from the opening day to the self-assessment deadline, both local dates
   * (the deadline counted on the working calendar when the round was opened), whatever the stage.
   */
  private checkWindow(round: AssessmentRound, today: string): void {
    const window = { opensOn: round.opensOn, selfAssessmentDueOn: round.selfAssessmentDueOn, today };
    const [opens, due] = [formatLocalDate(round.opensOn), formatLocalDate(round.selfAssessmentDueOn)];
    if (today < round.opensOn)
      throw new SelfAssessmentWindowError(
        {
          vi: `Đợt đánh giá chưa mở tự chấm điểm: thời gian tự chấm từ ngày ${opens} đến hết ngày ${due}`,
          en: `Self-assessment of this round has not opened: it runs from ${round.opensOn} to ${round.selfAssessmentDueOn}`,
        },
        { ...window, reason: 'NOT_OPEN' },
      );
    if (today > round.selfAssessmentDueOn)
      throw new SelfAssessmentWindowError(
        {
          vi: `Đã hết hạn tự chấm điểm của đợt đánh giá (hạn cuối: hết ngày ${due}, ${round.selfAssessmentDays} ngày làm việc từ ngày ${opens})`,
          en: `Self-assessment of this round closed at the end of ${round.selfAssessmentDueOn} (${round.selfAssessmentDays} working days from ${round.opensOn})`,
        },
        { ...window, reason: 'CLOSED' },
      );
  }

  /** A unit's self-score on one leaf criterion, with its evidence, during self-assessment. */
  async recordSelfScore(
    ctx: RequestContext,
    input: {
      roundId: string;
      unitId: string;
      criterionCode: string;
      score: number;
      note?: string | null;
      fileIds?: string[] | null;
      documentIds?: string[] | null;
    },
    options: ScoreOptions = {},
  ): Promise<AssessmentScore> {
    const unitId = requireId(input.unitId, 'unitId');
    await requireOver(ctx, P.selfAssess, { unitId });
    const round = await this.getRound(ctx, input.roundId);
    if (!round.unitIds.includes(unitId))
      throw new BadInputError(
        { vi: 'Đơn vị không thuộc đợt đánh giá này', en: 'The unit is not assessed in this round' },
        { field: 'unitId' },
      );
    if (round.status !== RoundStatus.SELF_ASSESSMENT)
      throw new RoundStageError(
        {
          vi: 'Đợt đánh giá này đã hết giai đoạn tự đánh giá',
          en: 'Self-assessment is closed for this round',
        },
        round.status,
      );
    const at = options.at ?? new Date();
    this.checkWindow(round, localDateOf(at));
    const criterion = await this.leaf(ctx, round, input.criterionCode);
    if (criterion.metric)
      throw new BadInputError(
        {
          vi: `Tiêu chí ${criterion.code} được tính từ dữ liệu của nền tảng (${criterion.metric}); không tự chấm điểm`,
          en: `Criterion ${criterion.code} is computed from the platform (${criterion.metric}); it takes no self-score`,
        },
        { field: 'criterionCode' },
      );
    checkScore(input.score, criterion, 'score');
    const fileIds = [...new Set(input.fileIds ?? [])];
    const documentIds = [...new Set(input.documentIds ?? [])];
    if (criterion.requiredEvidence && input.score > 0 && !fileIds.length && !documentIds.length)
      throw new BadInputError(
        {
          vi: `Tiêu chí ${criterion.code} cần tài liệu kiểm chứng (${criterion.requiredEvidence}): hãy gửi fileIds hoặc documentIds`,
          en: `Criterion ${criterion.code} needs evidence (${criterion.requiredEvidence}): give fileIds or documentIds`,
        },
        { field: 'fileIds' },
      );
    await checkEvidence(ctx, fileIds, documentIds);
    const score = await this.scoreRow(ctx, round, unitId, criterion);
    const before = score.selfScoredAt ? { selfScore: score.selfScore, selfNote: score.selfNote } : null;
    score.selfScore = input.score;
    score.selfNote = input.note?.trim() || null;
    score.selfScoredAt = at;
    score.selfScoredBy = options.by ?? (await actorName(ctx));
    await ctx.em.flush();
    await replaceEvidence(ctx, { scoreId: score.id }, fileIds, documentIds);
    ctx.audit({
      action: 'reform-index.score.self',
      entityType: 'reform_index_score',
      entityId: score.id,
      unitId,
      before,
      after: {
        roundId: round.id,
        criterionCode: criterion.code,
        selfScore: input.score,
        note: score.selfNote,
        fileIds,
        documentIds,
      },
    });
    await ctx.em.flush();
    return score;
  }

  /** The appraising council's score; a score that differs from the unit's (or the computed one) needs a reason. */
  async recordAppraisal(
    ctx: RequestContext,
    input: { roundId: string; unitId: string; criterionCode: string; score: number; reason?: string | null },
    options: ScoreOptions = {},
  ): Promise<AssessmentScore> {
    const unitId = requireId(input.unitId, 'unitId');
    const round = await this.getRound(ctx, input.roundId);
    await requireOver(ctx, P.appraise, { unitId: round.ownerUnitId });
    if (!round.unitIds.includes(unitId))
      throw new BadInputError(
        { vi: 'Đơn vị không thuộc đợt đánh giá này', en: 'The unit is not assessed in this round' },
        { field: 'unitId' },
      );
    if (round.status !== RoundStatus.APPRAISAL)
      throw new RoundStageError(
        { vi: 'Đợt đánh giá không ở giai đoạn thẩm định', en: 'The round is not in appraisal' },
        round.status,
      );
    const criterion = await this.leaf(ctx, round, input.criterionCode);
    checkScore(input.score, criterion, 'score');
    const score = await this.scoreRow(ctx, round, unitId, criterion);
    const base = criterion.metric
      ? await this.computedScore(ctx, round, unitId, criterion, new Map())
      : (score.selfScore ?? 0);
    const reason = input.reason?.trim() || null;
    if (Math.abs(input.score - (base ?? 0)) > 1e-9 && !reason)
      throw new BadInputError(
        {
          vi: `Đổi điểm tiêu chí ${criterion.code} từ ${base} thành ${input.score} cần nêu lý do`,
          en: `Changing the score of criterion ${criterion.code} from ${base} to ${input.score} needs a reason`,
        },
        { field: 'reason' },
      );
    const before = {
      appraisedScore: score.appraisedScore,
      appraisalReason: score.appraisalReason,
      selfScore: score.selfScore,
    };
    score.appraisedScore = input.score;
    score.appraisalReason = reason;
    score.appraisedAt = options.at ?? new Date();
    score.appraisedBy = options.by ?? (await actorName(ctx));
    await ctx.em.flush();
    ctx.audit({
      action: 'reform-index.score.appraise',
      entityType: 'reform_index_score',
      entityId: score.id,
      unitId,
      before,
      after: { roundId: round.id, criterionCode: criterion.code, appraisedScore: input.score, reason },
    });
    return score;
  }

  evidenceOf(ctx: RequestContext, scoreId: string) {
    return serviceIndex.evidenceOf(ctx, { scoreId });
  }

  // --- results ------------------------------------------------------------------------------------

  /** The unit's service index over the round's year, once per request and unit. */
  private async indexOf(
    ctx: RequestContext,
    round: AssessmentRound,
    unitId: string,
    cache: Map<string, Promise<ServiceIndexResult>>,
  ): Promise<ServiceIndexResult> {
    let found = cache.get(unitId);
    if (!found) {
      found = serviceIndex.index(
        ctx,
        { unitId, from: `${round.year}-01-01`, to: `${round.year}-12-31` },
        false,
      );
      cache.set(unitId, found);
    }
    return found;
  }

  /** Points of a criterion bound to a platform metric: the metric's share of its maximum. */
  async computedScore(
    ctx: RequestContext,
    round: AssessmentRound,
    unitId: string,
    criterion: Criterion,
    cache: Map<string, Promise<ServiceIndexResult>>,
  ): Promise<number | null> {
    if (!criterion.metric) return null;
    const index = await this.indexOf(ctx, round, unitId, cache);
    if (criterion.metric === CriterionMetric.SERVICE_INDEX)
      return pointsFor(criterion.maxPoints, index.maxPoints ? index.points / index.maxPoints : null, []);
    const match =
      criterion.metric === CriterionMetric.SERVICE_INDEX_CRITERION
        ? index.criteria.find((c) => c.criterion.code === criterion.metricCode)
        : index.criteria.find((c) => c.criterion.metric === RATE_METRIC[criterion.metric!]);
    if (!match) return 0;
    if (criterion.metric === CriterionMetric.SERVICE_INDEX_CRITERION)
      return pointsFor(
        criterion.maxPoints,
        match.criterion.maxPoints ? match.points / match.criterion.maxPoints : null,
        [],
      );
    return pointsFor(criterion.maxPoints, match.rate, []);
  }

  /** Every unit's result and rank (rank over all units of the round); only units the caller may read. */
  async results(ctx: RequestContext, roundId: string, unitId?: string | null): Promise<UnitResult[]> {
    const round = await this.getRound(ctx, roundId);
    const criteria = await this.criteriaOf(ctx, round.setId);
    const leaves = criteria.filter((c) => c.leaf);
    const scores = await ctx.em.find(AssessmentScore, { roundId: round.id });
    const cache = new Map<string, Promise<ServiceIndexResult>>();
    const all: UnitResult[] = [];
    for (const id of round.unitIds) {
      const unit = await directory.unit(ctx, id);
      const rows: CriterionScoreResult[] = [];
      for (const criterion of leaves) {
        const score = scores.find((s) => s.unitId === id && s.criterionId === criterion.id) ?? null;
        const computedScore = await this.computedScore(ctx, round, id, criterion, cache);
        const selfScore = criterion.metric ? computedScore : (score?.selfScore ?? null);
        const appraisedScore = score?.appraisedScore ?? null;
        rows.push({
          criterion,
          computedScore,
          selfScore,
          appraisedScore,
          finalScore: appraisedScore ?? selfScore ?? 0,
          score,
        });
      }
      all.push({
        unitId: id,
        unitCode: unit?.code ?? '',
        unitName: unit?.name ?? id,
        rank: 0,
        selfTotal: round2(rows.reduce((s, r) => s + (r.selfScore ?? 0), 0)),
        finalTotal: round2(rows.reduce((s, r) => s + r.finalScore, 0)),
        maxTotal: round2(leaves.reduce((s, c) => s + c.maxPoints, 0)),
        criteria: rows,
      });
    }
    all.sort((a, b) => b.finalTotal - a.finalTotal || a.unitName.localeCompare(b.unitName, 'vi'));
    // Standard competition ranking: equal totals share a rank (1, 2, 2, 4).
    all.forEach(
      (r, i) => (r.rank = i > 0 && all[i - 1].finalTotal === r.finalTotal ? all[i - 1].rank : i + 1),
    );
    const visible: UnitResult[] = [];
    for (const r of all) {
      if (unitId && r.unitId !== unitId) continue;
      if (await ctx.can(P.read, { unitId: r.unitId })) visible.push(r);
    }
    return visible;
  }

  /** The round's results as an XLSX workbook: the ranking, and every score with the appraisal reasons. */
  async exportRound(
    ctx: RequestContext,
    roundId: string,
  ): Promise<{ fileName: string; contentBase64: string }> {
    const round = await this.getRound(ctx, roundId);
    const results = await this.results(ctx, roundId);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'reform-index';
    const ranking = workbook.addWorksheet('Xếp hạng');
    ranking.addRow(['Hạng', 'Mã đơn vị', 'Đơn vị', 'Điểm tự chấm', 'Điểm thẩm định', 'Điểm tối đa']);
    for (const r of results)
      ranking.addRow([r.rank, r.unitCode, r.unitName, r.selfTotal, r.finalTotal, r.maxTotal]);
    const detail = workbook.addWorksheet('Chi tiết');
    detail.addRow([
      'Đơn vị',
      'Mã',
      'Tiêu chí',
      'Điểm tối đa',
      'Điểm tự chấm',
      'Điểm thẩm định',
      'Điểm cuối',
      'Lý do thay đổi',
    ]);
    for (const r of results)
      for (const c of r.criteria)
        detail.addRow([
          r.unitName,
          c.criterion.code,
          c.criterion.name,
          c.criterion.maxPoints,
          c.selfScore,
          c.appraisedScore,
          c.finalScore,
          c.score?.appraisalReason ?? null,
        ]);
    const criteria = workbook.addWorksheet('Tiêu chí');
    criteria.addRow([...XLSX_COLUMNS]);
    for (const c of await this.criteriaOf(ctx, round.setId))
      criteria.addRow([c.code, c.name, c.maxPoints, c.guidance, c.requiredEvidence, c.metric, c.metricCode]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    return { fileName: `ket-qua-chi-so-cchc-${round.year}.xlsx`, contentBase64: buffer.toString('base64') };
  }
}

export const assessment = new AssessmentService();
