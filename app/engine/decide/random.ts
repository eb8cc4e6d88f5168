// Seeded randomness for Thompson sampling. The engine never calls Math.random: the caller passes a
// seed, and the same seed and unit always draw the same numbers, so a logged decision replays exactly.
import { normal, seededRng, type Rng } from "../clv/random";

export { normal, type Rng };

/** FNV-1a over UTF-16 code units, then a MurmurHash3 finaliser so near-identical strings spread apart. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The Rng for one decision. The NUL separator keeps ("ab", "c") and ("a", "bc") apart; callers who
 * want a fresh stream per experiment or policy version put that into the seed.
 */
export function decisionRng(seed: string, unitId: string): Rng {
  return seededRng(hashString(`${seed}\u0000${unitId}`));
}
