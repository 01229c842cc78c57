import { FlushMode, type FilterQuery } from '@mikro-orm/core';
import { UnitOrder } from '../list-orders';
import {
  BadInputError,
  localToday,
  ConflictError,
  NotFoundError,
  type RequestContext,
  KeysetPageArgs,
  paginateKeyset,
  type OrderInput,
} from '../../../src';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { UnitSuccession, SuccessionKind } from '../entities/unit-succession.entity';
import { CODE_LENGTH, UNIT_LEVEL, UnitType } from '../entities/unit-type';
import { StaffPermissions } from '../permissions';
import { currentSuccessorIds, descendantIds } from './unit-tree';
import { invalidateScopes } from './scope-invalidation';
import { idsContaining } from './search';
import { requireNoDistrictAfterReform } from './two-tier';
import { StaffRecords } from '../errors';

export interface UnitFilter {
  parentId?: string;
  /** Root of a subtree (included). */
  withinId?: string;
  type?: UnitType;
  level?: number;
  code?: string;
  /** Units valid on this day (YYYY-MM-DD); default: no date filter. */
  validOn?: string;
  /** Name contains, ignoring diacritics and case. */
  search?: string;
}

export interface UnitInput {
  code: string;
  name: string;
  type: UnitType;
  parentId?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether [aFrom, aTo) lies within [bFrom, bTo); nulls are open ends. */
function periodWithin(
  aFrom: string | null,
  aTo: string | null,
  bFrom: string | null,
  bTo: string | null,
): boolean {
  const startsOk = bFrom === null || (aFrom !== null && aFrom >= bFrom);
  const endsOk = bTo === null || (aTo !== null && aTo <= bTo);
  return startsOk && endsOk;
}

export class UnitsService {
  async get(ctx: RequestContext, id: string): Promise<AdministrativeUnit> {
    const unit = await ctx.em.findOne(AdministrativeUnit, { id });
    if (!unit) throw new NotFoundError(StaffRecords.unit, id);
    return unit;
  }

  /** The unit carrying `code` on `on` (default today). */
  async byCode(ctx: RequestContext, code: string, on?: string): Promise<AdministrativeUnit | null> {
    const day = on ?? localToday();
    if (!DAY.test(day)) throw new BadInputError('validOn must be a date YYYY-MM-DD');
    return ctx.em.findOne(AdministrativeUnit, {
      code,
      $and: [
        { $or: [{ validFrom: null }, { validFrom: { $lte: day } }] },
        { $or: [{ validTo: null }, { validTo: { $gt: day } }] },
      ],
    });
  }

