import { randomUUID } from 'node:crypto';
import { BadInputError, ForbiddenError, pgArray, type RequestContext } from '../../../src';
import { SuccessionKind } from '../entities/unit-succession.entity';
import { CODE_LENGTH, UnitType, unitTypeFromName } from '../entities/unit-type';
import { StaffPermissions } from '../permissions';
import { invalidateScopes } from './scope-invalidation';

/**
 * Import of the 2025 reform from the GSO-style JSON of `vn-admin-units-2025`:
 *
 * - `splits.json` holds the OLD structure (63 provinces, their communes, and the few old districts a
 *   new unit was formed from directly); each old unit lists the new units it went to.
 * - `merges.json` holds the NEW structure (34 provinces, 3,321 communes); each new unit lists the old
 *   units it was formed from, `full` or `partial`. Succession kinds come from here; splits.json is
 *   only cross-checked against it.
 *
 * Old units are valid until the reform day (validFrom null: they predate the records), new units
 * from it. Old communes hang directly under their old province (the data has no district level).
 * A unit is identified by code + level + its side of the reform (validTo = reform day for old
 * units, validFrom = reform day for new ones), so a re-run finds every unit it wrote and changes
 * nothing. Everything is written in one transaction with set-based SQL (unnest), in chunks.
 */

export const REFORM_DATE = '2025-07-01';

export type ImportPeriod = 'OLD' | 'NEW';
export type ProblemSeverity = 'ERROR' | 'WARNING';

export interface UnitImportProblem {
  /** ERROR: the row (or link) was skipped, and `strict` refuses the import. WARNING: noted, imported. */
  severity: ProblemSeverity;
  /** merges.json, splits.json, or database (a clash with a unit already stored). */
  file: string;
  /** Where in the file, e.g. `data[21].level3s[5]`. */
  location: string;
  /** The GSO code of the row, when it has one. */
  code: string | null;
  message: string;
}

export interface UnitImportCount {
  level: number;
  period: ImportPeriod;
  created: number;
  updated: number;
  unchanged: number;
}

export interface UnitImportSummary {
  units: UnitImportCount[];
  successions: { created: number; updated: number; unchanged: number };
  problems: UnitImportProblem[];
  errorCount: number;
  warningCount: number;
  strict: boolean;
  province: string | null;
  durationMs: number;
}

export interface UnitImportProgress {
  phase: 'units' | 'successions' | 'done';
  done: number;
  total: number;
}

export interface UnitImportInput {
  /** Parsed merges.json (the new structure). */
  merges: unknown;
  /** Parsed splits.json (the old structure). */
  splits: unknown;
  /** Refuse the whole import when any row has an ERROR problem. */
  strict?: boolean;
  /** Only this NEW province (2-digit code), its communes and every old unit they came from. */
  province?: string | null;
  onProgress?: (progress: UnitImportProgress) => void;
}

interface PlannedUnit {
  key: string;
  period: ImportPeriod;
  code: string;
  name: string;
  type: UnitType;
  level: 1 | 2 | 3;
  parentKey: string | null;
  file: string;
  location: string;
  /** Province code of the row's file section: what the --province filter and problems refer to. */
  section: string;
}

interface PlannedSuccession {
  predecessorKey: string;
  successorKey: string;
  kind: SuccessionKind;
  location: string;
}

interface TaggedProblem extends UnitImportProblem {
  /** The province section of its file ('merges:22', 'splits:22'), for the --province filter. */
  section: string | null;
}

interface ExistingUnit {
  id: string;
  code: string;
  level: number;
  name: string;
  type: string;
  parent_id: string | null;
  path: string;
  valid_from: string | null;
  valid_to: string | null;
}

const CHUNK = 1000;
const MERGES = 'merges.json';
const SPLITS = 'splits.json';
const LEVEL_PREFIXES: Record<1 | 2 | 3, string[]> = {
  1: ['Tỉnh', 'Thành phố'],
  2: ['Huyện', 'Quận', 'Thị xã', 'Thành phố'],
  3: ['Xã', 'Phường', 'Thị trấn', 'Đặc khu'],
};

const unitKey = (period: ImportPeriod, level: number, code: string) => `${period}:${level}:${code}`;
const levelOfCode = (code: string): 1 | 2 | 3 | null =>
  code.length === 2 ? 1 : code.length === 3 ? 2 : code.length === 5 ? 3 : null;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

