import QRCode from 'qrcode';
import { optionalText, requiredText } from './input-text';
import {
  BadInputError,
  cachedAsync,
  ConflictError,
  findManaged,
  ForbiddenError,
  getOrThrow,
  localDateOf,
  LruCache,
  NotFoundError,
  paginateKeysetSql,
  type KeysetPageArgs,
  type OrderInput,
  type RequestContext,
  escapeLike,
} from '../../../src';
import { AgencyKind, DeadlineUnit, directory } from '../../staff';
import { DossierChannel, OnlineServiceLevel, ResolvingLevel, SupplementClock } from '../domain/enums';
import { normaliseProcedureCode } from '../domain/procedure-code';
import { Procedure } from '../entities/procedure.entity';
import {
  ProcedureCase,
  ProcedureFee,
  ProcedureVersion,
  RequiredComponent,
} from '../entities/procedure-version.entity';
import { ProcedureOrder } from '../list-orders';
import { ProceduresPermissions } from '../permissions';
import { ProceduresRecords } from '../errors';
import { UUID_PATTERN as UUID_RE } from '../../../src';

export interface ProcedureContentInput {
  name: string;
  field: string;
  level: ResolvingLevel;
  onlineLevel?: OnlineServiceLevel | null;
  cutoffHour?: number | null;
  cases: Array<{
    code: string;
    name: string;
    limits: Array<{ channel?: DossierChannel | null; amount: number; unit: DeadlineUnit }>;
  }>;
  fees?: Array<{ name: string; amount: number; note?: string | null; caseCodes?: string[] | null }> | null;
  components?: Array<{
    code: string;
    name: string;
    originals?: number | null;
    copies?: number | null;
    required?: boolean | null;
    caseCodes?: string[] | null;
  }> | null;
  resultDocument: string;
  decisionNumber?: string | null;
  /** 'YYYY-MM-DD' */
  decisionDate?: string | null;
  /** 'YYYY-MM-DD' */
  effectiveFrom: string;
  changeNote?: string | null;
  /** Agencies named as resolving it; empty: the People's Committee of its level. */
  resolvingAgencyIds?: string[] | null;
  /** Kinds of agency whose desk accepts it; empty: any kind the level allows. */
  acceptingAgencyKinds?: AgencyKind[] | null;
  /** What a supplement does to the clock (default PAUSE). */
  supplementClock?: SupplementClock | null;
}

export interface CreateProcedureInput extends ProcedureContentInput {
  code: string;
  unitId?: string | null;
}

export interface ProcedureFilter {
  search?: string | null;
  field?: string | null;
  level?: ResolvingLevel | null;
  onlineLevel?: OnlineServiceLevel | null;
  includeInactive?: boolean | null;
}

/** The validated content of a version. */
export type VersionContent = Pick<
  ProcedureVersion,
  | 'name'
  | 'field'
  | 'level'
  | 'onlineLevel'
  | 'cutoffHour'
  | 'cases'
  | 'fees'
  | 'components'
  | 'resultDocument'
  | 'decisionNumber'
  | 'decisionDate'
  | 'effectiveFrom'
  | 'changeNote'
  | 'resolvingAgencyIds'
  | 'acceptingAgencyKinds'
  | 'supplementClock'
>;

/** QR images by URL: a few thousand procedures fit (about 2 KB each). */
const QR_CACHE = new LruCache<Promise<string>>(4000);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** First day without districts (the two-tier local government). */
export const DISTRICTS_ABOLISHED = '2025-07-01';
const CODE = /^[A-Za-z0-9._-]{1,20}$/;

function date(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new BadInputError(
      { vi: `${field} phải là ngày (YYYY-MM-DD)`, en: `${field} must be a date (YYYY-MM-DD)` },
      { field },
    );
  return value;
}

