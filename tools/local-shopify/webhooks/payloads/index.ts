import type { BulkOperation, Cart, Customer, ShopInfo } from "../../model";
import { bulkOperationFinishPayload } from "./bulk-operation";
import { cartPayload } from "./cart";
import { checkoutPayload, type CheckoutInput } from "./checkout";
import {
  customerRedactPayload,
  dataRequestPayload,
  shopRedactPayload,
  type CustomerDataRequest,
  type CustomerRedact,
} from "./compliance";
import type { BuildContext, Payload } from "./context";
import { customerPayload } from "./customer";
import { orderPayload, type OrderInput } from "./order";
import { refundPayload, type RefundInput } from "./refund";
import { scopesUpdatePayload, type ScopesUpdate } from "./scopes";
import { shopPayload } from "./shop";

export type { BuildContext, Payload } from "./context";
export type { CheckoutInput } from "./checkout";
export type { OrderInput } from "./order";
export type { RefundInput } from "./refund";
export type { ScopesUpdate } from "./scopes";
export type { ComplianceCustomer, CustomerDataRequest, CustomerRedact } from "./compliance";

/** The resource each topic the app subscribes to is built from. */
export type TopicResources = {
  "app/uninstalled": ShopInfo;
  "app/scopes_update": ScopesUpdate;
  "orders/create": OrderInput;
  "orders/paid": OrderInput;
  "orders/updated": OrderInput;
  "refunds/create": RefundInput;
  "bulk_operations/finish": BulkOperation;
  "carts/create": Cart;
  "carts/update": Cart;
  "checkouts/create": CheckoutInput;
  "checkouts/update": CheckoutInput;
  "customers/create": Customer;
  "customers/update": Customer;
  "customers/data_request": CustomerDataRequest;
  "customers/redact": CustomerRedact;
  "shop/redact": ShopInfo;
};

export type WebhookTopic = keyof TopicResources;

const builders: { [T in WebhookTopic]: (resource: TopicResources[T], ctx: BuildContext) => Payload } = {
  "app/uninstalled": (s) => shopPayload(s),
  "app/scopes_update": (u) => scopesUpdatePayload(u),
  "orders/create": orderPayload,
  "orders/paid": orderPayload,
  "orders/updated": orderPayload,
  "refunds/create": refundPayload,
  "bulk_operations/finish": (op) => bulkOperationFinishPayload(op),
  "carts/create": cartPayload,
  "carts/update": cartPayload,
  "checkouts/create": checkoutPayload,
  "checkouts/update": checkoutPayload,
  "customers/create": customerPayload,
  "customers/update": customerPayload,
  "customers/data_request": (r) => dataRequestPayload(r),
  "customers/redact": (r) => customerRedactPayload(r),
  "shop/redact": (s) => shopRedactPayload(s),
};

export const WEBHOOK_TOPICS = Object.keys(builders) as WebhookTopic[];

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return Object.hasOwn(builders, topic);
}

export function buildPayload<T extends WebhookTopic>(topic: T, resource: TopicResources[T], ctx: BuildContext): Payload {
  const build = builders[topic] as (resource: TopicResources[T], ctx: BuildContext) => Payload;
  return build(resource, ctx);
}

/** The body Shopify posts: compact JSON, numeric ids written exactly (see json-int.ts). */
export function serializePayload(payload: Payload): string {
  return JSON.stringify(payload);
}
