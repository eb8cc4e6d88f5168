import { describe, expect, it } from "vitest";
import type { DeliveryOp } from "../src/delivery-op";
import type { OptionView } from "../src/delivery-groups";
import { planGroup } from "../src/plan-group";

const option = (handle: string, title: string | null, amount: number): OptionView => ({ handle, title, amount });
const hide = (text: string): DeliveryOp => ({ op: "hide", match: { titleContains: text } });
const rename = (text: string, title: string): DeliveryOp => ({ op: "rename", match: { titleContains: text }, title });
const move = (text: string, index: number): DeliveryOp => ({ op: "move", match: { titleContains: text }, index });
const group = [option("std", "Standard", 5), option("exp", "Express", 15), option("ovn", "Overnight", 30), option("pick", "Pickup point", 6)];

describe("planGroup", () => {
  it("plans nothing for a control arm", () => {
    expect(planGroup(group, [])).toEqual([]);
  });

  it("never hides the cheapest option", () => {
    expect(planGroup(group, [hide("Standard")])).toEqual([]);
    // "t" is in Standard, Overnight and Pickup point; Standard is the cheapest and stays.
    expect(planGroup(group, [hide("t")])).toEqual([
      { deliveryOptionHide: { deliveryOptionHandle: "ovn" } },
      { deliveryOptionHide: { deliveryOptionHandle: "pick" } },
    ]);
  });

  it("renames the cheapest option only to a title that keeps its own", () => {
    expect(planGroup(group, [rename("Standard", "Slow boat")])).toEqual([]);
    expect(planGroup(group, [rename("Standard", "Standard (3–5 business days)")])).toEqual([
      { deliveryOptionRename: { deliveryOptionHandle: "std", title: "Standard (3–5 business days)" } },
    ]);
    expect(planGroup(group, [rename("Express", "Fast")])).toEqual([{ deliveryOptionRename: { deliveryOptionHandle: "exp", title: "Fast" } }]);
  });

  it("skips a rename to the title the option already has", () => {
    expect(planGroup(group, [rename("Express", "Express")])).toEqual([]);
  });

  it("never moves the cheapest, clamps indexes to the group, and restates the cheapest on top after a move", () => {
    expect(planGroup(group, [move("Standard", 2)])).toEqual([]);
    expect(planGroup(group, [move("Express", 99)])).toEqual([
      { deliveryOptionMove: { deliveryOptionHandle: "exp", index: 3 } },
      { deliveryOptionMove: { deliveryOptionHandle: "std", index: 0 } },
    ]);
  });

  it("moves the cheapest to the top of a group it touches when Shopify did not list it first", () => {
    const unsorted = [option("exp", "Express", 15), option("std", "Standard", 5)];
    expect(planGroup(unsorted, [rename("Express", "Express (1–2 days)")])).toEqual([
      { deliveryOptionRename: { deliveryOptionHandle: "exp", title: "Express (1–2 days)" } },
      { deliveryOptionMove: { deliveryOptionHandle: "std", index: 0 } },
    ]);
    expect(planGroup(unsorted, [hide("Overnight")])).toEqual([]);
  });

  it("treats the first of equally cheap options as the cheapest", () => {
    const tied = [option("a", "Free A", 0), option("b", "Free B", 0)];
    expect(planGroup(tied, [hide("Free")])).toEqual([{ deliveryOptionHide: { deliveryOptionHandle: "b" } }]);
  });

  it("matches titles case-sensitively and never matches an option without a title", () => {
    const untitled = [option("std", "Standard", 5), option("x", null, 9)];
    expect(planGroup(untitled, [hide("standard"), hide("null")])).toEqual([]);
  });

  it("applies every matching option for every operation, in configured order", () => {
    const two = [option("std", "Standard", 5), option("e1", "Express Air", 15), option("e2", "Express Road", 12)];
    expect(planGroup(two, [hide("Express"), rename("Road", "Express Road (2 days)")])).toEqual([
      { deliveryOptionHide: { deliveryOptionHandle: "e1" } },
      { deliveryOptionHide: { deliveryOptionHandle: "e2" } },
      { deliveryOptionRename: { deliveryOptionHandle: "e2", title: "Express Road (2 days)" } },
    ]);
  });
});
