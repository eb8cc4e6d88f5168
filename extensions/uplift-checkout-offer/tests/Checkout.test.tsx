/// <reference types="@shopify/ui-extensions/purchase.checkout.block.render" />
import { signal } from "@preact/signals";
import type { CartLine } from "@shopify/ui-extensions/checkout";
import { getExtension } from "@shopify/ui-extensions-tester";
import { createCartLine, createResult, createStorage } from "@shopify/ui-extensions-tester/checkout";
import { fireEvent, waitFor } from "@testing-library/preact";
import { render } from "preact";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { ACCEPTED_OFFER_KEY } from "../src/accepted-offer";
import { API_URL, PERCENT_OFFER, TOKEN, configEntry, jsonResponse, traceFormatting, wait } from "./fixtures";

const extension = getExtension("purchase.checkout.block.render");

const LINES = [
  createCartLine({ quantity: 2, cost: { totalAmount: { amount: 40, currencyCode: "USD" } } }),
  createCartLine({
    id: "gid://shopify/CartLine/2",
    merchandise: {
      type: "variant",
      id: "gid://shopify/ProductVariant/11",
      title: "Blue",
      selectedOptions: [],
      product: { id: "gid://shopify/Product/7", vendor: "Acme", productType: "" },
      requiresShipping: true,
    },
    quantity: 1,
    cost: { totalAmount: { amount: 12.5, currencyCode: "USD" } },
  }),
];

/** A checkout that should get an offer: config present, lines, metafields writable. */
function arrangeCheckout() {
  const { shopify } = extension;
  shopify.appMetafields.value = [configEntry()];
  shopify.lines.value = LINES;
  shopify.checkoutToken.value = "checkout-token-1";
  shopify.discountCodes.value = [{ code: "WELCOME" }];
  shopify.sessionToken.get = vi.fn(async () => "session-jwt-1");
  shopify.storage = createStorage();
  traceFormatting(shopify.i18n);
}

function backend(answer: (...args: Parameters<typeof fetch>) => Promise<Response>) {
  const fetchMock = vi.fn<typeof fetch>(answer);
  extension.fetch = fetchMock;
  return fetchMock;
}

const banner = () => document.body.querySelector("s-banner");
const buttons = () => [...document.body.querySelectorAll("s-button")];
const button = (label: string) => buttons().find((b) => b.textContent === label);
const showBanner = () => waitFor(() => expect(banner()).not.toBeNull());

/** Long enough for the effect (scheduled after paint), the request and the state update. */
const settle = () => wait(100);

beforeEach(() => extension.setUp());
afterEach(() => {
  // The tester's tearDown() unmounts with require('preact'), a second (CommonJS) copy of Preact
  // that does not know the tree this ESM copy rendered: the DOM survives tearDown. Unmount here.
  render(null, document.body);
  extension.tearDown();
  vi.restoreAllMocks();
});

describe("offer shown", () => {
  test("posts the cart with the session token and shows a percentage offer", async () => {
    arrangeCheckout();
    const fetchMock = backend(async () => jsonResponse({ offer: PERCENT_OFFER }));

    await extension.render();
    await showBanner();

    expect(banner()!.getAttribute("tone")).toBe("info");
    expect(banner()!.getAttribute("heading")).toBe('offer.percentage {"percent":"num(10)"}');
    expect(banner()!.textContent).toContain("offer.details");
    expect(button("actions.apply")!.getAttribute("variant")).toBe("primary");
    expect(button("actions.decline")!.getAttribute("variant")).toBe("secondary");

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(extension.shopify.sessionToken.get).toHaveBeenCalled();
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(`${API_URL}/api/checkout/offer`);
    expect(init?.method).toBe("POST");
    expect(init?.headers).toEqual({ Authorization: "Bearer session-jwt-1", "Content-Type": "application/json" });
    expect(init?.signal).toBeDefined();
    expect(JSON.parse(String(init?.body))).toEqual({
      checkoutToken: "checkout-token-1",
      currencyCode: "USD",
      country: "US",
      lines: [
        {
          merchandise: { id: "gid://shopify/ProductVariant/1", product: { id: "gid://shopify/Product/1" } },
          quantity: 2,
          cost: { totalAmount: { amount: 40, currencyCode: "USD" } },
        },
        {
          merchandise: { id: "gid://shopify/ProductVariant/11", product: { id: "gid://shopify/Product/7" } },
          quantity: 1,
          cost: { totalAmount: { amount: 12.5, currencyCode: "USD" } },
        },
      ],
      discountCodes: [{ code: "WELCOME" }],
    });
  });

  test("leaves out what the checkout does not know", async () => {
    arrangeCheckout();
    extension.shopify.checkoutToken.value = undefined;
    extension.shopify.localization.country.value = undefined;
    const fetchMock = backend(async () => jsonResponse({ offer: null }));

    await extension.render();
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());

    const body = JSON.parse(String(fetchMock.mock.calls[0]![1]?.body));
    expect(body).not.toHaveProperty("checkoutToken");
    expect(body).not.toHaveProperty("country");
    expect(body.currencyCode).toBe("USD");
  });

  test("formats a fixed amount with formatCurrency in the offer's currency", async () => {
    arrangeCheckout();
    backend(async () =>
      jsonResponse({
        offer: { ...PERCENT_OFFER, action: { type: "fixed_discount", amount: { amount: "5.00", currencyCode: "USD" } } },
      }),
    );

    await extension.render();
    await showBanner();

    expect(banner()!.getAttribute("heading")).toBe('offer.fixed {"amount":"cur(5 USD)"}');
  });

  test("describes free shipping", async () => {
    arrangeCheckout();
    backend(async () => jsonResponse({ offer: { ...PERCENT_OFFER, action: { type: "free_shipping" } } }));

    await extension.render();
    await showBanner();

    expect(banner()!.getAttribute("heading")).toBe("offer.freeShipping");
  });
});

