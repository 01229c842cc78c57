import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from '../logging';

/** The one PostgreSQL channel every platform process listens on; topics travel in the payload. */
export const NOTIFY_CHANNEL = 'platform_notifications';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more: send ids, read the rest. */
const MAX_PAYLOAD_BYTES = 7900;

export interface NotificationMeta {
  /** True when the listener (re)connected and messages may have been missed: drop what you cache. */
  missed: boolean;
  /** True when the message came from this process (delivered locally at once, not echoed). */
  local: boolean;
}

export type NotificationHandler = (data: unknown, meta: NotificationMeta) => void;

/**
 * Messages between the API processes sharing one database, over PostgreSQL LISTEN/NOTIFY: a cache
 * invalidated in one process is invalidated in all (staff scopes), and later features (GraphQL
 * subscriptions) fan out the same way. Delivery is at most once and only to processes listening at
 * the time; after a lost connection every handler is called with `missed: true`, so caches are
 * dropped rather than left stale.
 *
 * One dedicated connection per process holds the LISTEN: behind PgBouncer it needs session pooling.
 */
export class Notifications {
  /** Identifies this process's messages, so it does not handle its own echo twice. */
  readonly origin = randomUUID();
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private client?: Client;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private attempts = 0;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
    /** Runs a statement on a pooled connection (the ORM's), for publishing. */
    private readonly execute: (sql: string, params: unknown[]) => Promise<unknown>,
  ) {}

  /** Opens the listening connection; resolves once LISTEN is in place. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Calls `handler` for every message on `topic` from any process (this one included). */
  subscribe(topic: string, handler: NotificationHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /**
   * Sends `data` (JSON, under 8 kB) on `topic` to every process, and delivers it here at once. Call it
   * after the change committed (ctx.afterCommit), or other processes may read the old state.
   */
  async publish(topic: string, data: unknown = null): Promise<void> {
    const payload = JSON.stringify({ t: topic, o: this.origin, d: data });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES)
      throw new Error(`Notification on "${topic}" is larger than ${MAX_PAYLOAD_BYTES} bytes: send ids`);
    this.deliver(topic, data, { missed: false, local: true });
    await this.execute('select pg_notify(?, ?)', [NOTIFY_CHANNEL, payload]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'platform-listen',
    });
    client.on('notification', (message) => {
      if (message.channel !== NOTIFY_CHANNEL || !message.payload) return;
      try {
        const { t, o, d } = JSON.parse(message.payload) as { t: string; o: string; d: unknown };
        if (o !== this.origin) this.deliver(t, d, { missed: false, local: false });
      } catch (error) {
        this.logger.warn({ err: error }, 'unreadable notification ignored');
      }
    });
    const lost = (error?: Error) => {
      if (this.client !== client || this.stopped) return;
      this.client = undefined;
      this.logger.warn({ err: error }, 'lost the notification connection; reconnecting');
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`listen ${NOTIFY_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private scheduleReconnect(): void {
    const delay = Math.min(30_000, 500 * 2 ** this.attempts++);
    this.reconnectTimer = setTimeout(() => {
      this.connect().then(
        () => {
          this.attempts = 0;
          this.logger.info('notification connection back; caches dropped');
          // Whatever was sent while we were away is lost: every subscriber starts afresh.
          for (const topic of this.handlers.keys()) this.deliver(topic, null, { missed: true, local: false });
        },
        (error) => {
          this.logger.warn({ err: error }, 'notification connection still down');
          if (!this.stopped) this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  private deliver(topic: string, data: unknown, meta: NotificationMeta): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(data, meta);
      } catch (error) {
        this.logger.error({ err: error, topic }, 'notification handler failed');
      }
    }
  }
}
