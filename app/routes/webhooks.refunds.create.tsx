import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "refunds/create").
export const action = webhookAction("refunds/create");
