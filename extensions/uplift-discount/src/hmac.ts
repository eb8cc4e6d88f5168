// HMAC-SHA256 (RFC 2104) over the pure-JS SHA-256, and the comparison the token check needs.
import { digestWords, messageWords, paddedWords, sha256, wordsToBytes, wordsToHex, writeBytes } from "./sha256";

const BLOCK = 64;

/** HMAC's inner and outer key blocks (K ⊕ ipad, K ⊕ opad) as 16 words each. */
function keyBlocks(key: Uint8Array): [Int32Array, Int32Array] {
  const k = new Int32Array(16);
  writeBytes(k, 0, key.length > BLOCK ? sha256(key) : key);
  const inner = new Int32Array(16);
  const outer = new Int32Array(16);
  for (let i = 0; i < 16; i++) {
    inner[i] = k[i]! ^ 0x36363636;
    outer[i] = k[i]! ^ 0x5c5c5c5c;
  }
  return [inner, outer];
}

function hmacWords(key: Uint8Array, message: string | Uint8Array): Int32Array {
  const [inner, outer] = keyBlocks(key);
  const innerDigest = digestWords(messageWords(inner, message));
  // The outer message is the opad block and the 32-byte inner digest: two blocks, no re-encoding.
  const words = paddedWords(BLOCK + 32);
  words.set(outer);
  words.set(innerDigest, 16);
  return digestWords(words);
}

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return wordsToBytes(hmacWords(key, message));
}

/** Bytes of an even-length hex string, or null if it is not one. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** HMAC-SHA256 of the UTF-8 bytes of `text` under a hex-encoded key, as lowercase hex. */
export function hmacSha256Hex(keyHex: string, text: string): string | null {
  const key = fromHex(keyHex);
  return key ? wordsToHex(hmacWords(key, text)) : null;
}

/**
 * Equality of two strings that takes the same time wherever they differ, so the time a check takes
 * tells nothing about how much of a forged signature was right. The lengths are public (64).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
