// A signing key as the discount's configuration gives it to the Function (ADR 0005, "Function
// configuration"): its HMAC chaining states and its cart-binding point, both derived from the
// secret by the app, so that a run neither hashes the key blocks nor derives anything. A key the
// config lists by its secret only (written before these fields existed) is derived here instead,
// which costs four more SHA-256 blocks.
import { P127 } from "./binding";
import { hmacKeyOfHex, hmacWords, wordsOfHex, type HmacKey } from "./hmac";
import { wordsToHex } from "./sha256";

/** The HMAC message whose MAC under the signing key gives the cart-binding point k (ADR 0005). */
export const BINDING_LABEL = "uplift-cart-binding-v2";

/** One key of the config, every field checked lowercase hex of its length (config.ts). */
export type KeyMaterial = {
  /** The key itself, 64 hex digits; null once the config gives only what is derived from it. */
  secret: string | null;
  /** The SHA-256 chaining states after HMAC's K ⊕ ipad and K ⊕ opad blocks, 64 hex digits each. */
  inner: string | null;
  outer: string | null;
  /** The cart-binding point k, 32 hex digits. */
  bind: string | null;
};

export function hmacKeyOf(m: KeyMaterial): HmacKey | null {
  if (m.inner !== null && m.outer !== null) {
    const inner = wordsOfHex(m.inner);
    const outer = wordsOfHex(m.outer);
    return inner && outer ? { inner, outer } : null;
  }
  return m.secret === null ? null : hmacKeyOfHex(m.secret);
}

/** k: the first 128 bits of HMAC-SHA256(key, BINDING_LABEL) as a big-endian integer, mod 2^127 − 1. */
export function bindingKeyOf(m: KeyMaterial, key: HmacKey): bigint {
  const hex = m.bind ?? wordsToHex(hmacWords(key, BINDING_LABEL)).slice(0, 32);
  return BigInt(`0x${hex}`) % P127;
}
