import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "checkouts/create").
export const action = webhookAction("checkouts/create");
