import type {
  AppDiscount,
  DiscountAllocation,
  DiscountApplication,
  BulkOperation,
  Cart,
  CartLine,
  Checkout,
  Customer,
  FunctionCustomization,
  Gid,
  Metafield,
  MetafieldDefinition,
  Order,
  Product,
  Refund,
  ShippingLine,
  ShopInfo,
  Variant,
} from "./model";
import { IdAllocator, gid, parseGid } from "./gid";
import { amount, cents, priceLines, taxOn } from "./money";
import { mulberry32, type Rng } from "./prng";
import { validateMetafieldWrites, type MetafieldWrite, type MetafieldsSetError } from "./metafield-writes";
import { compareDigest } from "./metafield-values";
import { refundLineAmounts } from "./refunds";

export type NewCustomer = Omit<Customer, "id" | "createdAt" | "updatedAt" | "state" | "tags" | "phone"> &
  Partial<Pick<Customer, "state" | "tags" | "phone">>;

export type NewOrder = {
  customerId: Gid | null;
  email: string | null;
  lines: CartLine[];
  discountRate?: number;
  financialStatus?: Order["financialStatus"];
  refundedShare?: number; // of the total, for refunded orders
  cancelledAt?: string | null;
  cartToken?: string | null;
  checkoutToken?: string | null;
};

// An order whose discounts were worked out line by line (the checkout simulator's).
export type PricedOrder = {
  customerId: Gid | null;
  email: string | null;
  lines: (CartLine & { discountAllocations: DiscountAllocation[] })[];
  discountApplications: DiscountApplication[];
  shippingLine: ShippingLine | null;
  cartToken: string | null;
  checkoutToken: string | null;
};

export type CheckoutInput = { token?: string; cartToken: string | null; customerId: Gid | null; email: string | null; lines: CartLine[] };

// One shop's data, mutated by the GraphQL handler and the traffic generator. Arrays are kept in id
// order (ids grow with creation time), which is the default sort order of every connection.
export class Store {
  readonly products: Product[] = [];
  readonly customers: Customer[] = [];
  readonly orders: Order[] = [];
  readonly metafieldDefinitions: MetafieldDefinition[] = [];
  readonly appDiscounts: AppDiscount[] = [];
  readonly customizations: FunctionCustomization[] = [];
  readonly carts = new Map<string, Cart>();
  readonly checkouts = new Map<string, Checkout>();
  readonly bulkOperations = new Map<Gid, BulkOperation>();
  readonly bulkResults = new Map<Gid, string>();
  readonly refunds: Refund[] = [];
  /** The app's web pixel (one per app and shop), see views/web-pixel.ts. */
  webPixel: { id: Gid; settings: Record<string, string>; createdAt: string; updatedAt: string } | null = null;

  private readonly rng: Rng;
  private readonly ids: IdAllocator;
  private nextOrderNumber = 1001;
  private readonly productIndex = new Map<Gid, Product>();
  private readonly variantIndex = new Map<Gid, Variant>();
  private readonly inventoryIndex = new Map<Gid, Variant>();
  private readonly customerIndex = new Map<Gid, Customer>();
  private readonly emailIndex = new Map<string, Customer>();
  private readonly orderIndex = new Map<Gid, Order>();
  private readonly ordersByCustomer = new Map<Gid, Order[]>();
  private readonly lineIndex = new Map<Gid, { order: Order; index: number }>();
  private readonly metafieldsByOwner = new Map<Gid, Metafield[]>();
  private readonly metafieldIndex = new Map<Gid, Metafield>();

  constructor(
    readonly shop: ShopInfo,
    seed = 1,
  ) {
    this.rng = mulberry32(seed ^ 0x5eed);
    this.ids = new IdAllocator(this.rng);
  }

  get domain(): string {
    return this.shop.myshopifyDomain;
  }

  newId(type: string): Gid {
    return this.ids.next(type);
  }

  newToken(): string {
    let token = "";
    for (let i = 0; i < 4; i++) token += Math.floor(this.rng() * 2 ** 32).toString(16).padStart(8, "0");
    return token;
  }

