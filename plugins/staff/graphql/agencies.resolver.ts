import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { AgencyOrder } from '../list-orders';
import { ConnectionType, type RequestContext, KeysetPageArgs, type OrderInput } from '../../../src';
import { Agency, AgencyKind } from '../entities/agency.entity';
import { Department } from '../entities/department.entity';
import { OneStopCentre } from '../entities/one-stop-centre.entity';
import { Desk } from '../entities/desk.entity';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { StaffPermissions } from '../permissions';
import { agencies } from '../services';

@InputType()
class AgencyFilterInput {
  @Field(() => ID, { nullable: true }) unitId?: string;
  @Field(() => ID, { nullable: true, description: 'Agencies of this unit and every unit below it' })
  withinUnitId?: string;
  @Field(() => AgencyKind, { nullable: true }) kind?: AgencyKind;
  @Field({ nullable: true }) search?: string;
}

@InputType()
class CreateAgencyInput {
  @Field() name!: string;
  @Field(() => AgencyKind) kind!: AgencyKind;
  @Field() electronicId!: string;
  @Field(() => ID) unitId!: string;
  @Field(() => ID, { nullable: true }) parentAgencyId?: string;
  @Field(() => String, { nullable: true }) shortCode?: string;
  @Field(() => String, { nullable: true }) address?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) phone?: string;
}

@InputType()
class CreateDepartmentInput {
  @Field(() => ID) agencyId!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) code?: string;
}

@InputType()
class CreateOneStopCentreInput {
  @Field(() => ID) agencyId!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) address?: string;
}

@InputType()
class CreateDeskInput {
  @Field(() => ID) centreId!: string;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => [String], { nullable: true }) fields?: string[];
}

const AgencyConnection = ConnectionType(Agency);

@Resolver(() => Agency)
export class AgenciesResolver {
  @Query(() => AgencyConnection, { description: 'Public: agencies' })
  agencies(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => AgencyFilterInput, { nullable: true }) filter?: AgencyFilterInput,
    @Arg('orderBy', () => AgencyOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return agencies.list(ctx, filter ?? {}, page, orderBy);
  }

  @Query(() => Agency, { nullable: true })
  agency(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('electronicId', () => String, { nullable: true }) electronicId?: string,
  ) {
    if (id) return ctx.em.findOne(Agency, { id });
    if (electronicId) return agencies.byElectronicId(ctx, electronicId);
    return null;
  }

  @Authorized(StaffPermissions.agenciesManage)
  @Mutation(() => Agency)
  createAgency(@Ctx() ctx: RequestContext, @Arg('input', () => CreateAgencyInput) input: CreateAgencyInput) {
    return agencies.create(ctx, input);
  }

  @Authorized(StaffPermissions.agenciesManage)
  @Mutation(() => Department)
  createDepartment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateDepartmentInput) input: CreateDepartmentInput,
  ) {
    return agencies.createDepartment(ctx, input);
  }

  @Authorized(StaffPermissions.agenciesManage)
  @Mutation(() => OneStopCentre)
  createOneStopCentre(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateOneStopCentreInput) input: CreateOneStopCentreInput,
  ) {
    return agencies.createCentre(ctx, input);
  }

  @Authorized(StaffPermissions.agenciesManage)
  @Mutation(() => Desk)
  createDesk(@Ctx() ctx: RequestContext, @Arg('input', () => CreateDeskInput) input: CreateDeskInput) {
    return agencies.createDesk(ctx, input);
  }

  @FieldResolver(() => AdministrativeUnit)
  unit(@Root() agency: Agency) {
    return agency.unit.load();
  }

  @FieldResolver(() => Agency, { nullable: true })
  parentAgency(@Root() agency: Agency) {
    return agency.parentAgency?.load() ?? null;
  }

  @FieldResolver(() => [Department])
  departments(@Root() agency: Agency, @Ctx() ctx: RequestContext) {
    return ctx.em.find(Department, { agency: agency.id }, { orderBy: { name: 'asc' } });
  }

  @FieldResolver(() => [OneStopCentre])
  oneStopCentres(@Root() agency: Agency, @Ctx() ctx: RequestContext) {
    return ctx.em.find(OneStopCentre, { agency: agency.id }, { orderBy: { name: 'asc' } });
  }
}

@Resolver(() => Department)
export class DepartmentResolver {
  @FieldResolver(() => Agency)
  agency(@Root() department: Department) {
    return department.agency.load();
  }
}

@Resolver(() => OneStopCentre)
export class OneStopCentreResolver {
  @FieldResolver(() => Agency)
  agency(@Root() centre: OneStopCentre) {
    return centre.agency.load();
  }

  @FieldResolver(() => [Desk])
  desks(@Root() centre: OneStopCentre, @Ctx() ctx: RequestContext) {
    return ctx.em.find(Desk, { centre: centre.id }, { orderBy: { code: 'asc' } });
  }
}

@Resolver(() => Desk)
export class DeskResolver {
  @Query(() => Desk, { nullable: true })
  desk(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return ctx.em.findOne(Desk, { id });
  }

  @FieldResolver(() => OneStopCentre)
  centre(@Root() desk: Desk) {
    return desk.centre.load();
  }
}
