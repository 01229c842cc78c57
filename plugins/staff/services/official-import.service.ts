import { parse } from 'csv-parse/sync';
import { StaffErrorCodes } from '../errors';
import {
  BadInputError,
  DomainError,
  pgArray,
  type RequestContext,
  type ScopeOwner,
  escapeLike,
} from '../../../src';
import { Position } from '../entities/official.entity';
import { StaffPermissions } from '../permissions';
import { DelegationPolicy } from './delegation';
import { defaultUsername, type OfficialInput, type RoleGrantInput } from './officials.service';
import { officials } from './index';

/** Columns of the officials CSV (header row, any order; names are case-insensitive). */
export const IMPORT_COLUMNS = [
  'full_name',
  'username',
  'position',
  'title',
  'email',
  'personal_email',
  'phone',
  'agency_electronic_id',
  'department',
  'desk_code',
  'roles',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: Column[] = ['full_name', 'position', 'agency_electronic_id'];
export const MAX_IMPORT_ROWS = 5000;

export type ImportRowStatus = 'CREATED' | 'WOULD_CREATE' | 'UNCHANGED' | 'INVALID';

export interface ImportError {
  /** Line of the file the row starts on (the header is line 1); null for the file as a whole. */
  row: number | null;
  column: string | null;
  message: string;
}

export interface ImportRowResult {
  row: number;
  status: ImportRowStatus;
  fullName: string;
  /** The username given, or the one derived (and, on a dry run, the one that would be). */
  username: string | null;
  officialId: string | null;
  errors: ImportError[];
}

export interface ImportResult {
  dryRun: boolean;
  total: number;
  created: number;
  unchanged: number;
  invalid: number;
  rows: ImportRowResult[];
}

export interface ImportProgress {
  phase: 'validate' | 'create';
  done: number;
  total: number;
}

interface RawRow {
  line: number;
  values: Partial<Record<Column, string>>;
  cells: number;
}

interface PlannedRow {
  result: ImportRowResult;
  input: OfficialInput | null;
}

interface AgencyRow {
  id: string;
  electronic_id: string;
  name: string;
  unit_id: string;
  active: boolean;
}
interface DeptRow {
  id: string;
  agency_id: string;
  name: string;
  code: string | null;
}
interface DeskRow {
  id: string;
  agency_id: string;
  code: string;
}
interface UnitRow {
  id: string;
  code: string;
}
interface ExistingOfficial {
  id: string;
  username: string;
  full_name: string;
  position: string;
  title: string | null;
  email: string | null;
  personal_email: string | null;
  phone: string | null;
  status: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+() .-]{3,30}$/;
const norm = (value: string | undefined) => (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
const lower = (value: string | null | undefined) => (value ?? '').trim().toLowerCase();

/**
 * Bulk import of officials from CSV. Every row is checked first (with per-row, per-column errors);
 * a dry run stops there and writes nothing. Otherwise the valid rows are created in ONE transaction
 * through `officials.create` (scope checks, events, audit and Keycloak jobs as for a single
 * official): an interruption leaves nothing half-done. Rows whose official already exists with the
 * same data are UNCHANGED, so re-running a file is harmless.
 */
export class OfficialImportService {
  async import(
    ctx: RequestContext,
    csv: string,
    options: { dryRun?: boolean; onProgress?: (p: ImportProgress) => void } = {},
  ): Promise<ImportResult> {
    ctx.require(StaffPermissions.officialsManage);
    const dryRun = options.dryRun ?? false;
    const { rows, headerLength } = this.parse(csv);
    const planned = await this.validate(ctx, rows, headerLength, options.onProgress);
    const toCreate = planned.filter((p) => p.input);
    if (!dryRun && toCreate.length) {
      await ctx.transactional(async () => {
        let done = 0;
        for (const plan of toCreate) {
          try {
            const official = await officials.create(ctx, plan.input!);
            plan.result.status = 'CREATED';
            plan.result.officialId = official.id;
            plan.result.username = official.username;
          } catch (error) {
            // Anything refused now (a concurrent change since the checks) undoes the whole import.
            const message = error instanceof Error ? error.message : String(error);
            throw new DomainError(
              StaffErrorCodes.OFFICIAL_IMPORT_FAILED,
              `Row ${plan.result.row} (${plan.result.fullName}): ${message}. Nothing was imported.`,
              {
                row: plan.result.row,
              },
            );
          }
          done++;
          options.onProgress?.({ phase: 'create', done, total: toCreate.length });
          if (done % 100 === 0) {
            await ctx.em.flush();
            ctx.em.clear();
          }
        }
      });
    }
    const results = planned.map((p) => p.result);
    return {
      dryRun,
      total: results.length,
      created: results.filter((r) => r.status === 'CREATED').length,
      unchanged: results.filter((r) => r.status === 'UNCHANGED').length,
      invalid: results.filter((r) => r.status === 'INVALID').length,
      rows: results,
    };
  }

  /** Reads the CSV: a header row naming the columns, then one official per row. */
  parse(csv: string): { rows: RawRow[]; headerLength: number } {
    let records: Array<{
      record: string[];
      info: { lines: number; empty_lines: number; comment_lines: number };
    }>;
    try {
      records = parse(csv, {
        bom: true,
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
      });
    } catch (error) {
      const e = error as Error & { lines?: number };
      throw new BadInputError(`The CSV cannot be read${e.lines ? ` (line ${e.lines})` : ''}: ${e.message}`, {
        row: e.lines ?? null,
      });
    }
    if (!records.length)
      throw new BadInputError('The CSV is empty: expected a header row and one official per row');
    const header = records[0].record.map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_'),
    );
    const unknown = header.filter((h) => h && !(IMPORT_COLUMNS as readonly string[]).includes(h));
    const missing = REQUIRED.filter((c) => !header.includes(c));
    const duplicated = header.filter((h, i) => h && header.indexOf(h) !== i);
    const problems = [
      ...(unknown.length ? [`unknown column(s) ${unknown.join(', ')}`] : []),
      ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
      ...(duplicated.length ? [`column(s) given twice: ${duplicated.join(', ')}`] : []),
    ];
    if (problems.length)
      throw new BadInputError(
        `The CSV header is not right: ${problems.join('; ')} (columns: ${IMPORT_COLUMNS.join(', ')})`,
        { row: 1 },
      );
    if (records.length - 1 > MAX_IMPORT_ROWS)
      throw new BadInputError(`At most ${MAX_IMPORT_ROWS} officials per file; split it`);

    const rows: RawRow[] = [];
    for (let i = 1; i < records.length; i++) {
      const { record, info } = records[i];
      const prev = records[i - 1].info;
      const line =
        prev.lines + 1 + (info.empty_lines - prev.empty_lines) + (info.comment_lines - prev.comment_lines);
      const values: Partial<Record<Column, string>> = {};
      header.forEach((column, index) => {
        if (column) values[column as Column] = record[index] ?? '';
      });
      rows.push({ line, values, cells: record.length });
    }
    return { rows, headerLength: header.length };
  }

  private async validate(
    ctx: RequestContext,
    rows: RawRow[],
    headerLength: number,
    onProgress?: (p: ImportProgress) => void,
  ): Promise<PlannedRow[]> {
    const ref = await this.loadReferences(ctx, rows);
    const usedUsernames = new Set<string>();
    const seen = new Map<string, number>();
    const plans: PlannedRow[] = [];
    let done = 0;
    for (const row of rows) {
      plans.push(await this.validateRow(ctx, row, headerLength, ref, usedUsernames, seen));
      done++;
      if (done % 50 === 0 || done === rows.length)
        onProgress?.({ phase: 'validate', done, total: rows.length });
    }
    return plans;
  }

  /** Everything the rows refer to, in a handful of queries. */
  private async loadReferences(ctx: RequestContext, rows: RawRow[]) {
    // ctx.em.execute: in the caller's transaction (the import mutation's), never a second pooled connection.
    const db = ctx.em;
    const electronicIds = new Set<string>();
    const unitCodes = new Set<string>();
    const usernames = new Set<string>();
    const bases = new Set<string>();
    for (const row of rows) {
      if (row.values.agency_electronic_id) electronicIds.add(row.values.agency_electronic_id.trim());
      for (const grant of splitRoles(row.values.roles)) {
        const m = /@\s*(unit|agency)\s*:\s*(.+)$/i.exec(grant);
        if (m?.[1].toLowerCase() === 'unit') unitCodes.add(m[2].trim());
        if (m?.[1].toLowerCase() === 'agency') electronicIds.add(m[2].trim());
      }
      if (row.values.username) usernames.add(lower(row.values.username));
      else if (row.values.full_name) bases.add(defaultUsername(norm(row.values.full_name)));
    }
    const agencies = await db.execute<AgencyRow[]>(
      `select id, electronic_id, name, unit_id, active from staff_agency where electronic_id = any(?::text[])`,
      [pgArray([...electronicIds])],
    );
    const agencyIds = agencies.map((a) => a.id);
    const departments = await db.execute<DeptRow[]>(
      `select id, agency_id, name, code from staff_department where agency_id = any(?::uuid[]) and active`,
      [pgArray(agencyIds)],
    );
    const desks = await db.execute<DeskRow[]>(
      `select d.id, c.agency_id, d.code from staff_desk d join staff_one_stop_centre c on c.id = d.centre_id
        where c.agency_id = any(?::uuid[]) and d.active and c.active`,
      [pgArray(agencyIds)],
    );
    const units = await db.execute<UnitRow[]>(
      `select id, code from staff_unit where code = any(?::text[])
          and (valid_from is null or valid_from <= current_date) and (valid_to is null or valid_to > current_date)`,
      [pgArray([...unitCodes])],
    );
    const taken = await db.execute<Array<{ username: string }>>(
      `select username from staff_official where username = any(?::text[]) or username like any(?::text[])`,
      [
        pgArray([...usernames, ...bases]),
        pgArray([...bases].filter(Boolean).map((b) => `${escapeLike(b)}%`)),
      ],
    );
    const candidates = await db.execute<ExistingOfficial[]>(
      `select distinct o.id, o.username, o.full_name, o.position, o.title, o.email, o.personal_email, o.phone, o.status
         from staff_official o
        where o.username = any(?::text[])
           or o.id in (select p.official_id from staff_current_posting_v p where p.agency_id = any(?::uuid[]))`,
      [pgArray([...usernames]), pgArray(agencyIds)],
    );
    const candidateIds = candidates.map((c) => c.id);
    const postings = await db.execute<
      Array<{ official_id: string; agency_id: string; department_id: string | null; desk_id: string | null }>
    >(
      `select official_id, agency_id, department_id, desk_id from staff_current_posting_v
        where official_id = any(?::uuid[])`,
      [pgArray(candidateIds)],
    );
    const grants = await db.execute<
      Array<{ official_id: string; role: string; unit_id: string | null; agency_id: string | null }>
    >(
      `select official_id, role, unit_id, agency_id from staff_role_assignment where official_id = any(?::uuid[])`,
      [pgArray(candidateIds)],
    );
    return {
      agencyByEid: new Map(agencies.map((a) => [a.electronic_id, a])),
      departments,
      desks,
      unitsByCode: groupBy(units, (u) => u.code),
      takenUsernames: new Set(taken.map((t) => t.username)),
      existingByUsername: new Map(candidates.map((c) => [c.username, c])),
      candidates,
      postingsOf: groupBy(postings, (p) => p.official_id),
      grantsOf: groupBy(grants, (g) => g.official_id),
    };
  }

  private async validateRow(
    ctx: RequestContext,
    row: RawRow,
    headerLength: number,
    ref: Awaited<ReturnType<OfficialImportService['loadReferences']>>,
    usedUsernames: Set<string>,
    seen: Map<string, number>,
  ): Promise<PlannedRow> {
    const v = row.values;
    const errors: ImportError[] = [];
    const fail = (column: Column | null, message: string) => errors.push({ row: row.line, column, message });
    const fullName = norm(v.full_name);
    const result: ImportRowResult = {
      row: row.line,
      status: 'INVALID',
      fullName,
      username: null,
      officialId: null,
      errors,
    };
    if (row.cells !== headerLength)
      fail(null, `Expected ${headerLength} cells as in the header, found ${row.cells}`);

    if (!fullName) fail('full_name', 'The full name is required');
    else if (fullName.length > 200) fail('full_name', 'The full name is longer than 200 characters');

    const position = parsePosition(v.position);
    if (!v.position?.trim())
      fail('position', `The position is required (one of ${Object.values(Position).join(', ')})`);
    else if (!position)
      fail('position', `Unknown position "${v.position}" (one of ${Object.values(Position).join(', ')})`);

    for (const column of ['email', 'personal_email'] as const) {
      if (v[column] && !EMAIL.test(v[column]!)) fail(column, `"${v[column]}" is not an email address`);
    }
    if (v.phone && !PHONE.test(v.phone)) fail('phone', `"${v.phone}" is not a phone number`);

    const eid = v.agency_electronic_id?.trim() ?? '';
    const agency = eid ? ref.agencyByEid.get(eid) : undefined;
    if (!eid) fail('agency_electronic_id', "The agency's electronic id is required");
    else if (!agency) fail('agency_electronic_id', `No agency with electronic id ${eid}`);
    else if (!agency.active) fail('agency_electronic_id', `Agency ${agency.name} (${eid}) is inactive`);
    else if (
      !(await ctx.can(StaffPermissions.officialsManage, { unitId: agency.unit_id, agencyId: agency.id }))
    )
      fail('agency_electronic_id', `Agency ${agency.name} (${eid}) is outside your scope`);

    let departmentId: string | null = null;
    if (v.department && agency) {
      const wanted = lower(norm(v.department));
      const found = ref.departments.filter(
        (d) => d.agency_id === agency.id && (lower(d.code) === wanted || lower(norm(d.name)) === wanted),
      );
      if (found.length === 1) departmentId = found[0].id;
      else
        fail(
          'department',
          found.length
            ? `"${v.department}" names several departments of ${agency.name}; use its code`
            : `No department "${v.department}" in ${agency.name}`,
        );
    }
    let deskId: string | null = null;
    if (v.desk_code && agency) {
      const found = ref.desks.filter((d) => d.agency_id === agency.id && d.code === v.desk_code!.trim());
      if (found.length === 1) deskId = found[0].id;
      else
        fail(
          'desk_code',
          found.length
            ? `Desk ${v.desk_code} exists in several one-stop centres of ${agency.name}`
            : `No desk ${v.desk_code} in ${agency.name}`,
        );
    }

    const roles: RoleGrantInput[] = [];
    for (const text of splitRoles(v.roles)) {
      const grant = await this.parseGrant(ctx, text, agency ?? null, ref);
      if (typeof grant === 'string') fail('roles', grant);
      else if (
        !roles.some(
          (r) => r.role === grant.role && r.unitId === grant.unitId && r.agencyId === grant.agencyId,
        )
      )
        roles.push(grant);
    }

    // Which official the row is: the username's, or (without one) the same name and emails at the agency.
    const givenUsername = v.username ? lower(v.username) : null;
    if (givenUsername && !USERNAME.test(givenUsername))
      fail('username', `"${v.username}" is not a valid username (a-z, 0-9, . _ -)`);
    if (givenUsername && usedUsernames.has(givenUsername))
      fail('username', `Username ${givenUsername} appears on an earlier row`);
    // The same person twice in one file (no username: name, emails and agency identify them).
    const identity = givenUsername ?? `${fullName}|${lower(v.email)}|${lower(v.personal_email)}|${eid}`;
    const earlier = seen.get(identity);
    if (!givenUsername && earlier !== undefined)
      fail(
        null,
        `Same official as on line ${earlier} (name, emails and agency); give distinct usernames if they are two people`,
      );
    if (!seen.has(identity)) seen.set(identity, row.line);
    let existing: ExistingOfficial | undefined;
    if (givenUsername) existing = ref.existingByUsername.get(givenUsername);
    else if (agency && fullName) {
      existing = ref.candidates.find(
        (c) =>
          norm(c.full_name) === fullName &&
          lower(c.email) === lower(v.email) &&
          lower(c.personal_email) === lower(v.personal_email) &&
          (ref.postingsOf.get(c.id) ?? []).some((p) => p.agency_id === agency.id),
      );
    }
    if (errors.length) {
      result.username = givenUsername;
      return { result, input: null };
    }

    if (existing) {
      const differences = this.differences(
        existing,
        { fullName, position: position!, v, agencyId: agency!.id, departmentId, deskId, roles },
        ref,
      );
      result.username = existing.username;
      result.officialId = existing.id;
      if (!differences.length) {
        usedUsernames.add(existing.username);
        result.status = 'UNCHANGED';
        return { result, input: null };
      }
      fail(
        givenUsername ? 'username' : null,
        givenUsername
          ? `Username ${existing.username} belongs to an official with other data (${differences.join(', ')}); the import only creates officials`
          : `An official with this name and email already works at ${agency!.name} with other data (${differences.join(', ')}); give a username to create another`,
      );
      return { result, input: null };
    }

    let username = givenUsername;
    if (!username) {
      const base = defaultUsername(fullName);
      if (!USERNAME.test(base)) {
        fail('username', `No username can be derived from "${fullName}"; give one`);
        return { result, input: null };
      }
      username = base;
      for (let n = 2; ref.takenUsernames.has(username) || usedUsernames.has(username); n++)
        username = `${base}${n}`;
    } else if (ref.takenUsernames.has(username)) {
      fail('username', `Username ${username} is taken`);
      return { result, input: null };
    }
    usedUsernames.add(username);
    result.username = username;
    result.status = 'WOULD_CREATE';
    return {
      result,
      input: {
        fullName,
        username,
        position: position!,
        title: norm(v.title) || null,
        email: v.email?.trim() || null,
        personalEmail: v.personal_email?.trim() || null,
        phone: v.phone?.trim() || null,
        postings: [{ agencyId: agency!.id, departmentId, deskId, primary: true }],
        roles,
      },
    };
  }

  /**
   * "leader@unit:22", "one-stop-officer@agency" (the row's agency), "specialist@agency:000.00.12.H22";
   * a bare role means the row's agency. Checked as officials.create will: known role, a role the
   * importer's roles delegate over that unit or agency (see DelegationPolicy).
   */
  private async parseGrant(
    ctx: RequestContext,
    text: string,
    rowAgency: AgencyRow | null,
    ref: Awaited<ReturnType<OfficialImportService['loadReferences']>>,
  ): Promise<RoleGrantInput | string> {
    const m = /^([a-z0-9._-]+)\s*(?:@\s*(agency|unit)\s*(?::\s*(.+))?)?$/i.exec(text.trim());
    if (!m)
      return `"${text}" is not a role grant (role@agency, role@agency:<electronic id> or role@unit:<code>)`;
    const role = m[1].toLowerCase();
    const kind = (m[2] ?? 'agency').toLowerCase();
    const target = m[3]?.trim();
    if (!ctx.app.roles.roles.includes(role))
      return `Unknown role "${role}" (known: ${ctx.app.roles.roles.join(', ')})`;
    let grant: RoleGrantInput;
    let over: ScopeOwner;
    if (kind === 'unit') {
      if (!target) return `"${text}": give the unit's code, e.g. ${role}@unit:22`;
      const units = ref.unitsByCode.get(target) ?? [];
      if (units.length !== 1)
        return units.length
          ? `Unit code ${target} is ambiguous today`
          : `No current administrative unit with code ${target}`;
      grant = { role, unitId: units[0].id };
      over = { unitId: units[0].id, wholeUnit: true };
    } else {
      const agency = target ? ref.agencyByEid.get(target) : rowAgency;
      if (!agency)
        return target ? `No agency with electronic id ${target}` : `"${text}": the row has no valid agency`;
      grant = { role, agencyId: agency.id };
      over = { unitId: agency.unit_id, agencyId: agency.id };
    }
    const refusal = await DelegationPolicy.of(ctx).refusal(role, over);
    if (refusal) return `${refusal} ("${text}")`;
    return grant;
  }

  /** What differs between an existing official and a row (empty: the row is already imported). */
  private differences(
    o: ExistingOfficial,
    row: {
      fullName: string;
      position: Position;
      v: Partial<Record<Column, string>>;
      agencyId: string;
      departmentId: string | null;
      deskId: string | null;
      roles: RoleGrantInput[];
    },
    ref: Awaited<ReturnType<OfficialImportService['loadReferences']>>,
  ): string[] {
    const diff: string[] = [];
    if (norm(o.full_name) !== row.fullName) diff.push('full_name');
    if (o.position !== row.position) diff.push('position');
    if ((o.title ?? '') !== norm(row.v.title)) diff.push('title');
    if (lower(o.email) !== lower(row.v.email)) diff.push('email');
    if (lower(o.personal_email) !== lower(row.v.personal_email)) diff.push('personal_email');
    if ((o.phone ?? '') !== (row.v.phone?.trim() ?? '')) diff.push('phone');
    if (o.status !== 'ACTIVE') diff.push(`status ${o.status}`);
    const postings = ref.postingsOf.get(o.id) ?? [];
    if (
      !postings.some(
        (p) =>
          p.agency_id === row.agencyId && p.department_id === row.departmentId && p.desk_id === row.deskId,
      )
    ) {
      diff.push('agency/department/desk');
    }
    const key = (g: { role: string; unitId?: string | null; agencyId?: string | null }) =>
      `${g.role}|${g.unitId ?? ''}|${g.agencyId ?? ''}`;
    const have = new Set(
      (ref.grantsOf.get(o.id) ?? []).map((g) =>
        key({ role: g.role, unitId: g.unit_id, agencyId: g.agency_id }),
      ),
    );
    const want = new Set(row.roles.map(key));
    if (have.size !== want.size || [...want].some((k) => !have.has(k))) diff.push('roles');
    return diff;
  }
}

function splitRoles(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[;|\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function parsePosition(text: string | undefined): Position | null {
  const key = (text ?? '')
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return (Object.values(Position) as string[]).includes(key) ? (key as Position) : null;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

export const officialImport = new OfficialImportService();
