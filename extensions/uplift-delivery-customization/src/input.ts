// The input and result shapes for cart_delivery_options_transform_run.graphql, written by hand
// (`shopify app function typegen` needs the CLI). Field names follow the 2026-07 schema; the
// schema tests check every result against it. The input is still read defensively
// (delivery-groups.ts): a shape we did not expect means no operations, not a thrown error.

export type CartDeliveryOptionsTransformRunInput = {
  cart: {
    arms?: { jsonValue: unknown } | null;
    buyerIdentity?: { customer?: { id: string } | null } | null;
    deliveryGroups: Array<{
      deliveryOptions: Array<{ handle: string; title?: string | null; cost: { amount: string } }>;
    }>;
  };
  deliveryCustomization: { metafield?: { jsonValue: unknown } | null };
};

export type DeliveryOperation =
  | { deliveryOptionHide: { deliveryOptionHandle: string } }
  | { deliveryOptionMove: { deliveryOptionHandle: string; index: number } }
  | { deliveryOptionRename: { deliveryOptionHandle: string; title: string } };

export type CartDeliveryOptionsTransformRunResult = { operations: DeliveryOperation[] };
