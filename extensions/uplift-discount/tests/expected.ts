// Expected outputs, written out by hand in fixtures (these build the literal shape, nothing more).
export const NONE = { operations: [] };

/** One candidate per percentage, listing the lines that get it, in cart order. */
export function productDiscounts(groups: Array<[percent: string, lineIds: string[]]>) {
  return {
    operations: [
      {
        productDiscountsAdd: {
          selectionStrategy: "ALL",
          candidates: groups.map(([value, ids]) => ({ targets: ids.map((id) => ({ cartLine: { id } })), value: { percentage: { value } } })),
        },
      },
    ],
  };
}

export function orderDiscount(amount: string, excludedCartLineIds: string[]) {
  return {
    operations: [
      {
        orderDiscountsAdd: {
          selectionStrategy: "FIRST",
          candidates: [{ targets: [{ orderSubtotal: { excludedCartLineIds } }], value: { fixedAmount: { amount } } }],
        },
      },
    ],
  };
}

export function deliveryDiscount(groupIds: string[]) {
  return {
    operations: [
      {
        deliveryDiscountsAdd: {
          selectionStrategy: "ALL",
          candidates: [{ targets: groupIds.map((id) => ({ deliveryGroup: { id } })), value: { percentage: { value: "100" } } }],
        },
      },
    ],
  };
}
