import { describe, expect, it } from "vitest";
import { createMicroBatch } from "./micro-batch";

describe("createMicroBatch", () => {
  it("answers each caller with its own result from one batched call", async () => {
    const calls: number[][] = [];
    const batch = createMicroBatch<number, number>(async (items) => {
      calls.push(items);
      return items.map((n) => n * 10);
    }, { maxItems: 100, maxWaitMs: 5 });
    const results = await Promise.all([1, 2, 3].map((n) => batch.add(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it("flushes when the batch is full without waiting", async () => {
    const calls: number[][] = [];
    const batch = createMicroBatch<number, number>(async (items) => {
      calls.push(items);
      return items;
    }, { maxItems: 2, maxWaitMs: 10_000 });
    await Promise.all([1, 2, 3, 4].map((n) => batch.add(n)));
    expect(calls).toEqual([[1, 2], [3, 4]]);
  });

  it("rejects every caller of a failed batch, and later batches still run", async () => {
    let fail = true;
    const batch = createMicroBatch<number, number>(async (items) => {
      if (fail) throw new Error("boom");
      return items;
    }, { maxItems: 10, maxWaitMs: 1 });
    const failed = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await batch.add(3)).toBe(3);
  });

  it("rejects when the runner returns the wrong number of results", async () => {
    const batch = createMicroBatch<number, number>(async () => [], { maxItems: 10, maxWaitMs: 1 });
    await expect(batch.add(1)).rejects.toThrow(/0 results for 1 items/);
  });
});
