import { describe, expect, it } from "vitest";
import { validateBlocks } from "../../../tools/local-slack/blocks";
import { approvalBlocks, approvalText, describeAction, resolvedBlocks, type ApprovalRequest } from "./approval-message";

const approval: ApprovalRequest = {
  id: "apr_123",
  workflow: "Cart recovery",
  action: { type: "percentage_discount", percent: 15 },
  cartValueMinor: 12_000,
  currency: "USD",
  reasons: ["Cart value above $100 threshold", "Discount above 10% needs approval"],
};

const allText = (blocks: unknown) => JSON.stringify(blocks);

describe("approvalBlocks", () => {
  it("summarises the offer and carries the approval id on both buttons", () => {
    const blocks = approvalBlocks(approval);
    const text = allText(blocks);
    expect(text).toContain("Cart recovery");
    expect(text).toContain("15% off");
    expect(text).toContain("$120.00");
    expect(text).toContain("• Discount above 10% needs approval");
    const actions = blocks.find((b) => b.type === "actions");
    expect(actions).toMatchObject({
      elements: [
        { type: "button", action_id: "approval.approve", style: "primary", value: "apr_123" },
        { type: "button", action_id: "approval.reject", style: "danger", value: "apr_123" },
      ],
    });
    expect(validateBlocks(blocks)).toEqual([]);
  });

  it("escapes Slack's control characters in data", () => {
    const text = allText(approvalBlocks({ ...approval, workflow: "<!channel> & co", reasons: ["<@U123>"] }));
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("&lt;!channel&gt; &amp; co");
    expect(text).toContain("&lt;@U123&gt;");
  });

  it("stays inside Block Kit limits with very many reasons", () => {
    const reasons = Array.from({ length: 200 }, (_, i) => `reason ${i} ${"x".repeat(80)}`);
    const blocks = approvalBlocks({ ...approval, reasons, workflow: "w".repeat(5000) });
    expect(validateBlocks(blocks)).toEqual([]);
    expect(allText(blocks)).toMatch(/…and \d+ more/);
  });

  it("omits the reasons section when there are none", () => {
    expect(approvalBlocks({ ...approval, reasons: [] }).filter((b) => b.type === "section")).toHaveLength(1);
  });
});

describe("describeAction", () => {
  it("says each action type the way a person would", () => {
    expect(describeAction({ type: "fixed_discount", amountMinor: 500 }, "USD")).toBe("$5.00 off");
    expect(describeAction({ type: "fixed_discount", amountMinor: 500 }, "JPY")).toBe("¥500 off");
    expect(describeAction({ type: "free_shipping" }, "USD")).toBe("Free shipping");
    expect(describeAction({ type: "bundle", variantIds: ["a", "b"], percent: 10 }, "USD")).toBe("Bundle of 2, 10% off");
    expect(describeAction({ type: "risk_route", route: "manual_review" }, "USD")).toBe("Risk route: manual review");
    expect(describeAction({ type: "fixed_discount", amountMinor: 500 }, "NOTACODE")).toBe("5.00 NOTACODE off");
  });
});

describe("resolvedBlocks", () => {
  it("replaces the buttons with who decided", () => {
    const approved = resolvedBlocks(approval, "approved", "Ana <Ops>");
    expect(approved.some((b) => b.type === "actions")).toBe(false);
    expect(allText(approved)).toContain(":white_check_mark: Approved by *Ana &lt;Ops&gt;*");
    expect(allText(resolvedBlocks(approval, "rejected", "Bo"))).toContain(":x: Rejected by *Bo*");
    expect(validateBlocks(approved)).toEqual([]);
  });

  it("has fallback text for notifications", () => {
    expect(approvalText(approval)).toBe("Approval needed: Cart recovery: 15% off on a $120.00 cart");
  });
});
