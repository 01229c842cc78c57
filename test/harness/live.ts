import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

/** What one subscription received: data of each event, errors, whether the server completed it. */
export interface Received<T = any> {
  events: T[];
  errors: unknown[];
  completed: boolean;
}

/**
 * A graphql-ws client of the real server at `baseUrl` (ws://…/graphql), authenticated with `bearer`
 * in the connection parameters like a browser would; dispose it at the end of the test.
 */
export function liveClient(baseUrl: string, bearer?: string): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: bearer ? { authorization: `Bearer ${bearer}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
}

/** Starts a subscription and records what arrives. */
export function liveSubscribe<T = any>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Received<T> {
  const received: Received<T> = { events: [], errors: [], completed: false };
  client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) received.errors.push(...value.errors);
        else received.events.push(value.data as T);
      },
      error: (error) => received.errors.push(error),
      complete: () => (received.completed = true),
    },
  );
  return received;
}

/** Polls `check` until it answers something truthy (or fails after `timeoutMs`). */
export async function until<T>(
  check: () => T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until the server has registered the subscriptions (graphql-ws gives no acknowledgement per
 * subscription): a short pause after the sockets are open.
 */
export const settle = (ms = 500) => new Promise((r) => setTimeout(r, ms));
