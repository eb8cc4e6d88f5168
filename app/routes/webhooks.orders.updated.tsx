import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "orders/updated").
export const action = webhookAction("orders/updated");
