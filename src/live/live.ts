import type { Logger } from '../logging';
import type { Notifications } from '../notify/notifications';
import type { RequestContext } from '../context';
import type { SubscribeResolverData } from 'type-graphql';

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
 */
export type LiveFilter<P, A> = (payload: P, ctx: RequestContext, args: A) => boolean | Promise<boolean>;

/** Events waiting for a slow subscriber before it is dropped (it can reconnect and re-read). */
const MAX_BUFFERED = 1000;

const CHANNEL_PREFIX = 'live:';

/**
 * Live events across every API process: published after commit through the platform's
 * LISTEN/NOTIFY channel, received by each process and handed to the matching subscriptions there.
 */
export class LiveEvents {
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
    const unsubscribe = this.notifications.subscribe(CHANNEL_PREFIX + topic.name, (data, meta) => {
      if (done || meta.missed || !data) return;
      const payload = data as P;
      checking = checking.then(async () => {
        if (done) return;
        let visible = false;
        try {
          visible = await filter(payload, this.freshContext(subscriber), args);
        } catch (error) {
          this.logger.warn({ err: error, topic: topic.name }, 'live event check failed; not delivered');
        }
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
  return ({ context, args }: SubscribeResolverData<unknown, A, RequestContext>): AsyncIterable<P> =>
    context.app.live.iterate(topic, context, args, filter);
}
