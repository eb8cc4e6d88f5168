import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import prisma, { type Tx } from "../db.server";
import { bulkObjects, jsonlRecords, streamChunks, type BulkObject } from "../lib/bulk-jsonl";
import { recordProgress } from "../models/backfill-run.server";
import { upsertCustomer } from "../models/commerce.server";
import { customerFromBulk, orderFromBulk, type ExportKind } from "./backfill-records.server";
import { recordOrder } from "./record-order.server";

// Imports one finished export of a backfill run: its JSONL file, one root object (a customer, or an
// order with its line items) at a time, in chunks of one transaction each. Each chunk also records
// the run's progress, so a job that stops midway is retried from the last committed chunk and
// nothing is stored or counted twice; the rows go through the webhooks' own model functions.

const CHUNK = 100;

export type ImportOptions = { signal?: AbortSignal; chunkSize?: number };

export type ImportTarget = {
  shop: string;
  runId: string;
  operationId: string;
  url: string;
  kind: ExportKind;
  /** Root objects imported by the run's earlier exports (the run's importedCount starts there). */
  base: number;
  /** Root objects of this export already imported (a previous attempt's committed chunks). */
  done: number;
  /** Root objects in the file (Shopify's rootObjectCount). */
  total: number;
};

/** Imports the export's root objects after the first `done`; false when the run moved on meanwhile. */
export async function importExport(target: ImportTarget, opts: ImportOptions = {}): Promise<boolean> {
  const file = await download(target.url, target.kind, opts.signal);
  try {
    return await importRecords(target, createReadStream(file.path), opts);
  } finally {
    await file.remove();
  }
}

/**
 * The export file, saved to a temporary file first. Importing is far slower than downloading, and
 * an HTTP response held open (and throttled by back-pressure) for the length of an import is one a
 * server or proxy may close midway; a file on disk is read at the import's own pace, and streamed,
 * never held in memory.
 */
async function download(url: string, kind: ExportKind, signal?: AbortSignal): Promise<{ path: string; remove: () => Promise<void> }> {
  // The URL is signed storage, not the Admin API: a plain GET, no Shopify credentials.
  const res = await fetch(url, { signal });
  if (!res.ok || !res.body) throw new Error(`downloading the ${kind} export failed: HTTP ${res.status}`);
  const dir = await mkdtemp(join(tmpdir(), "uplift-backfill-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, `${kind}.jsonl`);
  try {
    await pipeline(streamChunks(res.body), createWriteStream(path), { signal });
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

async function importRecords(target: ImportTarget, bytes: AsyncIterable<Uint8Array | string>, opts: ImportOptions): Promise<boolean> {
  const { shop, runId, operationId, kind, base, done, total } = target;
  const size = opts.chunkSize ?? CHUNK;
  let position = 0;
  let chunk: BulkObject[] = [];
  const commit = async () => {
    const moved = await prisma.$transaction(
      async (tx) => {
        for (const object of chunk) await importObject(tx, shop, kind, object);
        return recordProgress(tx, runId, operationId, base + position);
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    chunk = [];
    opts.signal?.throwIfAborted();
    return moved;
  };
  for await (const object of bulkObjects(jsonlRecords(bytes))) {
    position++;
    if (position <= done) continue;
    chunk.push(object);
    if (chunk.length >= size && !(await commit())) return false;
  }
  if (chunk.length && !(await commit())) return false;
  // A file that ends early without a network error would otherwise pass for a finished import.
  if (position !== total) throw new Error(`the ${kind} export ended after ${position} of ${total} records`);
  return true;
}

async function importObject(tx: Tx, shop: string, kind: ExportKind, object: BulkObject) {
  if (kind === "customers") await upsertCustomer(tx, shop, customerFromBulk(object.node));
  else await recordOrder(tx, shop, orderFromBulk(object));
}
