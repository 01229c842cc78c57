import { randomUUID } from 'node:crypto';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  isLocalDate,
  pgArray,
  type RequestContext,
} from '../../../src';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { SuccessionKind, UnitSuccession } from '../entities/unit-succession.entity';
import { CODE_LENGTH, UNIT_LEVEL, UnitType } from '../entities/unit-type';
import { StaffPermissions } from '../permissions';
import { UnitReorganised } from '../events';
import { invalidateScopes } from './scope-invalidation';
import { recomputePaths } from './unit-import.service';
import { DISTRICTS_ABOLISHED_ON, requireNoDistrictAfterReform } from './two-tier';

/**
 * A reform applied as one operation: old units close on the effective date, new ones open on it,
 * successions link them, staff's own records (agencies, role assignments) follow to the successor,
 * and other plugins hear about it through one UnitReorganised event per closed unit.
 *
 * Everything is checked before anything is written, so a refused reorganisation leaves no trace;
 * the writes themselves run in the caller's transaction (every GraphQL mutation has one).
 */

export interface NewUnitInput {
  code: string;
  name: string;
  type: UnitType;
  /** Code of the parent: another new unit of this reorganisation, or a unit open on the effective date. */
  parentCode?: string | null;
}

export interface MappingInput {
  oldUnitId?: string | null;
  /** Code of a unit open on the effective date (the level follows from the code's length). */
  oldCode?: string | null;
  /** A new unit of this reorganisation, or a unit open on the effective date that takes over (part of) it. */
  newCode: string;
  kind: SuccessionKind;
}

export interface MoveInput {
  unitId?: string | null;
  code?: string | null;
  /** The unit's parent from the effective date on. */
  newParentCode: string;
}

export interface ReorganisationInput {
  effectiveDate: string;
  newUnits?: NewUnitInput[] | null;
  mapping: MappingInput[];
  /** Units that stay but hang under another parent (children of closed units must be closed or moved). */
  moves?: MoveInput[] | null;
}

export interface ReorganisationEvent {
  oldUnitId: string;
  oldUnitCode: string;
  successors: Array<{ unitId: string; code: string; kind: 'FULL' | 'PARTIAL' }>;
  successorUnitId: string | null;
  effectiveDate: string;
}

export interface ReorganisationResult {
  effectiveDate: string;
  closedUnits: AdministrativeUnit[];
  openedUnits: AdministrativeUnit[];
  movedUnits: AdministrativeUnit[];
  successions: UnitSuccession[];
  movedAgencies: number;
  movedRoleAssignments: number;
  events: ReorganisationEvent[];
}

interface UnitRow {
  id: string;
  code: string;
  name: string;
  type: string;
  level: number;
  parent_id: string | null;
  path: string;
  valid_from: string | null;
  valid_to: string | null;
}

/** A unit as the reorganisation sees it: stored (`row`) or opened by it (`row` null). */
interface Target {
  id: string;
  code: string;
  name: string;
  level: number;
  isNew: boolean;
  row: UnitRow | null;
}

const UNIT_COLUMNS = `id, code, name, type::text as type, level, parent_id, path, valid_from::text as valid_from, valid_to::text as valid_to`;
const levelOfCode = (code: string): number | null =>
  code.length === 2 ? 1 : code.length === 3 ? 2 : code.length === 5 ? 3 : null;
const label = (u: { name: string; code: string }) => `${u.name} (${u.code})`;
const period = (from: string | null, to: string | null) => `${from ?? '…'} to ${to ?? '…'}`;

function isDay(value: string): boolean {
  return isLocalDate(value);
}

/** Whether [aFrom, aTo) lies within [bFrom, bTo); nulls are open ends. */
function periodWithin(
  aFrom: string | null,
  aTo: string | null,
  bFrom: string | null,
  bTo: string | null,
): boolean {
  return (
    (bFrom === null || (aFrom !== null && aFrom >= bFrom)) && (bTo === null || (aTo !== null && aTo <= bTo))
  );
}

