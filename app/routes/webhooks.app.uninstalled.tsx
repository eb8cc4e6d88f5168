import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "app/uninstalled").
export const action = webhookAction("app/uninstalled");
