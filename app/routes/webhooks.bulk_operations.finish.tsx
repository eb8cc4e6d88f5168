import { webhookAction } from "../webhook-action.server";

// Subscribed in shopify.app.toml; processed by app/jobs/webhooks (topic "bulk_operations/finish"):
// the backfill's export is ready (or failed), so its import is queued.
export const action = webhookAction("bulk_operations/finish");