/** Validates the content of a version: every rule a desk relies on later. */
export function validateContent(input: ProcedureContentInput): VersionContent {
  const cutoffHour = input.cutoffHour ?? null;
  if (
    cutoffHour !== null &&
    // A whole minute from 00:01 to 23:59: a denormal such as 5e-324 is "more than 0" but no minute.
    (!Number.isFinite(cutoffHour) ||
      Math.round(cutoffHour * 60) < 1 ||
      Math.round(cutoffHour * 60) > 24 * 60 - 1 ||
      Math.abs(cutoffHour * 60 - Math.round(cutoffHour * 60)) > 1e-9)
  ) {
    throw new BadInputError(
      {
        vi: 'cutoffHour phải là giờ trong ngày, từ 0 đến 24 (15 = 15:00, 15.5 = 15:30)',
        en: 'cutoffHour must be a time of day in hours between 0 and 24 (15 = 15:00, 15.5 = 15:30)',
      },
      { field: 'cutoffHour' },
    );
  }
  if (!input.cases?.length)
    throw new BadInputError(
      {
        vi: 'Thủ tục cần ít nhất một trường hợp kèm thời hạn giải quyết',
        en: 'A procedure needs at least one case variant (trường hợp) with its processing time',
      },
      { field: 'cases' },
    );
  const caseCodes = new Set<string>();
  const cases: ProcedureCase[] = input.cases.map((c, i) => {
    const code = requiredText(c.code, `cases[${i}].code`, 20);
    if (!CODE.test(code))
      throw new BadInputError(
        {
          vi: `cases[${i}].code chỉ được chứa chữ cái, chữ số và . _ -`,
          en: `cases[${i}].code may only contain letters, digits and . _ -`,
        },
        {
          field: 'cases',
        },
      );
    if (caseCodes.has(code))
      throw new BadInputError(
        { vi: `Mã trường hợp ${code} bị dùng hai lần`, en: `Case code ${code} is used twice` },
        { field: 'cases' },
      );
    caseCodes.add(code);
    if (!c.limits?.length)
      throw new BadInputError(
        { vi: `Trường hợp ${code} cần thời hạn giải quyết`, en: `Case ${code} needs a processing time` },
        { field: 'cases' },
      );
    const channels = new Set<string>();
    const limits = c.limits.map((l) => {
      const key = l.channel ?? 'ALL';
      if (channels.has(key))
        throw new BadInputError(
          {
            vi: `Trường hợp ${code} có hai thời hạn cho ${key}`,
            en: `Case ${code} has two limits for ${key}`,
          },
          { field: 'cases' },
        );
      channels.add(key);
      if (!Number.isFinite(l.amount) || l.amount < 0 || l.amount > 3660)
        throw new BadInputError(
          {
            vi: `Trường hợp ${code}: thời hạn giải quyết phải từ 0 đến 3660`,
            en: `Case ${code}: the processing time must be between 0 and 3660`,
          },
          {
            field: 'cases',
          },
        );
      if (!Object.values(DeadlineUnit).includes(l.unit))
        throw new BadInputError(
          {
            vi: `Trường hợp ${code}: không rõ đơn vị thời gian ${String(l.unit)}`,
            en: `Case ${code}: unknown unit ${String(l.unit)}`,
          },
          { field: 'cases' },
        );
      return { channel: l.channel ?? null, amount: l.amount, unit: l.unit };
    });
    const coversAll = channels.has('ALL') || Object.values(DossierChannel).every((ch) => channels.has(ch));
    if (!coversAll)
      throw new BadInputError(
        {
          vi: `Trường hợp ${code} cần thời hạn cho mọi kênh, hoặc một thời hạn không theo kênh`,
          en: `Case ${code} needs a limit for every channel, or one without channel`,
        },
        {
          field: 'cases',
        },
      );
    return { code, name: requiredText(c.name, `cases[${i}].name`, 500), limits };
  });
  const checkCases = (codes: string[] | null | undefined, where: string) => {
    for (const code of codes ?? [])
      if (!caseCodes.has(code))
        throw new BadInputError(
          { vi: `${where} nêu trường hợp không có: ${code}`, en: `${where} refers to unknown case ${code}` },
          { field: where },
        );
    return [...new Set(codes ?? [])];
  };
  const fees: ProcedureFee[] = (input.fees ?? []).map((f, i) => {
    if (!Number.isInteger(f.amount) || f.amount < 0)
      throw new BadInputError(
        {
          vi: `fees[${i}].amount phải là số đồng nguyên, từ 0 trở lên`,
          en: `fees[${i}].amount must be a whole number of đồng, 0 or more`,
        },
        {
          field: 'fees',
        },
      );
    return {
      name: requiredText(f.name, `fees[${i}].name`, 500),
      amount: f.amount,
      note: optionalText(f.note, `fees[${i}].note`),
      caseCodes: checkCases(f.caseCodes, `fees[${i}]`),
    };
  });
  const componentCodes = new Set<string>();
  const components: RequiredComponent[] = (input.components ?? []).map((c, i) => {
    const code = requiredText(c.code, `components[${i}].code`, 20);
    if (componentCodes.has(code))
      throw new BadInputError(
        { vi: `Mã thành phần hồ sơ ${code} bị dùng hai lần`, en: `Component code ${code} is used twice` },
        { field: 'components' },
      );
    componentCodes.add(code);
    const originals = c.originals ?? 0;
    const copies = c.copies ?? 0;
    if (
      !Number.isInteger(originals) ||
      !Number.isInteger(copies) ||
      originals < 0 ||
      copies < 0 ||
      originals + copies === 0 ||
      originals + copies > 50
    ) {
      throw new BadInputError(
        {
          vi: `components[${i}]: tổng số bản chính và bản sao từ 1 đến 50`,
          en: `components[${i}]: give 1 to 50 originals and copies in total`,
        },
        {
          field: 'components',
        },
      );
    }
    return {
      code,
      name: requiredText(c.name, `components[${i}].name`, 1000),
      originals,
      copies,
      required: c.required ?? true,
      caseCodes: checkCases(c.caseCodes, `components[${i}]`),
    };
  });
  if (input.level !== undefined && !Object.values(ResolvingLevel).includes(input.level))
    throw new BadInputError({ vi: 'Cấp thực hiện không hợp lệ', en: 'Unknown level' }, { field: 'level' });
  const resolvingAgencyIds = [...new Set(input.resolvingAgencyIds ?? [])];
  if (resolvingAgencyIds.length > 100 || resolvingAgencyIds.some((id) => !UUID_RE.test(id)))
    throw new BadInputError(
      {
        vi: 'resolvingAgencyIds có tối đa 100 mã cơ quan',
        en: 'resolvingAgencyIds must be at most 100 agency ids',
      },
      {
        field: 'resolvingAgencyIds',
      },
    );
  const effectiveFrom =
    date(input.effectiveFrom, 'effectiveFrom') ??
    (() => {
      throw new BadInputError(
        { vi: 'Cần effectiveFrom (ngày có hiệu lực)', en: 'effectiveFrom is required' },
        { field: 'effectiveFrom' },
      );
    })();
  // Local government has two tiers from 1 Jul 2025 (Luật Tổ chức chính quyền địa phương 2025, số
  // 72/2025/QH15): no DISTRICT procedure may take effect from then on; older versions keep it.
  if (input.level === ResolvingLevel.DISTRICT && effectiveFrom >= DISTRICTS_ABOLISHED)
    throw new BadInputError(
      {
        vi: `Cấp huyện đã kết thúc hoạt động từ ngày ${DISTRICTS_ABOLISHED}: thủ tục có hiệu lực từ ngày đó thuộc cấp tỉnh (PROVINCE) hoặc cấp xã (COMMUNE)`,
        en: `The district level was abolished on ${DISTRICTS_ABOLISHED}: a procedure taking effect from then is PROVINCE or COMMUNE`,
      },
      { field: 'level' },
    );
  return {
    name: requiredText(input.name, 'name', 1000),
    field: requiredText(input.field, 'field', 200),
    level: input.level,
    onlineLevel: input.onlineLevel ?? null,
    cutoffHour,
    cases,
    fees,
    components,
    resultDocument: requiredText(input.resultDocument, 'resultDocument', 1000),
    decisionNumber: optionalText(input.decisionNumber, 'decisionNumber', 200),
    decisionDate: date(input.decisionDate, 'decisionDate'),
    effectiveFrom,
    resolvingAgencyIds,
    acceptingAgencyKinds: [...new Set(input.acceptingAgencyKinds ?? [])],
    supplementClock: input.supplementClock ?? SupplementClock.PAUSE,
    changeNote: optionalText(input.changeNote, 'changeNote', 2000),
  };
}

