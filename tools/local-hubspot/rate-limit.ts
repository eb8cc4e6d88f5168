import type { RatePolicy } from "./wire";

// HubSpot's two limits for private-app tokens: a rolling 10-second burst window and a daily cap.
// The real daily cap resets at midnight in the account's time zone; this server uses UTC.

export type RateLimitOptions = {
  /** Requests allowed in any rolling window (HubSpot Free/Starter: 100 per 10 s). */
  max?: number;
  intervalMs?: number;
  /** Requests per UTC day. */
  daily?: number;
};

export type Admission = { ok: true; headers: Record<string, string> } | { ok: false; policy: RatePolicy; retryAfterSeconds?: number; headers: Record<string, string> };

export class RateLimiter {
  private readonly max: number;
  private readonly intervalMs: number;
  private readonly daily: number;
  private readonly windows = new Map<string, number[]>();
  private readonly days = new Map<string, { day: string; count: number }>();

  constructor(
    opts: RateLimitOptions,
    private readonly clock: () => number,
  ) {
    this.max = opts.max ?? 100;
    this.intervalMs = opts.intervalMs ?? 10_000;
    this.daily = opts.daily ?? 250_000;
  }

  /** Counts one request for `token` unless a limit refuses it (refused requests are not counted). */
  admit(token: string): Admission {
    const now = this.clock();
    const window = this.window(token, now);
    const day = this.day(token, now);
    if (day.count >= this.daily) return { ok: false, policy: "DAILY", headers: this.headers(window.length, day.count) };
    if (window.length >= this.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window[0]! + this.intervalMs - now) / 1000));
      return { ok: false, policy: "TEN_SECONDLY_ROLLING", retryAfterSeconds, headers: this.headers(window.length, day.count) };
    }
    window.push(now);
    day.count += 1;
    return { ok: true, headers: this.headers(window.length, day.count) };
  }

  /** Counts a request that was answered anyway (an injected failure still spends quota). */
  spend(token: string): Record<string, string> {
    const now = this.clock();
    const window = this.window(token, now);
    const day = this.day(token, now);
    window.push(now);
    day.count += 1;
    return this.headers(window.length, day.count);
  }

  private window(token: string, now: number): number[] {
    const kept = (this.windows.get(token) ?? []).filter((t) => t > now - this.intervalMs);
    this.windows.set(token, kept);
    return kept;
  }

  private day(token: string, now: number): { day: string; count: number } {
    const today = new Date(now).toISOString().slice(0, 10);
    let day = this.days.get(token);
    if (!day || day.day !== today) {
      day = { day: today, count: 0 };
      this.days.set(token, day);
    }
    return day;
  }

  private headers(used: number, usedToday: number): Record<string, string> {
    return {
      "X-HubSpot-RateLimit-Interval-Milliseconds": String(this.intervalMs),
      "X-HubSpot-RateLimit-Max": String(this.max),
      "X-HubSpot-RateLimit-Remaining": String(Math.max(0, this.max - used)),
      "X-HubSpot-RateLimit-Daily": String(this.daily),
      "X-HubSpot-RateLimit-Daily-Remaining": String(Math.max(0, this.daily - usedToday)),
    };
  }
}