describe("consent", () => {
  test("Apply writes exactly the server's token to the cart metafield, then confirms", async () => {
    arrangeCheckout();
    backend(async () => jsonResponse({ offer: PERCENT_OFFER }));
    const apply = vi.spyOn(extension.shopify, "applyMetafieldChange");
    const write = vi.spyOn(extension.shopify.storage, "write");

    await extension.render();
    await showBanner();
    expect(apply).not.toHaveBeenCalled(); // nothing changes before the buyer says so
    fireEvent.click(button("actions.apply")!);

    await waitFor(() => expect(banner()!.getAttribute("heading")).toBe("applied.heading"));
    expect(banner()!.getAttribute("tone")).toBe("success");
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenCalledWith({
      type: "updateCartMetafield",
      metafield: { namespace: "$app", key: "offer", value: JSON.stringify(TOKEN), type: "json" },
    });
    const written = apply.mock.calls[0]![0];
    expect(written.type === "updateCartMetafield" && JSON.parse(written.metafield.value)).toEqual(TOKEN);
    await waitFor(() =>
      expect(write).toHaveBeenCalledWith(ACCEPTED_OFFER_KEY, {
        id: PERCENT_OFFER.id,
        action: PERCENT_OFFER.action,
        checkoutToken: "checkout-token-1",
      }),
    );
    expect(await extension.shopify.storage.read(ACCEPTED_OFFER_KEY)).toEqual({
      id: PERCENT_OFFER.id,
      action: { type: "percentage_discount", percent: 10 },
      checkoutToken: "checkout-token-1",
    });
  });

  test("a double click applies once", async () => {
    arrangeCheckout();
    backend(async () => jsonResponse({ offer: PERCENT_OFFER }));
    let finish: (value: { type: "success" }) => void = () => undefined;
    const apply = vi.fn(() => new Promise<{ type: "success" }>((resolve) => (finish = resolve)));
    extension.shopify.applyMetafieldChange = apply;

    await extension.render();
    await showBanner();
    const applyButton = button("actions.apply")!;
    fireEvent.click(applyButton);
    fireEvent.click(applyButton);
    await waitFor(() => expect(button("actions.apply")!.hasAttribute("disabled")).toBe(true));
    fireEvent.click(button("actions.apply")!);
    finish({ type: "success" });

    await waitFor(() => expect(banner()!.getAttribute("heading")).toBe("applied.heading"));
    expect(apply).toHaveBeenCalledTimes(1);
  });

  test("No thanks hides the banner and writes nothing", async () => {
    arrangeCheckout();
    backend(async () => jsonResponse({ offer: PERCENT_OFFER }));
    const apply = vi.spyOn(extension.shopify, "applyMetafieldChange");
    const write = vi.spyOn(extension.shopify.storage, "write");

    await extension.render();
    await showBanner();
    fireEvent.click(button("actions.decline")!);

    await waitFor(() => expect(banner()).toBeNull());
    await settle();
    expect(document.body.innerHTML).toBe("");
    expect(apply).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
  });

  test.each([
    ["returns an error", () => Promise.resolve(createResult("applyMetafieldChange", { type: "error", message: "Internal: cart locked (42)" }))],
    ["throws", () => Promise.reject(new Error("Internal: cart locked (42)"))],
  ])("when applyMetafieldChange %s, shows a localized message, never the raw one, and stores nothing", async (_, outcome) => {
    arrangeCheckout();
    backend(async () => jsonResponse({ offer: PERCENT_OFFER }));
    const apply = vi.fn(outcome);
    extension.shopify.applyMetafieldChange = apply;
    const write = vi.spyOn(extension.shopify.storage, "write");

    await extension.render();
    await showBanner();
    fireEvent.click(button("actions.apply")!);

    await waitFor(() => expect(document.body.textContent).toContain("error.apply"));
    expect(document.body.textContent).not.toContain("cart locked");
    expect(banner()!.getAttribute("heading")).toBe('offer.percentage {"percent":"num(10)"}');
    expect(button("actions.apply")!.hasAttribute("disabled")).toBe(false); // the buyer may retry
    expect(write).not.toHaveBeenCalled();
    expect(await extension.shopify.storage.read(ACCEPTED_OFFER_KEY)).toBeNull();
  });
});

