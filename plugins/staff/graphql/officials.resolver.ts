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
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { OfficialOrder } from '../list-orders';
import {
  ConnectionType,
  DateScalar,
  type RequestContext,
  KeysetPageArgs,
  Me,
  DeletePayload,
  deleted,
  type OrderInput,
} from '../../../src';
import { Official, OfficialStatus, Position } from '../entities/official.entity';
import { Assignment } from '../entities/assignment.entity';
import { RoleAssignment } from '../entities/role-assignment.entity';
import { Agency } from '../entities/agency.entity';
import { Department } from '../entities/department.entity';
import { Desk } from '../entities/desk.entity';
import { AdministrativeUnit } from '../entities/administrative-unit.entity';
import { StaffPermissions } from '../permissions';
import { officials } from '../services';
import { currentAssignmentIds } from '../services/postings';

@InputType()
class PostingInput {
  @Field(() => ID) agencyId!: string;
  @Field(() => ID, { nullable: true }) departmentId?: string;
  @Field(() => ID, { nullable: true }) deskId?: string;
  @Field({ nullable: true }) primary?: boolean;
  @Field(() => DateScalar, { nullable: true }) startsOn?: string;
}

@InputType()
class RoleGrantInput {
  @Field({ description: 'Keycloak realm role, e.g. leader' }) role!: string;
  @Field(() => ID, { nullable: true, description: 'Scope: this unit and its sub-units' }) unitId?: string;
  @Field(() => ID, { nullable: true, description: "Scope: this agency's unit and its sub-units" })
  agencyId?: string;
}

@InputType()
class CreateOfficialInput {
  @Field() fullName!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Default: given name + initials without diacritics (hungnv), numbered on collision',
  })
  username?: string;
  @Field(() => Position) position!: Position;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) personalEmail?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => DateScalar, { nullable: true }) joinedOn?: string;
  @Field(() => [PostingInput]) postings!: PostingInput[];
  @Field(() => [RoleGrantInput], { nullable: true }) roles?: RoleGrantInput[];
}

@InputType()
class UpdateOfficialInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) version?: number;
  @Field({ nullable: true }) fullName?: string;
  @Field({ nullable: true }) username?: string;
  @Field(() => Position, { nullable: true }) position?: Position;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) personalEmail?: string;
  @Field(() => String, { nullable: true }) phone?: string;
}

@InputType()
class SetPostingsInput {
  @Field(() => ID) officialId!: string;
  @Field(() => [PostingInput]) postings!: PostingInput[];
}

@InputType()
class GrantRoleInput extends RoleGrantInput {
  @Field(() => ID) officialId!: string;
}

@InputType()
class RevokeRoleInput {
  @Field(() => ID) roleAssignmentId!: string;
}

@InputType()
class ChangeOfficialStatusInput {
  @Field(() => ID) officialId!: string;
  @Field(() => DateScalar, { nullable: true, description: 'Day it takes effect (leaving); default today' })
  on?: string;
}

@InputType()
class OfficialFilterInput {
  @Field(() => ID, { nullable: true }) agencyId?: string;
  @Field(() => ID, { nullable: true, description: 'Officials posted in this unit or below' }) unitId?: string;
  @Field(() => OfficialStatus, { nullable: true }) status?: OfficialStatus;
  @Field(() => Position, { nullable: true }) position?: Position;
  @Field({ nullable: true }) search?: string;
}

const OfficialConnection = ConnectionType(Official);

@Resolver(() => Official)
export class OfficialsResolver {
  @Authorized(StaffPermissions.officialsRead)
  @Query(() => OfficialConnection, { description: 'Officials posted in units within your scope' })
  officials(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => OfficialFilterInput, { nullable: true }) filter?: OfficialFilterInput,
    @Arg('orderBy', () => OfficialOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return officials.list(ctx, filter ?? {}, page, orderBy);
  }

  @Authorized(StaffPermissions.officialsRead)
  @Query(() => Official, { nullable: true })
  async official(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return officials.get(ctx, id);
  }