  // Catalog ---------------------------------------------------------------------------------------

  addProduct(product: Product): Product {
    for (const v of product.variants) {
      v.inventoryItemId ??= this.newId("InventoryItem");
      this.variantIndex.set(v.id, v);
      this.inventoryIndex.set(v.inventoryItemId, v);
    }
    this.products.push(product);
    this.productIndex.set(product.id, product);
    return product;
  }

  product(id: Gid): Product | undefined {
    return this.productIndex.get(id);
  }

  variant(id: Gid): Variant | undefined {
    return this.variantIndex.get(id);
  }

  variantByInventoryItem(id: Gid): Variant | undefined {
    return this.inventoryIndex.get(id);
  }

  allVariants(): Variant[] {
    return this.products.flatMap((p) => p.variants);
  }

  // Customers -------------------------------------------------------------------------------------

  addCustomer(input: NewCustomer, at: string): Customer {
    const customer: Customer = {
      state: "ENABLED",
      tags: [],
      phone: null,
      ...input,
      id: this.newId("Customer"),
      createdAt: at,
      updatedAt: at,
    };
    this.customers.push(customer);
    this.customerIndex.set(customer.id, customer);
    this.emailIndex.set(customer.email.toLowerCase(), customer);
    return customer;
  }

  updateCustomer(id: Gid, patch: Partial<Omit<Customer, "id" | "createdAt">>, at: string): Customer {
    const customer = this.customerIndex.get(id);
    if (!customer) throw new Error(`no customer ${id}`);
    if (patch.email && patch.email !== customer.email) {
      this.emailIndex.delete(customer.email.toLowerCase());
      this.emailIndex.set(patch.email.toLowerCase(), customer);
    }
    Object.assign(customer, patch, { updatedAt: at });
    return customer;
  }

  customer(id: Gid): Customer | undefined {
    return this.customerIndex.get(id);
  }

  customerByEmail(email: string): Customer | undefined {
    return this.emailIndex.get(email.toLowerCase());
  }

  ordersOf(customerId: Gid): readonly Order[] {
    return this.ordersByCustomer.get(customerId) ?? [];
  }

  amountSpent(customerId: Gid): string {
    const total = this.ordersOf(customerId).reduce(
      (sum, o) => sum + (o.cancelledAt ? 0 : cents(o.totalPrice) - cents(o.totalRefunded)),
      0,
    );
    return amount(total);
  }

  // Orders ----------------------------------------------------------------------------------------

  addOrder(input: NewOrder, at: string): Order {
    const totals = priceLines(input.lines, input.discountRate ?? 0);
    const status = input.financialStatus ?? "PAID";
    const refunded =
      status === "REFUNDED"
        ? totals.total
        : status === "PARTIALLY_REFUNDED"
          ? amount(Math.round(cents(totals.total) * (input.refundedShare ?? 0.3)))
          : "0.00";
    return this.insertOrder(
      {
        customerId: input.customerId,
        email: input.email,
        lineItems: input.lines.map((l) => ({ ...l, id: this.newId("LineItem") })),
        subtotalPrice: totals.subtotal,
        totalDiscounts: totals.discounts,
        totalShipping: totals.shipping,
        totalTax: totals.tax,
        totalPrice: totals.total,
        financialStatus: status,
        totalRefunded: refunded,
        cancelledAt: input.cancelledAt ?? null,
        cartToken: input.cartToken ?? null,
        checkoutToken: input.checkoutToken ?? null,
      },
      at,
    );
  }

