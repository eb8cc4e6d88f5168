import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

// Where Shopify would deliver each topic, read from the app's shopify.app.toml the way the CLI does:
// [[webhooks.subscriptions]] with `topics` or `compliance_topics` and a `uri` that is either
// relative to application_url or absolute https. Non-HTTP targets (pubsub://, arn:, kafka://) are
// left out: the local Shopify only posts over HTTP.

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function resolveUri(uri: string, appUrl: string): string | null {
  const trimmed = uri.replace(/\/+$/, "");
  if (trimmed.startsWith("/")) return `${appUrl.replace(/\/+$/, "")}${trimmed}`;
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  return null;
}

// Pre-compliance_topics configs name the privacy endpoints here instead.
const LEGACY_PRIVACY: Record<string, string> = {
  customer_data_request_url: "customers/data_request",
  customer_deletion_url: "customers/redact",
  shop_deletion_url: "shop/redact",
};

export function subscriptionsFromToml(text: string, appUrl: string): Map<string, string> {
  const config = parse(text) as Table;
  const webhooks = isTable(config.webhooks) ? config.webhooks : {};
  const out = new Map<string, string>();
  const add = (topic: string, uri: string) => {
    const url = resolveUri(uri, appUrl);
    if (!url) return;
    const existing = out.get(topic);
    // Shopify would fan one event out to every address; a topic → uri map cannot, so refuse to guess.
    if (existing && existing !== url) throw new Error(`topic ${topic} is subscribed at both ${existing} and ${url}`);
    out.set(topic, url);
  };
  const subscriptions = Array.isArray(webhooks.subscriptions) ? webhooks.subscriptions.filter(isTable) : [];
  for (const sub of subscriptions) {
    if (typeof sub.uri !== "string") continue;
    for (const topic of [...strings(sub.topics), ...strings(sub.compliance_topics)]) add(topic, sub.uri);
  }
  const legacy = isTable(webhooks.privacy_compliance) ? webhooks.privacy_compliance : {};
  for (const [key, topic] of Object.entries(LEGACY_PRIVACY)) {
    const uri = legacy[key];
    if (typeof uri === "string" && uri) add(topic, uri);
  }
  return out;
}

/** Reads shopify.app.toml at `tomlPath`; relative uris are joined to `appUrl` (the running app's URL). */
export function loadSubscriptions(tomlPath: string, appUrl: string): Map<string, string> {
  return subscriptionsFromToml(readFileSync(tomlPath, "utf8"), appUrl);
}

/** The webhooks.api_version the app asks for, e.g. "2026-07". */
export function webhookApiVersion(tomlPath: string): string | undefined {
  const config = parse(readFileSync(tomlPath, "utf8")) as Table;
  const version = isTable(config.webhooks) ? config.webhooks.api_version : undefined;
  return typeof version === "string" ? version : undefined;
}
