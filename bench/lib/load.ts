// autocannon ships no types; the small part used here is typed below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (
  opts: Record<string, unknown>,
  cb: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

interface AutocannonResult {
  duration: number;
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface LoadResult {
  /** Responses received (and checked). */
  requests: number;
  /** Requests sent: the server completes them all, some after autocannon stopped listening. */
  sent: number;
  /** Completed requests per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  /** Responses that were not right: transport errors, timeouts, non-200, or a failed check. */
  failures: number;
  /** Failure reasons and how often they occurred. */
  reasons: Map<string, number>;
  durationS: number;
}

export interface LoadOptions<S> {
  url: string;
  samples: S[];
  /** Requests per sample, in order (a transition and its reverse); default 1. */
  steps?: number;
  /** Path, headers and body of request `step` for a sample. */
  build(sample: S, step: number): { path: string; headers: Record<string, string>; body: string };
  /** null when the response is right, else the reason. */
  check(status: number, body: string, sample: S, step: number): string | null;
  connections: number;
  durationS: number;
  /** A fixed number of requests instead of the duration (finite pools of write scenarios). */
  amount?: number;
}

/**
 * One autocannon run: every connection takes the next sample of the pool for its next request and
 * checks every response against that sample (autocannon's per-connection context carries it).
 */
export function runLoad<S>(options: LoadOptions<S>): Promise<LoadResult> {
  let next = 0;
  const reasons = new Map<string, number>();
  let failed = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        timeout: 60,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationS }),
        requests: Array.from({ length: options.steps ?? 1 }, (_, step) => ({
          method: 'POST',
          setupRequest(request: Record<string, unknown>, context: { sample?: S }) {
            if (step === 0 || context.sample === undefined)
              context.sample = options.samples[next++ % options.samples.length];
            const { path, headers, body } = options.build(context.sample, step);
            return {
              ...request,
              method: 'POST',
              path,
              headers: { ...headers, 'content-type': 'application/json' },
              body,
            };
          },
          onResponse(status: number, body: string, context: { sample?: S }) {
            let problem: string | null;
            try {
              problem =
                context.sample === undefined
                  ? 'no sample'
                  : options.check(status, body, context.sample, step);
            } catch (error) {
              problem = `check threw: ${(error as Error).message}`;
            }
            if (problem) {
              failed++;
              reasons.set(problem, (reasons.get(problem) ?? 0) + 1);
            }
          },
        })),
      },
      (error, result) => {
        if (error) return reject(error);
        const transport = result.errors + result.timeouts;
        if (transport) reasons.set('transport errors or timeouts', transport);
        resolve({
          requests: result.requests.total,
          sent: Math.max(result.requests.sent ?? result.requests.total, result.requests.total),
          rps: result.requests.total / Math.max(result.duration, 0.001),
          p50: result.latency.p50,
          p99: result.latency.p99,
          failures: failed + transport,
          reasons,
          durationS: result.duration,
        });
      },
    );
  });
}
