// A model of how Shopify applies delivery operations, written from the schema's descriptions and
// independent of src/: it is what the property tests check the Function's output against.
// Shopify does not document whether a move's index counts hidden options or whether hides apply
// before moves, so every combination is modelled and the invariants must hold in all of them.
import type { DeliveryOperation } from "../src/input";

export type SimOption = { handle: string; title: string | null; amount: number; hidden: boolean };
export type IndexMode = "all-options" | "visible-options";
export type OrderMode = "as-listed" | "hides-first";
export const MODES: Array<{ index: IndexMode; order: OrderMode }> = [
  { index: "all-options", order: "as-listed" },
  { index: "all-options", order: "hides-first" },
  { index: "visible-options", order: "as-listed" },
  { index: "visible-options", order: "hides-first" },
];

function handleOf(operation: DeliveryOperation): string {
  if ("deliveryOptionHide" in operation) return operation.deliveryOptionHide.deliveryOptionHandle;
  if ("deliveryOptionMove" in operation) return operation.deliveryOptionMove.deliveryOptionHandle;
  return operation.deliveryOptionRename.deliveryOptionHandle;
}

function move(group: SimOption[], from: number, index: number, mode: IndexMode): void {
  const [option] = group.splice(from, 1);
  let at = Math.min(index, group.length);
  if (mode === "visible-options") {
    const visible = group.map((o, i) => (o.hidden ? -1 : i)).filter((i) => i >= 0);
    at = index < visible.length ? visible[index]! : group.length;
  }
  group.splice(at, 0, option!);
}

/** The groups after the operations; throws on an operation naming a handle that is not in the cart. */
export function simulate(
  groups: ReadonlyArray<ReadonlyArray<{ handle: string; title: string | null; amount: number }>>,
  operations: readonly DeliveryOperation[],
  mode: { index: IndexMode; order: OrderMode },
): SimOption[][] {
  const state = groups.map((group) => group.map((option) => ({ ...option, hidden: false })));
  const ordered =
    mode.order === "hides-first"
      ? [...operations.filter((o) => "deliveryOptionHide" in o), ...operations.filter((o) => !("deliveryOptionHide" in o))]
      : operations;
  for (const operation of ordered) {
    const handle = handleOf(operation);
    let found = false;
    for (const group of state) {
      const i = group.findIndex((option) => option.handle === handle);
      if (i < 0) continue;
      found = true;
      if ("deliveryOptionHide" in operation) group[i]!.hidden = true;
      else if ("deliveryOptionRename" in operation) group[i]!.title = operation.deliveryOptionRename.title;
      else move(group, i, operation.deliveryOptionMove.index, mode.index);
    }
    if (!found) throw new Error(`operation names unknown handle ${handle}`);
  }
  return state;
}

/** The cheapest option's handle, ties to the first listed: what rule 1.1.10 protects. */
export function cheapestHandle(group: ReadonlyArray<{ handle: string; amount: number }>): string | undefined {
  let best = group[0];
  for (const option of group) if (best && option.amount < best.amount) best = option;
  return best?.handle;
}
