import "@shopify/shopify-api/adapters/node";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { completeCheckout, type DiscountFunctionImpl } from "./checkout";
import { cents } from "./money";
import { APP, NOW, SHOP, startTestShopify, type TestShopify } from "./testing";
import { buildDelivery, WebhookSender, type TopicResources, type WebhookTopic } from "./webhooks";

// A tiny Discount Function written for these tests (not the app's): a percentage off every line,
// the percentage read from the discount's $app configuration metafield.
const LINES_TARGET = "cart.lines.discounts.generate.run";
const DELIVERY_TARGET = "cart.delivery-options.discounts.generate.run";
const PERCENT_QUERY = `query Input {
  cart {
    lines {
      id
      quantity
      cost { amountPerQuantity { amount currencyCode } }
      merchandise { __typename ... on ProductVariant { id product { handle sale: hasAnyTag(tags: ["no-such-tag"]) } } }
    }
    buyerIdentity { customer { id tier: metafield(namespace: "$app", key: "tier") { value } } }
    offer: metafield(namespace: "$app", key: "offer") { jsonValue }
    big: metafield(namespace: "$app", key: "big") { value }
  }
  discount { discountClasses metafield(namespace: "$app", key: "function-configuration") { jsonValue } }
  shop { localTime { date } }
  presentmentCurrencyRate
}`;
type PercentInput = { cart: { lines: { id: string }[] }; discount: { metafield: { jsonValue: { percent: number } } | null } };
const percentOff: DiscountFunctionImpl = {
  inputQuery: PERCENT_QUERY,
  run(input) {
    const { cart, discount } = input as PercentInput;
    const percent = discount.metafield?.jsonValue.percent;
    if (!percent) return { operations: [] };
    return {
      operations: [
        {
          productDiscountsAdd: {
            selectionStrategy: "FIRST",
            candidates: [{ targets: cart.lines.map((l) => ({ cartLine: { id: l.id } })), value: { percentage: { value: percent } } }],
          },
        },
      ],
    };
  },
};
const fixed = (run: DiscountFunctionImpl["run"], inputQuery = "{ cart { lines { id } } }"): DiscountFunctionImpl => ({ inputQuery, run });

const api = shopifyApi({
  apiKey: APP.apiKey,
  apiSecretKey: APP.apiSecret,
  apiVersion: ApiVersion.July26,
  hostName: "127.0.0.1:3000",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

let shopify: TestShopify;
let receiver: Server;
let received: { topic: string; body: string; valid: boolean }[] = [];
let sender: WebhookSender;
let discountId: string;

const send = async (topic: string, resource: unknown) => {
  const store = shopify.store;
  await sender.send(buildDelivery(topic as WebhookTopic, resource as TopicResources[WebhookTopic], SHOP, { currency: store.shop.currencyCode, timeZone: store.shop.ianaTimezone }));
};

beforeAll(async () => {
  shopify = await startTestShopify({ clock: () => NOW });
  // Stands in for the app's webhook routes: validates exactly as authenticate.webhook does.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      void api.webhooks.validate({ rawBody: body, rawRequest: req, rawResponse: res }).then((v) => {
        received.push({ topic: String(req.headers["x-shopify-topic"]), body, valid: v.valid });
        res.writeHead(200).end();
      });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const topics = ["checkouts/update", "orders/create", "orders/paid", "customers/update"];
  sender = new WebhookSender({ appUrl, apiSecret: APP.apiSecret, subscriptions: new Map(topics.map((t) => [t, `/webhooks/${t}`])) });

  const { body } = await shopify.gql(
    `mutation($d: DiscountAutomaticAppInput!) { discountAutomaticAppCreate(automaticAppDiscount: $d) { automaticAppDiscount { discountId } userErrors { message } } }`,
    {
      d: {
        title: "Uplift 12.5% off",
        functionHandle: "percent-off",
        discountClasses: ["PRODUCT"],
        startsAt: "2026-10-01T00:00:00Z",
        combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
        metafields: [{ namespace: "$app", key: "function-configuration", type: "json", value: '{"percent":12.5}' }],
      },
    },
  );
  expect(body.data.discountAutomaticAppCreate.userErrors).toEqual([]);
  discountId = body.data.discountAutomaticAppCreate.automaticAppDiscount.discountId;
});
afterAll(async () => {
  await shopify.local.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  received = [];
});

function cartOf(count: number, quantity = 2) {
  const variants = shopify.store.products.filter((p) => p.status === "ACTIVE").flatMap((p) => p.variants).filter((v) => cents(v.price) > 0);
  return variants.slice(0, count).map((v, i) => ({ variantId: v.id, quantity: i === 0 ? quantity : 1 }));
}

