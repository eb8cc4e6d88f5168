// HMAC-SHA256 (RFC 2104) over the pure-JS SHA-256, and the comparisons the token check needs.
//
// HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)): the key blocks K ⊕ ipad and K ⊕ opad are the same
// for every message, so the SHA-256 chaining states after them can be computed once (RFC 2104 §4,
// "Implementation note"). The app writes them to the Function's configuration next to the key id
// (ADR 0005), and a MAC then costs the message's blocks plus one: two 64-byte blocks fewer than
// hashing the key blocks on every run, each some 370k Wasm instructions in QuickJS.
import { digestWords, messageWords, paddedWords, sha256, wordsToBytes, wordsToHex, writeBytes } from "./sha256";

const BLOCK = 64;
const HEX = /^[0-9a-fA-F]*$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The SHA-256 chaining states after a key's two HMAC key blocks. */
export type HmacKey = { inner: Int32Array; outer: Int32Array };

/** A key's chaining states from its 16 words (its bytes zero-padded to a block). */
function statesOfKeyWords(k: Int32Array): HmacKey {
  const inner = new Int32Array(16);
  const outer = new Int32Array(16);
  for (let i = 0; i < 16; i++) {
    inner[i] = k[i]! ^ 0x36363636;
    outer[i] = k[i]! ^ 0x5c5c5c5c;
  }
  // One unpadded block each: digestWords compresses whole blocks and pads nothing itself.
  return { inner: digestWords(inner), outer: digestWords(outer) };
}

/** The chaining states of a key given as bytes (a key longer than a block is hashed first). */
export function hmacKeyOfBytes(key: Uint8Array): HmacKey {
  const k = new Int32Array(16);
  writeBytes(k, 0, key.length > BLOCK ? sha256(key) : key);
  return statesOfKeyWords(k);
}

/**
 * The chaining states of a hex-encoded key, or null if it is not hex. A key of up to a block is read
 * eight hex digits (one word) at a time: a parseInt per word instead of a slice and a parseInt per byte.
 */
export function hmacKeyOfHex(keyHex: string): HmacKey | null {
  if (keyHex.length % 2 !== 0 || !HEX.test(keyHex)) return null;
  if (keyHex.length > 2 * BLOCK) return hmacKeyOfBytes(fromHex(keyHex)!);
  const k = new Int32Array(16);
  for (let i = 0; i < keyHex.length; i += 8) {
    const chunk = keyHex.slice(i, i + 8);
    // Big-endian: a chunk of 2–6 digits (the key's last bytes) fills the word from the top.
    k[i >> 3] = parseInt(chunk, 16) << (32 - 4 * chunk.length);
  }
  return statesOfKeyWords(k);
}

/** Eight state words from 64 lowercase hex digits, or null. */
export function wordsOfHex(hex: string): Int32Array | null {
  if (!HEX64.test(hex)) return null;
  const words = new Int32Array(8);
  // parseInt gives 0 … 2^32 − 1; storing it in an Int32Array keeps the same 32 bits.
  for (let j = 0; j < 8; j++) words[j] = parseInt(hex.slice(j << 3, (j << 3) + 8), 16);
  return words;
}

/** HMAC-SHA256 of `message` (a string as UTF-8) as the eight state words. */
export function hmacWords(key: HmacKey, message: string | Uint8Array): Int32Array {
  const innerDigest = digestWords(messageWords(message, BLOCK), key.inner);
  // The outer message is the 32-byte inner digest after the opad block: one block, no re-encoding.
  const words = paddedWords(32, BLOCK);
  words.set(innerDigest);
  return digestWords(words, key.outer);
}

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return wordsToBytes(hmacWords(hmacKeyOfBytes(key), message));
}

/** Bytes of an even-length hex string, or null if it is not one. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !HEX.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** HMAC-SHA256 of the UTF-8 bytes of `text` under a hex-encoded key, as the eight state words; null if the key is not hex. */
export function hmacSha256HexKey(keyHex: string, text: string): Int32Array | null {
  const key = hmacKeyOfHex(keyHex);
  return key ? hmacWords(key, text) : null;
}

/** HMAC-SHA256 of the UTF-8 bytes of `text` under a hex-encoded key, as lowercase hex. */
export function hmacSha256Hex(keyHex: string, text: string): string | null {
  const words = hmacSha256HexKey(keyHex, text);
  return words ? wordsToHex(words) : null;
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

/**
 * Whether `hex` is the lowercase hex of the eight state words `words` (a SHA-256 or HMAC-SHA256
 * digest), compared in constant time like constantTimeEqual: word by word (eight parseInts) rather
 * than character by character (128 charCodeAt calls), and without writing the digest as hex.
 */
export function hexEqualsWords(hex: string, words: Int32Array): boolean {
  if (words.length !== 8 || !HEX64.test(hex)) return false;
  let diff = 0;
  // parseInt gives 0 … 2^32 − 1; `^` reads it as the same 32 bits.
  for (let j = 0; j < 8; j++) diff |= parseInt(hex.slice(j << 3, (j << 3) + 8), 16) ^ words[j]!;
  return diff === 0;
}
