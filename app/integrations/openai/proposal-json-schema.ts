// proposalSchema (proposal.ts) written out as the JSON Schema that OpenAI's structured outputs
// accept with strict: true. Strict mode wants every property listed in "required", no extra
// properties, and no string length keywords, so lengths live in the descriptions and in zod,
// which parses the reply again anyway. proposal-json-schema.test.ts keeps the two in step.

const percent = { type: "number", minimum: 0, maximum: 100, description: "Percent off, 0 to 100." };
const variantId = { type: "string", description: "A variant id taken from the input, e.g. gid://shopify/ProductVariant/1." };

const branch = (type: string, properties: Record<string, unknown> = {}) => ({
  type: "object",
  properties: { type: { type: "string", enum: [type] }, ...properties },
  required: ["type", ...Object.keys(properties)],
  additionalProperties: false,
});

export const ACTION_JSON_SCHEMAS = [
  branch("none"),
  branch("percentage_discount", { percent }),
  branch("fixed_discount", { amountMinor: { type: "integer", minimum: 0, description: "Amount off in minor units (cents)." } }),
  branch("free_shipping"),
  branch("gift", { variantId }),
  branch("bundle", { variantIds: { type: "array", items: variantId, minItems: 1 }, percent }),
  branch("upsell", { variantId, percent }),
  branch("recovery_message", { template: { type: "string", description: "A short template id." }, percent }),
  branch("risk_route", { route: { type: "string", enum: ["manual_review", "hide_deferred_payments", "require_3ds"] } }),
];

export const PROPOSAL_JSON_SCHEMA = {
  type: "object",
  properties: {
    action: { anyOf: ACTION_JSON_SCHEMAS },
    reasons: {
      type: "array",
      items: { type: "string", description: "One short reason, at most 200 characters." },
      minItems: 1,
      maxItems: 4,
    },
    copy: {
      type: "object",
      properties: {
        headline: { type: "string", description: "Shopper-facing headline, at most 80 characters." },
        body: { type: "string", description: "Shopper-facing text, at most 280 characters." },
      },
      required: ["headline", "body"],
      additionalProperties: false,
    },
  },
  required: ["action", "reasons", "copy"],
  additionalProperties: false,
} as const;

export const PROPOSAL_RESPONSE_FORMAT = {
  type: "json_schema",
  json_schema: { name: "offer_proposal", strict: true, schema: PROPOSAL_JSON_SCHEMA },
} as const;