/** The catalogue: procedures and their immutable versions. Reads are public. */
export class CatalogueService {
  /**
   * One procedure by the `id` a client sent: a malformed id is BAD_USER_INPUT on `id`; a procedure
   * missing, or withdrawn and the caller no catalogue manager, NOT_FOUND.
   */
  async get(ctx: RequestContext, id: string): Promise<Procedure> {
    const procedure = await getOrThrow(ctx.em, Procedure, id, ProceduresRecords.procedure, { field: 'id' });
    if (!procedure.active && !ctx.has(ProceduresPermissions.catalogueManage))
      throw new NotFoundError(ProceduresRecords.procedure, id);
    return procedure;
  }

  async byCode(ctx: RequestContext, code: string): Promise<Procedure | null> {
    const normalised = normaliseProcedureCode(code);
    if (!normalised) return null;
    const [procedure] = await findManaged(ctx.em, Procedure, 'p', 'where p.code = ?', [normalised]);
    if (!procedure || (!procedure.active && !ctx.has(ProceduresPermissions.catalogueManage))) return null;
    return procedure;
  }

  async list(
    ctx: RequestContext,
    filter: ProcedureFilter,
    page: KeysetPageArgs,
    orderBy?: OrderInput | null,
  ) {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (!filter.includeInactive || !ctx.has(ProceduresPermissions.catalogueManage)) conditions.push('active');
    if (filter.field) {
      conditions.push('core_search_key(field) = core_search_key(?)');
      params.push(filter.field);
    }
    if (filter.level) {
      conditions.push('level = ?');
      params.push(filter.level);
    }
    if (filter.onlineLevel) {
      conditions.push('online_level = ?');
      params.push(filter.onlineLevel);
    }
    const search = filter.search?.trim();
    if (search) {
      if (search.length > 200)
        throw new BadInputError(
          { vi: 'Từ khóa tìm kiếm quá dài', en: 'search is too long' },
          { field: 'search' },
        );
      // Diacritics-insensitive: "dang ky khai sinh" finds "Đăng ký khai sinh" (trigram index on the key).
      conditions.push(`(core_search_key(name) like '%' || core_search_key(?) || '%' or code like ? || '%')`);
      params.push(escapeLike(search), escapeLike(search.toUpperCase()));
    }
    return paginateKeysetSql(
      ctx.em,
      { from: 'procedures_procedure', where: conditions, params },
      page,
      ProcedureOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
      (ids) => ctx.em.find(Procedure, { id: { $in: ids } }),
    );
  }

