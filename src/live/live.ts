import type { Logger } from '../logging';
import type { Notifications } from '../notify/notifications';
import type { RequestContext } from '../context';
import type { SubscribeResolverData } from 'type-graphql';
import { checkFieldArguments } from '../graphql/argument-checks';

/**
 * A live topic: events a GraphQL subscription delivers. The name is `<plugin>.<noun>.<verb>`; the
 * payload travels through PostgreSQL NOTIFY (under 8 kB: ids, a status, a unit, never a whole record).
 */
export interface LiveTopic<P extends object> {
  readonly name: string;
  /** Never set: carries the payload type for the compiler. */
  readonly __payload?: P;
}

export function defineLiveTopic<P extends object>(name: string): LiveTopic<P> {
  return { name };
}

/**
 * Decides, for one event and one subscriber, whether the subscriber may see it. `ctx` is a fresh
 * context of the subscriber for this event (their current scope, a fresh EntityManager): a role
 * revoked after the subscription started stops the events at once.
 *
 * It must depend only on the payload, the subscriber's identity (their token's subject, username and
 * roles) and the arguments: the verdict is computed once per event for all the subscriptions of the
 * process that share those (a board open on a thousand screens of one centre costs one check).
 */
export type LiveFilter<P, A> = (payload: P, ctx: RequestContext, args: A) => boolean | Promise<boolean>;

/** Events waiting for a slow subscriber before it is dropped (it can reconnect and re-read). */
const MAX_BUFFERED = 1000;

const CHANNEL_PREFIX = 'live:';

/**
 * What a filter's verdict may depend on besides the event: who subscribed (what their fresh context
 * is built from, the address aside) and with which arguments.
 */
function verdictKey(subscriber: RequestContext, args: unknown): string {
  const user = subscriber.user;
  return JSON.stringify([
    user ? [user.subject, user.username, user.usernameFallback, [...user.roles].sort()] : null,
    subscriber.isSystem,
    args ?? null,
  ]);
}

/**
 * Live events across every API process: published after commit through the platform's
 * LISTEN/NOTIFY channel, received by each process and handed to the matching subscriptions there.
 */
export class LiveEvents {
  /**
   * Per event (the payload object every handler of the process receives for one notification), per
   * filter, per verdict key: the one check shared by the subscriptions that agree on all three. Held
   * weakly: it goes with the event.
   */
  private readonly verdicts = new WeakMap<
    object,
    Map<LiveFilter<never, never>, Map<string, Promise<boolean>>>
  >();

  constructor(
    private readonly notifications: Notifications,
    private readonly logger: Logger,
    private readonly freshContext: (subscriber: RequestContext) => RequestContext,
  ) {}

  /** Sends the event to every process (use `ctx.publishLive`, which waits for the commit). */
  publish<P extends object>(topic: LiveTopic<P>, payload: P): Promise<void> {
    return this.notifications.publish(CHANNEL_PREFIX + topic.name, payload);
  }

  /**
   * The events of `topic` this subscriber may see, as the async iterator a GraphQL subscription
   * returns. Events are checked one at a time, in the order they arrived.
   */
  iterate<P extends object, A>(
    topic: LiveTopic<P>,
    subscriber: RequestContext,
    args: A,
    filter: LiveFilter<P, A>,
  ): AsyncIterableIterator<P> {
    const ready: P[] = [];
    const waiting: Array<(result: IteratorResult<P>) => void> = [];
    let done = false;
    let checking: Promise<void> = Promise.resolve();
    const finish = () => {
      if (done) return;
      done = true;
      unsubscribe();
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      ready.length = 0;
    };
    const key = verdictKey(subscriber, args);
    const unsubscribe = this.notifications.subscribe(CHANNEL_PREFIX + topic.name, (data, meta) => {
      if (done || meta.missed || !data || typeof data !== 'object') return;
      const payload = data as P;
      // Started now, shared with the other subscriptions of the same key; awaited in this
      // subscription's order, so its events still arrive in the order they were sent.
      const verdict = this.verdict(topic, payload, filter, key, subscriber, args);
      checking = checking.then(async () => {
        if (done) return;
        const visible = await verdict;
        if (!visible || done) return;
        const next = waiting.shift();
        if (next) next({ value: payload, done: false });
        else if (ready.push(payload) > MAX_BUFFERED) {
          this.logger.warn({ topic: topic.name }, 'subscriber too slow; subscription ended');
          finish();
        }
      });
    });
    const iterator: AsyncIterableIterator<P> = {
      next: () => {
        if (ready.length) return Promise.resolve({ value: ready.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return: () => {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      },
      throw: (error: unknown) => {
        finish();
        return Promise.reject(error);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** The filter's verdict on one event for one verdict key, computed once per process. */
  private verdict<P extends object, A>(
    topic: LiveTopic<P>,
    payload: P,
    filter: LiveFilter<P, A>,
    key: string,
    subscriber: RequestContext,
    args: A,
  ): Promise<boolean> {
    let byFilter = this.verdicts.get(payload);
    if (!byFilter) this.verdicts.set(payload, (byFilter = new Map()));
    const untyped = filter as unknown as LiveFilter<never, never>;
    let byKey = byFilter.get(untyped);
    if (!byKey) byFilter.set(untyped, (byKey = new Map()));
    let verdict = byKey.get(key);
    if (!verdict) {
      verdict = Promise.resolve()
        .then(() => filter(payload, this.freshContext(subscriber), args))
        .then(
          (visible) => visible === true,
          (error: unknown) => {
            this.logger.warn({ err: error, topic: topic.name }, 'live event check failed; not delivered');
            return false;
          },
        );
      byKey.set(key, verdict);
    }
    return verdict;
  }
}

/**
 * The `subscribe` option of a type-graphql `@Subscription`: the events of `topic` that pass `filter`
 * for the subscriber. Pair it with `@Authorized(...)` so anonymous users are refused at once; the
 * resolver method receives the payload as `@Root()`.
 *
 *     @Authorized(DOSSIERS_READ)
 *     @Subscription(() => DossierLiveEvent, { subscribe: liveSubscription(DOSSIER_CHANGED, (p, ctx) => ctx.can(...)) })
 *     dossierChanged(@Root() event: DossierChangedPayload): DossierLiveEvent { return event; }
 */
export function liveSubscription<P extends object, A = Record<string, unknown>>(
  topic: LiveTopic<P>,
  filter: LiveFilter<P, A>,
) {
  return ({ context, args, info }: SubscribeResolverData<unknown, A, RequestContext>): AsyncIterable<P> => {
    // type-graphql checks arguments when it resolves an event, not when a client subscribes.
    checkFieldArguments(args as Record<string, unknown>, info);
    return context.app.live.iterate(topic, context, args, filter);
  };
}
