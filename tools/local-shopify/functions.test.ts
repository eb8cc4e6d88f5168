import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOW, startTestShopify, type TestShopify } from "./testing";

let shopify: TestShopify;
beforeAll(async () => {
  shopify = await startTestShopify({
    clock: () => NOW,
    functions: [
      { id: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", handle: "volume-discount", apiType: "discount", title: "Volume discount" },
      { id: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", handle: "hide-delivery", apiType: "delivery_customization", title: "Hide delivery" },
      { id: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d", handle: "hide-payment", apiType: "payment_customization", title: "Hide payment" },
    ],
  });
});
afterAll(() => shopify.local.close());

const CREATE_DISCOUNT = `mutation($automaticAppDiscount: DiscountAutomaticAppInput!) {
  discountAutomaticAppCreate(automaticAppDiscount: $automaticAppDiscount) {
    automaticAppDiscount { discountId title status discountClasses startsAt combinesWith { orderDiscounts productDiscounts shippingDiscounts }
      appDiscountType { functionId appKey } }
    userErrors { field message code extraInfo }
  }
}`;

const discountInput = {
  title: "Volume discount",
  functionHandle: "volume-discount",
  discountClasses: ["PRODUCT", "ORDER"],
  startsAt: "2026-07-01T00:00:00Z",
  endsAt: null,
  combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
  metafields: [{ namespace: "$app", key: "function-configuration", type: "json", value: '{"percentage":10}' }],
};

describe("installing Functions", () => {
  it("creates an automatic app discount by functionHandle, with its configuration metafield", async () => {
    const { body } = await shopify.gql(CREATE_DISCOUNT, { automaticAppDiscount: discountInput });
    const payload = body.data.discountAutomaticAppCreate;
    expect(payload.userErrors).toEqual([]);
    expect(payload.automaticAppDiscount).toMatchObject({
      title: "Volume discount",
      status: "ACTIVE",
      discountClasses: ["PRODUCT", "ORDER"],
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      appDiscountType: { functionId: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", appKey: "test-api-key" },
    });
    const id = payload.automaticAppDiscount.discountId as string;
    expect(id).toMatch(/^gid:\/\/shopify\/DiscountAutomaticNode\/\d+$/);

    const listed = await shopify.gql(`{
      discountNodes(first: 10) { nodes { id discount { __typename ... on DiscountAutomaticApp { title } } metafield(namespace: "$app", key: "function-configuration") { jsonValue } } }
      automaticDiscountNodes(first: 10) { nodes { id automaticDiscount { ... on DiscountAutomaticApp { discountId } } } }
    }`);
    expect(listed.body.data.discountNodes.nodes).toEqual([
      { id: id.replace("DiscountAutomaticNode", "DiscountNode"), discount: { __typename: "DiscountAutomaticApp", title: "Volume discount" }, metafield: { jsonValue: { percentage: 10 } } },
    ]);
    expect(listed.body.data.automaticDiscountNodes.nodes).toEqual([{ id, automaticDiscount: { discountId: id } }]);
  });

  it("needs exactly one of functionId and functionHandle, and a known function", async () => {
    const { functionHandle: _omit, ...withoutHandle } = discountInput;
    const missing = await shopify.gql(CREATE_DISCOUNT, { automaticAppDiscount: withoutHandle });
    expect(missing.body.data.discountAutomaticAppCreate).toMatchObject({ automaticAppDiscount: null, userErrors: [{ code: "MISSING_FUNCTION_IDENTIFIER" }] });
    const both = await shopify.gql(CREATE_DISCOUNT, { automaticAppDiscount: { ...discountInput, functionId: "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" } });
    expect(both.body.data.discountAutomaticAppCreate.userErrors[0].code).toBe("MULTIPLE_FUNCTION_IDENTIFIERS");
    const unknown = await shopify.gql(CREATE_DISCOUNT, { automaticAppDiscount: { ...discountInput, functionHandle: "nope" } });
    expect(unknown.body.errors).toBeUndefined();
    expect(unknown.body.data.discountAutomaticAppCreate.userErrors[0]).toMatchObject({ code: "INVALID", message: expect.stringContaining("nope") });
    const wrongKind = await shopify.gql(CREATE_DISCOUNT, { automaticAppDiscount: { ...discountInput, functionHandle: "hide-payment" } });
    expect(wrongKind.body.data.discountAutomaticAppCreate.userErrors[0].code).toBe("INVALID");
    const badConfig = await shopify.gql(CREATE_DISCOUNT, {
      automaticAppDiscount: { ...discountInput, metafields: [{ namespace: "$app", key: "function-configuration", type: "json", value: "{oops" }] },
    });
    expect(badConfig.body.data.discountAutomaticAppCreate.userErrors[0]).toMatchObject({ code: "INVALID", field: ["automaticAppDiscount", "metafields", "0", "value"] });
    expect(shopify.store.appDiscounts).toHaveLength(1);
  });

  it("creates delivery and payment customizations and lists them", async () => {
    const delivery = await shopify.gql(
      `mutation($input: DeliveryCustomizationInput!) { deliveryCustomizationCreate(deliveryCustomization: $input) {
        deliveryCustomization { id title enabled functionId shopifyFunction { handle apiType } } userErrors { field message code } } }`,
      { input: { functionHandle: "hide-delivery", title: "Hide express", enabled: true } },
    );
    expect(delivery.body.data.deliveryCustomizationCreate.deliveryCustomization).toMatchObject({
      title: "Hide express",
      enabled: true,
      shopifyFunction: { handle: "hide-delivery", apiType: "delivery_customization" },
    });
    const payment = await shopify.gql(
      `mutation($input: PaymentCustomizationInput!) { paymentCustomizationCreate(paymentCustomization: $input) {
        paymentCustomization { id title } userErrors { code } } }`,
      { input: { functionHandle: "hide-payment", title: "Hide COD", enabled: true } },
    );
    expect(payment.body.data.paymentCustomizationCreate.userErrors).toEqual([]);
    const missing = await shopify.gql(
      `mutation { paymentCustomizationCreate(paymentCustomization: { title: "x", enabled: true }) { paymentCustomization { id } userErrors { code } } }`,
    );
    expect(missing.body.data.paymentCustomizationCreate.userErrors).toEqual([{ code: "MISSING_FUNCTION_IDENTIFIER" }]);
    const listed = await shopify.gql("{ deliveryCustomizations(first: 5) { nodes { title } } paymentCustomizations(first: 5) { nodes { title } } }");
    expect(listed.body.data).toEqual({ deliveryCustomizations: { nodes: [{ title: "Hide express" }] }, paymentCustomizations: { nodes: [{ title: "Hide COD" }] } });
  });
});
