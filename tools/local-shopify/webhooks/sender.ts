import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Delivery } from "./delivery";
import { mulberry32, shuffled } from "../prng";
import { signWebhookBody } from "./signature";

export type { Delivery } from "./delivery";

export type SendOptions = {
  /** Extra deliveries of the same event, as when Shopify retries or redelivers. */
  duplicates?: number;
  /**
   * Whether a duplicate reuses the original X-Shopify-Webhook-Id. Default "same": Shopify documents
   * Webhook-Id as identifying one delivery, and a retry of that delivery carries it again (headers.json).
   * "fresh" models a second delivery of the same event (same Event-Id, new Webhook-Id), which only
   * Event-Id dedupe catches.
   */
  duplicateWebhookId?: "same" | "fresh";
  /** Wait before each delivery (not before retries, which use retry.backoffMs). */
  delayMs?: number;
  /** Break the signature: alter the body after signing, sign with a wrong secret, or omit the header. */
  tamper?: "body" | "secret" | "missing-hmac";
  /**
   * Retry a failed delivery (non-2xx, including 3xx, or no answer within the timeout) like Shopify:
   * `attempts` retries after the first try, waiting backoffMs, 2×, 4×… in between. Shopify itself
   * retries 8 times over 4 hours; tests use small numbers.
   */
  retry?: { attempts: number; backoffMs: number };
};

/** One HTTP attempt. status 0 means no response (connection refused, timeout). */
export type DeliveryResult = {
  status: number;
  topic: string;
  eventId: string;
  webhookId: string;
  ms: number;
  url: string;
  attempt: number; // 1 for the first try, 2+ for retries
  error?: string;
};

export type WebhookSenderOptions = {
  appUrl: string;
  apiSecret: string;
  apiVersion?: string;
  subscriptions: Map<string, string>; // topic → absolute uri (relative ones are joined to appUrl)
  fetch?: typeof fetch;
  seed?: number;
  timeoutMs?: number; // Shopify gives a delivery 5 s in total
};

type Job = Required<Pick<Delivery, "shop" | "topic" | "body" | "eventId" | "webhookId" | "triggeredAt">>;

function tamperedBody(body: string): string {
  const altered = body.replace(/\d/, (d) => String((Number(d) + 1) % 10));
  return altered === body ? `${body} ` : altered;
}

/** Posts deliveries to the app the way Shopify does: signed, with Shopify's headers, optionally duplicated, reordered or retried. */
export class WebhookSender {
  private readonly appUrl: string;
  private readonly apiSecret: string;
  private readonly apiVersion: string;
  private readonly subscriptions: Map<string, string>;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;
  private readonly timeoutMs: number;

  constructor(opts: WebhookSenderOptions) {
    this.appUrl = opts.appUrl.replace(/\/+$/, "");
    this.apiSecret = opts.apiSecret;
    this.apiVersion = opts.apiVersion ?? "2026-07";
    this.subscriptions = opts.subscriptions;
    this.fetchImpl = opts.fetch ?? globalThis.fetch;
    this.random = mulberry32(opts.seed ?? 1);
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  async send(d: Delivery, o: SendOptions = {}): Promise<DeliveryResult[]> {
    return this.run(this.expand(d, o), o);
  }

  async sendMany(ds: Delivery[], o: SendOptions & { shuffle?: boolean } = {}): Promise<DeliveryResult[]> {
    const jobs = ds.flatMap((d) => this.expand(d, o));
    // Shopify promises no order within or across topics; shuffling the expanded list also lets a
    // duplicate arrive before its original.
    return this.run(o.shuffle ? shuffled(jobs, this.random) : jobs, o);
  }

  urlFor(topic: string): string {
    const uri = this.subscriptions.get(topic);
    if (!uri) throw new Error(`the app has no subscription for ${topic}`);
    return uri.startsWith("/") ? `${this.appUrl}${uri}` : uri;
  }

  private expand(d: Delivery, o: SendOptions): Job[] {
    this.urlFor(d.topic); // fail before sending anything
    const first: Job = {
      shop: d.shop,
      topic: d.topic,
      body: d.body,
      eventId: d.eventId ?? randomUUID(),
      webhookId: d.webhookId ?? randomUUID(),
      triggeredAt: d.triggeredAt ?? new Date().toISOString(),
    };
    const copies = Array.from({ length: o.duplicates ?? 0 }, () =>
      o.duplicateWebhookId === "fresh" ? { ...first, webhookId: randomUUID() } : { ...first },
    );
    return [first, ...copies];
  }

  private async run(jobs: Job[], o: SendOptions): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    for (const job of jobs) {
      if (o.delayMs) await sleep(o.delayMs);
      results.push(...(await this.deliverWithRetries(job, o)));
    }
    return results;
  }

  private async deliverWithRetries(job: Job, o: SendOptions): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    const retries = Math.max(0, o.retry?.attempts ?? 0);
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      if (attempt > 1) await sleep((o.retry?.backoffMs ?? 0) * 2 ** (attempt - 2));
      const result = await this.attempt(job, o, attempt);
      results.push(result);
      if (result.status >= 200 && result.status < 300) break;
    }
    return results;
  }

  private headers(job: Job, o: SendOptions): Record<string, string> {
    const secret = o.tamper === "secret" ? `${this.apiSecret}-not-the-secret` : this.apiSecret;
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": job.topic,
      "X-Shopify-Hmac-Sha256": signWebhookBody(job.body, secret),
      "X-Shopify-Shop-Domain": job.shop,
      "X-Shopify-API-Version": this.apiVersion,
      "X-Shopify-Webhook-Id": job.webhookId,
      "X-Shopify-Triggered-At": job.triggeredAt,
      "X-Shopify-Event-Id": job.eventId,
    };
    if (o.tamper === "missing-hmac") delete headers["X-Shopify-Hmac-Sha256"];
    return headers;
  }

  private async attempt(job: Job, o: SendOptions, attempt: number): Promise<DeliveryResult> {
    const url = this.urlFor(job.topic);
    const body = o.tamper === "body" ? tamperedBody(job.body) : job.body;
    const base = { topic: job.topic, eventId: job.eventId, webhookId: job.webhookId, url, attempt };
    const started = performance.now();
    try {
      const res = await this.fetchImpl(url, {
        method: "POST",
        headers: this.headers(job, o),
        body,
        redirect: "manual", // a 3xx is a failed delivery for Shopify, not something to follow
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer();
      return { ...base, status: res.status, ms: Math.round(performance.now() - started) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, status: 0, ms: Math.round(performance.now() - started), error: message };
    }
  }
}
