import type { FilterQuery } from '@mikro-orm/core';
import { AgencyOrder } from '../list-orders';
import {
  BadInputError,
  NotFoundError,
  requireId,
  type RequestContext,
  KeysetPageArgs,
  paginateKeyset,
  type OrderInput,
} from '../../../src';
import { Agency, AgencyKind } from '../entities/agency.entity';
import { Department } from '../entities/department.entity';
import { OneStopCentre } from '../entities/one-stop-centre.entity';
import { Desk } from '../entities/desk.entity';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { StaffPermissions } from '../permissions';
import { idsContaining } from './search';
import { StaffRecords } from '../errors';

/** QCVN 102:2016 agency code: four dot-separated groups, e.g. 000.00.12.H22 or G22.16.03.H01. */
export const ELECTRONIC_ID = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$/;

export interface AgencyInput {
  name: string;
  kind: AgencyKind;
  electronicId: string;
  unitId: string;
  parentAgencyId?: string | null;
  shortCode?: string | null;
  address?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface AgencyFilter {
  unitId?: string;
  withinUnitId?: string;
  kind?: AgencyKind;
  search?: string;
}

/** Agencies and their structure: departments, one-stop centres, desks. Public to read. */
export class AgenciesService {
  async get(ctx: RequestContext, id: string): Promise<Agency> {
    const agency = await ctx.em.findOne(Agency, { id });
    if (!agency) throw new NotFoundError(StaffRecords.agency, id);
    return agency;
  }

  async byElectronicId(ctx: RequestContext, electronicId: string): Promise<Agency | null> {
    return ctx.em.findOne(Agency, { electronicId });
  }

  async list(ctx: RequestContext, filter: AgencyFilter, page: KeysetPageArgs, orderBy?: OrderInput | null) {
    const and: FilterQuery<Agency>[] = [];
    if (filter.unitId) and.push({ unit: requireId(filter.unitId, 'unitId') });
    if (filter.kind) and.push({ kind: filter.kind });
    if (filter.withinUnitId) {
      const rootId = requireId(filter.withinUnitId, 'withinUnitId');
      const root = await ctx.em.findOne(AdministrativeUnit, { id: rootId });
      if (!root) throw new NotFoundError(StaffRecords.unit, rootId);
      // With `unitId` too, both hold (the unit must lie within the root).
      and.push({ unit: { path: { $like: `${root.path}%` } } });
    }
    if (filter.search) {
      and.push({ id: { $in: await idsContaining(ctx, 'staff_agency', filter.search) } });
    }
    return paginateKeyset(
      ctx.em,
      Agency,
      and.length ? { $and: and } : {},
      page,
      AgencyOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
    );
  }

  async create(ctx: RequestContext, input: AgencyInput): Promise<Agency> {
    await ctx.requireIn(StaffPermissions.agenciesManage, { unitId: input.unitId, wholeUnit: true });
    const unit = await ctx.em.findOne(AdministrativeUnit, { id: input.unitId });
    if (!unit) throw new NotFoundError(StaffRecords.unit, input.unitId);
    const electronicId = input.electronicId.trim().toUpperCase();
    if (!ELECTRONIC_ID.test(electronicId))
      throw new BadInputError(`"${input.electronicId}" is not an electronic identifier like 000.00.12.H22`, {
        field: 'electronicId',
      });
    const agency = ctx.em.create(Agency, {
      name: input.name.trim(),
      kind: input.kind,
      electronicId,
      unit,
      parentAgency: input.parentAgencyId ? await this.get(ctx, input.parentAgencyId) : null,
      shortCode: input.shortCode ?? null,
      address: input.address ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
    });
    if (!agency.name) throw new BadInputError('The name must not be empty', { field: 'name' });
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.agency.create',
      entityType: 'Agency',
      entityId: agency.id,
      unitId: unit.id,
      agencyId: agency.id,
      after: { ...input, electronicId },
    });
    return agency;
  }

  async createDepartment(
    ctx: RequestContext,
    input: { agencyId: string; name: string; code?: string | null },
  ): Promise<Department> {
    const agency = await this.get(ctx, input.agencyId);
    await ctx.requireIn(StaffPermissions.agenciesManage, { unitId: agency.unit.id, agencyId: agency.id });
    if (!input.name.trim()) throw new BadInputError('The name must not be empty', { field: 'name' });
    const department = ctx.em.create(Department, {
      agency,
      name: input.name.trim(),
      code: input.code ?? null,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.department.create',
      entityType: 'Department',
      entityId: department.id,
      unitId: agency.unit.id,
      agencyId: agency.id,
      after: input,
    });
    return department;
  }

  async createCentre(
    ctx: RequestContext,
    input: { agencyId: string; name: string; address?: string | null },
  ): Promise<OneStopCentre> {
    const agency = await this.get(ctx, input.agencyId);
    await ctx.requireIn(StaffPermissions.agenciesManage, { unitId: agency.unit.id, agencyId: agency.id });
    if (!input.name.trim()) throw new BadInputError('The name must not be empty', { field: 'name' });
    const centre = ctx.em.create(OneStopCentre, {
      agency,
      name: input.name.trim(),
      address: input.address ?? null,
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.centre.create',
      entityType: 'OneStopCentre',
      entityId: centre.id,
      unitId: agency.unit.id,
      agencyId: agency.id,
      after: input,
    });
    return centre;
  }

  async createDesk(
    ctx: RequestContext,
    input: { centreId: string; code: string; name: string; fields?: string[] },
  ): Promise<Desk> {
    const centre = await ctx.em.findOne(OneStopCentre, { id: input.centreId }, { populate: ['agency'] });
    if (!centre) throw new NotFoundError(StaffRecords.centre, input.centreId);
    await ctx.requireIn(StaffPermissions.agenciesManage, {
      unitId: centre.agency.getEntity().unit.id,
      agencyId: centre.agency.id,
    });
    if (!input.code.trim()) throw new BadInputError('The code must not be empty', { field: 'code' });
    if (!input.name.trim()) throw new BadInputError('The name must not be empty', { field: 'name' });
    const desk = ctx.em.create(Desk, {
      centre,
      code: input.code.trim(),
      name: input.name.trim(),
      fields: input.fields ?? [],
    });
    await ctx.em.flush();
    ctx.audit({
      action: 'staff.desk.create',
      entityType: 'Desk',
      entityId: desk.id,
      unitId: centre.agency.getEntity().unit.id,
      agencyId: centre.agency.id,
      after: input,
    });
    return desk;
  }
}