  // Shopify's order arithmetic: subtotal = line prices − line allocations (product and order
  // discounts); total_discounts also counts shipping allocations; total = subtotal + shipping −
  // shipping discounts + tax. The order starts PENDING, as one from a completed checkout does.
  addPricedOrder(input: PricedOrder, at: string): Order {
    const allocated = (list: readonly DiscountAllocation[]) => list.reduce((sum, a) => sum + cents(a.amount), 0);
    const lineTotal = input.lines.reduce((sum, l) => sum + cents(l.price) * l.quantity, 0);
    const lineDiscounts = input.lines.reduce((sum, l) => sum + allocated(l.discountAllocations), 0);
    const shipping = input.shippingLine ? cents(input.shippingLine.price) : 0;
    const shippingDiscounts = input.shippingLine ? allocated(input.shippingLine.discountAllocations) : 0;
    const subtotal = lineTotal - lineDiscounts;
    const tax = taxOn(subtotal);
    if (input.checkoutToken) this.closeCheckout(input.checkoutToken, at);
    return this.insertOrder(
      {
        customerId: input.customerId,
        email: input.email,
        lineItems: input.lines.map((l) => ({ ...l, id: this.newId("LineItem") })),
        subtotalPrice: amount(subtotal),
        totalDiscounts: amount(lineDiscounts + shippingDiscounts),
        totalShipping: amount(shipping),
        totalTax: amount(tax),
        totalPrice: amount(subtotal + shipping - shippingDiscounts + tax),
        financialStatus: "PENDING",
        totalRefunded: "0.00",
        cancelledAt: null,
        cartToken: input.cartToken,
        checkoutToken: input.checkoutToken,
        discountApplications: input.discountApplications,
        shippingLine: input.shippingLine,
      },
      at,
    );
  }

  private insertOrder(fields: Omit<Order, "id" | "name" | "number" | "currency" | "createdAt" | "updatedAt" | "processedAt" | "tags">, at: string): Order {
    const number = this.nextOrderNumber++;
    const order: Order = {
      ...fields,
      id: this.newId("Order"),
      name: `#${number}`,
      number,
      currency: this.shop.currencyCode,
      createdAt: at,
      updatedAt: at,
      processedAt: at,
      tags: [],
    };
    this.orders.push(order);
    this.orderIndex.set(order.id, order);
    order.lineItems.forEach((l, index) => this.lineIndex.set(l.id, { order, index }));
    if (order.customerId) {
      const list = this.ordersByCustomer.get(order.customerId) ?? [];
      list.push(order);
      this.ordersByCustomer.set(order.customerId, list);
      const customer = this.customerIndex.get(order.customerId);
      if (customer && customer.updatedAt < at) customer.updatedAt = at;
    }
    for (const line of order.lineItems) {
      const variant = this.variantIndex.get(line.variantId);
      if (variant) variant.inventoryQuantity -= line.quantity;
    }
    return order;
  }

  order(id: Gid): Order | undefined {
    return this.orderIndex.get(id);
  }

  lineItem(id: Gid): { order: Order; index: number } | undefined {
    return this.lineIndex.get(id);
  }

  markOrderPaid(id: Gid, at: string): Order {
    const order = this.orderIndex.get(id);
    if (!order) throw new Error(`no order ${id}`);
    order.financialStatus = "PAID";
    order.updatedAt = at;
    return order;
  }

  /**
   * Refunds units of an order's line items, as the admin's Refund button does: the order's refunded
   * total and financial status follow, and the refund is returned for refunds/create.
   */
  refundOrder(orderId: Gid, lines: { lineItemId: Gid; quantity: number }[], at: string, note: string | null = null): Refund {
    const order = this.orderIndex.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    const refundLines = lines.map((l) => {
      const line = order.lineItems.find((x) => x.id === l.lineItemId);
      if (!line) throw new Error(`order ${orderId} has no line item ${l.lineItemId}`);
      const already = this.refundsOf(orderId).flatMap((r) => r.lines).filter((r) => r.lineItemId === l.lineItemId).reduce((n, r) => n + r.quantity, 0);
      if (l.quantity < 1 || already + l.quantity > line.quantity) throw new Error(`cannot refund ${l.quantity} of line ${l.lineItemId}: ${line.quantity - already} left`);
      return { id: this.newId("RefundLineItem"), lineItemId: l.lineItemId, quantity: l.quantity, ...refundLineAmounts(line, l.quantity) };
    });
    const subtotal = refundLines.reduce((sum, l) => sum + cents(l.subtotal), 0);
    const refundAmount = refundLines.reduce((sum, l) => sum + cents(l.subtotal) + cents(l.totalTax), 0);
    // Generated history records only a refunded total; count it as merchandise from here on.
    const before = order.refundedSubtotal ?? amount(Math.min(cents(order.totalRefunded), cents(order.subtotalPrice)));
    order.refundedSubtotal = amount(cents(before) + subtotal);
    order.totalRefunded = amount(cents(order.totalRefunded) + refundAmount);
    order.financialStatus = cents(order.totalRefunded) >= cents(order.totalPrice) ? "REFUNDED" : "PARTIALLY_REFUNDED";
    order.updatedAt = at;
    const refund: Refund = { id: this.newId("Refund"), orderId, note, lines: refundLines, amount: amount(refundAmount), transactionId: this.newId("OrderTransaction"), createdAt: at };
    this.refunds.push(refund);
    return refund;
  }

