import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "carts/create").
export const action = webhookAction("carts/create");
