import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, fromHex, hexEqualsWords, hmacKeyOfHex, hmacSha256, hmacSha256Hex, hmacSha256HexKey, hmacWords, wordsOfHex } from "../src/hmac";
import { sha256, sha256Hex, toHex, wordsToHex } from "../src/sha256";
import { utf8Encode } from "../src/utf8";
import { regenerated, SHA256_PATH } from "./sha256-codegen";
import { nodeConfigKey } from "./sign";

const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

describe("SHA-256 (FIPS 180-4 / NIST CAVP vectors)", () => {
  it("src/sha256.ts holds the compression function tests/sha256-codegen.ts generates", () => {
    const current = readFileSync(SHA256_PATH, "utf8");
    expect(regenerated(current) === current, "run: node --import tsx extensions/uplift-discount/tests/sha256-codegen.ts").toBe(true);
  });

  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
    [
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
  ])("sha256(%j)", (message, digest) => {
    expect(toHex(sha256(bytes(message)))).toBe(digest);
  });

  it("one million 'a'", () => {
    expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with node:crypto at every padding boundary (0–200 bytes)", () => {
    for (let n = 0; n <= 200; n++) {
      const message = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      expect(toHex(sha256(message))).toBe(createHash("sha256").update(message).digest("hex"));
    }
  });

  it("agrees with node:crypto on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (message) => toHex(sha256(message)) === createHash("sha256").update(message).digest("hex")),
      { numRuns: 300 },
    );
  });

  it("hashes ASCII text (read straight into words) as node:crypto does at every length 0–300", () => {
    for (let n = 0; n <= 300; n++) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7 + n) % 95))).join("");
      expect(sha256Hex(text), `length ${n}`).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 500 }), (text) =>
        sha256Hex(text) === createHash("sha256").update(text, "utf8").digest("hex"),
      ),
      { numRuns: 300 },
    );
  });

  it("hashes a string's UTF-8 bytes as Node does, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(Buffer.from(utf8Encode(text)).equals(Buffer.from(text, "utf8"))).toBe(true);
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("HMAC-SHA256 (RFC 4231 test cases)", () => {
  const cases: Array<[name: string, key: Uint8Array, data: Uint8Array, mac: string]> = [
    ["1", hex("0b".repeat(20)), bytes("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"],
    ["2", bytes("Jefe"), bytes("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"],
    ["3", hex("aa".repeat(20)), hex("dd".repeat(50)), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"],
    ["4", hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), hex("cd".repeat(50)), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"],
    ["6", hex("aa".repeat(131)), bytes("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"],
    [
      "7",
      hex("aa".repeat(131)),
      bytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
    ],
  ];
  it.each(cases)("test case %s", (_name, key, data, mac) => {
    expect(toHex(hmacSha256(key, data))).toBe(mac);
  });

  it("test case 5: output truncated to 128 bits", () => {
    expect(toHex(hmacSha256(hex("0c".repeat(20)), bytes("Test With Truncation"))).slice(0, 32)).toBe("a3b6167473100ee06e0c796c2955552b");
  });

  it("agrees with node:crypto on arbitrary keys and UTF-8 messages", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 400 }), (key, text) => {
        const keyHex = Buffer.from(key).toString("hex");
        return hmacSha256Hex(keyHex, text) === createHmac("sha256", Buffer.from(key)).update(text, "utf8").digest("hex");
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with node:crypto on ASCII and non-ASCII messages of every length 0–200 (inner blocks 1–5)", () => {
    const key = "5a".repeat(16) + "c3".repeat(16);
    for (let n = 0; n <= 200; n++) {
      const ascii = "x".repeat(n);
      const mixed = "é".repeat(n >> 1) + "x".repeat(n & 1);
      for (const text of [ascii, mixed]) {
        expect(hmacSha256Hex(key, text)).toBe(createHmac("sha256", Buffer.from(key, "hex")).update(text, "utf8").digest("hex"));
      }
    }
  });

  it("refuses a key that is not hex", () => {
    expect(hmacSha256Hex("xyz0", "m")).toBeNull();
    expect(fromHex("abc")).toBeNull();
    expect(fromHex("0aFf")).toEqual(new Uint8Array([10, 255]));
  });
});

describe("hmacSha256HexKey and hexEqualsWords", () => {
  it("give node:crypto's MAC, and compare hex with words as string equality of the hex", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.string({ maxLength: 300 }), fc.nat(63), (key, text, at) => {
        const keyHex = Buffer.from(key).toString("hex");
        const mac = createHmac("sha256", Buffer.from(key)).update(text, "utf8").digest("hex");
        const words = hmacSha256HexKey(keyHex, text)!;
        expect(hexEqualsWords(mac, words)).toBe(true);
        const other = mac.slice(0, at) + (mac[at] === "0" ? "1" : "0") + mac.slice(at + 1);
        expect(hexEqualsWords(other, words)).toBe(false);
        expect(hexEqualsWords(mac.toUpperCase(), words)).toBe(mac === mac.toUpperCase());
        expect(hexEqualsWords(mac.slice(1), words)).toBe(false);
      }),
      { numRuns: 200 },
    );
    expect(hmacSha256HexKey("abc", "m")).toBeNull();
    // Not hex, but parseInt would read a prefix of it: refused.
    expect(hexEqualsWords(`${"0".repeat(56)}1234zzzz`, new Int32Array(8))).toBe(false);
    expect(hexEqualsWords("0".repeat(64), new Int32Array(8))).toBe(true);
  });
});

describe("HMAC from precomputed key states (RFC 2104 §4)", () => {
  it("the states the config lists give node:crypto's MAC, for any 32-byte key and message", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ unit: "grapheme", maxLength: 300 }), (key, text) => {
        const secret = Buffer.from(key).toString("hex");
        const listed = nodeConfigKey({ kid: "k", secret });
        const states = { inner: wordsOfHex(listed.inner)!, outer: wordsOfHex(listed.outer)! };
        expect(wordsToHex(hmacWords(states, text))).toBe(createHmac("sha256", Buffer.from(key)).update(text, "utf8").digest("hex"));
        // And the Function derives the same states from the secret.
        const derived = hmacKeyOfHex(secret)!;
        expect([wordsToHex(derived.inner), wordsToHex(derived.outer)]).toEqual([listed.inner, listed.outer]);
      }),
      { numRuns: 200 },
    );
  });

  it("reads state words only from 64 lowercase hex digits", () => {
    expect(wordsOfHex("ff".repeat(32))).toEqual(new Int32Array(8).fill(-1));
    expect(wordsOfHex("FF".repeat(32))).toBeNull();
    expect(wordsOfHex("f".repeat(63))).toBeNull();
  });
});

describe("constantTimeEqual", () => {
  it("is string equality", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b)));
    const s = "ab".repeat(32);
    expect(constantTimeEqual(s, s)).toBe(true);
    expect(constantTimeEqual(s, `${s.slice(0, 63)}c`)).toBe(false);
    expect(constantTimeEqual(s, s.slice(1))).toBe(false);
  });
});
