import type { Product, Variant } from "./model";
import type { Store } from "./store";
import { ADJECTIVES, AXIS_NAMES, AXIS_VALUES, CATEGORIES, VENDORS, type CategorySpec } from "./catalog-data";
import { iso } from "./money";
import { intBetween, pick, type Rng } from "./prng";

const DAY = 86_400_000;

export type CatalogEntry = { product: Product; category: number; popularity: number; createdMs: number };

// Builds the product catalog: titles, handles, variants by size/colour, prices ending in .00/.95/.99
// and unit costs at a 30–70 % margin. Most products predate the order history; some launch during it.
export function generateCatalog(store: Store, rng: Rng, count: number, startMs: number, nowMs: number): CatalogEntry[] {
  const titles = new Set<string>();
  const entries: CatalogEntry[] = [];
  const drafts: Omit<CatalogEntry, "product">[] = [];
  for (let i = 0; i < count; i++) {
    const category = categoryFor(i, count);
    const launchedDuring = rng() < 0.2;
    const createdMs = launchedDuring
      ? startMs + rng() * (nowMs - startMs)
      : startMs - (30 + rng() * 500) * DAY;
    // Zipf-like demand: a few bestsellers, a long tail of slow movers.
    drafts.push({ category, popularity: 1 / Math.pow(1 + Math.floor(rng() * count), 0.9), createdMs });
  }
  // Products get ids in creation order, like a real shop.
  drafts.sort((a, b) => a.createdMs - b.createdMs);
  drafts.forEach((d, index) => {
    const spec = CATEGORIES[d.category] ?? CATEGORIES[0]!;
    const product = buildProduct(store, rng, spec, index, uniqueTitle(rng, spec, titles), d.createdMs, nowMs);
    store.addProduct(product);
    entries.push({ ...d, product });
  });
  return entries;
}

function categoryFor(i: number, count: number): number {
  let edge = 0;
  for (let c = 0; c < CATEGORIES.length; c++) {
    edge += (CATEGORIES[c]?.share ?? 0) * count;
    if (i < edge) return c;
  }
  return CATEGORIES.length - 1;
}

function uniqueTitle(rng: Rng, spec: CategorySpec, titles: Set<string>): string {
  let title = `${pick(rng, ADJECTIVES)} ${pick(rng, spec.nouns)}`;
  for (let n = 2; titles.has(title); n++) title = `${title.replace(/ \d+$/, "")} ${n}`;
  titles.add(title);
  return title;
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function price(rng: Rng, [low, high]: readonly [number, number]): number {
  // Log-uniform between the bounds, then a retail ending.
  const raw = Math.exp(Math.log(low) + rng() * (Math.log(high) - Math.log(low)));
  const whole = Math.max(1, Math.round(raw));
  const ending = pick(rng, [0, 0.95, 0.99, 0.99]);
  return ending === 0 ? whole : whole - 1 + ending;
}

function optionSets(rng: Rng, spec: CategorySpec): { name: string; value: string }[][] {
  let combos: { name: string; value: string }[][] = [[]];
  for (const axis of spec.axes) {
    const values = AXIS_VALUES[axis];
    const take = axis === "color" ? intBetween(rng, 1, 3) : intBetween(rng, Math.min(3, values.length), values.length);
    const start = intBetween(rng, 0, values.length - take);
    const chosen = values.slice(start, start + take);
    combos = combos.flatMap((c) => chosen.map((value) => [...c, { name: AXIS_NAMES[axis], value }]));
  }
  return combos;
}

function buildProduct(
  store: Store,
  rng: Rng,
  spec: CategorySpec,
  index: number,
  title: string,
  createdMs: number,
  nowMs: number,
): Product {
  const id = store.newId("Product");
  const base = price(rng, spec.price);
  const margin = 0.3 + rng() * 0.4;
  const onSale = rng() < 0.15;
  const variants: Variant[] = optionSets(rng, spec).map((options, v) => {
    const sizeStep = spec.axes.includes("volume") ? v % 3 : 0; // bigger bottles cost more
    const variantPrice = base * (1 + 0.6 * sizeStep);
    const skuTail = options.map((o) => o.value.replace(/\s+/g, "").slice(0, 3).toUpperCase()).join("-");
    return {
      id: store.newId("ProductVariant"),
      productId: id,
      title: options.length ? options.map((o) => o.value).join(" / ") : "Default Title",
      sku: `${spec.skuPrefix}-${String(index + 1).padStart(4, "0")}${skuTail ? `-${skuTail}` : ""}`,
      price: variantPrice.toFixed(2),
      compareAtPrice: onSale ? (Math.ceil(variantPrice * 1.25) - 0.01).toFixed(2) : null,
      unitCost: (variantPrice * (1 - margin)).toFixed(2),
      inventoryQuantity: intBetween(rng, 0, 400),
      selectedOptions: options.length ? options : [{ name: "Title", value: "Default Title" }],
    };
  });
  const statusRoll = rng();
  const updatedMs = Math.min(nowMs, createdMs + rng() * 200 * DAY);
  return {
    id,
    title,
    handle: slug(title),
    vendor: pick(rng, VENDORS),
    productType: spec.productType,
    tags: [spec.productType.toLowerCase(), ...(onSale ? ["sale"] : []), ...(rng() < 0.2 ? ["bestseller"] : [])],
    status: statusRoll < 0.92 ? "ACTIVE" : statusRoll < 0.97 ? "DRAFT" : "ARCHIVED",
    createdAt: iso(createdMs),
    updatedAt: iso(updatedMs),
    variants,
  };
}
