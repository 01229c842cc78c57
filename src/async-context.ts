import { AsyncLocalStorage } from 'node:async_hooks';
import type { Language } from './i18n';

/** What the code serving a request (or running a job) knows of where it runs, across awaits. */
export interface AsyncContextState {
  /** The request's language (src/i18n.ts). */
  language?: Language;
  /** Inside `RequestContext.transactional`'s work (src/db/outside-calls.ts). */
  transactionOpen?: boolean;
}

/**
 * The one AsyncLocalStorage of the process. Every store in use costs every promise of the process,
 * inside its `run` or not: on Node 20, a million awaits took 34 ms with none, 92 with one and 136
 * with two. So concerns that need an async context share this one, each with a field of its own.
 */
const asyncContext = new AsyncLocalStorage<AsyncContextState>();

/** The current state (empty outside any `runInAsyncContext`). */
export function asyncContextState(): AsyncContextState {
  return asyncContext.getStore() ?? {};
}

/** Runs `work` with `change` applied over the current state; the other fields are kept. */
export function runInAsyncContext<T>(change: AsyncContextState, work: () => T): T {
  return asyncContext.run({ ...asyncContext.getStore(), ...change }, work);
}