  async list(ctx: RequestContext, filter: UnitFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    const where: FilterQuery<AdministrativeUnit> = {};
    const and: FilterQuery<AdministrativeUnit>[] = [];
    if (filter.parentId) where.parent = filter.parentId;
    if (filter.type) where.type = filter.type;
    if (filter.level) where.level = filter.level;
    if (filter.code) where.code = filter.code;
    if (filter.withinId) {
      const root = await this.get(ctx, filter.withinId);
      where.path = { $like: `${root.path}%` };
    }
    if (filter.validOn) {
      if (!DAY.test(filter.validOn)) throw new BadInputError('validOn must be a date YYYY-MM-DD');
      and.push({ $or: [{ validFrom: null }, { validFrom: { $lte: filter.validOn } }] });
      and.push({ $or: [{ validTo: null }, { validTo: { $gt: filter.validOn } }] });
    }
    if (filter.search) {
      and.push({ id: { $in: await idsContaining(ctx, 'staff_unit', filter.search) } });
    }
    if (and.length) where.$and = and;
    return paginateKeyset(
      ctx.em,
      AdministrativeUnit,
      where,
      page,
      UnitOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  async children(ctx: RequestContext, unit: AdministrativeUnit): Promise<AdministrativeUnit[]> {
    return ctx.em.find(AdministrativeUnit, { parent: unit.id }, { orderBy: { code: 'asc' } });
  }

  async successions(ctx: RequestContext, unit: AdministrativeUnit, direction: 'successors' | 'predecessors') {
    const where = direction === 'successors' ? { predecessor: unit.id } : { successor: unit.id };
    return ctx.em.find(UnitSuccession, where, {
      populate: ['predecessor', 'successor'],
      orderBy: { createdAt: 'asc', predecessor: { code: 'asc' }, successor: { code: 'asc' } },
    });
  }

  /** "Which unit is this old unit today": follows successions to units that were not reorganised again. */
  async currentUnitsOf(
    ctx: RequestContext,
    unitId: string,
  ): Promise<Array<{ unit: AdministrativeUnit; kind: SuccessionKind }>> {
    const unit = await this.get(ctx, unitId);
    const found = await currentSuccessorIds(ctx.em, unitId);
    if (!found.length) return unit.validTo === null ? [{ unit, kind: SuccessionKind.FULL }] : [];
    const units = await ctx.em.find(
      AdministrativeUnit,
      { id: { $in: found.map((f) => f.id) } },
      { orderBy: { code: 'asc' } },
    );
    const kinds = new Map(found.map((f) => [f.id, f.kind as SuccessionKind]));
    return units.map((u) => ({ unit: u, kind: kinds.get(u.id)! }));
  }

  async subtreeIds(ctx: RequestContext, unitId: string): Promise<string[]> {
    return descendantIds(ctx.em, [unitId]);
  }

  async create(ctx: RequestContext, input: UnitInput): Promise<AdministrativeUnit> {
    ctx.require(StaffPermissions.unitsManage);
    const parent = input.parentId ? await this.get(ctx, input.parentId) : null;
    if (parent) await ctx.requireIn(StaffPermissions.unitsManage, { unitId: parent.id, wholeUnit: true });
    else await ctx.requireIn(StaffPermissions.unitsManage, null);
    const unit = ctx.em.create(AdministrativeUnit, {
      code: input.code.trim(),
      name: input.name.trim(),
      type: input.type,
      level: UNIT_LEVEL[input.type],
      parent: parent ?? null,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
      path: '',
    });
    await this.validate(ctx, unit, parent);
    unit.path = `${parent?.path ?? '/'}${unit.id}/`;
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.unit.create',
      entityType: 'AdministrativeUnit',
      entityId: unit.id,
      unitId: unit.id,
      after: snapshot(unit),
    });
    invalidateScopes(ctx);
    return unit;
  }

