import type { CartLine, Customer, Order, ShopInfo } from "./model";
import { Store } from "./store";
import { CATEGORIES, COUNTRIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from "./catalog-data";
import { generateCatalog, type CatalogEntry } from "./generate-catalog";
import { gid } from "./gid";
import { cents, iso } from "./money";
import { beta, cumulativeWeights, exponential, gamma, pick, substream, weightedIndex, type Rng } from "./prng";

export type GenerateOptions = {
  domain: string;
  seed: number;
  productCount?: number;
  customerCount?: number;
  years?: number;
  now?: number | Date; // end of the history; defaults to the current time
};

const DAY = 86_400_000;

// Buying behaviour. Rates are per day. BG/NBD: λ ~ Gamma(r, 1/α) (mean r/α ≈ 2.5 purchases a year
// while active), churn after each purchase with p ~ Beta(a, b) (mean ≈ 0.27). Gamma-Gamma spend:
// each order's target value ~ Gamma(SPEND_P, 1/ν), ν ~ Gamma(SPEND_Q, 1/SPEND_GAMMA), mean ≈ $67 before basket rounding.
const BGNBD = { r: 0.75, alpha: 110, a: 1.1, b: 3.0 };
const SPEND_P = 6;
const SPEND_Q = 3.5;
const SPEND_GAMMA = 28;
const NO_ORDER_SHARE = 0.08; // accounts created without buying (newsletter sign-ups)

export function generateStore(opts: GenerateOptions): Store {
  const nowMs = opts.now === undefined ? Date.now() : typeof opts.now === "number" ? opts.now : opts.now.getTime();
  const startMs = nowMs - (opts.years ?? 2) * 365 * DAY;
  const store = new Store(shopInfo(opts.domain, opts.seed), opts.seed);
  const catalog = generateCatalog(store, substream(opts.seed, "catalog"), opts.productCount ?? 300, startMs, nowMs);
  const picker = new ProductPicker(catalog);
  const people = generatePeople(substream(opts.seed, "people"), opts.customerCount ?? 3000, startMs, nowMs);
  const customers = people.map((p) => store.addCustomer(p.input, iso(p.createdMs)));

  const events: { t: number; who: number }[] = [];
  const behaviour = substream(opts.seed, "purchases");
  people.forEach((p, who) => {
    if (p.noOrders) return;
    for (const t of purchaseTimes(behaviour, p.firstPurchaseMs, nowMs)) events.push({ t, who });
  });
  events.sort((x, y) => x.t - y.t || x.who - y.who);

  const baskets = substream(opts.seed, "baskets");
  for (const e of events) {
    const person = people[e.who]!;
    const customer = customers[e.who]!;
    placeOrder(store, baskets, picker, person, customer, e.t, nowMs);
  }
  // The history sold some variants below zero; restock them as a merchant would have.
  for (const v of store.allVariants()) if (v.inventoryQuantity < 0) v.inventoryQuantity = 5 + Math.floor(baskets() * 80);
  return store;
}

function shopInfo(domain: string, seed: number): ShopInfo {
  const handle = domain.replace(/\.myshopify\.com$/, "");
  return {
    id: gid("Shop", 60_512_000_000 + (seed % 1_000_000)),
    name: handle.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" "),
    myshopifyDomain: domain,
    email: `owner@${handle}.example`,
    currencyCode: "USD",
    ianaTimezone: "America/New_York",
    plan: "SHOPIFY",
  };
}

type Person = {
  input: Omit<Customer, "id" | "createdAt" | "updatedAt">;
  createdMs: number;
  firstPurchaseMs: number;
  noOrders: boolean;
  affinity: number[]; // cumulative category weights
  spendRate: number; // ν of the Gamma-Gamma model
};

