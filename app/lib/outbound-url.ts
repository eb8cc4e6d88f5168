// Where the app may send a merchant's credentials. A URL typed into Settings decides where a token
// goes, so in production it must be https on the vendor's own domains (no requests to internal
// addresses on the merchant's say-so); outside production the local stand-ins on 127.0.0.1 are
// allowed too.

export const isLoopbackHost = (host: string) => host === "127.0.0.1" || host === "localhost" || host === "[::1]";

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

export function vendorUrl(value: string, vendorHost: RegExp, production: boolean): UrlCheck {
  if (!URL.canParse(value)) return { ok: false, message: "not a URL" };
  const url = new URL(value);
  if (url.username || url.password) return { ok: false, message: "must not carry credentials" };
  const origin = `${url.protocol}//${url.host}`;
  if (!production && url.protocol === "http:" && isLoopbackHost(url.hostname)) return { ok: true, url: origin };
  if (url.protocol !== "https:") return { ok: false, message: "must be an https:// URL" };
  if (url.port && url.port !== "443") return { ok: false, message: "must use the standard https port" };
  if (!vendorHost.test(url.hostname)) return { ok: false, message: `${url.hostname} is not one of the vendor's hosts` };
  return { ok: true, url: origin };
}

/** Salesforce orgs live on *.my.salesforce.com (and sandboxes on *.sandbox.my.salesforce.com). */
export const SALESFORCE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(my\.salesforce\.com|force\.com|salesforce\.com)$/i;
export const HUBSPOT_HOST = /^api\.hubapi\.com$/i;
/** Klaviyo's REST API answers on one host. */
export const KLAVIYO_HOST = /^a\.klaviyo\.com$/i;

// Literal addresses a merchant-supplied URL must not reach in production: loopback, private,
// link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, and their IPv6
// forms; plus names that only resolve inside a network.
const PRIVATE_V4 = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./, /^0\./];
export function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal") || !host.includes(".") && !host.includes(":")) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return !PRIVATE_V4.some((r) => r.test(host));
  if (host.includes(":")) {
    const mapped = host.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped) return isPublicHost(mapped[1]!);
    return !(host === "::" || host === "::1" || /^f[cd]/.test(host) || /^fe[89ab]/.test(host));
  }
  // A bare number is an IPv4 address in disguise (http://2130706433 is 127.0.0.1).
  return !/^[0-9.]+$/.test(host) && !/^0x/i.test(host);
}
