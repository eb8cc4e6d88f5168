import {
  GraphQLError,
  execute,
  getOperationAST,
  parse,
  validate,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";
import type { AppDiscount, Gid } from "../model";
import type { Store } from "../store";
import { jsonValue } from "../views/metafields";
import { resolveNamespace } from "../views/common";
import { centsDecimal } from "./decimal";
import type { CartLineState, DeliveryOption, SimCart } from "./cart";

// Builds a Discount Function's input the way Shopify does: the input query runs against the Function
// API schema over the cart, so the Function sees exactly the fields it selected. Every field is a
// value or a function of its arguments; a field no view offers fails loudly, naming Type.field.

type FnView = Record<string, unknown>;
type Args = Record<string, unknown>;

// Shopify hands Functions no metafield value over 10,000 bytes: the metafield comes back null.
const MAX_FUNCTION_METAFIELD_BYTES = 10_000;

export type InputContext = { store: Store; appId: string; cart: SimCart; discount: AppDiscount };

const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, _ctx, info) => {
  if (source !== null && typeof source === "object" && info.fieldName in source) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? (value as (a: Args) => unknown)(args) : value;
  }
  throw new GraphQLError(`Field '${info.parentType.name}.${info.fieldName}' is not modelled by the local Shopify checkout.`);
};

// Shopify rejects an invalid input query when the app is deployed; here it fails the checkout.
export function checkInputQuery(schema: GraphQLSchema, query: string, label: string) {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    throw new Error(`${label}: input query does not parse: ${(error as Error).message}`);
  }
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`${label}: input query is invalid against the Discount Function schema: ${errors.map((e) => e.message).join("; ")}`);
  const op = getOperationAST(document);
  if (!op || op.operation !== "query") throw new Error(`${label}: an input query must be a single query operation`);
  return document;
}

export async function runInputQuery(
  schema: GraphQLSchema,
  query: string,
  variables: Record<string, unknown>,
  c: InputContext,
  label: string,
): Promise<unknown> {
  const document = checkInputQuery(schema, query, label);
  const result = await execute({ schema, document, rootValue: inputRoot(c), variableValues: variables, fieldResolver });
  if (result.errors?.length) throw new Error(`${label}: input query failed: ${result.errors.map((e) => e.message).join("; ")}`);
  // A Function receives JSON.
  return JSON.parse(JSON.stringify(result.data)) as unknown;
}

function money(c: InputContext, cents: number): FnView {
  return { amount: centsDecimal(cents), currencyCode: c.cart.currency };
}

function metafieldOf(found: { type: string; value: string } | undefined): FnView | null {
  if (!found || Buffer.byteLength(found.value) > MAX_FUNCTION_METAFIELD_BYTES) return null;
  return { type: found.type, value: found.value, jsonValue: jsonValue(found) };
}

// metafield(namespace, key): an omitted namespace or "$app" is the app's reserved one.
function ownerMetafield(c: InputContext, ownerId: Gid) {
  return (args: Args) => metafieldOf(c.store.metafield(ownerId, resolveNamespace(args.namespace, c.appId), String(args.key)));
}

function tagFields(tags: readonly string[]) {
  const has = (tag: string) => tags.some((t) => t.toLowerCase() === tag.toLowerCase());
  return {
    hasAnyTag: (args: Args) => ((args.tags as string[] | undefined) ?? []).some(has),
    hasTags: (args: Args) => ((args.tags as string[] | undefined) ?? []).map((tag) => ({ tag, hasTag: has(tag) })),
  };
}

function merchandiseView(c: InputContext, line: CartLineState): FnView {
  const { variant, product } = line;
  return {
    __typename: "ProductVariant",
    id: variant.id,
    sku: variant.sku,
    title: variant.title,
    requiresShipping: true,
    metafield: ownerMetafield(c, variant.id),
    product: {
      id: product.id,
      handle: product.handle,
      title: product.title,
      vendor: product.vendor,
      productType: product.productType,
      isGiftCard: false,
      ...tagFields(product.tags),
      metafield: ownerMetafield(c, product.id),
    },
  };
}

