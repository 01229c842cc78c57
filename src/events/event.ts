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

/**
 * An event a plugin lets systems outside the platform receive (webhooks, exports): what it means and
 * whom it is about, so a receiver only gets the events of the units and agencies it was registered
 * for. Only events declared here leave the platform; their payloads are ids and states, never
 * personal data.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lists mix payload types
export interface PublicEvent<P extends object = any> {
  event: string;
  description: string;
  /** The units and agencies the event is about. */
  scope: (payload: P) => { unitIds: string[]; agencyIds: string[] };
}

export function publicEvent<P extends object>(
  event: EventType<P>,
  description: string,
  scope: (payload: P) => { unitIds: string[]; agencyIds: string[] },
): PublicEvent<P> {
  return { event: event.name, description, scope };
}

/**
 * Sees every event as it is published, in the publisher's transaction (to enqueue durable work that
 * commits with the change). Registered by a plugin at bootstrap; it must not throw for events it
 * does not care about.
 */
export type EventObserver = (ctx: RequestContext, event: string, payload: object) => Promise<void>;
