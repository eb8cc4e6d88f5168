// The local Shopify's webhook side: payloads shaped like Shopify's, signed and posted to the app.
export { buildDelivery, type BuildDeliveryOptions, type Delivery } from "./delivery";
export {
  buildPayload,
  isWebhookTopic,
  serializePayload,
  WEBHOOK_TOPICS,
  type BuildContext,
  type Payload,
  type TopicResources,
  type WebhookTopic,
} from "./payloads";
export { WebhookSender, type DeliveryResult, type SendOptions, type WebhookSenderOptions } from "./sender";
export { signWebhookBody } from "./signature";
export { loadSubscriptions, subscriptionsFromToml, webhookApiVersion } from "./subscriptions";
export { gidDigits, idFromGid } from "./json-int";
