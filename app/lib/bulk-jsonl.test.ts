import { describe, expect, it } from "vitest";
import { BulkJsonlError, bulkObjects, childrenOf, gidType, jsonlRecords, streamChunks, type BulkObject } from "./bulk-jsonl";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* chunks(...parts: (string | Uint8Array)[]) {
  for (const p of parts) yield p;
}

const order = (n: number) => `gid://shopify/Order/${n}`;
const line = (n: number) => `gid://shopify/LineItem/${n}`;

// Shopify's documented shape: each nested connection child on its own line after its parent.
const FILE = [
  { id: order(1), name: "#1001" },
  { id: line(11), quantity: 1, __parentId: order(1) },
  { id: line(12), quantity: 2, __parentId: order(1) },
  { id: order(2), name: "#1002" },
  { id: order(3), name: "#1003" },
  { id: line(31), quantity: 3, __parentId: order(3) },
]
  .map((o) => JSON.stringify(o))
  .join("\n")
  .concat("\n");

describe("jsonlRecords", () => {
  it("parses one object per line, whatever the chunk boundaries", async () => {
    const whole = await collect(jsonlRecords(chunks(FILE)));
    expect(whole).toHaveLength(6);
    // Split every 7 bytes: lines straddle chunks.
    const bytes = new TextEncoder().encode(FILE);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.slice(i * 7, i * 7 + 7));
    expect(await collect(jsonlRecords(chunks(...pieces)))).toEqual(whole);
  });

  it("keeps a multi-byte character split across chunks, and reads a last line without a newline", async () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë"}\n{"name":"Ørsted"}');
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ë"
    const records = await collect(jsonlRecords(chunks(bytes.slice(0, split), bytes.slice(split))));
    expect(records).toEqual([{ name: "Zoë" }, { name: "Ørsted" }]);
  });

  it("names the line that is not JSON", async () => {
    await expect(collect(jsonlRecords(chunks('{"id":1}\n{"id":\n')))).rejects.toThrow(/line 2 is not JSON/);
    await expect(collect(jsonlRecords(chunks("[1,2]\n")))).rejects.toThrow(BulkJsonlError);
  });

  it("reads a fetch body stream", async () => {
    const body = new Response(FILE).body!;
    expect(await collect(jsonlRecords(streamChunks(body)))).toHaveLength(6);
  });
});

describe("bulkObjects", () => {
  it("re-attaches children to their parent by __parentId, roots in file order", async () => {
    const objects: BulkObject[] = await collect(bulkObjects(jsonlRecords(chunks(FILE))));
    expect(objects.map((o) => o.node.id)).toEqual([order(1), order(2), order(3)]);
    expect(childrenOf(objects[0]!, order(1)).map((c) => c.id)).toEqual([line(11), line(12)]);
    expect(objects[1]!.children).toEqual([]);
    expect(childrenOf(objects[2]!, order(3))).toEqual([{ id: line(31), quantity: 3, __parentId: order(3) }]);
  });

  it("keeps grandchildren with their root (two levels of nesting)", async () => {
    const text = [
      { id: "gid://shopify/Product/1" },
      { id: "gid://shopify/ProductVariant/2", __parentId: "gid://shopify/Product/1" },
      { id: "gid://shopify/Metafield/3", __parentId: "gid://shopify/ProductVariant/2" },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n");
    const [product] = await collect(bulkObjects(jsonlRecords(chunks(text))));
    expect(product!.children.map((c) => gidType(c.id))).toEqual(["ProductVariant", "Metafield"]);
    expect(childrenOf(product!, "gid://shopify/ProductVariant/2").map((c) => c.id)).toEqual(["gid://shopify/Metafield/3"]);
  });

  it("refuses an ungrouped file instead of attaching a child to the wrong order", async () => {
    const ungrouped = [
      { id: order(1) },
      { id: order(2) },
      { id: line(11), __parentId: order(1) },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n");
    await expect(collect(bulkObjects(jsonlRecords(chunks(ungrouped))))).rejects.toThrow(/groupObjects: true/);
  });

  it("yields nothing for an empty file", async () => {
    expect(await collect(bulkObjects(jsonlRecords(chunks(""))))).toEqual([]);
  });
});

describe("gidType", () => {
  it("reads the resource type of a gid", () => {
    expect(gidType("gid://shopify/LineItem/123")).toBe("LineItem");
    expect(gidType("gid://shopify/Order/5?v=1")).toBe("Order");
    expect(gidType("not-a-gid")).toBeNull();
    expect(gidType(42)).toBeNull();
  });
});
