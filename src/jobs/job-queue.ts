import { EventEmitter } from 'node:events';
import { Pool } from 'pg';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  Runner,
  TaskList,
  makeWorkerUtils,
  parseCronItems,
  run,
  runMigrations,
  runOnce,
  WorkerUtils,
  Logger as WorkerLogger,
  type WorkerEvents,
} from 'graphile-worker';
import { withoutRowValues, type Logger } from '../logging';
import type { JobDefinition } from './job';
import type { RequestContext } from '../context';
import { BadInputError } from '../errors';
import { escapeLike, pgArray } from '../db/sql';
import { traceJob } from '../tracing/hooks';

export interface EnqueueOptions {
  runAt?: Date;
  /** Deduplicates: a pending job with the same key is replaced instead of added. */
  jobKey?: string;
  maxAttempts?: number;
  priority?: number;
  /**
   * Whom the job is about (the units and agencies of the official, the dossier…): an admin whose
   * `jobs.manage` is scoped sees and re-runs the jobs whose scope they cover. Without it, the job is
   * platform-wide (only a platform-wide admin sees it). Kept in the payload as `_scope`.
   */
  scope?: JobScope;
}

export interface JobScope {
  unitIds: string[];
  agencyIds: string[];
}

/** Which jobs a list may show: all, or those whose scope touches these units or agencies. */
export type JobScopeFilter = 'all' | { unitIds: string[]; agencyIds: string[] };

export interface JobRecord {
  id: string;
  task: string;
  queue: string | null;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  lockedAt: Date | null;
  createdAt: Date;
  /** The job key (one pending job per key), e.g. `staff.keycloak-sync-official:<official id>`. */
  key: string | null;
}

export type JobState = 'pending' | 'running' | 'failed';

/** A run's time limit when neither the job nor JOBS_TIMEOUT_MS sets one. */
export const DEFAULT_JOB_TIMEOUT_MS = 5 * 60_000;

