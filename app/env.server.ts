import { z } from "zod";

const loopback = (value: string) => {
  const host = new URL(value).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
};

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1),
    SHOPIFY_API_SECRET: z.string().min(1),
    SHOPIFY_APP_URL: z.string().url(),
    SCOPES: z.string().default("read_products,read_customers,write_customers,read_orders,read_all_orders,write_discounts,write_delivery_customizations,write_payment_customizations,write_pixels,read_customer_events"),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    DATABASE_URL: z
      .string()
      .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_URL must be a postgres:// URL"),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    // Local Shopify mode (demo and tests): Admin API calls and the App Bridge script go to a local
    // stand-in on 127.0.0.1. It can never be on in production: see the refinements below.
    LOCAL_SHOPIFY_URL: z.string().url().optional(),
    APP_BRIDGE_URL: z.string().url().optional(),
    JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).default(120),
    JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).default(30),
    JOB_RETRY_LIMIT: z.coerce.number().int().min(0).default(5),
    JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).default(5),
    // Which queue groups this worker takes (app/jobs/run-worker.server.ts WORKER_GROUPS), e.g.
    // "webhooks" for a worker kept free of long jobs; unset: all of them.
    WORKER_QUEUES: z
      .string()
      .regex(/^\s*(webhooks|approvals|scoring|checkout|backfill|crm|audiences)(\s*,\s*(webhooks|approvals|scoring|checkout|backfill|crm|audiences))*\s*$/, "a comma-separated list of: webhooks, approvals, scoring, checkout, backfill, crm, audiences")
      .optional(),
    // Approvals: how long a decision waits for a person before it is rejected.
    APPROVAL_TTL_HOURS: z.coerce.number().positive().default(24),
    // Import the shop's customers and orders with a bulk operation right after install.
    BACKFILL_ON_INSTALL: z
      .enum(["true", "false", "1", "0"])
      .default("true")
      .transform((v) => v === "true" || v === "1"),
    // Slack approvals are optional: without a bot token nothing is posted.
    SLACK_BOT_TOKEN: z.string().min(1).optional(),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_API_URL: z.string().url().optional(),
    // A language model is optional (any OpenAI-compatible endpoint); Settings can override per shop.
    LLM_BASE_URL: z.string().url().optional(),
    LLM_API_KEY: z.string().min(1).optional(),
    LLM_MODEL: z.string().min(1).optional(),
    // Seals CRM credentials and API keys at rest (AES-256-GCM): 32 bytes, base64. Required in
    // production; elsewhere a key is derived from SHOPIFY_API_SECRET so the demo needs no setup.
    // After a rotation the old key goes in UPLIFT_SECRETS_KEY_PREVIOUS until secrets are resealed.
    UPLIFT_SECRETS_KEY: z.string().optional(),
    UPLIFT_SECRETS_KEY_PREVIOUS: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    for (const name of ["UPLIFT_SECRETS_KEY", "UPLIFT_SECRETS_KEY_PREVIOUS"] as const) {
      const value = env[name];
      if (value !== undefined && Buffer.from(value, "base64").length !== 32) {
        ctx.addIssue({ code: "custom", path: [name], message: "must be 32 random bytes in base64 (openssl rand -base64 32)" });
      }
    }
    if (env.NODE_ENV === "production" && !env.UPLIFT_SECRETS_KEY) {
      ctx.addIssue({ code: "custom", path: ["UPLIFT_SECRETS_KEY"], message: "required in production (openssl rand -base64 32)" });
    }
    if (!env.LOCAL_SHOPIFY_URL) return;
    if (env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["LOCAL_SHOPIFY_URL"], message: "local Shopify mode is not allowed when NODE_ENV=production" });
    }
    if (!loopback(env.LOCAL_SHOPIFY_URL)) {
      ctx.addIssue({ code: "custom", path: ["LOCAL_SHOPIFY_URL"], message: "local Shopify must run on a loopback address" });
    }
    if (!loopback(env.SHOPIFY_APP_URL)) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_APP_URL"], message: "local Shopify mode needs the app itself on a loopback address" });
    }
  });

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
export const isLocalShopify = Boolean(env.LOCAL_SHOPIFY_URL);
