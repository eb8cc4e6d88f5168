import type { CartLine, Customer } from "./model";
import { iso } from "./money";
import { cumulativeWeights, intBetween, mulberry32, pick, weightedIndex, type Rng } from "./prng";
import type { LocalShopify } from "./server";
import type { Store } from "./store";
import { COUNTRIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from "./catalog-data";

export type SendEvent = (topic: string, payloadResource: unknown) => Promise<void>;
export type TrafficOptions = { intervalMs: number; seed: number; now?: () => number };
export type Traffic = { stop(): void; tick(): Promise<void> };

const MAX_OPEN_CARTS = 200;

type Action = "createCart" | "updateCart" | "openCheckout" | "updateCheckout" | "completeCheckout" | "updateCustomer";
const ACTIONS: readonly Action[] = ["createCart", "updateCart", "openCheckout", "updateCheckout", "completeCheckout", "updateCustomer"];
const WEIGHTS = cumulativeWeights([30, 25, 15, 10, 15, 5]);

// Keeps a live store busy the way shoppers do: carts come and change, some become checkouts, some
// checkouts become orders that are then paid, new customers sign up. Each step mutates the Store and
// hands the resource to `send` with its webhook topic. Choices are deterministic for a seed.
export function startTraffic(local: LocalShopify, shop: string, send: SendEvent, opts: TrafficOptions): Traffic {
  const store = local.store(shop);
  const rng = mulberry32(opts.seed);
  const now = opts.now ?? Date.now;
  let busy = false;

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await step(store, rng, send, iso(now()));
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => {
    tick().catch((error: unknown) => console.error("[local-shopify traffic]", error));
  }, opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}

async function step(store: Store, rng: Rng, send: SendEvent, at: string): Promise<void> {
  const action = ACTIONS[weightedIndex(rng, WEIGHTS)] ?? "createCart";
  const checkedOut = new Set([...store.checkouts.values()].map((k) => k.cartToken));
  const openCarts = [...store.carts.values()].filter((c) => !checkedOut.has(c.token));
  const openCheckouts = [...store.checkouts.values()].filter((k) => !k.completedAt);

  if (action === "updateCart" && openCarts.length > 0) {
    const cart = pick(rng, openCarts);
    const lines = rng() < 0.6 || cart.lines.length === 0 ? [...cart.lines, ...randomLines(store, rng, 1)] : changeQuantity(cart.lines, rng);
    return send("carts/update", store.upsertCart(cart.token, lines, at));
  }
  if (action === "openCheckout" && openCarts.length > 0) {
    const cart = pick(rng, openCarts);
    const buyer = await chooseBuyer(store, rng, send, at);
    const checkout = store.addCheckout({ cartToken: cart.token, customerId: buyer?.id ?? null, email: buyer?.email ?? null, lines: cart.lines }, at);
    return send("checkouts/create", checkout);
  }
  if (action === "updateCheckout" && openCheckouts.length > 0) {
    const checkout = pick(rng, openCheckouts);
    const email = checkout.email ?? `guest${intBetween(rng, 1000, 99999)}@${pick(rng, EMAIL_DOMAINS)}`;
    return send("checkouts/update", store.updateCheckout(checkout.token, { email }, at));
  }
  if (action === "completeCheckout" && openCheckouts.length > 0) {
    const checkout = pick(rng, openCheckouts);
    if (!checkout.email) store.updateCheckout(checkout.token, { email: `guest${intBetween(rng, 1000, 99999)}@${pick(rng, EMAIL_DOMAINS)}` }, at);
    const order = store.completeCheckout(checkout.token, at, rng() < 0.12 ? 0.1 : 0);
    await send("checkouts/update", checkout);
    await send("orders/create", order);
    await send("orders/paid", store.markOrderPaid(order.id, at));
    const customer = order.customerId ? store.customer(order.customerId) : undefined;
    if (customer) await send("customers/update", customer);
    return;
  }
  if (action === "updateCustomer" && store.customers.length > 0) {
    const customer = pick(rng, store.customers);
    const tags = customer.tags.includes("newsletter") ? customer.tags.filter((t) => t !== "newsletter") : [...customer.tags, "newsletter"];
    return send("customers/update", store.updateCustomer(customer.id, { tags }, at));
  }
  // Create a cart (also the fallback when the chosen action has nothing to act on).
  abandonOldCarts(store, openCarts.length);
  return send("carts/create", store.upsertCart(null, randomLines(store, rng, intBetween(rng, 1, 3)), at));
}

function randomLines(store: Store, rng: Rng, count: number): CartLine[] {
  const active = store.products.filter((p) => p.status === "ACTIVE");
  const lines: CartLine[] = [];
  for (let i = 0; i < count && active.length > 0; i++) {
    // Squaring skews choice towards the front of the catalog: a few products sell most.
    const product = active[Math.floor(active.length * rng() * rng())]!;
    const variant = pick(rng, product.variants);
    lines.push({ variantId: variant.id, productId: product.id, title: product.title, sku: variant.sku, quantity: rng() < 0.85 ? 1 : 2, price: variant.price });
  }
  return lines;
}

function changeQuantity(lines: CartLine[], rng: Rng): CartLine[] {
  const index = Math.floor(rng() * lines.length);
  return lines
    .map((l, i) => (i === index ? { ...l, quantity: rng() < 0.5 ? l.quantity + 1 : l.quantity - 1 } : l))
    .filter((l) => l.quantity > 0);
}

async function chooseBuyer(store: Store, rng: Rng, send: SendEvent, at: string): Promise<Customer | null> {
  const roll = rng();
  if (roll < 0.65 && store.customers.length > 0) return pick(rng, store.customers);
  if (roll < 0.9) {
    const firstName = pick(rng, FIRST_NAMES);
    const lastName = pick(rng, LAST_NAMES);
    const local = `${firstName}.${lastName}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "");
    let email = `${local}${intBetween(rng, 1, 9999)}@${pick(rng, EMAIL_DOMAINS)}`;
    while (store.customerByEmail(email)) email = email.replace("@", `${intBetween(rng, 0, 9)}@`);
    const countryCode = COUNTRIES[weightedIndex(rng, cumulativeWeights(COUNTRIES.map(([, w]) => w)))]?.[0] ?? "US";
    const customer = store.addCustomer({ email, firstName, lastName, countryCode, state: "DISABLED" }, at);
    await send("customers/create", customer);
    return customer;
  }
  return null; // guest: email arrives with a later checkout update
}

// Real carts expire; keep the live set bounded so long demos do not grow without limit.
function abandonOldCarts(store: Store, open: number): void {
  if (open < MAX_OPEN_CARTS) return;
  const oldest = [...store.carts.values()].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[0];
  if (oldest) store.carts.delete(oldest.token);
}
