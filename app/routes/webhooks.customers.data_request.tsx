import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "customers/data_request").
export const action = webhookAction("customers/data_request");
