// @vitest-environment node
import { afterEach, expect, test, vi } from "vitest";
import { readOfferResponse } from "../src/offer";
import { OFFER_TIMEOUT_MS, requestOffer } from "../src/offer-request";
import { PERCENT_OFFER, jsonResponse } from "./fixtures";

const body = { currencyCode: "USD", lines: [], discountCodes: [] };

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

test("gives up at exactly 800 ms, aborts the request and resolves null", async () => {
  vi.useFakeTimers();
  let signal: AbortSignal | undefined;
  vi.stubGlobal(
    "fetch",
    vi.fn((_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      return new Promise<Response>(() => undefined); // never settles, ignores abort
    }),
  );
  const settled = vi.fn();

  requestOffer({ apiUrl: "https://x.test", getSessionToken: async () => "t", body }).then(settled);
  await vi.advanceTimersByTimeAsync(OFFER_TIMEOUT_MS - 1);
  expect(OFFER_TIMEOUT_MS).toBe(800);
  expect(settled).not.toHaveBeenCalled();
  expect(signal?.aborted).toBe(false);

  await vi.advanceTimersByTimeAsync(1);
  expect(settled).toHaveBeenCalledWith(null);
  expect(signal?.aborted).toBe(true);
});

test("the timer covers a slow session token too", async () => {
  vi.useFakeTimers();
  const fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
  const settled = vi.fn();

  requestOffer({ apiUrl: "https://x.test", getSessionToken: () => new Promise(() => undefined), body }).then(settled);
  await vi.advanceTimersByTimeAsync(OFFER_TIMEOUT_MS);

  expect(settled).toHaveBeenCalledWith(null);
  expect(fetchMock).not.toHaveBeenCalled();
});

test("an answer in time is read and no timer is left behind", async () => {
  vi.useFakeTimers();
  vi.stubGlobal("fetch", vi.fn(async () => jsonResponse({ offer: PERCENT_OFFER })));

  const offer = await requestOffer({ apiUrl: "https://x.test", getSessionToken: async () => "t", body });

  expect(offer?.id).toBe(PERCENT_OFFER.id);
  expect(vi.getTimerCount()).toBe(0);
});

test("keeps only the known fields of an offer and passes the token through as is", () => {
  const offer = readOfferResponse(
    { offer: { ...PERCENT_OFFER, extra: 1, action: { ...PERCENT_OFFER.action, note: "x" } }, debug: true },
    "USD",
  );
  expect(offer).toEqual(PERCENT_OFFER);
  expect(offer?.token).toBe(PERCENT_OFFER.token);
});

test.each([0, -5, 101, Number.NaN, Number.POSITIVE_INFINITY])("refuses a percent of %s", (percent) => {
  expect(readOfferResponse({ offer: { ...PERCENT_OFFER, action: { type: "percentage_discount", percent } } }, "USD")).toBeNull();
});

test.each(["0", "-1", "1e3", "5,00", ""])("refuses a fixed amount of %j", (amount) => {
  const action = { type: "fixed_discount", amount: { amount, currencyCode: "USD" } };
  expect(readOfferResponse({ offer: { ...PERCENT_OFFER, action } }, "USD")).toBeNull();
});