describe("renders nothing and leaves the checkout untouched", () => {
  test("when the backend does not answer within 800 ms", async () => {
    arrangeCheckout();
    let signal: AbortSignal | undefined;
    const started = { at: 0 };
    const fetchMock = backend(
      (...args) =>
        new Promise<Response>((_resolve, reject) => {
          started.at = performance.now();
          signal = args[1]?.signal ?? undefined;
          signal?.addEventListener("abort", () => reject(new DOMException("Aborted", "AbortError")));
        }),
    );
    const apply = vi.spyOn(extension.shopify, "applyMetafieldChange");

    await extension.render();
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(signal?.aborted).toBe(false);
    await waitFor(() => expect(signal?.aborted).toBe(true), { timeout: 2000 });

    expect(performance.now() - started.at).toBeGreaterThanOrEqual(750);
    await settle();
    expect(document.body.innerHTML).toBe("");
    expect(apply).not.toHaveBeenCalled();
  });

  test("when the backend answers an offer too late", async () => {
    arrangeCheckout();
    backend(async () => {
      await wait(1000); // ignores the abort signal
      return jsonResponse({ offer: PERCENT_OFFER });
    });

    await extension.render();
    await wait(1150);

    expect(document.body.innerHTML).toBe("");
  });

  test.each([
    ["a 500", () => jsonResponse({ error: "boom" }, 500)],
    ["a 401", () => jsonResponse({ offer: PERCENT_OFFER }, 401)],
    ["{offer: null}", () => jsonResponse({ offer: null })],
    ["an empty object", () => jsonResponse({})],
    ["a body that is not JSON", () => jsonResponse("<html>gateway</html>")],
    ["a percent given as a string", () => jsonResponse({ offer: { ...PERCENT_OFFER, action: { type: "percentage_discount", percent: "10" } } })],
    ["an unknown action", () => jsonResponse({ offer: { ...PERCENT_OFFER, action: { type: "free_gift" } } })],
    ["a missing token", () => jsonResponse({ offer: { ...PERCENT_OFFER, token: undefined } })],
    ["a token that is a string", () => jsonResponse({ offer: { ...PERCENT_OFFER, token: "abc" } })],
    ["a missing id", () => jsonResponse({ offer: { ...PERCENT_OFFER, id: "" } })],
    ["an unparseable expiry", () => jsonResponse({ offer: { ...PERCENT_OFFER, expiresAt: "soon" } })],
    [
      "a fixed amount in another currency",
      () => jsonResponse({ offer: { ...PERCENT_OFFER, action: { type: "fixed_discount", amount: { amount: "5.00", currencyCode: "EUR" } } } }),
    ],
  ])("on %s", async (_, answer) => {
    arrangeCheckout();
    const fetchMock = backend(async () => answer());
    const apply = vi.spyOn(extension.shopify, "applyMetafieldChange");

    await extension.render();
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await settle();

    expect(document.body.innerHTML).toBe("");
    expect(apply).not.toHaveBeenCalled();
  });

  test("on a network error", async () => {
    arrangeCheckout();
    const fetchMock = backend(async () => {
      throw new TypeError("Failed to fetch");
    });

    await extension.render();
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await settle();

    expect(document.body.innerHTML).toBe("");
  });

  test("when the session token cannot be had", async () => {
    arrangeCheckout();
    extension.shopify.sessionToken.get = vi.fn(async () => {
      throw new Error("no token");
    });
    const fetchMock = backend(async () => jsonResponse({ offer: PERCENT_OFFER }));

    await extension.render();
    await settle();

    expect(fetchMock).not.toHaveBeenCalled();
    expect(document.body.innerHTML).toBe("");
  });
});

