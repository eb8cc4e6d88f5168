import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "carts/update").
export const action = webhookAction("carts/update");
