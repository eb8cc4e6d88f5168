// Result shapes of the Discount Function API 2026-07 (CartLinesDiscountsGenerateRunResult and
// CartDeliveryOptionsDiscountsGenerateRunResult), limited to what this Function emits.

export type ProductDiscountsAdd = {
  productDiscountsAdd: {
    selectionStrategy: "ALL";
    candidates: Array<{ targets: Array<{ cartLine: { id: string } }>; value: { percentage: { value: string } }; message?: string }>;
  };
};

export type OrderDiscountsAdd = {
  orderDiscountsAdd: {
    selectionStrategy: "FIRST";
    candidates: Array<{
      targets: Array<{ orderSubtotal: { excludedCartLineIds: string[] } }>;
      value: { fixedAmount: { amount: string } };
      message?: string;
    }>;
  };
};

export type DeliveryDiscountsAdd = {
  deliveryDiscountsAdd: {
    selectionStrategy: "ALL";
    candidates: Array<{ targets: Array<{ deliveryGroup: { id: string } }>; value: { percentage: { value: string } }; message?: string }>;
  };
};

export type CartLinesDiscountsGenerateRunResult = { operations: Array<ProductDiscountsAdd | OrderDiscountsAdd> };
export type CartDeliveryOptionsDiscountsGenerateRunResult = { operations: DeliveryDiscountsAdd[] };

/** What every doubt returns: no discount at all. A fresh object, so no caller can alter another's. */
export function noChanges(): { operations: never[] } {
  return { operations: [] };
}
