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
import { ForbiddenError } from '../errors';
import type { JobState } from './job-queue';

export const JOBS_MANAGE = 'jobs.manage';

enum JobStateEnum {
  pending = 'pending',
  running = 'running',
  failed = 'failed',
}
registerEnumType(JobStateEnum, {
  name: 'JobState',
  description: 'failed: attempts used up, waiting for an admin',
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
 * Jobs belong to no administrative unit (their errors may name officials and addresses of any
 * commune), so seeing and re-running them takes the permission with a platform-wide scope: an IT
 * admin of one commune holds jobs.manage through their role but must not see the whole platform's queue.
 */
async function requirePlatformWide(ctx: RequestContext): Promise<void> {
  ctx.require(JOBS_MANAGE);
  if (!(await ctx.can(JOBS_MANAGE, null)))
    throw new ForbiddenError(
      'Background jobs are platform-wide: only a platform-wide administrator may see or re-run them',
    );
}

@Resolver()
export class JobsResolver {
  @Authorized(JOBS_MANAGE)
  @Query(() => [Job], { description: 'Jobs by state, newest first (at most 200)' })
  async jobs(
    @Ctx() ctx: RequestContext,
    @Arg('state', () => JobStateEnum) state: JobStateEnum,
    @Arg('task', () => String, { nullable: true, description: 'Task name prefix, e.g. "staff."' })
    task?: string,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
  ) {
    await requirePlatformWide(ctx);
    return ctx.app.jobs.list(state as JobState, Math.min(Math.max(limit, 1), 200), task ?? undefined);
  }

  @Authorized(JOBS_MANAGE)
  @Mutation(() => RetryJobsPayload, { description: 'Re-runs failed jobs now, with a fresh set of attempts' })
  async retryJobs(@Ctx() ctx: RequestContext, @Arg('input', () => RetryJobsInput) input: RetryJobsInput) {
    await requirePlatformWide(ctx);
    const rescheduled = await ctx.app.jobs.retry(input.ids);
    ctx.audit({ action: 'core.jobs.retry', entityType: 'Job', after: { ids: input.ids } });
    return { rescheduled };
  }
}