  @Authorized(StaffPermissions.officialsManage)
  @Mutation(() => Official)
  createOfficial(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateOfficialInput) input: CreateOfficialInput,
  ) {
    return officials.create(ctx, input);
  }

  @Authorized(StaffPermissions.officialsManage)
  @Mutation(() => Official)
  updateOfficial(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateOfficialInput) input: UpdateOfficialInput,
  ) {
    const { id, ...changes } = input;
    return officials.update(ctx, id, changes);
  }

  @Authorized(StaffPermissions.officialsManage)
  @Mutation(() => Official, { description: 'Moves an official: ends current postings and starts these' })
  setOfficialPostings(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetPostingsInput) input: SetPostingsInput,
  ) {
    return officials.setPostings(ctx, input.officialId, input.postings);
  }

  @Authorized()
  @Mutation(() => RoleAssignment, {
    description: "Grants a role over a unit or an agency: allowed by the granter's role delegations",
  })
  grantRole(@Ctx() ctx: RequestContext, @Arg('input', () => GrantRoleInput) input: GrantRoleInput) {
    const { officialId, ...grant } = input;
    return officials.grantRole(ctx, officialId, grant);
  }

  @Authorized()
  @Mutation(() => DeletePayload, { description: 'Revokes a role: allowed to whoever may grant it there' })
  async revokeRole(@Ctx() ctx: RequestContext, @Arg('input', () => RevokeRoleInput) input: RevokeRoleInput) {
    await officials.revokeRole(ctx, input.roleAssignmentId);
    return deleted(input.roleAssignmentId);
  }

  @Authorized(StaffPermissions.officialsManage)
  @Mutation(() => Official, { description: 'Suspends the official and disables their accounts' })
  suspendOfficial(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ChangeOfficialStatusInput) input: ChangeOfficialStatusInput,
  ) {
    return officials.changeStatus(ctx, input.officialId, OfficialStatus.SUSPENDED);
  }

  @Authorized(StaffPermissions.officialsManage)
  @Mutation(() => Official)
  reinstateOfficial(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ChangeOfficialStatusInput) input: ChangeOfficialStatusInput,
  ) {
    return officials.changeStatus(ctx, input.officialId, OfficialStatus.ACTIVE);
  }

  @Authorized(StaffPermissions.officialsManage)
  @Mutation(() => Official, {
    description: 'Records that the official left: postings end, accounts are disabled',
  })
  markOfficialLeft(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ChangeOfficialStatusInput) input: ChangeOfficialStatusInput,
  ) {
    return officials.changeStatus(ctx, input.officialId, OfficialStatus.LEFT, input.on);
  }

  @FieldResolver(() => [Assignment], {
    description: 'Postings (as setOfficialPostings writes them): the current ones by default, primary first',
  })
  async postings(
    @Root() official: Official,
    @Ctx() ctx: RequestContext,
    @Arg('current', { defaultValue: true }) current: boolean,
  ) {
    const where = current
      ? { id: { $in: await currentAssignmentIds(ctx.em, official.id) } }
      : { official: official.id };
    return ctx.em.find(Assignment, where, { orderBy: { primary: 'desc', startsOn: 'desc' } });
  }

  @FieldResolver(() => [RoleAssignment])
  roleAssignments(@Root() official: Official, @Ctx() ctx: RequestContext) {
    return ctx.em.find(RoleAssignment, { official: official.id }, { orderBy: { role: 'asc' } });
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  @FieldResolver(() => Agency)
  agency(@Root() a: Assignment) {
    return a.agency.load();
  }

  @FieldResolver(() => Department, { nullable: true })
  department(@Root() a: Assignment) {
    return a.department?.load() ?? null;
  }

  @FieldResolver(() => Desk, { nullable: true })
  desk(@Root() a: Assignment) {
    return a.desk?.load() ?? null;
  }
}

@Resolver(() => RoleAssignment)
export class RoleAssignmentResolver {
  @FieldResolver(() => AdministrativeUnit, { nullable: true })
  unit(@Root() r: RoleAssignment) {
    return r.unit?.load() ?? null;
  }

  @FieldResolver(() => Agency, { nullable: true })
  agency(@Root() r: RoleAssignment) {
    return r.agency?.load() ?? null;
  }
}

/** `me { official }`: the signed-in user's official record, from staff's directory. */
@Resolver(() => Me)
export class MeOfficialResolver {
  @FieldResolver(() => Official, {
    nullable: true,
    description: 'The official record of the signed-in user, with their postings; null when they have none',
  })
  official(@Ctx() ctx: RequestContext): Promise<Official | null> {
    return officials.me(ctx);
  }
}
