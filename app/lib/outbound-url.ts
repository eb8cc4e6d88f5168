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
