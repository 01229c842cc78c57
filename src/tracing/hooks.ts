/**
 * The seam between the platform and OpenTelemetry: without tracing nothing here loads the
 * OpenTelemetry packages, and a job run is just the run. src/tracing/tracing.ts installs the tracer.
 */
export type JobTracer = <T>(
  task: string,
  run: { id: string; attempt: number },
  work: () => Promise<T>,
) => Promise<T>;

let jobTracer: JobTracer | null = null;

export function setJobTracer(tracer: JobTracer | null): void {
  jobTracer = tracer;
}

/** Runs one job attempt inside a span (its SQL nested under it) when tracing is on. */
export function traceJob<T>(
  task: string,
  run: { id: string; attempt: number },
  work: () => Promise<T>,
): Promise<T> {
  return jobTracer ? jobTracer(task, run, work) : work();
}
