// The input and result shapes for cart_payment_methods_transform_run.graphql, written by hand
// (`shopify app function typegen` needs the CLI). Field names follow the 2026-07 schema; the
// schema tests check every result against it. The input is still read defensively
// (payment-methods.ts): a shape we did not expect means no operations, not a thrown error.

export type PaymentMethodPlacement = "ACCELERATED_CHECKOUT" | "PAYMENT_METHOD";

export type CartPaymentMethodsTransformRunInput = {
  cart: {
    arms?: { jsonValue: unknown } | null;
    buyerIdentity?: { customer?: { id: string } | null } | null;
  };
  paymentMethods: Array<{ id: string; name: string; placements: PaymentMethodPlacement[] }>;
  paymentCustomization: { metafield?: { jsonValue: unknown } | null };
};

export type PaymentOperation =
  | { paymentMethodHide: { paymentMethodId: string } }
  | { paymentMethodMove: { paymentMethodId: string; index: number } }
  | { paymentMethodRename: { paymentMethodId: string; name: string } };

export type CartPaymentMethodsTransformRunResult = { operations: PaymentOperation[] };
