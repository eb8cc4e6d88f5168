import { randomBytes } from "node:crypto";

export type IssuedToken = {
  shop: string;
  kind: "offline" | "online";
  expiring: boolean;
  expiresAt: number | null; // ms
  scope: string;
  used: boolean;
};

type RefreshToken = { shop: string; accessToken: string; expiresAt: number; supersededBy: string | null };

export type TokenPair = { accessToken: string; refreshToken: string | null; token: IssuedToken };

const HOUR = 3600;
const REFRESH_SECONDS = 90 * 24 * HOUR;

// Access and refresh tokens the local Shopify has issued, per shop. Only one expiring offline
// token is live per shop (a new one revokes the last); a refreshed-away refresh token stays usable
// for a retry until its replacement access token is first used, as Shopify documents.
export class TokenRegistry {
  private readonly access = new Map<string, IssuedToken>();
  private readonly refresh = new Map<string, RefreshToken>();

  constructor(private readonly clock: () => number) {}

  issue(shop: string, opts: { kind?: "offline" | "online"; expiresIn?: number | null; scope: string; withRefresh?: boolean }): TokenPair {
    const kind = opts.kind ?? "offline";
    const expiresIn = opts.expiresIn ?? null;
    const expiring = kind === "offline" && expiresIn !== null && !!opts.withRefresh;
    if (expiring) this.revokeExpiringOffline(shop);
    const accessToken = `${kind === "online" ? "shpua" : "shpat"}_${randomBytes(16).toString("hex")}`;
    const token: IssuedToken = {
      shop,
      kind,
      expiring,
      expiresAt: expiresIn === null ? null : this.clock() + expiresIn * 1000,
      scope: opts.scope,
      used: false,
    };
    this.access.set(accessToken, token);
    let refreshToken: string | null = null;
    if (expiring) {
      refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
      this.refresh.set(refreshToken, { shop, accessToken, expiresAt: this.clock() + REFRESH_SECONDS * 1000, supersededBy: null });
    }
    return { accessToken, refreshToken, token };
  }

  // Non-expiring offline token, the shape tests usually want.
  issueOffline(shop: string, scope: string): string {
    return this.issue(shop, { scope }).accessToken;
  }

  lookup(shop: string, accessToken: string): IssuedToken | null {
    const token = this.access.get(accessToken);
    if (!token || token.shop !== shop) return null;
    if (token.expiresAt !== null && token.expiresAt <= this.clock()) return null;
    return token;
  }

  // Called when a token authenticates an API request.
  markUsed(accessToken: string): void {
    const token = this.access.get(accessToken);
    if (!token || token.used) return;
    token.used = true;
    for (const [value, r] of this.refresh) if (r.supersededBy === accessToken) this.refresh.delete(value);
  }

  refreshWith(shop: string, refreshToken: string, scope: string): TokenPair | null {
    const record = this.refresh.get(refreshToken);
    if (!record || record.shop !== shop || record.expiresAt <= this.clock()) return null;
    const pair = this.issue(shop, { expiresIn: HOUR, scope, withRefresh: true });
    record.supersededBy = pair.accessToken;
    this.refresh.set(refreshToken, record); // revokeExpiringOffline dropped it; keep it for a retry
    return pair;
  }

  revoke(accessToken: string): void {
    this.access.delete(accessToken);
  }

  private revokeExpiringOffline(shop: string): void {
    for (const [value, token] of this.access) {
      if (token.shop === shop && token.expiring) this.access.delete(value);
    }
    for (const [value, r] of this.refresh) {
      if (r.shop === shop && r.supersededBy === null) this.refresh.delete(value);
    }
  }
}