describe("completeCheckout: the Function's input", () => {
  it("is the input query executed over the cart: only the selected fields, $app metafields resolved, jsonValue parsed", async () => {
    const customer = shopify.store.customers[3]!;
    shopify.store.setMetafields([{ ownerId: customer.id, namespace: "app--4815162", key: "tier", type: "single_line_text_field", value: "gold" }], "2026-10-01T00:00:00Z");
    const lines = cartOf(2);
    const { functionRuns } = await completeCheckout(
      shopify.local,
      SHOP,
      {
        lines,
        customerId: customer.id,
        localDate: "2026-10-31",
        cartMetafields: [
          { namespace: "$app", key: "offer", type: "json", value: '{"arm":"treatment","percent":12.5}' },
          { namespace: "$app", key: "big", type: "multi_line_text_field", value: "x".repeat(10_001) },
        ],
      },
      { "percent-off": { [LINES_TARGET]: percentOff } },
    );
    expect(functionRuns).toHaveLength(1);
    expect(functionRuns[0]).toMatchObject({ handle: "percent-off", target: LINES_TARGET, discountId });
    const variant = (id: string) => shopify.store.variant(id)!;
    expect(functionRuns[0]!.input).toEqual({
      cart: {
        lines: lines.map((l) => ({
          id: expect.stringMatching(/^gid:\/\/shopify\/CartLine\/[0-9a-f-]{36}$/),
          quantity: l.quantity,
          cost: { amountPerQuantity: { amount: expect.stringMatching(/^\d+\.\d{1,2}$/), currencyCode: "USD" } },
          merchandise: { __typename: "ProductVariant", id: l.variantId, product: { handle: shopify.store.product(variant(l.variantId).productId)!.handle, sale: false } },
        })),
        buyerIdentity: { customer: { id: customer.id, tier: { value: "gold" } } },
        offer: { jsonValue: { arm: "treatment", percent: 12.5 } },
        big: null, // over 10,000 bytes: Functions get null
      },
      discount: { discountClasses: ["PRODUCT"], metafield: { jsonValue: { percent: 12.5 } } },
      shop: { localTime: { date: "2026-10-31" } },
      presentmentCurrencyRate: "1.0",
    });
    const input = functionRuns[0]!.input as { cart: { lines: { cost: { amountPerQuantity: { amount: string } } }[] } };
    expect(cents(input.cart.lines[0]!.cost.amountPerQuantity.amount)).toBe(cents(variant(lines[0]!.variantId).price));
  });

  it("rejects an invalid input query as Shopify does at deploy, and a field it does not model by name", async () => {
    const before = shopify.store.orders.length;
    await expect(completeCheckout(shopify.local, SHOP, { lines: cartOf(1) }, { "percent-off": { [LINES_TARGET]: fixed(() => ({ operations: [] }), "{ cart { colour } }") } }))
      .rejects.toThrow(/input query is invalid.*colour/);
    const collections = "{ cart { lines { merchandise { ... on ProductVariant { product { inAnyCollection(ids: []) } } } } } }";
    await expect(completeCheckout(shopify.local, SHOP, { lines: cartOf(1) }, { "percent-off": { [LINES_TARGET]: fixed(() => ({ operations: [] }), collections) } }))
      .rejects.toThrow(/Product\.inAnyCollection/);
    expect(shopify.store.orders.length).toBe(before);
  });
});

