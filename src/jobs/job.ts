import type { RequestContext } from '../context';

export interface JobRunInfo {
  id: string;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  /**
   * Aborted when the run outlives its time limit (JobDefinition.timeoutMs): pass it to fetch, sockets
   * and loops so the abandoned run stops working. The run has already failed by then.
   */
  signal: AbortSignal;
}

/** A unit of background work. Handlers must be idempotent: a job may run more than once. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lists of jobs mix payload types
export interface JobDefinition<P = any> {
  /** `<plugin>.<job>`, e.g. `cameras.probe`. */
  name: string;
  handler: (payload: P, ctx: RequestContext, run: JobRunInfo) => Promise<void>;
  /** Tries before the job is left failed for an admin to look at. Default 10. */
  maxAttempts?: number;
  /** Crontab schedule (five fields, UTC), for recurring jobs. */
  schedule?: string;
  /** Jobs sharing a queue name run one at a time, in order. */
  queue?: string;
  /**
   * Worker pool: jobs of a named pool run on their own worker slots (JOBS_POOL_CONCURRENCY each), so
   * a slow outside system (mail, Keycloak, cameras) cannot hold the slots of other kinds. Give every
   * job that waits on something outside the platform a pool named after that system.
   */
  pool?: string;
  /**
   * Longest a run may take, in ms; then it fails with a time-out (and is retried while attempts
   * remain) and `run.signal` aborts. Default JOBS_TIMEOUT_MS (5 minutes).
   */
  timeoutMs?: number;
  /**
   * Called once when the last attempt failed (an error or the time limit): the place to leave the
   * job's own records in a final state (a report FAILED with the reason) instead of "running".
   */
  onGiveUp?: (payload: P, ctx: RequestContext, error: Error) => Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see JobDefinition
export function defineJob<P = any>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
