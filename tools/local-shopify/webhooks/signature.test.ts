import { describe, expect, it } from "vitest";
import { hasReference, referenceBytes, referenceJson } from "./reference";
import { signWebhookBody } from "./signature";

type Vectors = { derived_vectors: { file: string; secret: string; body_bytes: number; x_shopify_hmac_sha256: string }[] };

describe("signWebhookBody", () => {
  it("matches Shopify's own test vector", () => {
    // Shopify/shopify-app-js packages/apps/shopify-api/lib/webhooks/__tests__/validate.test.ts
    expect(signWebhookBody('{"foo": "bar"}', "test_secret_key")).toBe("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=");
  });

  it("gives the same answer for a string and its UTF-8 bytes", () => {
    const body = '{"title":"Café — 10%"}';
    expect(signWebhookBody(body, "s")).toBe(signWebhookBody(Buffer.from(body, "utf8"), "s"));
  });

  describe.skipIf(!hasReference)("matches every derived vector over the sample files, byte for byte", () => {
    const vectors = hasReference ? referenceJson<Vectors>("hmac-vectors.json").derived_vectors : [];
    it.each(vectors)("$file", (v) => {
      const bytes = referenceBytes(v.file);
      expect(bytes.length).toBe(v.body_bytes);
      expect(signWebhookBody(bytes, v.secret)).toBe(v.x_shopify_hmac_sha256);
    });
  });
});
