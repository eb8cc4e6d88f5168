import type { Customer, Gid } from "../../model";
import { derivedId, idFromGid } from "../json-int";
import { nullableShopTime, shopTime } from "../shop-time";
import { DEFAULT_CURRENCY, type BuildContext, type Payload } from "./context";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

function countryName(code: string): string | null {
  try {
    return regionNames.of(code) ?? null;
  } catch {
    return null;
  }
}

// The model keeps only a country per customer, so the default address carries the name, phone and
// country; street fields stay null, which is also what Shopify sends for a sparse address.
function defaultAddress(c: Customer): Payload {
  return {
    id: derivedId(`${c.id}/MailingAddress`),
    customer_id: idFromGid(c.id),
    first_name: c.firstName,
    last_name: c.lastName,
    company: null,
    address1: null,
    address2: null,
    city: null,
    province: null,
    country: countryName(c.countryCode),
    zip: null,
    phone: c.phone,
    name: `${c.firstName} ${c.lastName}`.trim(),
    province_code: null,
    country_code: c.countryCode,
    country_name: countryName(c.countryCode),
    default: true,
  };
}

/** The customer object embedded in order and checkout payloads. */
export function embeddedCustomer(c: Customer, ctx: BuildContext, currency: string): Payload {
  return {
    id: idFromGid(c.id),
    created_at: shopTime(c.createdAt, ctx.timeZone),
    updated_at: shopTime(c.updatedAt, ctx.timeZone),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    email: c.email,
    phone: c.phone,
    currency,
    tax_exemptions: [],
    admin_graphql_api_id: c.id,
    default_address: defaultAddress(c),
  };
}

/** When only the customer's gid is known (the caller passed no Customer), Shopify-shaped nulls. */
export function unknownCustomer(id: Gid, email: string | null, currency: string): Payload {
  return {
    id: idFromGid(id),
    created_at: null,
    updated_at: null,
    first_name: null,
    last_name: null,
    state: "enabled",
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    email,
    phone: null,
    currency,
    tax_exemptions: [],
    admin_graphql_api_id: id,
    default_address: null,
  };
}

/** customers/create and customers/update. */
export function customerPayload(c: Customer, ctx: BuildContext): Payload {
  return {
    id: idFromGid(c.id),
    created_at: nullableShopTime(c.createdAt, ctx.timeZone),
    updated_at: nullableShopTime(c.updatedAt, ctx.timeZone),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    email: c.email,
    phone: c.phone,
    currency: ctx.currency ?? DEFAULT_CURRENCY,
    addresses: [defaultAddress(c)],
    tax_exemptions: [],
    admin_graphql_api_id: c.id,
    default_address: defaultAddress(c),
  };
}
