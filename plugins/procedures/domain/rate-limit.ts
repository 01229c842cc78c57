/**
 * An in-memory sliding-window rate limiter: at most `limit` hits per key within `windowMs`.
 * Per process: with several API processes behind a load balancer each keeps its own window (the
 * effective limit is multiplied by the number of processes). Good enough against guessing a PIN;
 * swap for a shared store (PostgreSQL, Redis) if that matters.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private sweeps = 0;

  constructor(readonly limit: number, readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Records a hit and says whether it is allowed (a refused hit is not recorded). */
  hit(key: string): boolean {
    const t = this.now();
    const from = t - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((at) => at > from);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return false;
    }
    list.push(t);
    this.hits.set(key, list);
    if (++this.sweeps % 1000 === 0) this.sweep(from);
    return true;
  }

  /** Hits left for a key in the current window. */
  remaining(key: string): number {
    const from = this.now() - this.windowMs;
    return Math.max(0, this.limit - (this.hits.get(key) ?? []).filter((at) => at > from).length);
  }

  reset(): void {
    this.hits.clear();
  }

  private sweep(from: number): void {
    for (const [key, list] of this.hits) {
      if (!list.some((at) => at > from)) this.hits.delete(key);
    }
  }
}