  refundsOf(orderId: Gid): Refund[] {
    return this.refunds.filter((r) => r.orderId === orderId);
  }

  // Carts and checkouts ---------------------------------------------------------------------------

  upsertCart(token: string | null, lines: CartLine[], at: string): Cart {
    const existing = token ? this.carts.get(token) : undefined;
    if (existing) {
      existing.lines = lines;
      existing.updatedAt = at;
      return existing;
    }
    const cart: Cart = { token: token ?? this.newToken(), lines, createdAt: at, updatedAt: at };
    this.carts.set(cart.token, cart);
    return cart;
  }

  addCheckout(input: CheckoutInput, at: string): Checkout {
    const checkout: Checkout = {
      token: input.token ?? this.newToken(),
      cartToken: input.cartToken,
      customerId: input.customerId,
      email: input.email,
      lines: input.lines,
      currency: this.shop.currencyCode,
      createdAt: at,
      updatedAt: at,
      completedAt: null,
    };
    this.checkouts.set(checkout.token, checkout);
    return checkout;
  }

  updateCheckout(token: string, patch: Partial<Pick<Checkout, "email" | "customerId" | "lines">>, at: string): Checkout {
    const checkout = this.checkouts.get(token);
    if (!checkout) throw new Error(`no checkout ${token}`);
    Object.assign(checkout, patch, { updatedAt: at });
    return checkout;
  }

  // Completing a checkout creates a pending order; payment capture (orders/paid) follows separately.
  completeCheckout(token: string, at: string, discountRate = 0): Order {
    const checkout = this.closeCheckout(token, at);
    return this.addOrder(
      {
        customerId: checkout.customerId,
        email: checkout.email,
        lines: checkout.lines,
        discountRate,
        financialStatus: "PENDING",
        cartToken: checkout.cartToken,
        checkoutToken: checkout.token,
      },
      at,
    );
  }

  private closeCheckout(token: string, at: string): Checkout {
    const checkout = this.checkouts.get(token);
    if (!checkout) throw new Error(`no checkout ${token}`);
    if (checkout.completedAt) throw new Error(`checkout ${token} already completed`);
    checkout.completedAt = at;
    checkout.updatedAt = at;
    if (checkout.cartToken) this.carts.delete(checkout.cartToken);
    return checkout;
  }

  // Metafields ------------------------------------------------------------------------------------

