import {
  Arg,
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
  @Query(() => [Job], {
    description:
      'Jobs by state, newest first (at most 200): all for a platform-wide admin, else those of their scope',
  })
  async jobs(
    @Ctx() ctx: RequestContext,
    @Arg('state', () => JobStateEnum) state: JobStateEnum,
    @Arg('task', () => String, { nullable: true, description: 'Task name prefix, e.g. "staff."' })
    task?: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
  ) {
    const scope = await visibleJobs(ctx);
    return ctx.app.jobs.list(state as JobState, Math.min(Math.max(limit, 1), 200), task ?? undefined, scope);
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
