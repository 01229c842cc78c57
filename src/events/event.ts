import type { RequestContext } from '../context';
import type { JobRunInfo } from '../jobs/job';

/** A typed event name. The payload type travels with it; the name is `<plugin>.<noun>.<verb>`. */
export interface EventType<P extends object> {
  readonly name: string;
  /** Never set: carries the payload type for the compiler. */
  readonly __payload?: P;
}

export function defineEvent<P extends object>(name: string): EventType<P> {
  return { name };
}

/**
 * A plugin's reaction to an event. Each subscriber is a durable job of its own, enqueued in the
 * publisher's transaction: it runs after the change commits, is retried, and must be idempotent.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lists of subscribers mix payload types
export interface EventSubscriber<P extends object = any> {
  event: string;
  /** Job name for this reaction: `<subscribing plugin>.<what it does>`. */
  name: string;
  handler: (payload: P, ctx: RequestContext, run: JobRunInfo) => Promise<void>;
  maxAttempts?: number;
}

export function subscribe<P extends object>(
  event: EventType<P>,
  name: string,
  handler: (payload: P, ctx: RequestContext, run: JobRunInfo) => Promise<void>,
  options: { maxAttempts?: number } = {},
): EventSubscriber<P> {
  return { event: event.name, name, handler, maxAttempts: options.maxAttempts };
}
