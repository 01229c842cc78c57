import { createHash, timingSafeEqual } from 'node:crypto';
import type express from 'express';
import type { Pool } from 'pg';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerEvents } from 'graphile-worker';
import type { Logger } from '../logging';
import type { TransactionSlots } from '../db/transaction-slots';

/** Distinct operation names kept as labels; names beyond it are counted as `(other)`. */
const MAX_OPERATION_NAMES = 300;

/** The parts of a knex/tarn pool the gauges read (MikroORM 6 pools through knex). */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/**
 * Prometheus metrics of one app (prom-client, a registry of its own so several apps in one test
 * process never mix their series). Everything a request or a job does is counted here in memory;
 * the queue depth and the pool gauges are read when Prometheus scrapes.
 *
 * Series (all prefixed `platform_`):
 * - `graphql_requests_total{operation,type}`, `graphql_request_duration_seconds{operation,type}`,
 *   `graphql_errors_total{operation,code}`: rate, latency and errors per GraphQL operation name;
 *   `(anonymous)` for an operation without a name, `(invalid)` when no operation was resolved (a
 *   syntax or validation error), `(other)` past 300 distinct names (clients choose the names).
 * - `jobs_runs_total{task,outcome}`, `jobs_failed_total{task}` (attempts used up),
 *   `job_duration_seconds{task}`: runs of this process's worker; `jobs_queue_depth{task,state}` with
 *   state `pending` / `running` / `failed`, read from graphile-worker's tables (the whole database).
 * - `db_pool_connections{pool,state}`: `api` (the ORM's pool) and `jobs` (the worker's), state
 *   `used` / `idle` / `waiting` (callers waiting for a connection) / `max`.
 * - `rate_limit_refusals_total{bucket}`: hits refused by a rate limit.
 * - Node's own (`process_*`, `nodejs_*`: CPU, memory, event-loop lag, GC) when served.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'type'>;
  private readonly duration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'operation' | 'code'>;
  private readonly jobRuns: Counter<'task' | 'outcome'>;
  private readonly jobsFailed: Counter<'task'>;
  private readonly jobDuration: Histogram<'task'>;
  private readonly refusals: Counter<'bucket'>;
  private readonly jobStarts = new Map<string, bigint>();
  private queueDepthSource?: () => Promise<Array<{ task: string; state: string; count: number }>>;
  private transactionSlots?: TransactionSlots;
  private readonly pools = new Map<
    string,
    () => { used: number; idle: number; waiting: number; max: number }
  >();

  constructor(options: { defaultMetrics: boolean; logger?: Logger }) {
    const registers = [this.registry];
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'platform_graphql_requests_total',
      help: 'GraphQL operations answered, by operation name and type',
      labelNames: ['operation', 'type'],
      registers,
    });
    this.duration = new Histogram({
      name: 'platform_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its answer',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.errors = new Counter({
      name: 'platform_graphql_errors_total',
      help: 'Errors in GraphQL answers, by operation name and error code',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.jobRuns = new Counter({
      name: 'platform_jobs_runs_total',
      help: "Job runs of this process's worker, by task and outcome (success, error)",
      labelNames: ['task', 'outcome'],
      registers,
    });
    this.jobsFailed = new Counter({
      name: 'platform_jobs_failed_total',
      help: 'Jobs that failed on their last attempt (they stay failed for an admin)',
      labelNames: ['task'],
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'platform_job_duration_seconds',
      help: 'Duration of job runs, by task',
      labelNames: ['task'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    });
    this.refusals = new Counter({
      name: 'platform_rate_limit_refusals_total',
      help: 'Hits refused by a rate limit, by bucket',
      labelNames: ['bucket'],
      registers,
    });
    const depth: Gauge<'task' | 'state'> = new Gauge({
      name: 'platform_jobs_queue_depth',
      help: "Jobs in the queue by task and state (pending, running, failed), read from graphile-worker's tables",
      labelNames: ['task', 'state'],
      registers,
      collect: async () => {
        if (!this.queueDepthSource) return;
        try {
          const rows = await this.queueDepthSource();
          depth.reset();
          for (const row of rows) depth.set({ task: row.task, state: row.state }, row.count);
        } catch (error) {
          // A scrape while the database is away still answers the in-memory series.
          options.logger?.warn({ err: error }, 'metrics: could not read the job queue depth');
        }
      },
    });
    const slots: Gauge<'state'> = new Gauge({
      name: 'platform_transaction_slots',
      help: 'Transactions of this process: slots open, transactions waiting for one, and slots in all (the pool less one)',
      labelNames: ['state'],
      registers,
      collect: () => {
        if (!this.transactionSlots) return;
        const { open, waiting } = this.transactionSlots.state();
        slots.set({ state: 'open' }, open);
        slots.set({ state: 'waiting' }, waiting);
        slots.set({ state: 'max' }, this.transactionSlots.size);
      },
    });
    const pools: Gauge<'pool' | 'state'> = new Gauge({
      name: 'platform_db_pool_connections',
      help: 'Database pool connections by pool (api, jobs) and state (used, idle, waiting, max)',
      labelNames: ['pool', 'state'],
      registers,
      collect: () => {
        for (const [pool, read] of this.pools) {
          const value = read();
          for (const state of ['used', 'idle', 'waiting', 'max'] as const)
            pools.set({ pool, state }, value[state]);
        }
      },
    });
  }

  /** A label for a client-chosen operation name, bounded in number. */
  private operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return '(other)';
    this.operations.add(name);
    return name;
  }

  /** Apollo plugin: one request, its latency and its errors per operation name. */
  apolloPlugin<C extends object>(): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        let operation = '(invalid)';
        let type = 'unknown';
        return {
          didResolveOperation: async (ctx) => {
            operation = this.operationLabel(ctx.operationName);
            type = ctx.operation?.operation ?? 'unknown';
          },
          didEncounterErrors: async (ctx) => {
            for (const error of ctx.errors) {
              const code = error.extensions?.code;
              this.errors.inc({
                operation,
                code:
                  typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'INTERNAL_SERVER_ERROR',
              });
            }
          },
          willSendResponse: async () => {
            this.requests.inc({ operation, type });
            this.duration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }

  /** Counts the runs of a job worker from graphile-worker's events. */
  watchJobs(events: WorkerEvents): void {
    events.on('job:start', ({ job }) => this.jobStarts.set(String(job.id), process.hrtime.bigint()));
    events.on('job:success', ({ job }) =>
      this.jobRuns.inc({ task: job.task_identifier, outcome: 'success' }),
    );
    events.on('job:error', ({ job }) => this.jobRuns.inc({ task: job.task_identifier, outcome: 'error' }));
    events.on('job:failed', ({ job }) => this.jobsFailed.inc({ task: job.task_identifier }));
    events.on('job:complete', ({ job }) => {
      const started = this.jobStarts.get(String(job.id));
      this.jobStarts.delete(String(job.id));
      if (started !== undefined)
        this.jobDuration.observe(
          { task: job.task_identifier },
          Number(process.hrtime.bigint() - started) / 1e9,
        );
    });
  }

  /** Reads the queue depth from the database at each scrape. */
  watchQueue(orm: MikroORM): void {
    this.queueDepthSource = async () => {
      const rows = await orm.em
        .fork()
        .getConnection()
        .execute<Array<{ task: string; state: string; count: string }>>(
          `select task_identifier as task,
                case when attempts >= max_attempts then 'failed'
                     when locked_at is not null then 'running' else 'pending' end as state,
                count(*)::text as count
           from graphile_worker.jobs group by 1, 2`,
        );
      return rows.map((r) => ({ task: r.task, state: r.state, count: Number(r.count) }));
    };
  }

  /** The ORM's pool (knex/tarn) as pool `api`. */
  watchOrmPool(orm: MikroORM): void {
    this.pools.set('api', () => {
      const pool = (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
      if (!pool) return { used: 0, idle: 0, waiting: 0, max: 0 };
      return {
        used: pool.numUsed(),
        idle: pool.numFree(),
        waiting: pool.numPendingAcquires(),
        max: pool.max,
      };
    });
  }

  /** The transactions of this process: slots taken, transactions waiting for one, slots in all. */
  watchTransactionSlots(slots: TransactionSlots): void {
    this.transactionSlots = slots;
  }

  /** A node-postgres pool (the job worker's) under `name`. */
  watchPgPool(name: string, pool: () => Pool | undefined): void {
    this.pools.set(name, () => {
      const p = pool();
      if (!p) return { used: 0, idle: 0, waiting: 0, max: 0 };
      return {
        used: p.totalCount - p.idleCount,
        idle: p.idleCount,
        waiting: p.waitingCount,
        max: p.options.max ?? 10,
      };
    });
  }

  rateLimitRefused(bucket: string): void {
    this.refusals.inc({ bucket });
  }

  /**
   * GET /metrics in Prometheus' text format. With a token, only `Authorization: Bearer <token>` is
   * answered (401 otherwise); tokens are compared through their hashes in constant time.
   */
  handler(token: string | null): express.RequestHandler {
    const expected = token ? createHash('sha256').update(token).digest() : null;
    return async (req, res) => {
      if (expected) {
        const header = req.headers.authorization ?? '';
        const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
        if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
          res.status(401).type('text/plain').send('metrics need the bearer token (METRICS_TOKEN)\n');
          return;
        }
      }
      res.setHeader('Cache-Control', 'no-store');
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}
