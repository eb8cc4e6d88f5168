import type { Gid } from "../model";
import { parseGid } from "../gid";
import type { ResolverContext, View } from "./context";
import { customerView } from "./customers";
import { inventoryItemView, productView, variantView } from "./catalog";
import { lineItemView, orderView } from "./orders";
import { bulkOperationView, customizationView, discountNodeView, shopView } from "./apps";
import { definitionView, metafieldView } from "./metafields";
import { webPixelView } from "./web-pixel";

// Resolves any gid the store knows to its view, for node/nodes and polymorphic fields.
export function nodeView(ctx: ResolverContext, id: Gid): View | null {
  const { store } = ctx;
  const parsed = parseGid(id);
  if (!parsed) return null;
  switch (parsed.type) {
    case "Product": {
      const p = store.product(id);
      return p ? productView(ctx, p) : null;
    }
    case "ProductVariant": {
      const v = store.variant(id);
      return v ? variantView(ctx, v) : null;
    }
    case "InventoryItem": {
      const v = store.variantByInventoryItem(id);
      return v ? inventoryItemView(ctx, v) : null;
    }
    case "Customer": {
      const c = store.customer(id);
      return c ? customerView(ctx, c) : null;
    }
    case "Order": {
      const o = store.order(id);
      return o ? orderView(ctx, o) : null;
    }
    case "LineItem": {
      const hit = store.lineItem(id);
      const line = hit?.order.lineItems[hit.index];
      return line ? lineItemView(ctx, line) : null;
    }
    case "Metafield": {
      const m = store.metafieldById(id);
      return m ? metafieldView(ctx, m) : null;
    }
    case "MetafieldDefinition": {
      const d = store.metafieldDefinitions.find((x) => x.id === id);
      return d ? definitionView(ctx, d) : null;
    }
    case "DiscountNode":
    case "DiscountAutomaticNode": {
      const d = store.appDiscount(id);
      return d ? discountNodeView(ctx, d, parsed.type) : null;
    }
    case "DeliveryCustomization":
    case "PaymentCustomization": {
      const c = store.customization(id);
      return c ? customizationView(ctx, c) : null;
    }
    case "BulkOperation": {
      const op = store.bulkOperations.get(id);
      return op ? bulkOperationView(ctx, op) : null;
    }
    case "Shop":
      return id === store.shop.id ? shopView(ctx) : null;
    case "WebPixel":
      return id === store.webPixel?.id ? webPixelView(ctx) : null;
    default:
      return null;
  }
}
