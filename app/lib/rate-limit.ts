// Token buckets kept in this process's memory: the checkout endpoints are public (any buyer with a
// session token can call them), so one shop or one buyer must not be able to take all capacity.
// Per process, not global: with N processes the real limit is N times this, which is fine for a
// guard against floods; exact quotas would need shared state on the hot path.

export type BucketRule = { capacity: number; refillPerSecond: number };

type Bucket = { tokens: number; at: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rule: BucketRule,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token for `key` at time `nowMs`; returns how long to wait (ms) when there is none. */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const { capacity, refillPerSecond } = this.rule;
    const b = this.buckets.get(key) ?? { tokens: capacity, at: nowMs };
    b.tokens = Math.min(capacity, b.tokens + ((nowMs - b.at) / 1000) * refillPerSecond);
    b.at = nowMs;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) / refillPerSecond) * 1000) };
    }
    b.tokens -= 1;
    // Re-insert so the map's order is least-recently-used first; evict from the front when full.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return { ok: true };
  }
}