  /** Distinct fields (lĩnh vực) of active procedures, for filters. */
  async fields(ctx: RequestContext): Promise<string[]> {
    const rows = await ctx.em.execute<Array<{ field: string }>>(
      `select distinct field from procedures_procedure where active order by field`,
    );
    return rows.map((r) => r.field);
  }

  async versions(ctx: RequestContext, procedureId: string): Promise<ProcedureVersion[]> {
    return ctx.em.find(ProcedureVersion, { procedure: procedureId }, { orderBy: { versionNo: 'desc' } });
  }

  /** The version in effect at an instant: the latest one whose effective date has come (local date). */
  async versionInEffect(
    ctx: RequestContext,
    procedureId: string,
    at: Date = new Date(),
  ): Promise<ProcedureVersion | null> {
    // Managed (a new dossier points to it), read by a prepared statement: intake's hot path.
    const [version] = await findManaged(
      ctx.em,
      ProcedureVersion,
      'v',
      'where v.procedure_id = ? and v.effective_from <= ?::date order by v.version_no desc limit 1',
      [procedureId, localDateOf(at)],
    );
    return version ?? null;
  }

  async latestVersion(ctx: RequestContext, procedure: Procedure): Promise<ProcedureVersion> {
    const version = await ctx.em.findOne(ProcedureVersion, {
      procedure: procedure.id,
      versionNo: procedure.latestVersionNo,
    });
    if (!version) throw new NotFoundError(ProceduresRecords.procedureVersion);
    return version;
  }