function generatePeople(rng: Rng, count: number, startMs: number, nowMs: number): Person[] {
  const countryWeights = cumulativeWeights(COUNTRIES.map(([, w]) => w));
  const emails = new Set<string>();
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const firstPurchaseMs = acquisitionTime(rng, startMs, nowMs);
    const firstName = pick(rng, FIRST_NAMES);
    const lastName = pick(rng, LAST_NAMES);
    const local = `${firstName}.${lastName}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "");
    let email = `${local}@${pick(rng, EMAIL_DOMAINS)}`;
    for (let n = 2; emails.has(email); n++) email = email.replace(/^([a-z.]+?)\d*@/, `$1${n}@`);
    emails.add(email);
    const stateRoll = rng();
    const primary = weightedIndex(rng, cumulativeWeights(CATEGORIES.map((c) => c.share)));
    people.push({
      input: {
        email,
        firstName,
        lastName,
        phone: rng() < 0.4 ? `+1555${String(Math.floor(rng() * 1e7)).padStart(7, "0")}` : null,
        state: stateRoll < 0.7 ? "ENABLED" : stateRoll < 0.95 ? "DISABLED" : "INVITED",
        tags: rng() < 0.3 ? ["newsletter"] : [],
        countryCode: COUNTRIES[weightedIndex(rng, countryWeights)]?.[0] ?? "US",
      },
      // Accounts are created at checkout, a few minutes before the order lands.
      createdMs: firstPurchaseMs - rng() * 10 * 60_000,
      firstPurchaseMs,
      noOrders: rng() < NO_ORDER_SHARE,
      affinity: cumulativeWeights(CATEGORIES.map((c, k) => (k === primary ? 0.55 : 0) + 0.45 * c.share)),
      spendRate: gamma(rng, SPEND_Q, 1 / SPEND_GAMMA),
    });
  }
  // Customer ids grow with creation time.
  return people.sort((a, b) => a.createdMs - b.createdMs);
}

// Acquisition grows over the period (density ∝ 1 + x) with a holiday-season lift, by thinning.
function acquisitionTime(rng: Rng, startMs: number, nowMs: number): number {
  for (;;) {
    const x = rng();
    const t = startMs + x * (nowMs - startMs);
    const month = new Date(t).getUTCMonth();
    const season = month === 10 || month === 11 ? 1.6 : 1;
    if (rng() * 2 * 1.6 < (1 + x) * season) return t;
  }
}

// BG/NBD: purchases follow a Poisson process with rate λ while alive; after each purchase the
// customer churns with probability p.
function purchaseTimes(rng: Rng, firstMs: number, nowMs: number): number[] {
  const lambda = gamma(rng, BGNBD.r, 1 / BGNBD.alpha);
  const p = beta(rng, BGNBD.a, BGNBD.b);
  const times = [firstMs];
  let t = firstMs;
  while (rng() >= p) {
    t += exponential(rng, lambda) * DAY;
    if (t >= nowMs) break;
    times.push(t);
  }
  return times;
}

class ProductPicker {
  private readonly byCategory: { entries: CatalogEntry[]; weights: number[] }[];
  constructor(catalog: CatalogEntry[]) {
    this.byCategory = CATEGORIES.map((_, c) => {
      const entries = catalog.filter((e) => e.category === c && e.product.status !== "DRAFT");
      return { entries, weights: cumulativeWeights(entries.map((e) => e.popularity)) };
    });
  }

  pick(rng: Rng, affinity: number[], atMs: number): CatalogEntry | null {
    for (let attempt = 0; attempt < 12; attempt++) {
      const bucket = this.byCategory[weightedIndex(rng, affinity)];
      if (!bucket || bucket.entries.length === 0) continue;
      const entry = bucket.entries[weightedIndex(rng, bucket.weights)];
      if (entry && entry.createdMs <= atMs) return entry;
    }
    return null;
  }
}

function placeOrder(store: Store, rng: Rng, picker: ProductPicker, person: Person, customer: Customer, t: number, nowMs: number): Order {
  const target = gamma(rng, SPEND_P, 1 / person.spendRate) * 100;
  const lines: CartLine[] = [];
  let subtotal = 0;
  while (lines.length < 6 && (lines.length === 0 || subtotal < target * 0.85)) {
    const entry = picker.pick(rng, person.affinity, t);
    if (!entry) break;
    const variant = pick(rng, entry.product.variants);
    if (lines.some((l) => l.variantId === variant.id)) break;
    const roll = rng();
    const quantity = roll < 0.85 ? 1 : roll < 0.97 ? 2 : 3;
    lines.push({ variantId: variant.id, productId: entry.product.id, title: entry.product.title, sku: variant.sku, quantity, price: variant.price });
    subtotal += cents(variant.price) * quantity;
  }
  const statusRoll = rng();
  const recent = nowMs - t < DAY;
  const cancelled = statusRoll > 0.99;
  return store.addOrder(
    {
      customerId: customer.id,
      email: customer.email,
      lines,
      discountRate: rng() < 0.12 ? pick(rng, [0.1, 0.15, 0.2]) : 0,
      financialStatus: cancelled || statusRoll > 0.97 ? "REFUNDED" : statusRoll > 0.95 ? "PARTIALLY_REFUNDED" : recent && statusRoll < 0.1 ? "PENDING" : "PAID",
      refundedShare: 0.2 + rng() * 0.5,
      cancelledAt: cancelled ? iso(Math.min(nowMs, t + rng() * 2 * DAY)) : null,
    },
    iso(t),
  );
}
