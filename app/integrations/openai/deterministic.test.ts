import { describe, expect, it } from "vitest";
import { cappedPercent, llmConfigured, templateProposal } from "./deterministic";
import { proposalSchema, type ProposalInput } from "./proposal";

const base: ProposalInput = {
  workflow: "checkout_incentive",
  cart: {
    currency: "USD",
    subtotalMinor: 10_000,
    lines: [{ variantId: "gid://shopify/ProductVariant/1", title: "Merino Wool Beanie", quantity: 1, unitPriceMinor: 10_000 }],
    candidates: [
      { variantId: "gid://shopify/ProductVariant/1", title: "Merino Wool Beanie", priceMinor: 10_000 },
      { variantId: "gid://shopify/ProductVariant/2", title: "Wool Care Kit", priceMinor: 1_500 },
    ],
  },
  features: { ordersCount: 0, returning: false },
  guardrails: { maxDiscountPercent: 15, maxDiscountMinor: 700, allowedActionTypes: ["none", "percentage_discount", "upsell", "recovery_message", "risk_route", "bundle"] },
};

describe("llmConfigured", () => {
  it.each([
    [{ apiKey: "sk-1", model: "gpt-4o-mini" }, true],
    [{ apiKey: " ", model: "gpt-4o-mini" }, false],
    [{ apiKey: "sk-1", model: "" }, false],
    [{}, false],
    [null, false],
  ])("%j → %s", (config, expected) => expect(llmConfigured(config)).toBe(expected));
});

describe("templateProposal", () => {
  it("is labelled rules and parses like an LLM proposal", () => {
    for (const workflow of ["checkout_incentive", "abandoned_cart", "post_purchase", "bundle", "payment_risk", "customer_nba"] as const) {
      const r = templateProposal({ ...base, workflow });
      expect(r.source).toBe("rules");
      expect(proposalSchema.parse(r.proposal)).toEqual(r.proposal);
    }
  });

  it("caps the percent by the money limit: 700 of 10,000 is 7%", () => {
    expect(cappedPercent(base)).toBe(7);
    expect(templateProposal(base).proposal.action).toEqual({ type: "percentage_discount", percent: 7 });
    expect(cappedPercent({ ...base, guardrails: { ...base.guardrails, maxDiscountMinor: null, maxDiscountPercent: 4 } })).toBe(4);
  });

  it("upsells a candidate that is not already in the cart", () => {
    expect(templateProposal({ ...base, workflow: "post_purchase" }).proposal.action).toEqual({ type: "upsell", variantId: "gid://shopify/ProductVariant/2", percent: 7 });
  });

  it("gives returning customers at most 5% in a recovery message", () => {
    const r = templateProposal({ ...base, workflow: "abandoned_cart", features: { ordersCount: 4, returning: true } });
    expect(r.proposal.action).toEqual({ type: "recovery_message", template: "cart_recovery_default", percent: 5 });
  });

  it("proposes none when the guardrails allow nothing that fits", () => {
    const r = templateProposal({ ...base, guardrails: { ...base.guardrails, allowedActionTypes: ["none"] } });
    expect(r).toMatchObject({ source: "rules", templateId: "none", proposal: { action: { type: "none" } } });
  });

  it("keeps copy within the limits when a product title is long", () => {
    const title = "Extra ".repeat(40).trim();
    const r = templateProposal({ ...base, workflow: "post_purchase", cart: { ...base.cart, candidates: [{ variantId: "v9", title, priceMinor: 100 }] } });
    expect(proposalSchema.safeParse(r.proposal).success).toBe(true);
  });
});