  async update(
    ctx: RequestContext,
    id: string,
    input: Partial<UnitInput> & { version?: number },
  ): Promise<AdministrativeUnit> {
    const unit = await this.get(ctx, id);
    await ctx.requireIn(StaffPermissions.unitsManage, { unitId: unit.id, wholeUnit: true });
    if (input.version !== undefined && input.version !== unit.version)
      throw new ConflictError('This unit was changed by someone else; reload and try again');
    for (const field of ['code', 'name'] as const) {
      if (input[field] === null)
        throw new BadInputError(`A unit keeps its ${field}; give the new one`, { field });
    }
    // Every record is read before the unit changes: a read of a dirty unit would flush it unchecked.
    let parent = unit.parent ? await this.get(ctx, unit.parent.id) : null;
    const moving = input.parentId !== undefined && input.parentId !== (parent?.id ?? null);
    if (moving) {
      parent = input.parentId ? await this.get(ctx, input.parentId) : null;
      if (parent && parent.path.includes(`/${unit.id}/`))
        throw new BadInputError(`Moving ${unit.name} under ${parent.name} would make a cycle`);
      if (parent) await ctx.requireIn(StaffPermissions.unitsManage, { unitId: parent.id, wholeUnit: true });
    }
    const before = snapshot(unit);
    if (input.code !== undefined) unit.code = input.code.trim();
    if (input.name !== undefined) unit.name = input.name.trim();
    if (input.type !== undefined) {
      if (UNIT_LEVEL[input.type] !== unit.level)
        throw new BadInputError('A unit keeps its level; close it and open a new one instead');
      unit.type = input.type;
    }
    if (input.validFrom !== undefined) unit.validFrom = input.validFrom;
    if (input.validTo !== undefined) unit.validTo = input.validTo;
    if (moving)
      unit.parent = parent ? ctx.em.getReference(AdministrativeUnit, parent.id, { wrapped: true }) : null;
    // Validate before anything is written: a bad period or level is the caller's mistake, not a
    // constraint violation at flush.
    await this.validate(ctx, unit, parent);
    if (moving) {
      const oldPath = unit.path;
      unit.path = `${parent?.path ?? '/'}${unit.id}/`;
      await ctx.em.flush();
      await ctx.em.execute(
        `update staff_unit set path = ? || substr(path, ?) where path like ? and id <> ?`,
        [unit.path, oldPath.length + 1, `${oldPath}%`, unit.id],
      );
    }
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.unit.update',
      entityType: 'AdministrativeUnit',
      entityId: unit.id,
      unitId: unit.id,
      before,
      after: snapshot(unit),
    });
    invalidateScopes(ctx);
    return unit;
  }

  /** Checks code shape, level against parent, no district after the reform, the period within the parent's, and code uniqueness. */
  async validate(
    ctx: RequestContext,
    unit: AdministrativeUnit,
    parent: AdministrativeUnit | null,
  ): Promise<void> {
    const expected = CODE_LENGTH[unit.level as 1 | 2 | 3];
    if (!new RegExp(`^\\d{${expected}}$`).test(unit.code)) {
      throw new BadInputError(`A level-${unit.level} unit code has ${expected} digits, got "${unit.code}"`, {
        field: 'code',
      });
    }
    if (!unit.name) throw new BadInputError('The name must not be empty', { field: 'name' });
    for (const [field, day] of [
      ['validFrom', unit.validFrom],
      ['validTo', unit.validTo],
    ] as const) {
      if (day !== null && !DAY.test(day))
        throw new BadInputError(`${field} must be a date YYYY-MM-DD`, { field });
    }
    if (unit.validFrom && unit.validTo && unit.validTo <= unit.validFrom)
      throw new BadInputError('validTo must be after validFrom', { field: 'validTo' });
    requireNoDistrictAfterReform(unit);
    if (parent) {
      if (parent.level >= unit.level)
        throw new BadInputError(`A level-${unit.level} unit cannot sit under a level-${parent.level} unit`, {
          field: 'parentId',
        });
      if (!periodWithin(unit.validFrom, unit.validTo, parent.validFrom, parent.validTo)) {
        throw new BadInputError(
          `${unit.name} would outlive its parent ${parent.name} (valid ${parent.validFrom ?? '…'} to ${parent.validTo ?? '…'})`,
          { field: 'validTo' },
        );
      }
    } else if (unit.level !== 1) {
      // Districts and communes may hang directly under a province, never float free.
      throw new BadInputError('Only provinces may have no parent', { field: 'parentId' });
    }
    // No auto-flush here: the unit's pending changes are not valid yet.
    const children = await ctx.em.find(
      AdministrativeUnit,
      { parent: unit.id },
      { flushMode: FlushMode.COMMIT },
    );
    for (const child of children) {
      if (!periodWithin(child.validFrom, child.validTo, unit.validFrom, unit.validTo)) {
        throw new BadInputError(`${child.name} would outlive ${unit.name}; close or move it first`, {
          field: 'validTo',
        });
      }
    }
    const clash = await ctx.em.execute<Array<{ name: string }>>(
      `select name from staff_unit where code = ? and level = ? and id <> ?
         and daterange(coalesce(valid_from, '-infinity'::date), coalesce(valid_to, 'infinity'::date))
          && daterange(coalesce(?::date, '-infinity'::date), coalesce(?::date, 'infinity'::date)) limit 1`,
      [unit.code, unit.level, unit.id, unit.validFrom, unit.validTo],
    );
    if (clash.length)
      throw new ConflictError(
        `Code ${unit.code} is already used by ${clash[0].name} in an overlapping period`,
      );
  }
}

export function snapshot(unit: AdministrativeUnit): Record<string, unknown> {
  return {
    code: unit.code,
    name: unit.name,
    type: unit.type,
    parentId: unit.parent?.id ?? null,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
  };
}
