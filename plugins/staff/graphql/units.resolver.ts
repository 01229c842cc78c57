import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { UnitOrder } from '../list-orders';
import {
  ConnectionType,
  type RequestContext,
  DateScalar,
  KeysetPageArgs,
  type OrderInput,
} from '../../../src';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { UnitSuccession, SuccessionKind } from '../entities/unit-succession.entity';
import { UnitType } from '../entities/unit-type';
import { StaffPermissions } from '../permissions';
import { units } from '../services';

@InputType()
class UnitFilterInput {
  @Field(() => ID, { nullable: true }) parentId?: string;
  @Field(() => ID, { nullable: true, description: 'Subtree root (included)' }) withinId?: string;
  @Field(() => UnitType, { nullable: true }) type?: UnitType;
  @Field(() => Int, { nullable: true }) level?: number;
  @Field({ nullable: true }) code?: string;
  @Field(() => DateScalar, { nullable: true, description: 'Only units valid on this day, YYYY-MM-DD' })
  validOn?: string;
  @Field({ nullable: true, description: 'Name contains (diacritics and case ignored)' }) search?: string;
}

@InputType()
class CreateUnitInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => UnitType) type!: UnitType;
  @Field(() => ID, { nullable: true }) parentId?: string;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
}

@InputType()
class UpdateUnitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true, description: 'Version read; a stale one fails with CONFLICT' })
  version?: number;
  @Field({ nullable: true }) code?: string;
  @Field({ nullable: true }) name?: string;
  @Field(() => UnitType, { nullable: true }) type?: UnitType;
  @Field(() => ID, { nullable: true }) parentId?: string;
  @Field(() => DateScalar, { nullable: true }) validFrom?: string | null;
  @Field(() => DateScalar, { nullable: true }) validTo?: string | null;
}

@ObjectType({ description: 'A unit another unit became, and whether it took all of it' })
class CurrentUnit {
  @Field(() => AdministrativeUnit) unit!: AdministrativeUnit;
  @Field(() => SuccessionKind) kind!: SuccessionKind;
}

const UnitConnection = ConnectionType(AdministrativeUnit, 'AdministrativeUnit');

@Resolver(() => AdministrativeUnit)
export class UnitsResolver {
  @Query(() => UnitConnection, { description: 'Public: administrative units' })
  administrativeUnits(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => UnitFilterInput, { nullable: true }) filter?: UnitFilterInput,
    @Arg('orderBy', () => UnitOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return units.list(ctx, filter ?? {}, page, orderBy);
  }

  @Query(() => AdministrativeUnit, { nullable: true })
  administrativeUnit(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return ctx.em.findOne(AdministrativeUnit, { id });
  }

  @Query(() => AdministrativeUnit, {
    nullable: true,
    description: 'The unit with this GSO code on a day (default today)',
  })
  administrativeUnitByCode(
    @Ctx() ctx: RequestContext,
    @Arg('code') code: string,
    @Arg('validOn', () => DateScalar, { nullable: true }) validOn?: string,
  ) {
    return units.byCode(ctx, code, validOn ?? undefined);
  }

  @Query(() => [CurrentUnit], {
    description: '"Which unit is this old unit today": follows reorganisations forward',
  })
  currentUnitsOf(@Ctx() ctx: RequestContext, @Arg('unitId', () => ID) unitId: string) {
    return units.currentUnitsOf(ctx, unitId);
  }

  @Authorized(StaffPermissions.unitsManage)
  @Mutation(() => AdministrativeUnit)
  createAdministrativeUnit(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateUnitInput) input: CreateUnitInput,
  ) {
    return units.create(ctx, input);
  }

  @Authorized(StaffPermissions.unitsManage)
  @Mutation(() => AdministrativeUnit)
  updateAdministrativeUnit(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateUnitInput) input: UpdateUnitInput,
  ) {
    const { id, ...changes } = input;
    return units.update(ctx, id, changes);
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true })
  parent(@Root() unit: AdministrativeUnit) {
    return unit.parent?.load() ?? null;
  }

  @FieldResolver(() => [AdministrativeUnit])
  children(@Root() unit: AdministrativeUnit, @Ctx() ctx: RequestContext) {
    return units.children(ctx, unit);
  }

  @FieldResolver(() => [UnitSuccession], { description: 'Units this one went into' })
  successors(@Root() unit: AdministrativeUnit, @Ctx() ctx: RequestContext) {
    return units.successions(ctx, unit, 'successors');
  }

  @FieldResolver(() => [UnitSuccession], { description: 'Units this one was formed from' })
  predecessors(@Root() unit: AdministrativeUnit, @Ctx() ctx: RequestContext) {
    return units.successions(ctx, unit, 'predecessors');
  }
}

@Resolver(() => UnitSuccession)
export class UnitSuccessionResolver {
  @FieldResolver(() => AdministrativeUnit)
  predecessor(@Root() s: UnitSuccession) {
    return s.predecessor.load();
  }

  @FieldResolver(() => AdministrativeUnit)
  successor(@Root() s: UnitSuccession) {
    return s.successor.load();
  }
}