describe("completeCheckout: the order", () => {
  it("carries the allocations; totals add up exactly; Admin GraphQL and orders/create agree", async () => {
    const customer = shopify.store.customers[4]!;
    const lines = cartOf(3, 3);
    const { order } = await completeCheckout(shopify.local, SHOP, { lines, customerId: customer.id, shippingPrice: "4.99" }, { "percent-off": { [LINES_TARGET]: percentOff } }, { send });

    let lineTotal = 0;
    let discounts = 0;
    for (const l of order.lineItems) {
      const total = cents(l.price) * l.quantity;
      const allocated = Math.floor((total * 125) / 1000); // 12.5 %, rounded down to the cent
      expect(l.discountAllocations).toEqual([{ amount: (allocated / 100).toFixed(2), applicationIndex: 0 }]);
      lineTotal += total;
      discounts += allocated;
    }
    const subtotal = lineTotal - discounts;
    const tax = Math.round(subtotal * 0.07);
    expect(order).toMatchObject({
      subtotalPrice: (subtotal / 100).toFixed(2),
      totalDiscounts: (discounts / 100).toFixed(2),
      totalShipping: "4.99",
      totalTax: (tax / 100).toFixed(2),
      totalPrice: ((subtotal + 499 + tax) / 100).toFixed(2),
      financialStatus: "PAID",
      discountApplications: [
        { type: "automatic", title: "Uplift 12.5% off", value: "12.5", valueType: "percentage", allocationMethod: "across", targetSelection: "entitled", targetType: "line_item", appliedTo: "line" },
      ],
    });

    // The webhooks a completed checkout sends, each signed so shopify-api accepts it.
    expect(received.map((r) => [r.topic, r.valid])).toEqual([
      ["checkouts/update", true],
      ["orders/create", true],
      ["orders/paid", true],
      ["customers/update", true],
    ]);
    const payload = JSON.parse(received[1]!.body);
    expect(payload).toMatchObject({
      admin_graphql_api_id: order.id,
      financial_status: "pending",
      cart_token: order.cartToken,
      checkout_token: order.checkoutToken,
      total_discounts: order.totalDiscounts,
      subtotal_price: order.subtotalPrice,
      total_price: order.totalPrice,
      customer: { email: customer.email },
      discount_applications: [
        { target_type: "line_item", type: "automatic", value: "12.5", value_type: "percentage", allocation_method: "across", target_selection: "entitled", title: "Uplift 12.5% off" },
      ],
      shipping_lines: [{ title: "Standard", price: "4.99", discounted_price: "4.99", discount_allocations: [] }],
    });
    const payloadLines = payload.line_items as { total_discount: string; discount_allocations: { amount: string; discount_application_index: number }[] }[];
    expect(payloadLines.map((l) => l.discount_allocations)).toEqual(
      order.lineItems.map((l) => [{ amount: l.discountAllocations![0]!.amount, amount_set: expect.anything(), discount_application_index: 0 }]),
    );
    expect(payloadLines.every((l) => l.total_discount === "0.00")).toBe(true); // Shopify leaves it to discount_allocations
    const allocated = payloadLines.flatMap((l) => l.discount_allocations).reduce((s, a) => s + cents(a.amount), 0);
    expect(allocated).toBe(cents(payload.total_discounts));
    expect(cents(payload.total_line_items_price) - cents(payload.total_discounts)).toBe(cents(payload.subtotal_price));
    expect(cents(payload.subtotal_price) + cents(payload.total_shipping_price_set.shop_money.amount) + cents(payload.total_tax)).toBe(cents(payload.total_price));

    const { body } = await shopify.gql(
      `query($id: ID!) { order(id: $id) {
        totalDiscountsSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } discountCodes
        discountApplications(first: 5) { nodes { __typename ... on AutomaticDiscountApplication { title allocationMethod targetSelection targetType value { ... on PricingPercentageValue { percentage } } } } }
        lineItems(first: 5) { nodes { totalDiscountSet { shopMoney { amount } } discountAllocations { allocatedAmountSet { shopMoney { amount } } discountApplication { index } } } }
      } }`,
      { id: order.id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.order).toMatchObject({
      totalDiscountsSet: { shopMoney: { amount: order.totalDiscounts } },
      subtotalPriceSet: { shopMoney: { amount: order.subtotalPrice } },
      discountCodes: [],
      discountApplications: { nodes: [{ __typename: "AutomaticDiscountApplication", title: "Uplift 12.5% off", allocationMethod: "ACROSS", targetSelection: "ENTITLED", targetType: "LINE_ITEM", value: { percentage: 12.5 } }] },
    });
    expect(body.data.order.lineItems.nodes[0].discountAllocations).toEqual([
      { allocatedAmountSet: { shopMoney: { amount: order.lineItems[0]!.discountAllocations![0]!.amount } }, discountApplication: { index: 0 } },
    ]);
  });

  it("applies no discount when the Function returns no operations", async () => {
    const { order, functionRuns } = await completeCheckout(shopify.local, SHOP, { lines: cartOf(2) }, { "percent-off": { [LINES_TARGET]: fixed(() => ({ operations: [] })) } });
    expect(functionRuns[0]!.output).toEqual({ operations: [] });
    expect(order).toMatchObject({ totalDiscounts: "0.00", discountApplications: [] });
    expect(order.lineItems.every((l) => l.discountAllocations?.length === 0)).toBe(true);
  });

  it("throws on output that does not coerce into the target's result type, and creates no order", async () => {
    const before = shopify.store.orders.length;
    const run = (output: unknown) => completeCheckout(shopify.local, SHOP, { lines: cartOf(1) }, { "percent-off": { [LINES_TARGET]: fixed(() => output as { operations: unknown[] }) } });
    await expect(run({ operations: [{ productDiscountsAdd: { selectionStrategy: "SOMETIMES", candidates: [] } }] })).rejects.toThrow(/CartLinesDiscountsGenerateRunResult.*SOMETIMES/);
    await expect(run({ operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates: [] }, orderDiscountsAdd: { selectionStrategy: "FIRST", candidates: [] } }] })).rejects.toThrow(/Exactly one key must be specified for OneOf type "CartOperation"/);
    await expect(run({ discounts: [] })).rejects.toThrow(/operations/);
    await expect(run({ operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates: [{ targets: [{ cartLine: { id: "gid://shopify/CartLine/nope" } }], value: { percentage: { value: 10 } } }] } }] }))
      .rejects.toThrow(/names no line of this cart/);
    await expect(run({ operations: [{ productDiscountsAdd: { selectionStrategy: "ALL", candidates: [{ targets: [], value: { percentage: { value: 101 } } }] } }] }))
      .rejects.toThrow(/must be >= 0 and <= 100/);
    expect(shopify.store.orders.length).toBe(before);
  });

  it("ignores operations of a class the discount does not have", async () => {
    const fn = fixed(() => ({
      operations: [
        { orderDiscountsAdd: { selectionStrategy: "FIRST", candidates: [{ targets: [{ orderSubtotal: { excludedCartLineIds: [] } }], value: { percentage: { value: 50 } } }] } },
        { enteredDiscountCodesAccept: { codes: [] } },
      ],
    }));
    const shipping = fixed(() => ({ operations: [{ deliveryDiscountsAdd: { selectionStrategy: "ALL", candidates: [{ targets: [{ deliveryGroup: { id: "gid://shopify/CartDeliveryGroup/0" } }], value: { percentage: { value: 100 } } }] } }] }));
    const { order, functionRuns } = await completeCheckout(shopify.local, SHOP, { lines: cartOf(2), shippingPrice: "5.00" }, { "percent-off": { [LINES_TARGET]: fn, [DELIVERY_TARGET]: shipping } });
    expect(functionRuns.map((r) => r.target)).toEqual([LINES_TARGET, DELIVERY_TARGET]);
    expect(order).toMatchObject({ totalDiscounts: "0.00", discountApplications: [], shippingLine: { price: "5.00", discountAllocations: [] } });
  });

  it("spreads order and shipping discounts exactly, never above a line's price", async () => {
    const { body } = await shopify.gql(
      `mutation($d: DiscountAutomaticAppInput!) { discountAutomaticAppCreate(automaticAppDiscount: $d) { automaticAppDiscount { discountId } userErrors { message } } }`,
      { d: { title: "Order and shipping", functionHandle: "order-ship", discountClasses: ["ORDER", "SHIPPING"], startsAt: "2026-10-01T00:00:00Z", combinesWith: { productDiscounts: true, orderDiscounts: false, shippingDiscounts: false } } },
    );
    const id = body.data.discountAutomaticAppCreate.automaticAppDiscount.discountId as string;
    try {
      const orderFn = fixed((input) => {
        const lines = (input as { cart: { lines: { id: string }[] } }).cart.lines;
        return {
          operations: [
            {
              orderDiscountsAdd: {
                selectionStrategy: "MAXIMUM",
                candidates: [
                  { targets: [{ orderSubtotal: { excludedCartLineIds: [lines[2]!.id] } }], value: { fixedAmount: { amount: "10.01" } } },
                  { targets: [{ orderSubtotal: { excludedCartLineIds: [] } }], value: { percentage: { value: "5" } }, conditions: [{ orderMinimumSubtotal: { excludedCartLineIds: [], minimumAmount: "1000000" } }] },
                ],
              },
            },
          ],
        };
      });
      const shipFn = fixed(() => ({ operations: [{ deliveryDiscountsAdd: { selectionStrategy: "ALL", candidates: [{ targets: [{ deliveryGroup: { id: "gid://shopify/CartDeliveryGroup/0" } }], value: { fixedAmount: { amount: 3 } } }] } }] }));
      const { order } = await completeCheckout(
        shopify.local,
        SHOP,
        { lines: cartOf(3, 2), shippingPrice: "2.50" },
        { "percent-off": { [LINES_TARGET]: percentOff }, "order-ship": { [LINES_TARGET]: orderFn, [DELIVERY_TARGET]: shipFn } },
      );
      expect(order.discountApplications!.map((a) => [a.title, a.value, a.valueType, a.targetSelection, a.targetType])).toEqual([
        ["Uplift 12.5% off", "12.5", "percentage", "entitled", "line_item"],
        ["Order and shipping", "10.01", "fixed_amount", "entitled", "line_item"],
        ["Order and shipping", "3.0", "fixed_amount", "all", "shipping_line"],
      ]);
      const orderLevel = order.lineItems.map((l) => cents(l.discountAllocations!.find((a) => a.applicationIndex === 1)?.amount ?? "0"));
      expect(orderLevel.reduce((s, x) => s + x, 0)).toBe(1001); // adds up to the cent
      expect(orderLevel[2]).toBe(0); // the excluded line
      for (const l of order.lineItems) {
        const allocated = l.discountAllocations!.reduce((s, a) => s + cents(a.amount), 0);
        expect(allocated).toBeLessThanOrEqual(cents(l.price) * l.quantity);
      }
      // $3 off a $2.50 rate: free, not negative.
      expect(order.shippingLine).toEqual({ title: "Standard", code: "Standard", price: "2.50", discountAllocations: [{ amount: "2.50", applicationIndex: 2 }] });
      const lineDiscounts = order.lineItems.reduce((s, l) => s + l.discountAllocations!.reduce((t, a) => t + cents(a.amount), 0), 0);
      expect(cents(order.totalDiscounts)).toBe(lineDiscounts + 250);
      expect(cents(order.totalPrice)).toBe(cents(order.subtotalPrice) + cents(order.totalShipping) - 250 + cents(order.totalTax));
    } finally {
      await shopify.gql(`mutation($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId } }`, { id });
    }
  });

  it("copies a cart metafield to the order only through an ORDER definition with cartToOrderCopyable", async () => {
    const define = (key: string, copyable: boolean) =>
      shopify.gql(
        `mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) { createdDefinition { id } userErrors { code message } } }`,
        { d: { name: key, namespace: "$app", key, ownerType: "ORDER", type: "json", capabilities: { cartToOrderCopyable: { enabled: copyable } } } },
      );
    expect((await define("offer", true)).body.data.metafieldDefinitionCreate.userErrors).toEqual([]);
    expect((await define("shadow", false)).body.data.metafieldDefinitionCreate.userErrors).toEqual([]);
    const { order } = await completeCheckout(
      shopify.local,
      SHOP,
      {
        lines: cartOf(1),
        cartMetafields: [
          { namespace: "$app", key: "offer", type: "json", value: '{"arm":"treatment"}' },
          { namespace: "$app", key: "shadow", type: "json", value: '{"arm":"control"}' },
          { namespace: "$app", key: "loose", type: "json", value: "{}" },
        ],
      },
      {},
    );
    const { body } = await shopify.gql(
      `query($id: ID!) { order(id: $id) {
        offer: metafield(namespace: "$app", key: "offer") { value jsonValue }
        shadow: metafield(namespace: "$app", key: "shadow") { value }
        loose: metafield(namespace: "$app", key: "loose") { value } } }`,
      { id: order.id },
    );
    expect(body.data.order).toEqual({ offer: { value: '{"arm":"treatment"}', jsonValue: { arm: "treatment" } }, shadow: null, loose: null });
  });

  it("refuses to choose between competing discounts instead of guessing", async () => {
    const { body } = await shopify.gql(
      `mutation($d: DiscountAutomaticAppInput!) { discountAutomaticAppCreate(automaticAppDiscount: $d) { automaticAppDiscount { discountId } } }`,
      { d: { title: "Rival", functionHandle: "rival", discountClasses: ["PRODUCT"], startsAt: "2026-10-01T00:00:00Z", metafields: [{ namespace: "$app", key: "function-configuration", type: "json", value: '{"percent":20}' }] } },
    );
    const id = body.data.discountAutomaticAppCreate.automaticAppDiscount.discountId as string;
    try {
      await expect(completeCheckout(shopify.local, SHOP, { lines: cartOf(1) }, { "percent-off": { [LINES_TARGET]: percentOff }, rival: { [LINES_TARGET]: percentOff } }))
        .rejects.toThrow(/more than one product discount on cart line .* is not modelled/);
    } finally {
      await shopify.gql(`mutation($id: ID!) { discountAutomaticDelete(id: $id) { deletedAutomaticDiscountId } }`, { id });
    }
  });

  it("runs only active discounts whose Function has an implementation", async () => {
    const { order, functionRuns } = await completeCheckout(shopify.local, SHOP, { lines: cartOf(1) }, { "someone-else": { [LINES_TARGET]: percentOff } });
    expect(functionRuns).toEqual([]);
    expect(order.totalDiscounts).toBe("0.00");
    await expect(completeCheckout(shopify.local, SHOP, { lines: cartOf(1) }, { "percent-off": { "cart.lines.discounts.generate.fetch": percentOff } }))
      .rejects.toThrow(/only the run targets are modelled/);
  });
});
