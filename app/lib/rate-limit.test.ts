import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst up to capacity, then refuses until tokens refill", () => {
    const rl = new RateLimiter({ capacity: 3, refillPerSecond: 2 });
    const t = 1_000_000;
    expect([1, 2, 3].map(() => rl.take("a", t).ok)).toEqual([true, true, true]);
    const refused = rl.take("a", t);
    expect(refused).toEqual({ ok: false, retryAfterMs: 500 });
    expect(rl.take("a", t + 499).ok).toBe(false);
    expect(rl.take("a", t + 1000).ok).toBe(true);
  });

  it("keeps keys apart", () => {
    const rl = new RateLimiter({ capacity: 1, refillPerSecond: 0.1 });
    expect(rl.take("shop-a", 0).ok).toBe(true);
    expect(rl.take("shop-a", 0).ok).toBe(false);
    expect(rl.take("shop-b", 0).ok).toBe(true);
  });

  it("forgets the least recently used key when full, which resets that key to a full bucket", () => {
    const rl = new RateLimiter({ capacity: 1, refillPerSecond: 0.001 }, 2);
    rl.take("a", 0);
    rl.take("b", 0);
    rl.take("c", 0); // evicts a
    expect(rl.take("b", 0).ok).toBe(false);
    expect(rl.take("a", 0).ok).toBe(true);
  });
});