  async create(ctx: RequestContext, input: CreateProcedureInput): Promise<Procedure> {
    const code = normaliseProcedureCode(input.code ?? '');
    if (!code)
      throw new BadInputError(
        {
          vi: `"${input.code}" không phải là mã thủ tục dạng 1.001612 hoặc 1.000948.H38`,
          en: `"${input.code}" is not a procedure code like 1.001612 or 1.000948.H38`,
        },
        {
          field: 'code',
        },
      );
    const unitId = input.unitId ?? null;
    await this.authorize(ctx, unitId);
    const content = validateContent(input);
    await this.checkAgencies(ctx, content.resolvingAgencyIds);
    if (await ctx.em.findOne(Procedure, { code }))
      throw new ConflictError({
        vi: `Thủ tục ${code} đã có; hãy ban hành phiên bản mới của thủ tục đó`,
        en: `Procedure ${code} already exists; publish a new version of it instead`,
      });
    const procedure = ctx.em.create(Procedure, {
      code,
      name: content.name,
      field: content.field,
      level: content.level,
      onlineLevel: content.onlineLevel,
      unitId,
      latestVersionNo: 1,
      active: true,
    } as Procedure);
    const version = ctx.em.create(ProcedureVersion, {
      ...content,
      procedure,
      versionNo: 1,
      code,
      unitId,
      publishedBy: this.actor(ctx),
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'procedures.procedure.create',
      entityType: 'Procedure',
      entityId: procedure.id,
      unitId,
      after: { code, versionNo: 1, versionId: version.id, name: content.name },
    });
    return procedure;
  }

  /** Publishes a complete new version; earlier versions stay as they were (dossiers keep theirs). */
  async publishVersion(
    ctx: RequestContext,
    procedureId: string,
    expectedVersion: number,
    input: ProcedureContentInput,
  ): Promise<Procedure> {
    const procedure = await getOrThrow(ctx.em, Procedure, procedureId, ProceduresRecords.procedure, {
      field: 'procedureId',
    });
    await this.authorize(ctx, procedure.unitId);
    if (procedure.version !== expectedVersion)
      throw new ConflictError(
        {
          vi: 'Thủ tục vừa được người khác sửa; hãy tải lại và thử lại',
          en: 'The procedure was changed by someone else; reload and try again',
        },
        {
          currentVersion: procedure.version,
        },
      );
    const content = validateContent(input);
    await this.checkAgencies(ctx, content.resolvingAgencyIds);
    const latest = await this.latestVersion(ctx, procedure);
    if (content.effectiveFrom < latest.effectiveFrom) {
      throw new BadInputError(
        {
          vi: `effectiveFrom không được trước ngày hiệu lực của phiên bản trước (${latest.effectiveFrom})`,
          en: `effectiveFrom must not be before the previous version's (${latest.effectiveFrom})`,
        },
        { field: 'effectiveFrom' },
      );
    }
    const versionNo = procedure.latestVersionNo + 1;
    const version = ctx.em.create(ProcedureVersion, {
      ...content,
      procedure,
      versionNo,
      code: procedure.code,
      unitId: procedure.unitId,
      publishedBy: this.actor(ctx),
    });
    Object.assign(procedure, {
      name: content.name,
      field: content.field,
      level: content.level,
      onlineLevel: content.onlineLevel,
      latestVersionNo: versionNo,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'procedures.procedure.publish',
      entityType: 'Procedure',
      entityId: procedure.id,
      unitId: procedure.unitId,
      before: { versionNo: latest.versionNo, versionId: latest.id },
      after: {
        versionNo,
        versionId: version.id,
        effectiveFrom: content.effectiveFrom,
        changeNote: content.changeNote,
      },
    });
    return procedure;
  }

