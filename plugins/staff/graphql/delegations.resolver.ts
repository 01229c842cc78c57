import { Arg, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../../src';
import { DelegationReach, RoleDelegation } from '../entities/role-delegation.entity';
import { StaffPermissions } from '../permissions';
import { delegations } from '../services/delegation';

@InputType()
class RoleDelegationInput {
  @Field({ description: 'A role holders of `role` may grant and revoke' }) grantableRole!: string;
  @Field(() => DelegationReach, { nullable: true, description: 'Default WITHIN_SCOPE' })
  reach?: DelegationReach;
}

@InputType()
class SetRoleDelegationsInput {
  @Field({ description: 'The role whose holders may grant' }) role!: string;
  @Field(() => [RoleDelegationInput], { description: 'Replaces the whole list (empty: grants nothing)' })
  delegations!: RoleDelegationInput[];
}

@ObjectType()
class SetRoleDelegationsPayload {
  @Field() role!: string;
  @Field(() => [RoleDelegation]) delegations!: RoleDelegation[];
}

@Resolver()
export class DelegationsResolver {
  @Authorized()
  @Query(() => [RoleDelegation], { description: 'Which roles may grant which (all, or those of one role)' })
  roleDelegations(@Ctx() ctx: RequestContext, @Arg('role', () => String, { nullable: true }) role?: string) {
    return delegations.list(ctx, role);
  }

  @Authorized(StaffPermissions.delegationsManage)
  @Mutation(() => SetRoleDelegationsPayload, {
    description: 'Sets which roles the holders of a role may grant (platform-wide administrators only)',
  })
  async setRoleDelegations(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetRoleDelegationsInput) input: SetRoleDelegationsInput,
  ) {
    return { role: input.role, delegations: await delegations.set(ctx, input.role, input.delegations) };
  }
}
