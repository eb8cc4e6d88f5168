/// <reference types="@shopify/ui-extensions/purchase.thank-you.block.render" />
import { getExtension } from "@shopify/ui-extensions-tester";
import { createStorage } from "@shopify/ui-extensions-tester/checkout";
import { render } from "preact";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { ACCEPTED_OFFER_KEY } from "../src/accepted-offer";
import { traceFormatting } from "./fixtures";

const extension = getExtension("purchase.thank-you.block.render");

function arrange(stored?: unknown) {
  const { shopify } = extension;
  shopify.storage = createStorage(stored === undefined ? {} : { [ACCEPTED_OFFER_KEY]: stored });
  shopify.checkoutToken.value = "checkout-token-1";
  traceFormatting(shopify.i18n);
  const fetchMock = vi.fn<typeof fetch>();
  extension.fetch = fetchMock;
  return fetchMock;
}

const banner = () => document.body.querySelector("s-banner");

beforeEach(() => extension.setUp());
afterEach(() => {
  render(null, document.body); // see Checkout.test.tsx
  extension.tearDown();
});

test.each([
  [{ type: "percentage_discount", percent: 10 }, 'thankYou.percentage {"percent":"num(10)"}'],
  [{ type: "fixed_discount", amount: { amount: "5.00", currencyCode: "EUR" } }, 'thankYou.fixed {"amount":"cur(5 EUR)"}'],
  [{ type: "free_shipping" }, "thankYou.freeShipping"],
])("confirms an accepted offer (%o), then forgets it", async (action, heading) => {
  const fetchMock = arrange({ id: "decision-1", action, checkoutToken: "checkout-token-1" });

  await extension.render();

  expect(banner()!.getAttribute("tone")).toBe("success");
  expect(banner()!.getAttribute("heading")).toBe(heading);
  expect(await extension.shopify.storage.read(ACCEPTED_OFFER_KEY)).toBeNull();
  expect(fetchMock).not.toHaveBeenCalled();
});

test("an entry without a checkout token (older or unknown) still confirms", async () => {
  arrange({ id: "decision-1", action: { type: "free_shipping" } });

  await extension.render();

  expect(banner()!.getAttribute("heading")).toBe("thankYou.freeShipping");
});

test.each([
  ["nothing was accepted", undefined],
  ["the entry comes from another checkout", { id: "d", action: { type: "free_shipping" }, checkoutToken: "older-checkout" }],
  ["the entry is malformed", { id: "d", action: { type: "percentage_discount", percent: "10" } }],
  ["the entry is not an object", "accepted"],
])("renders nothing when %s, and clears the key", async (_, stored) => {
  const fetchMock = arrange(stored);
  const remove = vi.spyOn(extension.shopify.storage, "delete");

  await extension.render();

  expect(document.body.innerHTML).toBe("");
  expect(remove).toHaveBeenCalledWith(ACCEPTED_OFFER_KEY);
  expect(await extension.shopify.storage.read(ACCEPTED_OFFER_KEY)).toBeNull();
  expect(fetchMock).not.toHaveBeenCalled();
});

test("a storage failure renders nothing and does not throw", async () => {
  arrange();
  extension.shopify.storage.read = vi.fn(async () => {
    throw new Error("storage unavailable");
  });
  extension.shopify.storage.delete = vi.fn(async () => {
    throw new Error("storage unavailable");
  });

  await expect(extension.render()).resolves.toBeUndefined();
  expect(document.body.innerHTML).toBe("");
});
