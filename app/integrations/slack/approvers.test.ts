import { describe, expect, it } from "vitest";
import { approverMappingSchema, resolveApprover } from "./approvers";

const mapping = approverMappingSchema.parse([
  { slackUserId: "U1", teamId: "T1", shopifyStaffId: "gid://shopify/StaffMember/1", name: "Ana" },
  { slackUserId: "U2", shopifyStaffId: "gid://shopify/StaffMember/2", name: "Bo" },
]);

describe("resolveApprover", () => {
  it("finds a mapped user in the pinned workspace", () => {
    expect(resolveApprover(mapping, "U1", "T1")?.name).toBe("Ana");
  });

  it("refuses a pinned user clicking from another workspace", () => {
    expect(resolveApprover(mapping, "U1", "T2")).toBeNull();
  });

  it("accepts an unpinned user from any workspace", () => {
    expect(resolveApprover(mapping, "U2", "T9")?.shopifyStaffId).toBe("gid://shopify/StaffMember/2");
  });

  it("refuses unmapped and empty user ids", () => {
    expect(resolveApprover(mapping, "U3", "T1")).toBeNull();
    expect(resolveApprover(mapping, "", "T1")).toBeNull();
    expect(resolveApprover([], "U1", "T1")).toBeNull();
  });

  it("refuses mapping entries without a staff id", () => {
    expect(approverMappingSchema.safeParse([{ slackUserId: "U1", shopifyStaffId: "", name: "x" }]).success).toBe(false);
  });
});