/** A run that outlived its time limit. */
export class JobTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the job ran longer than its time limit of ${timeoutMs} ms and was abandoned`);
    this.name = 'JobTimeoutError';
  }
}

/**
 * Runs `work`, failing with JobTimeoutError after `timeoutMs` and aborting the signal it was given.
 * A hung handler (an outside system that never answers) thus frees its worker slot and is retried,
 * instead of holding the slot until the process restarts.
 */
export async function runWithTimeLimit(
  timeoutMs: number,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Jobs without a pool share the default pool's slots (JOBS_CONCURRENCY). */
export const DEFAULT_POOL = 'default';

interface RunnerSpec {
  pool: string;
  concurrency: number;
  pollInterval: number;
  definitions: JobDefinition[];
  cron: JobDefinition[];
}

/**
 * The durable job queue: graphile-worker in the platform's PostgreSQL. Jobs are added with SQL
 * in the caller's transaction, so a job exists exactly when the change that caused it commits.
 * Failed runs are retried with graphile-worker's exponential backoff; a job that used up its
 * attempts stays in the table, visible to admins, until it is re-run or removed.
 */
export class JobQueue {
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly runners = new Map<string, Runner>();
  private readonly restarts = new Set<NodeJS.Timeout>();
  private stopping = false;
  private utils?: WorkerUtils;
  private pool?: Pool;
  /** Ids of this process's workers, to release their jobs if they outlive the shutdown grace. */
  private readonly workerIds = new Set<string>();
  /** graphile-worker's events (job started, failed, ...), for metrics and shutdown. */
  readonly events: WorkerEvents = new EventEmitter() as WorkerEvents;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    private readonly contextFactory: (em: EntityManager, jobId: string) => RequestContext,
    private readonly orm: MikroORM,
    private readonly options: { poolMax?: number; timeoutMs?: number } = {},
  ) {
    this.events.on('worker:create', ({ worker }) => this.workerIds.add(worker.workerId));
  }

  /** The worker's own pool (not the ORM's): sized by JOBS_POOL_MAX, measured by the metrics. */
  get pgPool(): Pool {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.connectionString,
        max: this.options.poolMax ?? 10,
        application_name: 'platform-jobs',
      });
      // An idle client's error (the server restarting) is reported, not thrown at the process.
      this.pool.on('error', (error) => this.logger.warn({ err: error }, 'job worker connection lost'));
    }
    return this.pool;
  }

  /** The worker's pool if it is open (metrics read it without opening one). */
  get openPool(): Pool | undefined {
    return this.pool;
  }

  register(definition: JobDefinition): void {
    if (this.definitions.has(definition.name))
      throw new Error(`Job "${definition.name}" is registered twice`);
    this.definitions.set(definition.name, definition);
  }

  get names(): string[] {
    return [...this.definitions.keys()];
  }

  async migrate(): Promise<void> {
    await runMigrations({ pgPool: this.pgPool, logger: this.workerLogger() });
    this.utils = await makeWorkerUtils({ pgPool: this.pgPool, logger: this.workerLogger() });
  }

  async enqueue(
    em: EntityManager,
    name: string,
    payload: object,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`No job named "${name}" is registered`);
    await em.execute(
      `select graphile_worker.add_job(?, ?::json, queue_name => ?, run_at => ?::timestamptz, max_attempts => ?, job_key => ?, priority => ?)`,
      [
        name,
        JSON.stringify(options.scope ? { ...payload, _scope: options.scope } : payload),
        definition.queue ?? null,
        options.runAt?.toISOString() ?? null,
        options.maxAttempts ?? definition.maxAttempts ?? 10,
        options.jobKey ?? null,
        options.priority ?? null,
      ],
    );
  }

  /**
   * Starts polling for jobs and scheduling recurring ones: one graphile-worker runner per worker pool
   * (JobDefinition.pool), each with its own slots, so jobs waiting on a slow outside system (a mail
   * server that hangs, a camera that never answers) hold only their own pool's slots. The default
   * pool has `concurrency` slots, every named pool `poolConcurrency`. The recurring schedule runs in
   * the default pool's runner; the jobs it adds are taken by whichever pool owns their task.
   *
   * A runner that stops on an error (its cron timer failing to reach the database at the top of a
   * minute, its connection pool lost) is started again with a growing delay (1 s up to 30 s) until
   * stop() is called: a database outage is survived, never a reason for the process to exit.
   */
  async start(concurrency: number, pollInterval: number, poolConcurrency = 2): Promise<void> {
    this.stopping = false;
    const pools = new Map<string, JobDefinition[]>();
    for (const definition of this.definitions.values()) {
      const pool = definition.pool ?? DEFAULT_POOL;
      pools.set(pool, [...(pools.get(pool) ?? []), definition]);
    }
    if (!pools.has(DEFAULT_POOL)) pools.set(DEFAULT_POOL, []);
    const cron = [...this.definitions.values()].filter((d) => d.schedule);
    for (const [pool, definitions] of pools) {
      await this.startRunner(
        {
          pool,
          concurrency: pool === DEFAULT_POOL ? concurrency : poolConcurrency,
          pollInterval,
          definitions,
          cron: pool === DEFAULT_POOL ? cron : [],
        },
        true,
      );
    }
  }

  /** Runners currently up, by pool (tests and health). */
  get runningPools(): string[] {
    return [...this.runners.keys()].sort();
  }

  private async startRunner(spec: RunnerSpec, first: boolean, attempt = 0): Promise<void> {
    if (this.stopping) return;
    let runner: Runner;
    try {
      runner = await run({
        // The shared pool outlives a runner: graphile-worker never ends a pool it was given.
        pgPool: this.pgPool,
        events: this.events,
        concurrency: spec.concurrency,
        pollInterval: spec.pollInterval,
        noHandleSignals: true,
        taskList: this.taskList(spec.definitions),
        logger: this.workerLogger(),
        parsedCronItems: parseCronItems(
          spec.cron.map((d) => ({
            task: d.name,
            match: d.schedule!,
            identifier: d.name,
            // Scheduled runs keep the definition's queue (one at a time) and attempts; the job key keeps at
            // most one run waiting, so a round slower than its schedule does not pile runs up behind it.
            options: {
              backfillPeriod: 0,
              queueName: d.queue,
              maxAttempts: d.maxAttempts ?? 10,
              jobKey: d.name,
            },
          })),
        ),
      });
    } catch (error) {
      // At start-up the caller sees the error (the app does not boot on an unreachable database).
      if (first) throw error;
      this.restartLater(spec, attempt, error);
      return;
    }
    if (this.stopping) {
      await runner.stop().catch(() => {});
      return;
    }
    this.runners.set(spec.pool, runner);
    if (!first) this.logger.warn({ pool: spec.pool }, 'job runner started again');
    runner.promise.then(
      () => this.runnerEnded(spec, runner, null),
      (error: unknown) => this.runnerEnded(spec, runner, error),
    );
  }

  private runnerEnded(spec: RunnerSpec, runner: Runner, error: unknown): void {
    if (this.runners.get(spec.pool) === runner) this.runners.delete(spec.pool);
    if (this.stopping) return;
    this.restartLater(spec, 0, error ?? new Error('the job runner stopped by itself'));
  }

  private restartLater(spec: RunnerSpec, attempt: number, error: unknown): void {
    if (this.stopping) return;
    const delay = Math.min(30_000, 1000 * 2 ** attempt);
    this.logger.error(
      { err: error, pool: spec.pool, retryInMs: delay },
      'job runner stopped (database unreachable?); starting it again',
    );
    const timer = setTimeout(() => {
      this.restarts.delete(timer);
      void this.startRunner(spec, false, attempt + 1);
    }, delay);
    this.restarts.add(timer);
  }

  /** Runs every job that is due now, until none is left (tests and one-off commands). */
  async runUntilIdle(maxRounds = 20): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const due = await this.orm.em
        .fork()
        .getConnection()
        .execute<Array<{ count: string }>>(
          `select count(*)::text as count from graphile_worker.jobs where run_at <= now() and locked_at is null and attempts < max_attempts`,
        );
      if (due[0].count === '0') return;
      await runOnce({
        pgPool: this.pgPool,
        events: this.events,
        taskList: this.taskList(),
        logger: this.workerLogger(),
      });
    }
  }

  /**
   * Stops taking jobs and waits for the running ones, at most `timeoutMs`. Jobs still running then
   * are unlocked at once (their attempt counts as failed and they are retried by another worker),
   * instead of staying locked until graphile-worker's 4-hour recovery.
   */
  async stop(timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.stopping = true;
    for (const timer of this.restarts) clearTimeout(timer);
    this.restarts.clear();
    const runners = [...this.runners.values()];
    this.runners.clear();
    let released = true;
    if (runners.length) {
      let timer: NodeJS.Timeout | undefined;
      const stopped = Promise.all(
        runners.map((runner) =>
          runner.stop().catch((error) => {
            this.logger.error({ err: error }, 'job worker did not stop cleanly');
          }),
        ),
      ).then(() => true);
      const timedOut = new Promise<false>((resolve) => {
        if (Number.isFinite(timeoutMs)) timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
      });
      released = await Promise.race([stopped, timedOut]);
      clearTimeout(timer);
      if (!released) {
        const workers = [...this.workerIds];
        this.logger.warn(
          { workers },
          'jobs still running at the end of the shutdown grace period: releasing them for another worker',
        );
        await this.utils
          ?.forceUnlockWorkers(workers)
          .catch((error) => this.logger.error({ err: error }, 'could not release the running jobs'));
      }
    }
    await this.utils?.release();
    this.utils = undefined;
    // A job handler that never returned still holds a pooled client: pool.end() would wait for it.
    if (released && this.pool) await endPool(this.pool);
    this.pool = undefined;
  }

  /**
   * The rows of the jobs list for a keyset page (paginateKeysetSql): graphile-worker's jobs view
   * joined to its table (for the scope in the payload), aliased `j` and `p`.
   */
  listQuery(
    state: JobState | null,
    taskPrefix: string | undefined,
    scope: JobScopeFilter,
  ): { from: string; where: string[]; params: unknown[] } {
    const inScope = scopeCondition(scope);
    return {
      from: 'graphile_worker.jobs j join graphile_worker._private_jobs p on p.id = j.id',
      where: [
        state ? STATE_CONDITIONS[state] : 'true',
        `(?::text is null or j.task_identifier like ? || '%')`,
        inScope.sql,
      ],
      params: [taskPrefix ?? null, taskPrefix ? escapeLike(taskPrefix) : '', ...inScope.params],
    };
  }

  /** The jobs with these ids (any order); ids of jobs that are gone are left out. */
  async byIds(ids: string[]): Promise<JobRecord[]> {
    if (!ids.length) return [];
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<Record<string, unknown>>>(
        `select j.id::text, j.task_identifier, j.queue_name, j.run_at, j.attempts, j.max_attempts, j.last_error,
                j.locked_at, j.created_at, j.key
           from graphile_worker.jobs j where j.id = any(?::bigint[])`,
        [`{${ids.join(',')}}`],
      );
    return rows.map(jobRecordOf);
  }

  async list(
    state: JobState | null,
    limit: number,
    taskPrefix?: string,
    scope: JobScopeFilter = 'all',
    keys?: string[],
  ): Promise<JobRecord[]> {
    const condition = state ? STATE_CONDITIONS[state] : 'true';
    const inScope = scopeCondition(scope);
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<Record<string, unknown>>>(
        `select j.id::text, j.task_identifier, j.queue_name, j.run_at, j.attempts, j.max_attempts, j.last_error,
                j.locked_at, j.created_at, j.key
           from graphile_worker.jobs j join graphile_worker._private_jobs p on p.id = j.id
          where ${condition} and (?::text is null or j.task_identifier like ? || '%') and ${inScope.sql}
            and (?::text[] is null or j.key = any(?::text[]))
          order by j.run_at desc limit ?`,
        [
          taskPrefix ?? null,
          taskPrefix ?? '',
          ...inScope.params,
          keys ? pgArray(keys) : null,
          keys ? pgArray(keys) : null,
          limit,
        ],
      );
    return rows.map(jobRecordOf);
  }

  /** Of these job ids, those a scope filter covers (all of them for 'all'). */
  async idsInScope(ids: string[], scope: JobScopeFilter): Promise<string[]> {
    requireJobIds(ids);
    const inScope = scopeCondition(scope);
    const rows = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ id: string }>>(
        `select p.id::text from graphile_worker._private_jobs p where p.id = any(?::bigint[]) and ${inScope.sql}`,
        [`{${ids.join(',')}}`, ...inScope.params],
      );
    return rows.map((r) => r.id);
  }

  /** Makes failed (or waiting) jobs due now with a fresh set of attempts. */
  async retry(ids: string[]): Promise<number> {
    if (!this.utils) throw new Error('Job queue is not migrated');
    requireJobIds(ids);
    // Not WorkerUtils.rescheduleJobs: it passes `attempts || null`, so attempts: 0 is dropped and a
    // failed job stays failed. The SQL function keeps attempts only when given null.
    const jobs = await this.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ id: string }>>(
        `select id::text from graphile_worker.reschedule_jobs(?::bigint[], run_at := now(), attempts := 0)`,
        [`{${ids.join(',')}}`], // ids are checked to be digits above; knex would spread a JS array
      );
    return jobs.length;
  }

  private taskList(definitions: Iterable<JobDefinition> = this.definitions.values()): TaskList {
    const tasks: TaskList = {};
    for (const definition of definitions) {
      tasks[definition.name] = async (payload, helpers) => {
        const ctx = this.contextFactory(this.orm.em.fork(), String(helpers.job.id));
        const timeoutMs = definition.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
        const run = {
          id: String(helpers.job.id),
          attempt: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
        };
        try {
          await traceJob(definition.name, run, () =>
            runWithTimeLimit(timeoutMs, (signal) => definition.handler(payload, ctx, { ...run, signal })),
          );
        } catch (error) {
          const lastAttempt = run.attempt >= run.maxAttempts;
          ctx.logger.warn(
            { err: error, job: definition.name, jobId: run.id, attempt: run.attempt, lastAttempt },
            lastAttempt
              ? 'job failed on its last attempt; it stays failed for an admin'
              : 'job failed; it will be retried while attempts remain',
          );
          if (lastAttempt && definition.onGiveUp) {
            const failure = error instanceof Error ? error : new Error(String(error));
            await definition
              .onGiveUp(payload, this.contextFactory(this.orm.em.fork(), run.id), failure)
              .catch((hookError: unknown) =>
                ctx.logger.error({ err: hookError, job: definition.name, jobId: run.id }, 'onGiveUp failed'),
              );
          }
          // graphile-worker stores and logs the message and stack it is given: never a row's values.
          throw withoutRowValues(error);
        }
      };
    }
    return tasks;
  }

  private workerLogger(): WorkerLogger {
    const logger = this.logger;
    return new WorkerLogger(() => (level, message, meta) => {
      const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
      logger[method]({ worker: meta }, message);
    });
  }
}

/** SQL keeping the jobs of a state. */
const STATE_CONDITIONS: Record<JobState, string> = {
  failed: 'j.attempts >= j.max_attempts',
  running: 'j.locked_at is not null',
  pending: 'j.attempts < j.max_attempts and j.locked_at is null',
};

function jobRecordOf(row: Record<string, unknown>): JobRecord {
  return {
    id: row.id as string,
    task: row.task_identifier as string,
    queue: (row.queue_name as string | null) ?? null,
    runAt: new Date(row.run_at as string),
    attempts: row.attempts as number,
    maxAttempts: row.max_attempts as number,
    lastError: (row.last_error as string | null) ?? null,
    lockedAt: row.locked_at ? new Date(row.locked_at as string) : null,
    createdAt: new Date(row.created_at as string),
    key: (row.key as string | null) ?? null,
  };
}

/** SQL over `p` (graphile_worker._private_jobs) keeping the jobs whose `_scope` a filter covers. */
function scopeCondition(scope: JobScopeFilter): { sql: string; params: unknown[] } {
  if (scope === 'all') return { sql: 'true', params: [] };
  return {
    sql: `(jsonb_exists_any(coalesce(p.payload->'_scope'->'unitIds', '[]'::json)::jsonb, ?::text[])
        or jsonb_exists_any(coalesce(p.payload->'_scope'->'agencyIds', '[]'::json)::jsonb, ?::text[]))`,
    params: [pgArray(scope.unitIds), pgArray(scope.agencyIds)],
  };
}

/**
 * Ends a pool and waits until each of its connections is closed. `pool.end()` resolves once every
 * client has been asked to close, before the server has read their goodbye. A development start
 * stops its own PostgreSQL right after the jobs: a connection still open then is cut by the server,
 * and the error it reports lands in the log. Bounded, so a socket that never closes cannot hold
 * the shutdown.
 */
async function endPool(pool: Pool, boundMs = 5000): Promise<void> {
  let open = pool.totalCount;
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) return resolve();
    // A client is removed once its connection has ended.
    pool.on('remove', () => {
      if (--open <= 0) resolve();
    });
    timer = setTimeout(resolve, boundMs);
  });
  await pool.end();
  await closed;
  clearTimeout(timer);
}

/** The job queue's ids are whole numbers (not uuids): anything else is BAD_USER_INPUT naming it (`ids[2]`). */
function requireJobIds(ids: string[]): void {
  const malformed = ids.findIndex((id) => !/^\d+$/.test(id));
  if (malformed >= 0)
    throw new BadInputError(
      { vi: 'Mã tác vụ là số nguyên', en: 'Job ids are whole numbers' },
      { field: `ids[${malformed}]` },
    );
}
