// Turns one arm's operations into Shopify operations for one delivery group, with App Store rule
// 1.1.10 enforced here whatever the config says: the cheapest option stays visible and first.
import { cheapestIndex } from "./cheapest";
import type { DeliveryMatch, DeliveryOp } from "./delivery-op";
import type { OptionView } from "./delivery-groups";
import type { DeliveryOperation } from "./input";

function matches(option: OptionView, match: DeliveryMatch): boolean {
  return option.title !== null && option.title.includes(match.titleContains);
}

/**
 * The cheapest option may be renamed only to a title that still contains its own title
 * ("Standard" → "Standard (3–5 business days)"): an experiment may explain the cheapest option,
 * never disguise it as something else.
 */
function mayRenameCheapest(option: OptionView, title: string): boolean {
  return option.title !== null && title.includes(option.title);
}

/**
 * @example
 * planGroup([{ handle: "std", title: "Standard", amount: 5 }, { handle: "exp", title: "Express", amount: 20 }],
 *   [{ op: "hide", match: { titleContains: "Standard" } }, { op: "rename", match: { titleContains: "Express" }, title: "Express (1–2 days)" }])
 * // → [{ deliveryOptionRename: { deliveryOptionHandle: "exp", title: "Express (1–2 days)" } }]  (the cheapest is never hidden)
 */
export function planGroup(options: readonly OptionView[], ops: readonly DeliveryOp[]): DeliveryOperation[] {
  if (options.length === 0) return [];
  const cheapest = cheapestIndex(options);
  const planned: DeliveryOperation[] = [];
  let moved = false;
  for (const op of ops) {
    options.forEach((option, i) => {
      if (!matches(option, op.match)) return;
      const deliveryOptionHandle = option.handle;
      if (op.op === "hide") {
        if (i !== cheapest) planned.push({ deliveryOptionHide: { deliveryOptionHandle } });
      } else if (op.op === "rename") {
        if (op.title !== option.title && (i !== cheapest || mayRenameCheapest(option, op.title))) {
          planned.push({ deliveryOptionRename: { deliveryOptionHandle, title: op.title } });
        }
      } else if (i !== cheapest) {
        // The config cannot ask for index 0, and a group of one has nowhere to move to.
        planned.push({ deliveryOptionMove: { deliveryOptionHandle, index: Math.min(op.index, options.length - 1) } });
        moved = true;
      }
    });
  }
  // A group we touch ends with the cheapest on top. Moves never target index 0, yet after any
  // move we still restate the top: the move goes last, so the guarantee holds however Shopify
  // counts indexes (all options or only visible ones) and orders hides against moves.
  if (planned.length > 0 && (moved || cheapest !== 0)) {
    planned.push({ deliveryOptionMove: { deliveryOptionHandle: options[cheapest]!.handle, index: 0 } });
  }
  return planned;
}