  // The MetafieldOwnerType of an existing owner, or null. Discount node ids of either flavour
  // address the same discount.
  ownerType(ownerId: Gid): string | null {
    const parsed = parseGid(ownerId);
    if (!parsed) return null;
    const canonical = this.canonicalOwner(ownerId);
    switch (parsed.type) {
      case "Product":
        return this.productIndex.has(ownerId) ? "PRODUCT" : null;
      case "ProductVariant":
        return this.variantIndex.has(ownerId) ? "PRODUCTVARIANT" : null;
      case "Customer":
        return this.customerIndex.has(ownerId) ? "CUSTOMER" : null;
      case "Order":
        return this.orderIndex.has(ownerId) ? "ORDER" : null;
      case "Shop":
        return ownerId === this.shop.id ? "SHOP" : null;
      case "DiscountNode":
      case "DiscountAutomaticNode":
        return this.appDiscounts.some((d) => d.id === canonical) ? "DISCOUNT" : null;
      case "DeliveryCustomization":
      case "PaymentCustomization": {
        const c = this.customizations.find((x) => x.id === ownerId);
        return c ? (c.kind === "delivery" ? "DELIVERY_CUSTOMIZATION" : "PAYMENT_CUSTOMIZATION") : null;
      }
      default:
        return null;
    }
  }

  canonicalOwner(ownerId: Gid): Gid {
    const parsed = parseGid(ownerId);
    return parsed?.type === "DiscountNode" ? gid("DiscountAutomaticNode", parsed.id) : ownerId;
  }

  metafieldsOf(ownerId: Gid): readonly Metafield[] {
    return this.metafieldsByOwner.get(this.canonicalOwner(ownerId)) ?? [];
  }

  metafield(ownerId: Gid, namespace: string, key: string): Metafield | undefined {
    return this.metafieldsOf(ownerId).find((m) => m.namespace === namespace && m.key === key);
  }

  metafieldById(id: Gid): Metafield | undefined {
    return this.metafieldIndex.get(id);
  }

  definitionFor(ownerType: string, namespace: string, key: string): MetafieldDefinition | undefined {
    return this.metafieldDefinitions.find((d) => d.ownerType === ownerType && d.namespace === namespace && d.key === key);
  }

  // All-or-nothing like metafieldsSet: every write is checked (including compareDigest) before any
  // is applied. Namespaces must already be resolved ($app expanded) by the caller; with `appId`,
  // writes into another app's reserved namespace are refused.
  setMetafields(
    writes: readonly MetafieldWrite[],
    at: string,
    appId?: string,
  ): { metafields: Metafield[]; userErrors: MetafieldsSetError[] } {
    const userErrors = validateMetafieldWrites(this, writes, appId);
    if (userErrors.length > 0) return { metafields: [], userErrors };
    const metafields = writes.map((w) => this.writeMetafield(w, at));
    return { metafields, userErrors: [] };
  }

  validateMetafields(writes: readonly MetafieldWrite[], appId?: string): MetafieldsSetError[] {
    return validateMetafieldWrites(this, writes, appId);
  }

  private writeMetafield(w: MetafieldWrite, at: string): Metafield {
    const owner = this.canonicalOwner(w.ownerId);
    const existing = this.metafield(owner, w.namespace, w.key);
    const ownerType = this.ownerType(owner) ?? "";
    const type = w.type ?? existing?.type ?? this.definitionFor(ownerType, w.namespace, w.key)?.type ?? "";
    if (existing) {
      existing.value = w.value;
      existing.type = type;
      existing.updatedAt = at;
      return existing;
    }
    const created: Metafield = {
      id: this.newId("Metafield"),
      ownerId: owner,
      namespace: w.namespace,
      key: w.key,
      type,
      value: w.value,
      createdAt: at,
      updatedAt: at,
    };
    const list = this.metafieldsByOwner.get(owner) ?? [];
    list.push(created);
    this.metafieldsByOwner.set(owner, list);
    this.metafieldIndex.set(created.id, created);
    return created;
  }

  // Every metafield with this namespace and key, whatever its owner.
  metafieldsWith(namespace: string, key: string): Metafield[] {
    return [...this.metafieldIndex.values()].filter((m) => m.namespace === namespace && m.key === key);
  }

  deleteMetafield(m: Metafield): void {
    const list = this.metafieldsByOwner.get(m.ownerId) ?? [];
    const index = list.indexOf(m);
    if (index >= 0) list.splice(index, 1);
    this.metafieldIndex.delete(m.id);
  }

