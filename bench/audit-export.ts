// `npm run bench:audit-export`: the audit log's CSV export over a million rows, streamed the way the
// admin's export route streams it, with elapsed time and the process's peak memory. Writes
// bench/results/audit-export.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { benchDatabase } from "./lib/database";

const ROOT = resolve(import.meta.dirname, "..");
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SHOP = "export-bench.myshopify.com";

const db = await benchDatabase();
try {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const t0 = performance.now();
  // Decision entries shaped like the real ones: reasons with commas and quotes, JSON after-images.
  await client.query(
    `INSERT INTO "AuditLog" (id, shop, event, actor, entity, workflow, "customerGid", "reasonsText", after, "createdAt")
     SELECT gen_random_uuid(), $1, 'decision.made', 'system', gen_random_uuid()::text, 'checkout_incentive',
            'gid://shopify/Customer/' || (i % 5000), 'rule "vip" matched: percentage_discount' || chr(10) || 'guardrail: 15% reduced to 10%, margin floor',
            jsonb_build_object('outcome', 'apply', 'action', jsonb_build_object('type', 'percentage_discount', 'percent', 10)),
            now() - (i || ' seconds')::interval
     FROM generate_series(1, $2) AS i`,
    [SHOP, ROWS],
  );
  await client.end();
  const insertSeconds = (performance.now() - t0) / 1000;

  Object.assign(process.env, {
    DATABASE_URL: db.url,
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: "bench",
    SHOPIFY_APP_URL: "http://127.0.0.1:1",
  });
  const { auditCsvStream } = await import("../app/services/audit-log.server");
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const t1 = performance.now();
  let bytes = 0;
  let lines = 0;
  let firstByteMs: number | null = null;
  const reader = auditCsvStream(SHOP, {}).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstByteMs ??= performance.now() - t1;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
  }
  clearInterval(sampler);
  const exportSeconds = (performance.now() - t1) / 1000;
  // Each row ends in \r\n and its reasons hold one \n inside quotes: two newlines per row, one for the header.
  const result = {
    benchmark: "audit log CSV export (auditCsvStream, keyset batches of 2,000)",
    date: new Date().toISOString(),
    database: db.kind,
    rows: ROWS,
    rowsExported: (lines - 1) / 2,
    insertSeconds: Math.round(insertSeconds * 10) / 10,
    exportSeconds: Math.round(exportSeconds * 10) / 10,
    rowsPerSecond: Math.round(ROWS / exportSeconds),
    firstByteMs: Math.round(firstByteMs ?? 0),
    megabytes: Math.round(bytes / 1e6),
    rssBeforeMb: Math.round(rssBefore / 1e6),
    peakRssMb: Math.round(peakRss / 1e6),
  };
  mkdirSync(resolve(ROOT, "bench/results"), { recursive: true });
  writeFileSync(resolve(ROOT, "bench/results/audit-export.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  if (result.rowsExported !== ROWS) {
    console.error(`exported ${result.rowsExported} of ${ROWS} rows`);
    process.exitCode = 1;
  }
  const { pool } = await import("../app/db.server");
  await pool.end();
} finally {
  await db.stop();
}
