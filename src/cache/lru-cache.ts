/**
 * A small in-process least-recently-used cache, for values that are a pure function of their key
 * (a QR image of a URL): computing them once per process bounds the work a client can cause by
 * asking again. Promises are cached too, so concurrent misses of one key compute it once; a
 * rejected computation is forgotten.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * `compute(key)` once per key while it stays in `cache`. Computations run one at a time, each in its
 * own turn of the event loop: a page of a hundred cold QR images is a hundred short turns with
 * health checks and other requests served between them, not one two-second block.
 */
export function cachedAsync<V>(
  cache: LruCache<Promise<V>>,
  key: string,
  compute: () => Promise<V>,
): Promise<V> {
  const hit = cache.get(key);
  if (hit) return hit;
  const pending = inOwnTurn(compute);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  return pending;
}

let lastTurn: Promise<unknown> = Promise.resolve();

/** Runs `work` after every earlier one has finished, in a later turn of the event loop. */
export function inOwnTurn<V>(work: () => Promise<V>): Promise<V> {
  const run = lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
  lastTurn = run.catch(() => undefined);
  return run;
}