/** A cycle in a directed graph, as a list of nodes (first repeated at the end), or null. */
function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of edges.keys()) {
    if (!state.has(node)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return null;
}

export class ReorganisationService {
  async apply(ctx: RequestContext, input: ReorganisationInput): Promise<ReorganisationResult> {
    ctx.require(StaffPermissions.unitsManage);
    const eff = input.effectiveDate?.trim() ?? '';
    if (!isDay(eff))
      throw new BadInputError(`effectiveDate must be a date YYYY-MM-DD, got "${input.effectiveDate}"`, {
        field: 'effectiveDate',
      });
    const newInputs = input.newUnits ?? [];
    const moveInputs = input.moves ?? [];
    if (!input.mapping?.length)
      throw new BadInputError('A reorganisation closes at least one unit: the mapping is empty', {
        field: 'mapping',
      });

    return ctx.transactional(async () => {
      await ctx.em.execute(`select pg_advisory_xact_lock(hashtext('staff.units.bulk'))`);
      const openOn = `(valid_from is null or valid_from <= ?::date) and (valid_to is null or valid_to > ?::date)`;

      /** The stored unit with this code (level from its length) open on the effective date. */
      const openByCode = async (code: string): Promise<UnitRow | null> => {
        const level = levelOfCode(code);
        if (!level) return null;
        const rows = await ctx.em.execute<UnitRow[]>(
          `select ${UNIT_COLUMNS} from staff_unit where code = ? and level = ? and ${openOn}`,
          [code, level, eff, eff],
        );
        return rows[0] ?? null;
      };
      const byId = async (id: string): Promise<UnitRow | null> => {
        if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
        const rows = await ctx.em.execute<UnitRow[]>(`select ${UNIT_COLUMNS} from staff_unit where id = ?`, [
          id,
        ]);
        return rows[0] ?? null;
      };

      // 1. The new units: shape, duplicates among themselves.
      const newByCode = new Map<string, Target & { input: NewUnitInput; validTo: string | null }>();
      newInputs.forEach((unit, i) => {
        const code = unit.code?.trim() ?? '';
        const name = unit.name?.normalize('NFC').trim().replace(/\s+/g, ' ') ?? '';
        const level = UNIT_LEVEL[unit.type];
        if (!level)
          throw new BadInputError(`newUnits[${i}]: unknown type "${unit.type}"`, {
            field: `newUnits[${i}].type`,
          });
        const digits = CODE_LENGTH[level];
        if (!new RegExp(`^\\d{${digits}}$`).test(code)) {
          throw new BadInputError(
            `newUnits[${i}]: a level-${level} unit code has ${digits} digits, got "${unit.code}"`,
            { field: `newUnits[${i}].code` },
          );
        }
        if (!name)
          throw new BadInputError(`newUnits[${i}]: the name must not be empty`, {
            field: `newUnits[${i}].name`,
          });
        // Two tiers from 1 Jul 2025: no district opens on or after that day, and one opened before it
        // closes with every other district on that day (the law's date, not a guess).
        const validTo = level === 2 ? DISTRICTS_ABOLISHED_ON : null;
        if (level === 2)
          requireNoDistrictAfterReform(
            { level, code, name, validFrom: eff, validTo: eff >= DISTRICTS_ABOLISHED_ON ? null : validTo },
            `newUnits[${i}].type`,
          );
        if (newByCode.has(code))
          throw new ConflictError(
            `Code ${code} is given to two new units (${newByCode.get(code)!.name} and ${name})`,
            { field: `newUnits[${i}].code` },
          );
        newByCode.set(code, {
          id: randomUUID(),
          code,
          name,
          level,
          isNew: true,
          row: null,
          input: { ...unit, code, name },
          validTo,
        });
      });

      /** The end of a new unit's period (a new district closes on the reform day; others are open). */
      const newEnd = (target: Target): string | null => newByCode.get(target.code)?.validTo ?? null;

      // 2. The old units to close.
      const closed = new Map<string, UnitRow>();
      const closing: Array<{ old: UnitRow; kind: SuccessionKind; index: number }> = [];
      for (const [i, entry] of input.mapping.entries()) {
        if (!!entry.oldUnitId === !!entry.oldCode)
          throw new BadInputError(`mapping[${i}]: give exactly one of oldUnitId and oldCode`, {
            field: `mapping[${i}]`,
          });
        let old: UnitRow | null;
        if (entry.oldUnitId) {
          old = await byId(entry.oldUnitId);
          if (!old)
            throw new BadInputError(`mapping[${i}]: no administrative unit has id ${entry.oldUnitId}`, {
              field: `mapping[${i}].oldUnitId`,
            });
          if (old.valid_to !== null && old.valid_to <= eff) {
            throw new BadInputError(`mapping[${i}]: ${label(old)} already closed on ${old.valid_to}`, {
              field: `mapping[${i}].oldUnitId`,
            });
          }
          if (old.valid_from !== null && old.valid_from >= eff) {
            throw new BadInputError(
              `mapping[${i}]: ${label(old)} only opens on ${old.valid_from}; it cannot close on ${eff}`,
              { field: `mapping[${i}].oldUnitId` },
            );
          }
        } else {
          const code = entry.oldCode!.trim();
          old = await openByCode(code);
          if (!old || (old.valid_from !== null && old.valid_from >= eff)) {
            throw new BadInputError(`mapping[${i}]: no unit with code ${code} is open before ${eff}`, {
              field: `mapping[${i}].oldCode`,
            });
          }
        }
        closed.set(old.id, old);
        closing.push({ old, kind: entry.kind, index: i });
      }

      // 3. Successors: a new unit of this reorganisation, else a unit open on the effective date.
      const existingTargets = new Map<string, Target>();
      const resolveTarget = async (code: string, where: string): Promise<Target> => {
        const trimmed = code?.trim() ?? '';
        const created = newByCode.get(trimmed);
        if (created) return created;
        const row = await openByCode(trimmed);
        if (!row)
          throw new BadInputError(
            `${where}: ${trimmed} is neither a new unit of this reorganisation nor a unit open on ${eff}`,
            { field: where },
          );
        const target = existingTargets.get(row.id) ?? {
          id: row.id,
          code: row.code,
          name: row.name,
          level: row.level,
          isNew: false,
          row,
        };
        existingTargets.set(row.id, target);
        return target;
      };
      const resolvedMapping: Array<{ old: UnitRow; target: Target; kind: SuccessionKind; index: number }> =
        [];
      for (const entry of closing) {
        const target = await resolveTarget(
          input.mapping[entry.index].newCode,
          `mapping[${entry.index}].newCode`,
        );
        resolvedMapping.push({ ...entry, target });
      }

      // 4. Cycles: in the mapping itself, then through the successions already recorded.
      const edges = new Map<string, string[]>();
      for (const { old, target } of resolvedMapping)
        edges.set(old.id, [...(edges.get(old.id) ?? []), target.id]);
      const cycle = findCycle(edges);
      if (cycle) {
        const names = cycle.map((id) => {
          const u = closed.get(id) ?? existingTargets.get(id);
          return u ? label(u) : id;
        });
        throw new BadInputError(`The mapping makes a cycle: ${names.join(' → ')}`, { field: 'mapping' });
      }
      for (const { old, target } of resolvedMapping) {
        if (closed.has(target.id)) {
          throw new BadInputError(
            `${label(target)} closes in this same reorganisation, so it cannot take over ${label(old)}`,
            { field: 'mapping' },
          );
        }
      }
      const storedTargets = [...existingTargets.keys()];
      if (storedTargets.length) {
        const reach = await ctx.em.execute<Array<{ origin: string; id: string }>>(
          `with recursive fwd(origin, id) as (
              select s.predecessor_id, s.successor_id from staff_unit_succession s where s.predecessor_id = any(?::uuid[])
              union
              select f.origin, s.successor_id from staff_unit_succession s join fwd f on s.predecessor_id = f.id)
            select origin, id from fwd`,
          [pgArray(storedTargets)],
        );
        for (const { old, target } of resolvedMapping) {
          if (reach.some((r) => r.origin === target.id && r.id === old.id)) {
            throw new BadInputError(
              `The mapping makes a cycle: ${label(target)} already became ${label(old)}, which cannot now become ${label(target)}`,
              { field: 'mapping' },
            );
          }
        }
      }

      // 5. Kinds: a unit goes FULL into one unit only, and not FULL and PARTIAL at once; no pair twice.
      const byOld = new Map<string, typeof resolvedMapping>();
      for (const entry of resolvedMapping)
        byOld.set(entry.old.id, [...(byOld.get(entry.old.id) ?? []), entry]);
      for (const entries of byOld.values()) {
        const old = entries[0].old;
        const targets = entries.map((e) => e.target.id);
        if (new Set(targets).size !== targets.length)
          throw new BadInputError(`${label(old)} is mapped twice to the same unit`, { field: 'mapping' });
        const full = entries.filter((e) => e.kind === SuccessionKind.FULL);
        if (full.length > 1)
          throw new BadInputError(
            `${label(old)} cannot go FULL into ${full.length} units; use PARTIAL for each part`,
            { field: 'mapping' },
          );
        if (full.length && entries.length > 1)
          throw new BadInputError(
            `${label(old)} goes FULL into ${label(full[0].target)} and also elsewhere; a split is PARTIAL everywhere`,
            { field: 'mapping' },
          );
      }

      // 6. Parents of the new units, and no cycle among them.
      const parentOf = new Map<string, Target>();
      const parentEdges = new Map<string, string[]>();
      for (const unit of newByCode.values()) {
        const parentCode = unit.input.parentCode?.trim();
        if (unit.level === 1) {
          if (parentCode)
            throw new BadInputError(`${label(unit)} is a province and has no parent`, {
              field: 'newUnits.parentCode',
            });
          continue;
        }
        if (!parentCode)
          throw new BadInputError(`${label(unit)} needs a parentCode (only provinces have no parent)`, {
            field: 'newUnits.parentCode',
          });
        const parent = await resolveTarget(parentCode, `newUnits(${unit.code}).parentCode`);
        parentOf.set(unit.id, parent);
        if (parent.isNew) parentEdges.set(unit.id, [parent.id]);
      }
      const parentCycle = findCycle(parentEdges);
      if (parentCycle) {
        const names = parentCycle.map((id) => {
          const u = [...newByCode.values()].find((n) => n.id === id)!;
          return label(u);
        });
        throw new BadInputError(`The new units' parents make a cycle: ${names.join(' → ')}`, {
          field: 'newUnits.parentCode',
        });
      }
      for (const unit of newByCode.values()) {
        const parent = parentOf.get(unit.id);
        if (!parent) continue;
        if (parent.level >= unit.level)
          throw new BadInputError(
            `${label(unit)} (level ${unit.level}) cannot sit under ${label(parent)} (level ${parent.level})`,
            { field: 'newUnits.parentCode' },
          );
        if (closed.has(parent.id))
          throw new BadInputError(
            `${label(unit)} would outlive its parent ${label(parent)}, which closes on ${eff}`,
            { field: 'newUnits.parentCode' },
          );
        const parentFrom = parent.row ? parent.row.valid_from : eff;
        const parentTo = parent.row ? parent.row.valid_to : newEnd(parent);
        if (!periodWithin(eff, unit.validTo, parentFrom, parentTo)) {
          throw new BadInputError(
            `${label(unit)} (from ${eff}${unit.validTo ? ` to ${unit.validTo}` : ''}) would outlive its parent ${label(parent)} (valid ${period(parentFrom, parentTo)})`,
            { field: 'newUnits.parentCode' },
          );
        }
      }

      // 7. Codes: no new unit may share code and level with a unit valid on or after the effective date.
      for (const unit of newByCode.values()) {
        const clash = await ctx.em.execute<UnitRow[]>(
          `select ${UNIT_COLUMNS} from staff_unit where code = ? and level = ? and not (id = any(?::uuid[]))
             and daterange(coalesce(valid_from, '-infinity'::date), coalesce(valid_to, 'infinity'::date)) && daterange(?::date, coalesce(?::date, 'infinity'::date))`,
          [unit.code, unit.level, pgArray([...closed.keys()]), eff, unit.validTo],
        );
        if (clash.length) {
          throw new ConflictError(
            `Code ${unit.code} is already used by ${clash[0].name} (valid ${period(clash[0].valid_from, clash[0].valid_to)}); ${unit.name} cannot have it from ${eff}`,
            { field: 'newUnits.code' },
          );
        }
      }

      // 8. Moves: units that stay, under another parent.
      const moves: Array<{ row: UnitRow; parent: Target }> = [];
      for (const [i, move] of moveInputs.entries()) {
        if (!!move.unitId === !!move.code)
          throw new BadInputError(`moves[${i}]: give exactly one of unitId and code`, {
            field: `moves[${i}]`,
          });
        const row = move.unitId ? await byId(move.unitId) : await openByCode(move.code!.trim());
        if (!row || (row.valid_to !== null && row.valid_to <= eff)) {
          throw new BadInputError(`moves[${i}]: ${move.unitId ?? move.code} is not a unit open on ${eff}`, {
            field: `moves[${i}]`,
          });
        }
        if (closed.has(row.id))
          throw new BadInputError(`${label(row)} is both closed and moved; do one or the other`, {
            field: `moves[${i}]`,
          });
        if (moves.some((m) => m.row.id === row.id))
          throw new BadInputError(`${label(row)} is moved twice`, { field: `moves[${i}]` });
        const parent = await resolveTarget(move.newParentCode, `moves[${i}].newParentCode`);
        if (closed.has(parent.id))
          throw new BadInputError(
            `${label(row)} cannot move under ${label(parent)}, which closes on ${eff}`,
            { field: `moves[${i}].newParentCode` },
          );
        // The new parent's ancestors, including those of new units, must not contain the moved unit.
        let chain: string[] = [];
        let cursor: Target | undefined = parent;
        while (cursor?.isNew) {
          chain.push(cursor.id);
          cursor = parentOf.get(cursor.id);
        }
        if (cursor?.row) chain = [...chain, ...cursor.row.path.split('/').filter(Boolean)];
        if (chain.includes(row.id))
          throw new BadInputError(`Moving ${label(row)} under ${label(parent)} would make a cycle`, {
            field: `moves[${i}].newParentCode`,
          });
        if (parent.level >= row.level)
          throw new BadInputError(
            `${label(row)} (level ${row.level}) cannot sit under ${label(parent)} (level ${parent.level})`,
            { field: `moves[${i}].newParentCode` },
          );
        const parentFrom = parent.row ? parent.row.valid_from : eff;
        const parentTo = parent.row ? parent.row.valid_to : newEnd(parent);
        if (!periodWithin(row.valid_from, row.valid_to, parentFrom, parentTo)) {
          throw new BadInputError(
            `${label(row)} (valid ${period(row.valid_from, row.valid_to)}) would outlive its new parent ${label(parent)} (valid ${period(parentFrom, parentTo)}); close it and open a successor instead`,
            { field: `moves[${i}].newParentCode` },
          );
        }
        moves.push({ row, parent });
      }

      // 9. Children of closed units must close too or move.
      const handled = new Set([...closed.keys(), ...moves.map((m) => m.row.id)]);
      const children = await ctx.em.execute<Array<UnitRow & { parent_name: string; parent_code: string }>>(
        `select c.id, c.code, c.name, c.parent_id, p.name as parent_name, p.code as parent_code
           from staff_unit c join staff_unit p on p.id = c.parent_id
          where c.parent_id = any(?::uuid[]) and (c.valid_to is null or c.valid_to > ?::date) order by c.code`,
        [pgArray([...closed.keys()]), eff],
      );
      const orphans = children.filter((c) => !handled.has(c.id));
      if (orphans.length) {
        const parent = orphans[0];
        const list = orphans.slice(0, 10).map(label).join(', ');
        throw new BadInputError(
          `${orphans.length} unit(s) would outlive their closing parent (${parent.parent_name} (${parent.parent_code}) closes on ${eff}): ${list}${orphans.length > 10 ? ', …' : ''}. Close them in the mapping or move them (moves).`,
          { field: 'mapping', units: orphans.map((o) => o.code) },
        );
      }

      // 10. Scope: every unit touched must be in the caller's staff.units.manage scope.
      const touched = new Set<string>([
        ...closed.keys(),
        ...existingTargets.keys(),
        ...moves.map((m) => m.row.id),
      ]);
      for (const id of touched)
        await ctx.requireIn(StaffPermissions.unitsManage, { unitId: id, wholeUnit: true });
      if (
        [...newByCode.values()].some((u) => u.level === 1) &&
        !(await ctx.can(StaffPermissions.unitsManage, null))
      ) {
        throw new ForbiddenError(
          'Opening a province is platform-wide: it needs staff.units.manage over all units',
        );
      }

      // 11. Successions already recorded for these pairs.
      const pairs = resolvedMapping.filter((m) => !m.target.isNew);
      if (pairs.length) {
        const recorded = await ctx.em.execute<Array<{ predecessor_id: string; successor_id: string }>>(
          `select predecessor_id, successor_id from staff_unit_succession where predecessor_id = any(?::uuid[]) and successor_id = any(?::uuid[])`,
          [pgArray(pairs.map((p) => p.old.id)), pgArray(pairs.map((p) => p.target.id))],
        );
        const hit = pairs.find((p) =>
          recorded.some((r) => r.predecessor_id === p.old.id && r.successor_id === p.target.id),
        );
        if (hit)
          throw new ConflictError(`${label(hit.old)} → ${label(hit.target)} is already recorded`, {
            field: 'mapping',
          });
      }

      // Writes: close, open (parents first), move, link, re-home, publish.
      try {
        await ctx.em.execute(
          `update staff_unit set valid_to = ?::date, version = version + 1, updated_at = now() where id = any(?::uuid[])`,
          [eff, pgArray([...closed.keys()])],
          'run',
        );
        const pathOf = new Map<string, string>();
        const pathFor = (unit: Target): string => {
          const known = pathOf.get(unit.id);
          if (known) return known;
          const parent = parentOf.get(unit.id);
          const path = `${parent ? (parent.isNew ? pathFor(parent) : parent.row!.path) : '/'}${unit.id}/`;
          pathOf.set(unit.id, path);
          return path;
        };
        const opened = [...newByCode.values()].sort((a, b) => a.level - b.level);
        for (const unit of opened) {
          await ctx.em.execute(
            `insert into staff_unit (id, created_at, updated_at, version, code, name, type, level, parent_id, valid_from, valid_to, path)
             values (?, now(), now(), 1, ?, ?, ?::staff_unit_type, ?, ?, ?::date, ?::date, ?)`,
            [
              unit.id,
              unit.code,
              unit.name,
              unit.input.type,
              unit.level,
              parentOf.get(unit.id)?.id ?? null,
              eff,
              unit.validTo,
              pathFor(unit),
            ],
            'run',
          );
        }
        for (const move of moves) {
          await ctx.em.execute(
            `update staff_unit set parent_id = ?, version = version + 1, updated_at = now() where id = ?`,
            [move.parent.id, move.row.id],
            'run',
          );
        }
        if (moves.length)
          await recomputePaths(
            ctx,
            moves.map((m) => m.row.id),
          );
        for (const { old, target, kind } of resolvedMapping) {
          await ctx.em.execute(
            `insert into staff_unit_succession (id, created_at, updated_at, predecessor_id, successor_id, kind, effective_date)
             values (?, now(), now(), ?, ?, ?::staff_succession_kind, ?::date)`,
            [randomUUID(), old.id, target.id, kind, eff],
            'run',
          );
        }
      } catch (error) {
        if ((error as { code?: string }).code === '23P01') {
          throw new ConflictError(
            'Two units would share a code and level in the same period; nothing was changed',
          );
        }
        throw error;
      }

      // Staff's own records follow the closed units to their successor; the audit trail keeps the old unit.
      const events: ReorganisationEvent[] = [];
      let movedAgencies = 0;
      let movedRoleAssignments = 0;
      for (const [oldId, entries] of byOld) {
        const old = closed.get(oldId)!;
        const successors = entries
          .map((e) => ({
            unitId: e.target.id,
            code: e.target.code,
            kind: e.kind === SuccessionKind.FULL ? ('FULL' as const) : ('PARTIAL' as const),
          }))
          .sort((a, b) => a.code.localeCompare(b.code) || a.unitId.localeCompare(b.unitId));
        const successorUnitId = (successors.find((s) => s.kind === 'FULL') ?? successors[0])?.unitId ?? null;
        if (successorUnitId) {
          const agencies = await ctx.em.execute<Array<{ id: string; name: string }>>(
            `update staff_agency set unit_id = ?, version = version + 1, updated_at = now() where unit_id = ? returning id, name`,
            [successorUnitId, oldId],
          );
          for (const agency of agencies) {
            ctx.audit({
              action: 'staff.agency.rehome',
              entityType: 'Agency',
              entityId: agency.id,
              unitId: successorUnitId,
              before: { unitId: oldId, unitCode: old.code, unitName: old.name },
              after: { unitId: successorUnitId, effectiveDate: eff, reason: 'reorganisation' },
            });
          }
          movedAgencies += agencies.length;
          const roles = await ctx.em.execute<Array<{ id: string; official_id: string; role: string }>>(
            `update staff_role_assignment set unit_id = ?, updated_at = now() where unit_id = ? returning id, official_id, role`,
            [successorUnitId, oldId],
          );
          for (const role of roles) {
            ctx.audit({
              action: 'staff.role.rehome',
              entityType: 'Official',
              entityId: role.official_id,
              unitId: successorUnitId,
              before: { role: role.role, unitId: oldId, unitCode: old.code },
              after: {
                role: role.role,
                unitId: successorUnitId,
                effectiveDate: eff,
                reason: 'reorganisation',
              },
            });
          }
          movedRoleAssignments += roles.length;
        }
        ctx.audit({
          action: 'staff.unit.close',
          entityType: 'AdministrativeUnit',
          entityId: oldId,
          unitId: oldId,
          before: { validTo: old.valid_to },
          after: { validTo: eff, successors },
        });
        const event: ReorganisationEvent = {
          oldUnitId: oldId,
          oldUnitCode: old.code,
          successors,
          successorUnitId,
          effectiveDate: eff,
        };
        events.push(event);
        await ctx.publish(UnitReorganised, event);
      }
      ctx.audit({
        action: 'staff.units.reorganise',
        entityType: 'AdministrativeUnit',
        entityId: null,
        unitId: null,
        after: {
          effectiveDate: eff,
          closed: [...closed.values()].map((u) => ({ id: u.id, code: u.code, name: u.name })),
          opened: [...newByCode.values()].map((u) => ({ id: u.id, code: u.code, name: u.name })),
          moved: moves.map((m) => ({ id: m.row.id, code: m.row.code, newParentId: m.parent.id })),
          successions: resolvedMapping.map((m) => ({ from: m.old.id, to: m.target.id, kind: m.kind })),
          movedAgencies,
          movedRoleAssignments,
        },
      });
      invalidateScopes(ctx);

      const load = (ids: string[]) =>
        ids.length
          ? ctx.em.find(
              AdministrativeUnit,
              { id: { $in: ids } },
              { orderBy: { level: 'asc', code: 'asc' }, refresh: true },
            )
          : Promise.resolve([]);
      return {
        effectiveDate: eff,
        closedUnits: await load([...closed.keys()]),
        openedUnits: await load([...newByCode.values()].map((u) => u.id)),
        movedUnits: await load(moves.map((m) => m.row.id)),
        successions: await ctx.em.find(
          UnitSuccession,
          { predecessor: { $in: [...closed.keys()] }, effectiveDate: eff },
          {
            orderBy: { createdAt: 'asc', predecessor: { code: 'asc' }, successor: { code: 'asc' } },
            refresh: true,
          },
        ),
        movedAgencies,
        movedRoleAssignments,
        events,
      };
    });
  }
}

export const reorganisation = new ReorganisationService();
