// Shopify's bulk query results: JSON Lines, one object per line. Objects of a nested connection get
// their own line with `__parentId` (the gid of the object they belong to) instead of sitting inside
// it. Files can be hundreds of megabytes, so they are read as a stream, one root object (with its
// descendants) at a time, never whole.

export type BulkRecord = { [key: string]: unknown };

/** A root line of the file and every line that descends from it, in file order. */
export type BulkObject = { node: BulkRecord; children: BulkRecord[] };

export class BulkJsonlError extends Error {
  override name = "BulkJsonlError";
}

function parseLine(line: string, lineNo: number): BulkRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new BulkJsonlError(`line ${lineNo} is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new BulkJsonlError(`line ${lineNo} is not a JSON object`);
  return value as BulkRecord;
}

/** The bytes of a fetch body, as they arrive. */
export async function* streamChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * One parsed object per line. A chunk may end inside a line, or inside a multi-byte character: the
 * rest waits for the next chunk. Blank lines (the trailing newline) are skipped.
 */
export async function* jsonlRecords(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<BulkRecord> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending = "";
  let lineNo = 0;
  for await (const chunk of chunks) {
    const text = pending + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      const line = text.slice(start, nl).trim();
      start = nl + 1;
      lineNo++;
      if (line) yield parseLine(line, lineNo);
    }
    pending = text.slice(start);
  }
  const last = (pending + decoder.decode()).trim();
  if (last) yield parseLine(last, lineNo + 1);
}

/**
 * Re-attaches children to their root object by `__parentId`. This needs the file grouped, every
 * descendant right after its root, which Shopify guarantees only for `groupObjects: true` (the
 * default is false since 2026-01): a child that does not belong to the object being read is an
 * error, not something to buffer for later, since buffering the whole file is what streaming avoids.
 */
export async function* bulkObjects(records: AsyncIterable<BulkRecord>): AsyncGenerator<BulkObject> {
  let current: BulkObject | null = null;
  let ids = new Set<string>();
  for await (const record of records) {
    const parentId = record.__parentId;
    if (parentId === undefined) {
      if (current) yield current;
      current = { node: record, children: [] };
      ids = new Set(typeof record.id === "string" ? [record.id] : []);
      continue;
    }
    if (typeof parentId !== "string" || !current || !ids.has(parentId)) {
      throw new BulkJsonlError(`a child of ${String(parentId)} does not follow its parent: the file is not grouped (run the query with groupObjects: true)`);
    }
    current.children.push(record);
    if (typeof record.id === "string") ids.add(record.id);
  }
  if (current) yield current;
}

/** The children of `parentId` among an object's descendants (a nested connection's nodes). */
export function childrenOf(object: BulkObject, parentId: string): BulkRecord[] {
  return object.children.filter((c) => c.__parentId === parentId);
}

/** "gid://shopify/LineItem/123" → "LineItem": tells apart the lines of different connections. */
export function gidType(id: unknown): string | null {
  return typeof id === "string" ? (/^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1] ?? null) : null;
}