  // Deleting an owner deletes its metafields.
  private deleteMetafieldsOf(ownerId: Gid): void {
    for (const m of [...this.metafieldsOf(ownerId)]) this.deleteMetafield(m);
    this.metafieldsByOwner.delete(this.canonicalOwner(ownerId));
  }

  digestOf(m: Metafield): string {
    return compareDigest(m);
  }

  addMetafieldDefinition(input: Omit<MetafieldDefinition, "id" | "createdAt">, at: string): MetafieldDefinition {
    const definition: MetafieldDefinition = { ...input, id: this.newId("MetafieldDefinition"), createdAt: at };
    this.metafieldDefinitions.push(definition);
    return definition;
  }

  // With deleteAssociated, the definition's metafields go too; otherwise they stay, unstructured.
  removeMetafieldDefinition(d: MetafieldDefinition, deleteAssociated: boolean): void {
    const index = this.metafieldDefinitions.indexOf(d);
    if (index >= 0) this.metafieldDefinitions.splice(index, 1);
    if (d.pinnedPosition !== null) {
      for (const other of this.metafieldDefinitions) {
        if (other.ownerType === d.ownerType && other.pinnedPosition !== null && other.pinnedPosition > d.pinnedPosition) other.pinnedPosition -= 1;
      }
    }
    if (!deleteAssociated) return;
    for (const m of this.metafieldsWith(d.namespace, d.key)) if (this.ownerType(m.ownerId) === d.ownerType) this.deleteMetafield(m);
  }

  // Functions -------------------------------------------------------------------------------------

  addAppDiscount(input: Omit<AppDiscount, "id" | "createdAt" | "updatedAt">, at: string): AppDiscount {
    const discount: AppDiscount = { ...input, id: this.newId("DiscountAutomaticNode"), createdAt: at, updatedAt: at };
    this.appDiscounts.push(discount);
    return discount;
  }

  updateAppDiscount(id: Gid, patch: Partial<Omit<AppDiscount, "id" | "createdAt" | "updatedAt">>, at: string): AppDiscount {
    const discount = this.appDiscount(id);
    if (!discount) throw new Error(`no discount ${id}`);
    return Object.assign(discount, patch, { updatedAt: at });
  }

  removeAppDiscount(id: Gid): void {
    const canonical = this.canonicalOwner(id);
    const index = this.appDiscounts.findIndex((d) => d.id === canonical);
    if (index >= 0) this.appDiscounts.splice(index, 1);
    this.deleteMetafieldsOf(canonical);
  }

  appDiscount(id: Gid): AppDiscount | undefined {
    const canonical = this.canonicalOwner(id);
    return this.appDiscounts.find((d) => d.id === canonical);
  }

  addCustomization(input: Omit<FunctionCustomization, "id" | "createdAt" | "updatedAt">, at: string): FunctionCustomization {
    const type = input.kind === "delivery" ? "DeliveryCustomization" : "PaymentCustomization";
    const customization: FunctionCustomization = { ...input, id: this.newId(type), createdAt: at, updatedAt: at };
    this.customizations.push(customization);
    return customization;
  }

  updateCustomization(id: Gid, patch: Partial<Pick<FunctionCustomization, "title" | "enabled">>, at: string): FunctionCustomization {
    const customization = this.customization(id);
    if (!customization) throw new Error(`no customization ${id}`);
    return Object.assign(customization, patch, { updatedAt: at });
  }

  removeCustomization(id: Gid): void {
    const index = this.customizations.findIndex((c) => c.id === id);
    if (index >= 0) this.customizations.splice(index, 1);
    this.deleteMetafieldsOf(id);
  }

  customization(id: Gid): FunctionCustomization | undefined {
    return this.customizations.find((c) => c.id === id);
  }

  // Bulk operations -------------------------------------------------------------------------------

  addBulkOperation(query: string, at: string): BulkOperation {
    const op: BulkOperation = {
      id: this.newId("BulkOperation"),
      status: "CREATED",
      type: "QUERY",
      query,
      errorCode: null,
      createdAt: at,
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
    };
    this.bulkOperations.set(op.id, op);
    return op;
  }
}
