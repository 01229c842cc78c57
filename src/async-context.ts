import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the code serving a request (or running a job) knows of where it runs, across awaits. Each
 * concern adds its own optional field where it lives (`declare module`), so this file knows none of
 * them: the request language (src/i18n.ts), an open transaction (src/db/outside-calls.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- its fields are declared elsewhere
export interface AsyncContextState {}

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
