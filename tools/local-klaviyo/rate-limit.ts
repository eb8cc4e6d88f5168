// Klaviyo's two fixed windows per account and endpoint: burst (1 second) and steady (1 minute).
// A 429 carries Retry-After until the window that refused opens again; other replies carry the
// steady window's RateLimit-Limit / -Remaining / -Reset headers.

export type RateTier = { burst: number; steady: number };

/** The documented tiers (XS … XL); each route names the one its reference page gives. */
export const TIERS = {
  XS: { burst: 1, steady: 15 },
  S: { burst: 3, steady: 60 },
  M: { burst: 10, steady: 150 },
  L: { burst: 75, steady: 700 },
  XL: { burst: 350, steady: 3500 },
} as const satisfies Record<string, RateTier>;

export type Admission = { ok: true; headers: Record<string, string> } | { ok: false; retryAfterSeconds: number; headers: Record<string, string> };

type Windows = { burstStart: number; burst: number; steadyStart: number; steady: number };

export class RateLimiter {
  private readonly windows = new Map<string, Windows>();

  constructor(
    private readonly clock: () => number,
    /** Replaces every route's tier (tests make a small burst window). */
    private readonly override?: Partial<RateTier>,
  ) {}

  /** Counts one request for `bucket` (account + endpoint) unless a window is full; refused requests are not counted. */
  admit(bucket: string, tier: RateTier): Admission {
    const limits = { ...tier, ...this.override };
    const now = this.clock();
    const w = this.current(bucket, now);
    if (w.burst >= limits.burst) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.burstStart + 1_000 - now) / 1000)), headers: {} };
    if (w.steady >= limits.steady) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.steadyStart + 60_000 - now) / 1000)), headers: {} };
    w.burst += 1;
    w.steady += 1;
    return { ok: true, headers: this.headers(w, limits, now) };
  }

  /** Counts a request answered anyway (an injected failure still spends quota). */
  spend(bucket: string): void {
    const w = this.current(bucket, this.clock());
    w.burst += 1;
    w.steady += 1;
  }

  private current(bucket: string, now: number): Windows {
    let w = this.windows.get(bucket);
    if (!w) {
      w = { burstStart: now, burst: 0, steadyStart: now, steady: 0 };
      this.windows.set(bucket, w);
    }
    if (now - w.burstStart >= 1_000) Object.assign(w, { burstStart: now, burst: 0 });
    if (now - w.steadyStart >= 60_000) Object.assign(w, { steadyStart: now, steady: 0 });
    return w;
  }

  private headers(w: Windows, limits: RateTier, now: number): Record<string, string> {
    return {
      "RateLimit-Limit": String(limits.steady),
      "RateLimit-Remaining": String(Math.max(0, limits.steady - w.steady)),
      "RateLimit-Reset": String(Math.max(0, Math.ceil((w.steadyStart + 60_000 - now) / 1000))),
    };
  }
}