/** A PostgreSQL array literal that may hold NULLs (pgArray quotes everything). */
function sqlArray(values: ReadonlyArray<string | number | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

/** Type from the name prefix; a prefix in the wrong case ("Thị Trấn") is accepted and corrected. */
export function typeFromName(
  rawName: string,
  level: 1 | 2 | 3,
): { type: UnitType; name: string; corrected: boolean } | null {
  const name = rawName.normalize('NFC').trim().replace(/\s+/g, ' ');
  const type = unitTypeFromName(name, level);
  if (type) return { type, name, corrected: false };
  const lower = name.toLocaleLowerCase('vi');
  for (const prefix of LEVEL_PREFIXES[level]) {
    if (lower.startsWith(`${prefix.toLocaleLowerCase('vi')} `)) {
      const fixed = `${prefix}${name.slice(prefix.length)}`;
      const fixedType = unitTypeFromName(fixed, level);
      if (fixedType) return { type: fixedType, name: fixed, corrected: true };
    }
  }
  return null;
}

/** What the two files say, checked row by row: units and successions to write, and problems. */
export interface UnitImportPlan {
  units: PlannedUnit[];
  successions: PlannedSuccession[];
  problems: TaggedProblem[];
}

export function planUnitImport(merges: unknown, splits: unknown, province?: string | null): UnitImportPlan {
  if (!isRecord(merges) || !Array.isArray(merges.data))
    throw new BadInputError('merges.json must be an object with a "data" array of provinces');
  if (!isRecord(splits) || !Array.isArray(splits.data))
    throw new BadInputError('splits.json must be an object with a "data" array of provinces');
  if (province !== undefined && province !== null && !/^\d{2}$/.test(province))
    throw new BadInputError(`The province filter is a 2-digit code, got "${province}"`);

  const units = new Map<string, PlannedUnit>();
  const problems: TaggedProblem[] = [];
  const problem = (
    severity: ProblemSeverity,
    file: string,
    location: string,
    code: string | null,
    message: string,
    section: string | null,
  ) => problems.push({ severity, file, location, code, message, section });

  /** Reads one unit row; returns its key, or null (with a problem) when it is unusable. */
  const readUnit = (
    row: unknown,
    opts: {
      file: string;
      location: string;
      idField: string;
      level: 1 | 2 | 3;
      period: ImportPeriod;
      parentKey: string | null;
      section: string;
    },
  ): PlannedUnit | null => {
    const sectionTag = `${opts.file === MERGES ? 'merges' : 'splits'}:${opts.section}`;
    if (!isRecord(row)) {
      problem('ERROR', opts.file, opts.location, null, 'Malformed row: not an object', sectionTag);
      return null;
    }
    const code = str(row[opts.idField])?.trim() ?? null;
    const rawName = str(row.name);
    if (code === null || rawName === null || !rawName.trim()) {
      problem(
        'ERROR',
        opts.file,
        opts.location,
        code,
        `Malformed row: "${opts.idField}" and "name" are required`,
        sectionTag,
      );
      return null;
    }
    const expected = CODE_LENGTH[opts.level];
    if (!new RegExp(`^\\d{${expected}}$`).test(code)) {
      problem(
        'ERROR',
        opts.file,
        opts.location,
        code,
        `A level-${opts.level} code has ${expected} digits, got "${code}" (${rawName})`,
        sectionTag,
      );
      return null;
    }
    const typed = typeFromName(rawName, opts.level);
    if (!typed && opts.period === 'NEW' && typeFromName(rawName, 2)) {
      // Two tiers from the reform on: the new structure has provinces and communes only.
      problem(
        'ERROR',
        opts.file,
        opts.location,
        code,
        `"${rawName}" names a district: the district level was abolished on ${REFORM_DATE}, so the new structure has provinces and communes only`,
        sectionTag,
      );
      return null;
    }
    if (!typed) {
      problem(
        'ERROR',
        opts.file,
        opts.location,
        code,
        `Unknown unit type in the name "${rawName}" (expected a prefix: ${LEVEL_PREFIXES[opts.level].join(', ')})`,
        sectionTag,
      );
      return null;
    }
    if (typed.corrected)
      problem(
        'WARNING',
        opts.file,
        opts.location,
        code,
        `Name prefix corrected: "${rawName}" imported as "${typed.name}"`,
        sectionTag,
      );
    const key = unitKey(opts.period, opts.level, code);
    const existing = units.get(key);
    if (existing) {
      problem(
        'ERROR',
        opts.file,
        opts.location,
        code,
        `Duplicate ${opts.period === 'OLD' ? 'old' : 'new'} unit code ${code} (${typed.name}); first seen at ${existing.location} (${existing.name})`,
        sectionTag,
      );
      return null;
    }
    const unit: PlannedUnit = {
      key,
      period: opts.period,
      code,
      name: typed.name,
      type: typed.type,
      level: opts.level,
      parentKey: opts.parentKey,
      file: opts.file,
      location: opts.location,
      section: sectionTag,
    };
    units.set(key, unit);
    return unit;
  };

  const childRows = (
    row: unknown,
    field: string,
    file: string,
    location: string,
    section: string,
  ): unknown[] => {
    if (!isRecord(row) || row[field] === undefined) return [];
    if (!Array.isArray(row[field])) {
      problem(
        'ERROR',
        file,
        `${location}.${field}`,
        null,
        `"${field}" must be an array`,
        `${file === MERGES ? 'merges' : 'splits'}:${section}`,
      );
      return [];
    }
    return row[field] as unknown[];
  };

  // The old structure (splits.json): provinces, their communes (level3s) and the odd district (level2s).
  const oldSplits: Array<{ key: string; location: string; section: string; splits: unknown[] }> = [];
  splits.data.forEach((row, i) => {
    const location = `data[${i}]`;
    const section = (isRecord(row) && str(row.level1_id)) || `#${i}`;
    const provinceUnit = readUnit(row, {
      file: SPLITS,
      location,
      idField: 'level1_id',
      level: 1,
      period: 'OLD',
      parentKey: null,
      section,
    });
    const children: Array<[string, 2 | 3]> = [
      ['level2s', 2],
      ['level3s', 3],
    ];
    for (const [field, level] of children) {
      const rows = childRows(row, field, SPLITS, location, section);
      if (!provinceUnit) {
        if (rows.length)
          problem(
            'ERROR',
            SPLITS,
            location,
            null,
            `${rows.length} unit(s) in ${field} skipped with their province`,
            `splits:${section}`,
          );
        continue;
      }
      rows.forEach((child, j) => {
        const childLocation = `${location}.${field}[${j}]`;
        const unit = readUnit(child, {
          file: SPLITS,
          location: childLocation,
          idField: level === 2 ? 'level2_id' : 'level3_id',
          level,
          period: 'OLD',
          parentKey: provinceUnit.key,
          section,
        });
        if (unit)
          oldSplits.push({
            key: unit.key,
            location: childLocation,
            section,
            splits: childRows(child, 'splits', SPLITS, childLocation, section),
          });
      });
    }
    if (provinceUnit)
      oldSplits.push({
        key: provinceUnit.key,
        location,
        section,
        splits: childRows(row, 'splits', SPLITS, location, section),
      });
  });

  // The new structure (merges.json): provinces and their communes (level2s in the file, level 3 here).
  const newMerges: Array<{ unit: PlannedUnit; merges: unknown[]; location: string; section: string }> = [];
  merges.data.forEach((row, i) => {
    const location = `data[${i}]`;
    const section = (isRecord(row) && str(row.level1_id)) || `#${i}`;
    const provinceUnit = readUnit(row, {
      file: MERGES,
      location,
      idField: 'level1_id',
      level: 1,
      period: 'NEW',
      parentKey: null,
      section,
    });
    const rows = childRows(row, 'level2s', MERGES, location, section);
    if (!provinceUnit) {
      if (rows.length)
        problem(
          'ERROR',
          MERGES,
          location,
          null,
          `${rows.length} unit(s) in level2s skipped with their province`,
          `merges:${section}`,
        );
      return;
    }
    newMerges.push({
      unit: provinceUnit,
      merges: childRows(row, 'merges', MERGES, location, section),
      location,
      section,
    });
    rows.forEach((child, j) => {
      const childLocation = `${location}.level2s[${j}]`;
      const unit = readUnit(child, {
        file: MERGES,
        location: childLocation,
        idField: 'level2_id',
        level: 3,
        period: 'NEW',
        parentKey: provinceUnit.key,
        section,
      });
      if (unit)
        newMerges.push({
          unit,
          merges: childRows(child, 'merges', MERGES, childLocation, section),
          location: childLocation,
          section,
        });
    });
  });

  // Successions, from merges.json.
  const successions = new Map<string, PlannedSuccession>();
  for (const entry of newMerges) {
    const sectionTag = `merges:${entry.section}`;
    entry.merges.forEach((merge, k) => {
      const location = `${entry.location}.merges[${k}]`;
      const oldId = isRecord(merge) ? (str(merge.old_id)?.trim() ?? null) : null;
      const kindText = isRecord(merge) ? (str(merge.type)?.trim().toLowerCase() ?? null) : null;
      const oldName = isRecord(merge) ? str(merge.name) : null;
      if (!oldId) {
        problem(
          'ERROR',
          MERGES,
          location,
          null,
          `Malformed merge of ${entry.unit.name}: "old_id" is required`,
          sectionTag,
        );
        return;
      }
      const level = levelOfCode(oldId);
      if (!level || !/^\d+$/.test(oldId)) {
        problem(
          'ERROR',
          MERGES,
          location,
          oldId,
          `Malformed merge of ${entry.unit.name}: old_id "${oldId}" is not a 2-, 3- or 5-digit GSO code`,
          sectionTag,
        );
        return;
      }
      if (kindText !== 'full' && kindText !== 'partial') {
        problem(
          'ERROR',
          MERGES,
          location,
          oldId,
          `Malformed merge of ${entry.unit.name}: type must be "full" or "partial", got "${kindText ?? ''}"`,
          sectionTag,
        );
        return;
      }
      const predecessor = units.get(unitKey('OLD', level, oldId));
      if (!predecessor) {
        problem(
          'ERROR',
          MERGES,
          location,
          oldId,
          `${entry.unit.name} merges old unit ${oldId}${oldName ? ` (${oldName})` : ''}, which splits.json does not list`,
          sectionTag,
        );
        return;
      }
      if (entry.unit.level === 1 ? level !== 1 : level === 1) {
        problem(
          'ERROR',
          MERGES,
          location,
          oldId,
          `${entry.unit.name} cannot be formed from ${predecessor.name}: ${entry.unit.level === 1 ? 'a province merges provinces' : 'a commune merges districts or communes'}`,
          sectionTag,
        );
        return;
      }
      const pairKey = `${predecessor.key}>${entry.unit.key}`;
      if (successions.has(pairKey)) {
        problem(
          'ERROR',
          MERGES,
          location,
          oldId,
          `Duplicate merge: ${predecessor.name} is listed twice for ${entry.unit.name}`,
          sectionTag,
        );
        return;
      }
      if (
        oldName &&
        oldName.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi') !==
          predecessor.name.toLocaleLowerCase('vi')
      ) {
        problem(
          'WARNING',
          MERGES,
          location,
          oldId,
          `merges.json names old unit ${oldId} "${oldName}", splits.json "${predecessor.name}"`,
          sectionTag,
        );
      }
      successions.set(pairKey, {
        predecessorKey: predecessor.key,
        successorKey: entry.unit.key,
        kind: kindText === 'full' ? SuccessionKind.FULL : SuccessionKind.PARTIAL,
        location,
      });
    });
  }

  // Cross-check with splits.json: the same links both ways, and kinds that make sense.
  const splitPairs = new Set<string>();
  const splitsOf = new Map<string, string[]>();
  for (const old of oldSplits) {
    const oldUnit = units.get(old.key)!;
    const sectionTag = `splits:${old.section}`;
    old.splits.forEach((split, k) => {
      const newId = isRecord(split) ? (str(split.new_id)?.trim() ?? null) : null;
      const level = newId ? levelOfCode(newId) : null;
      if (!newId || !level || level === 2) {
        problem(
          'WARNING',
          SPLITS,
          `${old.location}.splits[${k}]`,
          newId,
          `Malformed split of ${oldUnit.name}: new_id "${newId ?? ''}" is not a 2- or 5-digit code`,
          sectionTag,
        );
        return;
      }
      const successorKey = unitKey('NEW', level, newId);
      if (!units.has(successorKey)) {
        problem(
          'WARNING',
          SPLITS,
          `${old.location}.splits[${k}]`,
          newId,
          `${oldUnit.name} splits into ${newId}, which merges.json does not list`,
          sectionTag,
        );
        return;
      }
      splitPairs.add(`${old.key}>${successorKey}`);
      const list = splitsOf.get(old.key);
      if (list) list.push(successorKey);
      else splitsOf.set(old.key, [successorKey]);
    });
  }
  const successorsOf = new Map<string, PlannedSuccession[]>();
  for (const [pairKey, succession] of successions) {
    const list = successorsOf.get(succession.predecessorKey);
    if (list) list.push(succession);
    else successorsOf.set(succession.predecessorKey, [succession]);
    if (!splitPairs.has(pairKey)) {
      const pred = units.get(succession.predecessorKey)!;
      const succ = units.get(succession.successorKey)!;
      problem(
        'WARNING',
        MERGES,
        succession.location,
        pred.code,
        `merges.json says ${pred.name} (${pred.code}) went into ${succ.name} (${succ.code}); splits.json does not list that split`,
        `merges:${sectionOf(succ)}`,
      );
    }
  }
  for (const old of oldSplits) {
    const oldUnit = units.get(old.key)!;
    const found = successorsOf.get(old.key) ?? [];
    for (const successorKey of new Set(splitsOf.get(old.key) ?? [])) {
      if (successions.has(`${old.key}>${successorKey}`)) continue;
      const succ = units.get(successorKey)!;
      problem(
        'WARNING',
        SPLITS,
        old.location,
        oldUnit.code,
        `splits.json says ${oldUnit.name} went into ${succ.name} (${succ.code}); merges.json does not list it among ${succ.name}'s merges`,
        `splits:${old.section}`,
      );
    }
    if (!found.length) {
      problem(
        'WARNING',
        SPLITS,
        old.location,
        oldUnit.code,
        `${oldUnit.name} (${oldUnit.code}) has no successor in merges.json`,
        `splits:${old.section}`,
      );
      continue;
    }
    const full = found.filter((s) => s.kind === SuccessionKind.FULL);
    if (full.length && found.length > 1) {
      problem(
        'WARNING',
        MERGES,
        full[0].location,
        oldUnit.code,
        `${oldUnit.name} (${oldUnit.code}) went "full" into one unit but also into ${found.length - 1} other(s)`,
        `splits:${old.section}`,
      );
    }
    if (!full.length && found.length === 1) {
      problem(
        'WARNING',
        MERGES,
        found[0].location,
        oldUnit.code,
        `${oldUnit.name} (${oldUnit.code}) went "partial" into a single unit and nowhere else`,
        `splits:${old.section}`,
      );
    }
  }

  const plan: UnitImportPlan = {
    units: [...units.values()],
    successions: [...successions.values()],
    problems,
  };
  return province ? selectProvince(plan, province) : plan;
}

function sectionOf(unit: PlannedUnit): string {
  return unit.section.split(':')[1];
}

/**
 * The part of the plan about one new province: the province and its communes, the old provinces it
 * merged (with all their units), every other old unit its communes were formed from (with that
 * unit's old province), and the successions between the units kept.
 */
function selectProvince(plan: UnitImportPlan, province: string): UnitImportPlan {
  const byKey = new Map(plan.units.map((u) => [u.key, u]));
  const newProvinceKey = unitKey('NEW', 1, province);
  if (!byKey.has(newProvinceKey))
    throw new BadInputError(`merges.json has no usable new province ${province}`);
  const keep = new Set<string>();
  for (const unit of plan.units)
    if (unit.period === 'NEW' && (unit.key === newProvinceKey || unit.parentKey === newProvinceKey))
      keep.add(unit.key);
  const oldProvinces = new Set(
    plan.successions.filter((s) => s.successorKey === newProvinceKey).map((s) => s.predecessorKey),
  );
  for (const unit of plan.units)
    if (
      unit.period === 'OLD' &&
      (oldProvinces.has(unit.key) || (unit.parentKey && oldProvinces.has(unit.parentKey)))
    )
      keep.add(unit.key);
  for (const s of plan.successions) {
    if (!keep.has(s.successorKey)) continue;
    const pred = byKey.get(s.predecessorKey)!;
    keep.add(pred.key);
    if (pred.parentKey) keep.add(pred.parentKey);
  }
  const sections = new Set([...keep].map((k) => byKey.get(k)!.section));
  sections.add(`merges:${province}`);
  return {
    units: plan.units.filter((u) => keep.has(u.key)),
    successions: plan.successions.filter((s) => keep.has(s.predecessorKey) && keep.has(s.successorKey)),
    problems: plan.problems.filter((p) => p.section === null || sections.has(p.section)),
  };
}

/** Imports (or re-imports) the 2025 reform. Platform-wide: needs staff.units.manage over every unit. */
export async function importUnits(ctx: RequestContext, input: UnitImportInput): Promise<UnitImportSummary> {
  ctx.require(StaffPermissions.unitsManage);
  if (!(await ctx.can(StaffPermissions.unitsManage, null))) {
    throw new ForbiddenError(
      'Importing administrative units is platform-wide: it needs staff.units.manage over all units',
    );
  }
  const started = Date.now();
  const strict = input.strict ?? false;
  const province = input.province ?? null;
  const plan = planUnitImport(input.merges, input.splits, province);
  const report = input.onProgress ?? (() => {});

  return ctx.transactional(async () => {
    // One import or reorganisation at a time: both read the tree, then write it.
    await ctx.em.execute(`select pg_advisory_xact_lock(hashtext('staff.units.bulk'))`);
    const existing = await ctx.em.execute<ExistingUnit[]>(
      `select id, code, level, name, type::text as type, parent_id, path, valid_from::text as valid_from, valid_to::text as valid_to
         from staff_unit where valid_to = ?::date or valid_from = ?::date`,
      [REFORM_DATE, REFORM_DATE],
    );
    const matched = new Map<string, ExistingUnit>();
    for (const row of existing) {
      if (row.valid_to === REFORM_DATE) matched.set(unitKey('OLD', row.level, row.code), row);
      if (row.valid_from === REFORM_DATE) matched.set(unitKey('NEW', row.level, row.code), row);
    }

    // Units not stored yet must not clash with another stored unit of the same code and level.
    const problems = [...plan.problems];
    const skipped = new Set<string>();
    const fresh = plan.units.filter((u) => !matched.has(u.key));
    if (fresh.length) {
      const clashes = await ctx.em.execute<
        Array<{ idx: number; name: string; valid_from: string | null; valid_to: string | null }>
      >(
        `select n.idx, s.name, s.valid_from::text as valid_from, s.valid_to::text as valid_to
           from unnest(?::text[], ?::int[], ?::date[], ?::date[], ?::int[]) as n(code, level, vf, vt, idx)
           join staff_unit s on s.code = n.code and s.level = n.level
            and daterange(coalesce(s.valid_from, '-infinity'::date), coalesce(s.valid_to, 'infinity'::date))
             && daterange(coalesce(n.vf, '-infinity'::date), coalesce(n.vt, 'infinity'::date))
          order by n.idx`,
        [
          sqlArray(fresh.map((u) => u.code)),
          sqlArray(fresh.map((u) => u.level)),
          sqlArray(fresh.map((u) => (u.period === 'NEW' ? REFORM_DATE : null))),
          sqlArray(fresh.map((u) => (u.period === 'OLD' ? REFORM_DATE : null))),
          sqlArray(fresh.map((_, i) => i)),
        ],
      );
      for (const clash of clashes) {
        const unit = fresh[clash.idx];
        skipped.add(unit.key);
        problems.push({
          severity: 'ERROR',
          file: 'database',
          location: `${unit.file} ${unit.location}`,
          code: unit.code,
          section: unit.section,
          message: `${unit.name} (${unit.code}) clashes with the stored unit ${clash.name}, valid ${clash.valid_from ?? '…'} to ${clash.valid_to ?? '…'}; skipped`,
        });
      }
    }
    // A skipped unit takes its children with it.
    const childrenOf = new Map<string, PlannedUnit[]>();
    for (const unit of plan.units) {
      if (!unit.parentKey) continue;
      const list = childrenOf.get(unit.parentKey);
      if (list) list.push(unit);
      else childrenOf.set(unit.parentKey, [unit]);
    }
    for (const key of [...skipped]) {
      const children = childrenOf.get(key) ?? [];
      if (!children.length) continue;
      const queue = [...children];
      while (queue.length) {
        const child = queue.shift()!;
        skipped.add(child.key);
        queue.push(...(childrenOf.get(child.key) ?? []));
      }
      const parent = plan.units.find((u) => u.key === key)!;
      problems.push({
        severity: 'ERROR',
        file: 'database',
        location: `${parent.file} ${parent.location}`,
        code: parent.code,
        section: parent.section,
        message: `${children.length} unit(s) under ${parent.name} (${parent.code}) skipped with it`,
      });
    }

    const errorCount = problems.filter((p) => p.severity === 'ERROR').length;
    if (strict && errorCount) {
      throw new BadInputError(
        `Import refused (strict): ${errorCount} problem(s) found, nothing was written`,
        {
          problems: problems
            .filter((p) => p.severity === 'ERROR')
            .slice(0, 100)
            .map(({ section: _section, ...p }) => p),
        },
      );
    }

    const toWrite = plan.units.filter((u) => !skipped.has(u.key));
    const successions = plan.successions.filter(
      (s) => !skipped.has(s.predecessorKey) && !skipped.has(s.successorKey),
    );
    const total = toWrite.length + successions.length;
    let done = 0;
    report({ phase: 'units', done, total });

    // Ids and paths: stored units keep theirs; new ones get a uuid and their parent's path + id.
    const idOf = new Map<string, string>();
    const pathOf = new Map<string, string>();
    for (const unit of toWrite) {
      const stored = matched.get(unit.key);
      idOf.set(unit.key, stored?.id ?? randomUUID());
      if (stored) pathOf.set(unit.key, stored.path);
    }
    const counts = new Map<string, UnitImportCount>();
    const count = (unit: PlannedUnit, what: 'created' | 'updated' | 'unchanged') => {
      const key = `${unit.period}:${unit.level}`;
      const entry = counts.get(key) ?? {
        level: unit.level,
        period: unit.period,
        created: 0,
        updated: 0,
        unchanged: 0,
      };
      entry[what]++;
      counts.set(key, entry);
    };
    let parentsMoved = false;
    for (const level of [1, 2, 3] as const) {
      const inserts: Array<{ unit: PlannedUnit; id: string; parentId: string | null; path: string }> = [];
      const updates: Array<{ unit: PlannedUnit; id: string; parentId: string | null }> = [];
      for (const unit of toWrite.filter((u) => u.level === level)) {
        const id = idOf.get(unit.key)!;
        const parentId = unit.parentKey ? idOf.get(unit.parentKey)! : null;
        const stored = matched.get(unit.key);
        if (!stored) {
          const path = `${unit.parentKey ? pathOf.get(unit.parentKey)! : '/'}${id}/`;
          pathOf.set(unit.key, path);
          inserts.push({ unit, id, parentId, path });
          count(unit, 'created');
          continue;
        }
        // A unit already placed deeper under the same parent (a commune under its old district) stays there.
        const sameParent =
          stored.parent_id === parentId || (parentId !== null && stored.path.includes(`/${parentId}/`));
        if (stored.name === unit.name && stored.type === unit.type && sameParent) {
          count(unit, 'unchanged');
          continue;
        }
        if (!sameParent) parentsMoved = true;
        updates.push({ unit, id, parentId: sameParent ? stored.parent_id : parentId });
        count(unit, 'updated');
      }
      for (let i = 0; i < inserts.length; i += CHUNK) {
        const chunk = inserts.slice(i, i + CHUNK);
        await ctx.em.execute(
          `insert into staff_unit (id, created_at, updated_at, version, code, name, type, level, parent_id, valid_from, valid_to, path)
           select n.id, now(), now(), 1, n.code, n.name, n.type::staff_unit_type, n.level, n.parent_id, n.valid_from, n.valid_to, n.path
             from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::smallint[], ?::uuid[], ?::date[], ?::date[], ?::text[])
               as n(id, code, name, type, level, parent_id, valid_from, valid_to, path)`,
          [
            sqlArray(chunk.map((r) => r.id)),
            sqlArray(chunk.map((r) => r.unit.code)),
            sqlArray(chunk.map((r) => r.unit.name)),
            sqlArray(chunk.map((r) => r.unit.type)),
            sqlArray(chunk.map((r) => r.unit.level)),
            sqlArray(chunk.map((r) => r.parentId)),
            sqlArray(chunk.map((r) => (r.unit.period === 'NEW' ? REFORM_DATE : null))),
            sqlArray(chunk.map((r) => (r.unit.period === 'OLD' ? REFORM_DATE : null))),
            sqlArray(chunk.map((r) => r.path)),
          ],
          'run',
        );
        done += chunk.length;
        report({ phase: 'units', done, total });
      }
      for (let i = 0; i < updates.length; i += CHUNK) {
        const chunk = updates.slice(i, i + CHUNK);
        await ctx.em.execute(
          `update staff_unit s set name = n.name, type = n.type::staff_unit_type, parent_id = n.parent_id, version = s.version + 1, updated_at = now()
             from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) as n(id, name, type, parent_id) where s.id = n.id`,
          [
            sqlArray(chunk.map((r) => r.id)),
            sqlArray(chunk.map((r) => r.unit.name)),
            sqlArray(chunk.map((r) => r.unit.type)),
            sqlArray(chunk.map((r) => r.parentId)),
          ],
          'run',
        );
        done += chunk.length;
        report({ phase: 'units', done, total });
      }
      done += toWrite.filter((u) => u.level === level).length - inserts.length - updates.length;
      report({ phase: 'units', done, total });
    }
    if (parentsMoved) await recomputePaths(ctx);

    const successionCounts = { created: 0, updated: 0, unchanged: 0 };
    report({ phase: 'successions', done, total });
    for (let i = 0; i < successions.length; i += CHUNK) {
      const chunk = successions.slice(i, i + CHUNK);
      const rows = await ctx.em.execute<Array<{ inserted: boolean }>>(
        `insert into staff_unit_succession (id, created_at, updated_at, predecessor_id, successor_id, kind, effective_date)
         select n.id, now(), now(), n.predecessor_id, n.successor_id, n.kind::staff_succession_kind, ?::date
           from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[]) as n(id, predecessor_id, successor_id, kind)
         on conflict (predecessor_id, successor_id) do update
            set kind = excluded.kind, effective_date = excluded.effective_date, updated_at = now()
          where staff_unit_succession.kind is distinct from excluded.kind
             or staff_unit_succession.effective_date is distinct from excluded.effective_date
         returning (xmax = 0) as inserted`,
        [
          REFORM_DATE,
          sqlArray(chunk.map(() => randomUUID())),
          sqlArray(chunk.map((s) => idOf.get(s.predecessorKey)!)),
          sqlArray(chunk.map((s) => idOf.get(s.successorKey)!)),
          sqlArray(chunk.map((s) => s.kind)),
        ],
      );
      const created = rows.filter((r) => r.inserted).length;
      successionCounts.created += created;
      successionCounts.updated += rows.length - created;
      successionCounts.unchanged += chunk.length - rows.length;
      done += chunk.length;
      report({ phase: 'successions', done, total });
    }

    const order = ['OLD:1', 'OLD:2', 'OLD:3', 'NEW:1', 'NEW:2', 'NEW:3'];
    const summary: UnitImportSummary = {
      units: [...counts.entries()]
        .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
        .map(([, c]) => c),
      successions: successionCounts,
      problems: problems.map(({ section: _section, ...p }) => p),
      errorCount,
      warningCount: problems.length - errorCount,
      strict,
      province,
      durationMs: Date.now() - started,
    };
    ctx.audit({
      action: 'staff.units.import',
      entityType: 'AdministrativeUnit',
      entityId: null,
      unitId: null,
      after: {
        province,
        strict,
        units: summary.units,
        successions: summary.successions,
        errorCount: summary.errorCount,
        warningCount: summary.warningCount,
      },
    });
    invalidateScopes(ctx);
    report({ phase: 'done', done: total, total });
    return summary;
  });
}

/** Rewrites `path` of every unit whose ancestors changed (after parents moved), from the roots down. */
export async function recomputePaths(ctx: RequestContext, rootIds?: string[]): Promise<void> {
  await ctx.em.execute(
    `with recursive tree(id, path) as (
        select u.id, coalesce(p.path, '/') || u.id || '/'
          from staff_unit u left join staff_unit p on p.id = u.parent_id
         where ${rootIds ? 'u.id = any(?::uuid[])' : 'u.parent_id is null'}
        union all
        select c.id, t.path || c.id || '/' from staff_unit c join tree t on c.parent_id = t.id)
      update staff_unit s set path = tree.path from tree where s.id = tree.id and s.path <> tree.path`,
    rootIds ? [pgArray(rootIds)] : [],
    'run',
  );
}
