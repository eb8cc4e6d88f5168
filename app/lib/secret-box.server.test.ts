import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal, sealedWithPrevious, secretKeys, SecretBoxError } from "./secret-box.server";

const key = () => randomBytes(32);

describe("secret box", () => {
  it("opens what it sealed, and never stores the plaintext", () => {
    const keys = { current: key() };
    const sealed = seal("pat-na1-0123456789abcdef", keys, "crm:hubspot:a.myshopify.com");
    expect(sealed).not.toContain("pat-na1");
    expect(open(sealed, keys, "crm:hubspot:a.myshopify.com")).toBe("pat-na1-0123456789abcdef");
  });

  it("uses a fresh nonce each time", () => {
    const keys = { current: key() };
    expect(seal("same", keys, "c")).not.toBe(seal("same", keys, "c"));
  });

  it("refuses a value moved to another shop's row", () => {
    const keys = { current: key() };
    const sealed = seal("token", keys, "crm:hubspot:a.myshopify.com");
    expect(() => open(sealed, keys, "crm:hubspot:b.myshopify.com")).toThrow(SecretBoxError);
  });

  it("refuses a tampered value", () => {
    const keys = { current: key() };
    const parts = seal("token", keys, "c").split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => open(parts.join("."), keys, "c")).toThrow(/altered/);
  });

  it("opens a secret sealed under the previous key after a rotation, and says it needs resealing", () => {
    const old = key();
    const sealed = seal("token", { current: old }, "c");
    const rotated = { current: key(), previous: old };
    expect(open(sealed, rotated, "c")).toBe("token");
    expect(sealedWithPrevious(sealed, rotated)).toBe(true);
    expect(sealedWithPrevious(seal("token", rotated, "c"), rotated)).toBe(false);
    expect(() => open(sealed, { current: rotated.current }, "c")).toThrow(/unknown key/);
  });

  it("requires an explicit key in production and derives a stable one elsewhere", () => {
    expect(() => secretKeys({ fallbackSecret: "s", production: true })).toThrow(/required in production/);
    const a = secretKeys({ fallbackSecret: "s", production: false });
    const b = secretKeys({ fallbackSecret: "s", production: false });
    expect(a.current.equals(b.current)).toBe(true);
    expect(a.current.equals(secretKeys({ fallbackSecret: "t", production: false }).current)).toBe(false);
    const explicit = key();
    expect(secretKeys({ key: explicit.toString("base64"), fallbackSecret: "s", production: true }).current.equals(explicit)).toBe(true);
  });
});
