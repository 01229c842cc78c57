import type { RequestContext } from '../context';
import type { EventSubscriber, EventType } from './event';

/** Fans an event out to its subscribers' jobs. */
export class EventBus {
  private readonly subscribers = new Map<string, EventSubscriber[]>();

  add(subscriber: EventSubscriber): void {
    const list = this.subscribers.get(subscriber.event) ?? [];
    list.push(subscriber);
    this.subscribers.set(subscriber.event, list);
  }

  subscribersOf(eventName: string): EventSubscriber[] {
    return this.subscribers.get(eventName) ?? [];
  }

  async publish<P extends object>(ctx: RequestContext, event: EventType<P>, payload: P): Promise<void> {
    ctx.logger.debug({ event: event.name }, 'event published');
    for (const subscriber of this.subscribersOf(event.name)) {
      await ctx.enqueue(subscriber.name, { event: event.name, payload });
    }
  }
}
