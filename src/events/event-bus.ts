import type { RequestContext } from '../context';
import type { EventObserver, EventSubscriber, EventType, PublicEvent } from './event';

/** Fans an event out to its subscribers' jobs. */
export class EventBus {
  private readonly subscribers = new Map<string, EventSubscriber[]>();
  private readonly publicEvents = new Map<string, PublicEvent>();
  private readonly observers: EventObserver[] = [];

  /** Declares an event outside systems may receive (a plugin's `publicEvents`). */
  addPublic(definition: PublicEvent): void {
    if (this.publicEvents.has(definition.event))
      throw new Error(`Public event ${definition.event} is declared twice`);
    this.publicEvents.set(definition.event, definition);
  }

  /** The events outside systems may receive, by name. */
  listPublic(): PublicEvent[] {
    return [...this.publicEvents.values()].sort((a, b) => a.event.localeCompare(b.event));
  }

  publicEvent(name: string): PublicEvent | undefined {
    return this.publicEvents.get(name);
  }

  /** Adds an observer of every published event (see EventObserver). */
  observe(observer: EventObserver): void {
    this.observers.push(observer);
  }

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
    for (const observer of this.observers) await observer(ctx, event.name, payload);
  }
}
