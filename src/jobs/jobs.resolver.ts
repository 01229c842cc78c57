import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import type { RequestContext } from '../context';
import {
  ConnectionType,
  defineSqlListOrder,
  KeysetPageArgs,
  OrderDirection,
  paginateKeysetSql,
  type OrderInput,
} from '../graphql/pagination';
import { NotFoundError } from '../errors';
import type { JobScopeFilter, JobState } from './job-queue';

export const JOBS_MANAGE = 'jobs.manage';

enum JobStateEnum {
  PENDING = 'pending',
  RUNNING = 'running',
  FAILED = 'failed',
}
registerEnumType(JobStateEnum, {
  name: 'JobState',
  description: 'FAILED: attempts used up, waiting for an admin',
});

@ObjectType({ description: 'A background job of the durable queue' })
class Job {
  @Field(() => ID) id!: string;
  @Field() task!: string;
  @Field(() => String, { nullable: true }) queue!: string | null;
  @Field(() => Date) runAt!: Date;
  @Field(() => Int) attempts!: number;
  @Field(() => Int) maxAttempts!: number;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Date) createdAt!: Date;
}

const JobConnection = ConnectionType(Job);

/** Newest first by when a job runs (the old list's order); created is when it was enqueued. */
const JobOrder = defineSqlListOrder(
  'JobOrder',
  { RUN_AT: ['j.run_at'], CREATED_AT: ['j.created_at'] },
  { field: 'RUN_AT', direction: OrderDirection.DESC },
  'Order of jobs',
  'j.id',
);

@InputType({ description: 'Which jobs to list; every field is optional and they combine with AND' })
class JobFilterInput {
  @Field(() => JobStateEnum, { nullable: true, description: 'Jobs in this state; omitted: every state' })
  state?: JobStateEnum | null;
  @Field(() => String, { nullable: true, description: 'Task name prefix, e.g. "staff."' })
  task?: string | null;
}

@InputType()
class RetryJobsInput {
  @Field(() => [ID]) ids!: string[];
}

@ObjectType()
class RetryJobsPayload {
  @Field(() => Int) rescheduled!: number;
}

/**
 * Which jobs the user may see and re-run: all with a platform-wide scope; otherwise only jobs that
 * carry a scope (the units and agencies they are about, e.g. an official's Keycloak sync) within the
 * user's `jobs.manage` scope. Jobs without a scope (platform mail, a reconcile over every official)
 * may name people of any commune in their errors, so they stay platform-wide.
 */
async function visibleJobs(ctx: RequestContext): Promise<JobScopeFilter> {
  ctx.require(JOBS_MANAGE);
  const filter = await ctx.scopeFilter(JOBS_MANAGE);
  return filter === 'all' ? 'all' : { unitIds: filter.unitIds, agencyIds: filter.agencyIds };
}

@Resolver()
export class JobsResolver {
  @Authorized(JOBS_MANAGE)
  @Query(() => JobConnection, {
    description:
      'Jobs: all for a platform-wide admin, else those of their scope. Default order RUN_AT DESC (the latest due first)',
  })
  async jobs(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => JobFilterInput, { nullable: true }) filter: JobFilterInput | undefined,
    @Arg('orderBy', () => JobOrder.input, { nullable: true }) orderBy: OrderInput | undefined,
    @Args() page: KeysetPageArgs,
  ) {
    const scope = await visibleJobs(ctx);
    return paginateKeysetSql(
      ctx.em,
      ctx.app.jobs.listQuery((filter?.state as JobState | null) ?? null, filter?.task ?? undefined, scope),
      page,
      JobOrder.resolve(orderBy),
      ctx.config.graphql.maxPageSize,
      (ids) => ctx.app.jobs.byIds(ids),
    );
  }

  @Authorized(JOBS_MANAGE)
  @Mutation(() => RetryJobsPayload, { description: 'Re-runs failed jobs now, with a fresh set of attempts' })
  async retryJobs(@Ctx() ctx: RequestContext, @Arg('input', () => RetryJobsInput) input: RetryJobsInput) {
    const scope = await visibleJobs(ctx);
    if (scope !== 'all') {
      const visible = new Set(await ctx.app.jobs.idsInScope(input.ids, scope));
      const hidden = input.ids.find((id) => !visible.has(id));
      if (hidden) throw new NotFoundError({ vi: 'tác vụ', en: 'Job' }, hidden);
    }
    const rescheduled = await ctx.app.jobs.retry(input.ids);
    ctx.audit({ action: 'core.jobs.retry', entityType: 'Job', after: { ids: input.ids } });
    return { rescheduled };
  }
}
