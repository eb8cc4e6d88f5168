import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "app/scopes_update").
export const action = webhookAction("app/scopes_update");
