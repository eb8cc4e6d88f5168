// Reads the payment methods out of the Function input, or refuses the lot if they look wrong.
import { isObject } from "../../shared/src/experiment/guards";

export type MethodView = {
  id: string;
  name: string;
  /** False for a method offered only as an express button: it cannot be the last one left. */
  listed: boolean;
};

/**
 * The methods in Shopify's order, or null when any is malformed or an id repeats (an operation
 * names only an id, so a repeated one makes "at least one stays visible" uncheckable).
 */
export function readPaymentMethods(raw: unknown): MethodView[] | null {
  if (!Array.isArray(raw)) return null;
  const methods: MethodView[] = [];
  const ids = new Set<string>();
  for (const method of raw) {
    if (!isObject(method) || typeof method.id !== "string" || method.id === "" || typeof method.name !== "string") return null;
    if (ids.has(method.id)) return null;
    ids.add(method.id);
    // placements is filled only on Shopify Plus; an empty or missing list means the plain list.
    const placements = Array.isArray(method.placements) ? method.placements : [];
    methods.push({ id: method.id, name: method.name, listed: placements.length === 0 || placements.includes("PAYMENT_METHOD") });
  }
  return methods;
}
