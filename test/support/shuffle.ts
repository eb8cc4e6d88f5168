import { mulberry32, shuffled as shuffle } from "../../tools/local-shopify/prng";

/** Deterministic shuffle for replay tests: the same seed gives the same order. */
export function shuffled<T>(items: T[], seed: number): T[] {
  return shuffle(items, mulberry32(seed));
}
