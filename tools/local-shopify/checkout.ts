import type { AppDiscount, Order } from "./model";
import type { LocalShopify } from "./server";
import type { Store } from "./store";
import { iso } from "./money";
import { capabilityEnabled } from "./metafield-capabilities";
import { jsonValue } from "./views/metafields";
import { resolveNamespace } from "./views/common";
import { buildCart, type CheckoutInput, type SimCart } from "./checkout/cart";
import { discountFunctionSchema } from "./checkout/discount-schema";
import { runInputQuery } from "./checkout/function-input";
import { coerceRunResult, isRunTarget } from "./checkout/function-output";
import { applyDiscounts, type DiscountRun } from "./checkout/apply-discounts";

export type { CheckoutInput } from "./checkout/cart";

// A checkout as Shopify completes it, for what the local Shopify models: every active automatic app
// discount whose Function has an implementation here runs (input query executed against the
// Discount Function schema, output coerced into the target's result type), its operations are
// applied, and the order is created with its discount applications and allocations, cart metafields
// copied where an ORDER definition has cartToOrderCopyable, and the same webhooks as any other
// completed checkout (checkouts/update, orders/create, orders/paid, customers/update).

export type DiscountFunctionImpl = {
  inputQuery: string;
  run: (input: unknown) => { operations: unknown[] };
  // [extensions.input.variables]: a JSON metafield on the discount whose value gives the query's variables.
  inputVariables?: { namespace: string; key: string };
};

// Function handle → target (e.g. "cart.lines.discounts.generate.run") → implementation.
export type DiscountFunctions = Record<string, Record<string, DiscountFunctionImpl>>;

export type FunctionRun = { handle: string; target: string; discountId: string; input: unknown; output: unknown };

export type CheckoutOptions = {
  // Delivers a webhook, as for startTraffic: (topic, resource) → the app. Omitted: nothing is sent.
  send?: (topic: string, resource: unknown) => Promise<unknown>;
  now?: () => number; // default: the local Shopify's clock
};

export type CheckoutResult = { order: Order; functionRuns: FunctionRun[] };

function isActive(d: AppDiscount, now: number): boolean {
  return Date.parse(d.startsAt) <= now && (!d.endsAt || Date.parse(d.endsAt) > now);
}

function inputVariables(store: Store, appId: string, d: AppDiscount, impl: DiscountFunctionImpl): Record<string, unknown> {
  if (!impl.inputVariables) return {};
  const m = store.metafield(d.id, resolveNamespace(impl.inputVariables.namespace, appId), impl.inputVariables.key);
  const value = m ? jsonValue(m) : null;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function runFunctions(local: LocalShopify, store: Store, cart: SimCart, functions: DiscountFunctions, now: number) {
  const schema = discountFunctionSchema();
  const runs: FunctionRun[] = [];
  const results: DiscountRun[] = [];
  // An app discount on one-time purchases only: the local catalog sells nothing by subscription.
  for (const discount of store.appDiscounts.filter((d) => isActive(d, now) && d.appliesOnOneTimePurchase)) {
    const targets = functions[discount.functionHandle];
    if (!targets) continue;
    for (const [target, impl] of Object.entries(targets)) {
      const label = `Function ${discount.functionHandle} ${target}`;
      if (!isRunTarget(target)) throw new Error(`local Shopify checkout: ${label}: only the run targets are modelled (fetch targets need network access)`);
      const variables = inputVariables(store, local.numericAppId, discount, impl);
      const input = await runInputQuery(schema, impl.inputQuery, variables, { store, appId: local.numericAppId, cart, discount }, label);
      const output = impl.run(input);
      const result = coerceRunResult(schema, target, output, label);
      runs.push({ handle: discount.functionHandle, target, discountId: discount.id, input, output });
      results.push({ discount, label, operations: result.operations });
    }
  }
  return { runs, results };
}

// Cart metafields reach the order only through an ORDER definition with cartToOrderCopyable on.
function copyCartMetafields(store: Store, cart: SimCart, order: Order, at: string): void {
  const writes = cart.metafields
    .filter((m) => {
      const d = store.definitionFor("ORDER", m.namespace, m.key);
      return d !== undefined && capabilityEnabled(d, "cartToOrderCopyable");
    })
    .map((m) => ({ ownerId: order.id, namespace: m.namespace, key: m.key, type: m.type, value: m.value }));
  if (writes.length === 0) return;
  const { userErrors } = store.setMetafields(writes, at);
  // What Shopify does with a cart value its order definition refuses is not known: fail loudly.
  if (userErrors.length > 0) throw new Error(`local Shopify checkout: copying cart metafields to ${order.id} failed: ${userErrors.map((e) => e.message).join("; ")}`);
}

export async function completeCheckout(
  local: LocalShopify,
  shop: string,
  input: CheckoutInput,
  functions: DiscountFunctions,
  opts: CheckoutOptions = {},
): Promise<CheckoutResult> {
  const store = local.store(shop);
  const now = (opts.now ?? local.now)();
  const at = iso(now);
  const cart = buildCart(store, local.numericAppId, input, store.newToken(), now);
  const { runs, results } = await runFunctions(local, store, cart, functions, now);
  const priced = applyDiscounts(cart, results);

  const lines = cart.lines.map((l) => ({
    variantId: l.variant.id,
    productId: l.product.id,
    title: l.product.title,
    sku: l.variant.sku,
    quantity: l.quantity,
    price: l.variant.price,
  }));
  store.upsertCart(cart.token, lines, at);
  const checkout = store.addCheckout({ ...(input.checkoutToken ? { token: input.checkoutToken } : {}), cartToken: cart.token, customerId: cart.customer?.id ?? null, email: cart.email, lines }, at);
  const order = store.addPricedOrder(
    {
      customerId: cart.customer?.id ?? null,
      email: cart.email,
      lines: lines.map((l, i) => ({ ...l, discountAllocations: priced.lineAllocations.get(cart.lines[i]!.id) ?? [] })),
      discountApplications: priced.applications,
      shippingLine: {
        title: cart.deliveryGroup.selected.title,
        code: cart.deliveryGroup.selected.code,
        price: (cart.deliveryGroup.selected.costCents / 100).toFixed(2),
        discountAllocations: priced.shippingAllocations,
      },
      cartToken: cart.token,
      checkoutToken: checkout.token,
    },
    at,
  );
  copyCartMetafields(store, cart, order, at);

  // The same webhooks, in the same order, as startTraffic's completed checkouts.
  const send = opts.send ?? (async () => undefined);
  const customer = cart.customer;
  await send("checkouts/update", customer ? { checkout, customer } : checkout);
  await send("orders/create", { order, customer });
  store.markOrderPaid(order.id, at);
  await send("orders/paid", { order, customer });
  if (customer) await send("customers/update", customer);
  return { order, functionRuns: runs };
}
