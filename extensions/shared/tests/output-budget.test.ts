import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EMPTY_BUDGET, MAX_OPERATIONS, MAX_OUTPUT_BYTES, spend, utf8Length } from "../src/experiment/output-budget";

describe("utf8Length", () => {
  it("agrees with Node's UTF-8 encoder, lone surrogates included", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }), (text, surrogates) => {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text));
      // Node encodes a lone surrogate as U+FFFD (3 bytes), as Javy's JSON writer would.
      expect(utf8Length(text + surrogates)).toBe(Buffer.byteLength(text + surrogates));
    }));
  });
});

describe("spend", () => {
  it("counts operations and their JSON bytes and refuses what does not fit", () => {
    const op = { deliveryOptionHide: { deliveryOptionHandle: "é" } };
    const bytes = Buffer.byteLength(JSON.stringify(op)) + 1;
    expect(spend(EMPTY_BUDGET, [op, op])).toEqual({ operations: 2, bytes: 2 * bytes });
    expect(spend({ operations: MAX_OPERATIONS - 1, bytes: 0 }, [op])).not.toBeNull();
    expect(spend({ operations: MAX_OPERATIONS, bytes: 0 }, [op])).toBeNull();
    expect(spend({ operations: 0, bytes: MAX_OUTPUT_BYTES - bytes }, [op])).not.toBeNull();
    expect(spend({ operations: 0, bytes: MAX_OUTPUT_BYTES - bytes + 1 }, [op])).toBeNull();
  });
});
