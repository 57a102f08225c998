/**
 * Token buckets per key: each key may spend `capacity` requests at once and regains them evenly over
 * `windowMs` (so `capacity` per window in the long run). O(1) per request; full buckets are forgotten
 * once per window, so memory follows the active keys only.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep: number;

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Spends one token of `key`: 0 when allowed, otherwise the milliseconds until a token is back. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    const tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.ratePerMs);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return 0;
    }
    this.buckets.set(key, { tokens, at: now });
    return Math.ceil((1 - tokens) / this.ratePerMs);
  }

  get size(): number {
    return this.buckets.size;
  }

  private get ratePerMs(): number {
    return this.capacity / this.windowMs;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) {
      return;
    }
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.ratePerMs >= this.capacity) {
        this.buckets.delete(key);
      }
    }
  }
}
