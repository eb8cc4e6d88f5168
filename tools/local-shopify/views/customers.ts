import type { Customer } from "../model";
import type { SearchFields } from "../search-query";
import { connection, legacy, money, type SortSpec } from "./common";
import { field, type ResolverContext, type View } from "./context";
import { metafieldFields } from "./metafields";
import { orderSearch, orderSort, orderView } from "./orders";

export const customerSearch: SearchFields<Customer> = {
  fields: {
    id: { kind: "id", get: (c) => c.id },
    email: { kind: "keyword", get: (c) => c.email },
    first_name: { kind: "keyword", get: (c) => c.firstName },
    last_name: { kind: "keyword", get: (c) => c.lastName },
    phone: { kind: "keyword", get: (c) => c.phone },
    state: { kind: "keyword", get: (c) => c.state },
    country: { kind: "keyword", get: (c) => c.countryCode },
    tag: { kind: "tags", get: (c) => c.tags },
    created_at: { kind: "date", get: (c) => c.createdAt },
    updated_at: { kind: "date", get: (c) => c.updatedAt },
  },
  freeText: (c) => `${c.firstName} ${c.lastName} ${c.email} ${c.phone ?? ""}`,
};

export const customerSort: SortSpec<Customer> = {
  CREATED_AT: (c) => c.createdAt,
  UPDATED_AT: (c) => c.updatedAt,
  NAME: (c) => `${c.lastName} ${c.firstName}`.toLowerCase(),
  LOCATION: (c) => c.countryCode,
};

export function customerView(ctx: ResolverContext, c: Customer): View {
  const orders = () => ctx.store.ordersOf(c.id);
  const address = {
    __typename: "MailingAddress",
    id: `gid://shopify/MailingAddress/${legacy(c.id)}1?model_name=CustomerAddress`,
    firstName: c.firstName,
    lastName: c.lastName,
    name: `${c.firstName} ${c.lastName}`,
    countryCodeV2: c.countryCode,
    phone: c.phone,
  };
  return {
    __typename: "Customer",
    id: c.id,
    legacyResourceId: legacy(c.id),
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: `${c.firstName} ${c.lastName}`.trim() || c.email,
    phone: c.phone,
    state: c.state,
    tags: c.tags,
    note: null,
    locale: "en",
    taxExempt: false,
    verifiedEmail: c.state === "ENABLED",
    validEmailAddress: true,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    defaultEmailAddress: { __typename: "CustomerEmailAddress", emailAddress: c.email, validFormat: true },
    defaultPhoneNumber: c.phone ? { __typename: "CustomerPhoneNumber", phoneNumber: c.phone } : null,
    defaultAddress: address,
    numberOfOrders: () => String(orders().length),
    amountSpent: () => money(ctx, ctx.store.amountSpent(c.id)),
    lastOrder: () => {
      const list = orders();
      const last = list[list.length - 1];
      return last ? orderView(ctx, last) : null;
    },
    orders: field((args, _ctx, info) =>
      connection(ctx, info, args, orders(), (o) => o.id, (o) => orderView(ctx, o), { search: orderSearch, sort: orderSort }),
    ),
    ...metafieldFields(ctx, c.id),
  };
}
