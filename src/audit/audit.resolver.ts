import {
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Query,
  Resolver,
  Arg,
  Root,
} from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { AuditOrder } from './audit-order';
import type { RequestContext } from '../context';
import { ConnectionType, KeysetPageArgs, type OrderInput } from '../graphql/pagination';
import { AuditEntry } from './audit-entry.entity';
import { AUDIT_READ } from './audit.service';

@InputType()
class AuditFilterInput {
  @Field({ nullable: true }) entityType?: string;
  @Field(() => ID, { nullable: true }) entityId?: string;
  @Field({ nullable: true }) actorSubject?: string;
  @Field({ nullable: true }) action?: string;
  @Field(() => Date, { nullable: true }) from?: Date;
  @Field(() => Date, { nullable: true }) to?: Date;
}

const AuditEntryConnection = ConnectionType(AuditEntry);

@Resolver()
export class AuditResolver {
  @Authorized(AUDIT_READ)
  @Query(() => AuditEntryConnection, { description: 'The audit trail, newest first, within your scope' })
  auditTrail(
    @Ctx() ctx: RequestContext,
    @Args() page: KeysetPageArgs,
    @Arg('filter', () => AuditFilterInput, { nullable: true }) filter?: AuditFilterInput,
    @Arg('orderBy', () => AuditOrder.input, { nullable: true }) orderBy?: OrderInput | null,
  ) {
    return ctx.app.audit.list(ctx, filter ?? {}, page, orderBy);
  }
}

/** Values of an entry, masked where the record itself is hidden from the reader (AuditMask). */
@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Values before the change; "[masked]" where the record is hidden from you',
  })
  before(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext) {
    return ctx.app.audit.valuesFor(ctx, entry, 'before');
  }

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Values after the change; "[masked]" where the record is hidden from you',
  })
  after(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext) {
    return ctx.app.audit.valuesFor(ctx, entry, 'after');
  }
}