function cartLineView(c: InputContext, line: CartLineState): FnView {
  const subtotal = line.unitCents * line.quantity;
  return {
    id: line.id,
    quantity: line.quantity,
    cost: {
      amountPerQuantity: money(c, line.unitCents),
      compareAtAmountPerQuantity: line.variant.compareAtPrice ? money(c, Math.round(Number(line.variant.compareAtPrice) * 100)) : null,
      subtotalAmount: money(c, subtotal),
      totalAmount: money(c, subtotal), // Discount Functions run concurrently: no discount is applied yet
    },
    merchandise: merchandiseView(c, line),
    attribute: () => null, // the local cart has no attributes
    discountAllocations: [],
    parentRelationship: null,
    sellingPlanAllocation: null,
  };
}

function deliveryOptionView(c: InputContext, o: DeliveryOption): FnView {
  return { handle: o.handle, title: o.title, code: o.code, description: null, deliveryMethodType: o.method, cost: money(c, o.costCents) };
}

function buyerIdentityView(c: InputContext): FnView | null {
  const customer = c.cart.customer;
  if (!customer) {
    return c.cart.email ? { customer: null, email: c.cart.email, phone: null, isAuthenticated: false, purchasingCompany: null } : null;
  }
  return {
    email: c.cart.email,
    phone: customer.phone,
    isAuthenticated: true,
    purchasingCompany: null,
    customer: {
      id: customer.id,
      email: customer.email,
      firstName: customer.firstName,
      lastName: customer.lastName,
      displayName: `${customer.firstName} ${customer.lastName}`.trim() || customer.email,
      amountSpent: () => money(c, Math.round(Number(c.store.amountSpent(customer.id)) * 100)),
      numberOfOrders: () => c.store.ordersOf(customer.id).length,
      ...tagFields(customer.tags),
      metafield: ownerMetafield(c, customer.id),
    },
  };
}

function cartView(c: InputContext): FnView {
  const { cart } = c;
  const subtotal = cart.lines.reduce((s, l) => s + l.unitCents * l.quantity, 0);
  const lines = cart.lines.map((l) => cartLineView(c, l));
  const group = cart.deliveryGroup;
  return {
    lines,
    cost: { subtotalAmount: money(c, subtotal), totalAmount: money(c, subtotal) },
    buyerIdentity: () => buyerIdentityView(c),
    metafield: (args: Args) => {
      const namespace = resolveNamespace(args.namespace, c.appId);
      return metafieldOf(cart.metafields.find((m) => m.namespace === namespace && m.key === args.key));
    },
    attribute: () => null,
    discountApplications: [],
    deliverableLines: cart.lines.map((l) => ({ id: l.id, quantity: l.quantity, merchandise: merchandiseView(c, l), attribute: () => null })),
    deliveryGroups: [
      {
        id: group.id,
        groupType: "ONE_TIME_PURCHASE",
        cartLines: lines,
        deliveryOptions: group.options.map((o) => deliveryOptionView(c, o)),
        selectedDeliveryOption: deliveryOptionView(c, group.selected),
        discountAllocations: [],
      },
    ],
    localizedFields: [],
    poNumber: null,
    retailLocation: null,
  };
}

function inputRoot(c: InputContext): FnView {
  return {
    cart: cartView(c),
    discount: { discountClasses: c.discount.discountClasses, metafield: ownerMetafield(c, c.discount.id) },
    enteredDiscountCodes: [],
    triggeringDiscountCode: null,
    fetchResult: null, // no fetch target ran
    presentmentCurrencyRate: "1.0",
    localization: { country: { isoCode: c.cart.countryCode }, language: { isoCode: "EN" } },
    shop: { localTime: { date: c.cart.localDate }, metafield: ownerMetafield(c, c.store.shop.id) },
  };
}
