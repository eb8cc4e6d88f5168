// A model of how Shopify applies payment operations, written from the schema's descriptions and
// independent of src/: it is what the property tests check the Function's output against.
import type { PaymentOperation } from "../src/input";

export type SimMethod = { id: string; name: string; placements: string[]; hidden: boolean };

function idOf(operation: PaymentOperation): string {
  if ("paymentMethodHide" in operation) return operation.paymentMethodHide.paymentMethodId;
  if ("paymentMethodMove" in operation) return operation.paymentMethodMove.paymentMethodId;
  return operation.paymentMethodRename.paymentMethodId;
}

/** The methods after the operations; throws on an operation naming a method that is not offered. */
export function simulate(methods: ReadonlyArray<{ id: string; name: string; placements: string[] }>, operations: readonly PaymentOperation[]): SimMethod[] {
  const state = methods.map((method) => ({ ...method, hidden: false }));
  for (const operation of operations) {
    const id = idOf(operation);
    const i = state.findIndex((method) => method.id === id);
    if (i < 0) throw new Error(`operation names unknown payment method ${id}`);
    if ("paymentMethodHide" in operation) state[i]!.hidden = true;
    else if ("paymentMethodRename" in operation) state[i]!.name = operation.paymentMethodRename.name;
    else {
      const [method] = state.splice(i, 1);
      state.splice(Math.min(operation.paymentMethodMove.index, state.length), 0, method!);
    }
  }
  return state;
}
