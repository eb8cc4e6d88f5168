import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "shop/redact").
export const action = webhookAction("shop/redact");
