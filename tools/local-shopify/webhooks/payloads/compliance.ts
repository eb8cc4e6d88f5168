import type { Customer, Gid, ShopInfo } from "../../model";
import { derivedId, idFromGid, jsonInt } from "../json-int";
import type { Payload } from "./context";

// The mandatory privacy topics (shopify.dev/docs/apps/build/compliance/privacy-law-compliance).
// They identify the customer and orders by numeric id only, no gids.

export type ComplianceCustomer = Pick<Customer, "id" | "email" | "phone">;

export type CustomerDataRequest = {
  shop: ShopInfo;
  customer: ComplianceCustomer;
  orderIds: Gid[];
  dataRequestId?: string; // digits; derived from the customer when absent
};

export type CustomerRedact = { shop: ShopInfo; customer: ComplianceCustomer; orderIds: Gid[] };

function shopPart(s: ShopInfo): Payload {
  return { shop_id: idFromGid(s.id), shop_domain: s.myshopifyDomain };
}

function customerPart(c: ComplianceCustomer): Payload {
  return { id: idFromGid(c.id), email: c.email, phone: c.phone };
}

export function dataRequestPayload(r: CustomerDataRequest): Payload {
  return {
    ...shopPart(r.shop),
    customer: customerPart(r.customer),
    orders_requested: r.orderIds.map(idFromGid),
    data_request: { id: r.dataRequestId ? jsonInt(r.dataRequestId) : derivedId(`${r.customer.id}/DataRequest`) },
  };
}

export function customerRedactPayload(r: CustomerRedact): Payload {
  return { ...shopPart(r.shop), customer: customerPart(r.customer), orders_to_redact: r.orderIds.map(idFromGid) };
}

export function shopRedactPayload(s: ShopInfo): Payload {
  return shopPart(s);
}