describe("asks nothing when it cannot act", () => {
  test.each([
    ["there is no config metafield", () => (extension.shopify.appMetafields.value = [])],
    ["the config is on another resource", () => (extension.shopify.appMetafields.value = [configEntry(undefined, "cart")])],
    ["the config is not JSON", () => (extension.shopify.appMetafields.value = [configEntry("{v:1")])],
    ["the config has another version", () => (extension.shopify.appMetafields.value = [configEntry({ v: 2, apiUrl: API_URL })])],
    ["the config URL is not https", () => (extension.shopify.appMetafields.value = [configEntry({ v: 1, apiUrl: "http://uplift.example.com" })])],
    ["cart metafields cannot be set", () => (extension.shopify.instructions.value.metafields.canSetCartMetafields = false)],
    ["the cart has no lines", () => (extension.shopify.lines.value = [])],
  ])("no request and no UI when %s", async (_, change) => {
    arrangeCheckout();
    change();
    const fetchMock = backend(async () => jsonResponse({ offer: PERCENT_OFFER }));

    await extension.render();
    await settle();

    expect(fetchMock).not.toHaveBeenCalled();
    expect(extension.shopify.sessionToken.get).not.toHaveBeenCalled();
    expect(document.body.innerHTML).toBe("");
  });

  test("a base path in the config URL is kept, a trailing slash is not doubled", async () => {
    arrangeCheckout();
    extension.shopify.appMetafields.value = [configEntry({ v: 1, apiUrl: "https://example.com/uplift/" })];
    const fetchMock = backend(async () => jsonResponse({ offer: null }));

    await extension.render();
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());

    expect(fetchMock.mock.calls[0]![0]).toBe("https://example.com/uplift/api/checkout/offer");
  });
});

// The tester's signals never fire. In checkout, '@shopify/ui-extensions/preact' makes the host's
// signals Preact signals; a real one here re-renders the component the same way. (Calling render()
// again does not: @preact/signals skips components whose props did not change.)
function liveLines() {
  const lines = signal<CartLine[]>(LINES);
  extension.shopify.lines = lines as unknown as typeof extension.shopify.lines;
  return lines;
}

describe("when the cart changes", () => {
  test("a new quantity asks for a fresh offer; a new line cost alone does not", async () => {
    arrangeCheckout();
    const lines = liveLines();
    const fetchMock = backend(async () => jsonResponse({ offer: PERCENT_OFFER }));

    await extension.render();
    await showBanner();
    expect(fetchMock).toHaveBeenCalledTimes(1);

    lines.value = LINES.map((l) => ({ ...l, cost: { totalAmount: { amount: 1, currencyCode: "USD" } } }));
    await settle();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(banner()).not.toBeNull();

    lines.value = [{ ...LINES[0]!, quantity: 3 }, LINES[1]!];
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(JSON.parse(String(fetchMock.mock.calls[1]![1]?.body)).lines[0].quantity).toBe(3);
    await showBanner();
  });

  test("after No thanks, the offer does not come back", async () => {
    arrangeCheckout();
    const lines = liveLines();
    const fetchMock = backend(async () => jsonResponse({ offer: PERCENT_OFFER }));

    await extension.render();
    await showBanner();
    fireEvent.click(button("actions.decline")!);
    await waitFor(() => expect(banner()).toBeNull());

    lines.value = [{ ...LINES[0]!, quantity: 3 }, LINES[1]!];
    await settle();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(document.body.innerHTML).toBe("");
  });

  test("after Apply, the thank-you note is withdrawn: the token no longer matches the cart", async () => {
    arrangeCheckout();
    const lines = liveLines();
    const fetchMock = backend(async () => jsonResponse({ offer: PERCENT_OFFER }));

    await extension.render();
    await showBanner();
    fireEvent.click(button("actions.apply")!);
    await waitFor(async () => expect(await extension.shopify.storage.read(ACCEPTED_OFFER_KEY)).not.toBeNull());

    lines.value = [LINES[0]!];

    await waitFor(async () => expect(await extension.shopify.storage.read(ACCEPTED_OFFER_KEY)).toBeNull());
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});

// Without the <Silent> boundary the error escapes as an unhandled rejection, which fails the run.
test("an error while rendering leaves nothing on screen and does not throw", async () => {
  arrangeCheckout();
  backend(async () => jsonResponse({ offer: PERCENT_OFFER }));
  extension.shopify.i18n.formatNumber = () => {
    throw new Error("Intl unavailable");
  };

  await extension.render();
  await waitFor(() => expect(extension.fetch).toHaveBeenCalled());
  await settle();

  expect(document.body.innerHTML).toBe("");
});