  /** Every named resolving agency exists. */
  private async checkAgencies(ctx: RequestContext, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const found = await directory.agencies(ctx, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length)
      throw new BadInputError(
        {
          vi: `Không có cơ quan ${missing[0]} trong resolvingAgencyIds`,
          en: `Unknown agency ${missing[0]} in resolvingAgencyIds`,
        },
        {
          field: 'resolvingAgencyIds',
        },
      );
  }

  async setActive(
    ctx: RequestContext,
    procedureId: string,
    expectedVersion: number,
    active: boolean,
  ): Promise<Procedure> {
    const procedure = await getOrThrow(ctx.em, Procedure, procedureId, ProceduresRecords.procedure, {
      field: 'procedureId',
    });
    await this.authorize(ctx, procedure.unitId);
    if (procedure.version !== expectedVersion)
      throw new ConflictError(
        {
          vi: 'Thủ tục vừa được người khác sửa; hãy tải lại và thử lại',
          en: 'The procedure was changed by someone else; reload and try again',
        },
        {
          currentVersion: procedure.version,
        },
      );
    const before = procedure.active;
    procedure.active = active;
    await ctx.em.flush();
    ctx.audit({
      action: 'procedures.procedure.set-active',
      entityType: 'Procedure',
      entityId: procedure.id,
      unitId: procedure.unitId,
      before: { active: before },
      after: { active },
    });
    return procedure;
  }

  publicUrl(ctx: RequestContext, procedure: { code: string }): string {
    return `${ctx.config.publicUrl}/thu-tuc/${encodeURIComponent(procedure.code)}`;
  }

  /** Drawn once per URL and process (a page of QR codes was drawn again on every request). */
  qrPng(ctx: RequestContext, procedure: { code: string }): Promise<string> {
    const url = this.publicUrl(ctx, procedure);
    return cachedAsync(QR_CACHE, `png ${url}`, () =>
      QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
    );
  }

  qrSvg(ctx: RequestContext, procedure: { code: string }): Promise<string> {
    const url = this.publicUrl(ctx, procedure);
    return cachedAsync(QR_CACHE, `svg ${url}`, () =>
      QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    );
  }

  /** National procedures (no owner unit) need a platform-wide scope; provincial ones the unit in scope. */
  private async authorize(ctx: RequestContext, unitId: string | null): Promise<void> {
    ctx.require(ProceduresPermissions.catalogueManage);
    if (unitId) {
      // A province's catalogue is the province's, not one of its agencies'.
      await ctx.requireIn(ProceduresPermissions.catalogueManage, { unitId, wholeUnit: true });
      return;
    }
    if (!(await ctx.can(ProceduresPermissions.catalogueManage, null))) {
      throw new ForbiddenError({
        vi: 'Chỉ quản trị viên toàn nền tảng mới được sửa thủ tục cấp trung ương; thủ tục của tỉnh thì hãy nêu đơn vị sở hữu',
        en: 'Only a platform-wide administrator may change national procedures; give the owning unit for a provincial one',
      });
    }
  }

  private actor(ctx: RequestContext): string | null {
    return ctx.user?.name ?? ctx.user?.username ?? (ctx.isSystem ? 'system' : null);
  }
}

export const catalogue = new CatalogueService();
