import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "customers/redact").
export const action = webhookAction("customers/redact");
