import { randomUUID } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { recordAudit, type AuditEvent } from "../../app/models/audit.server";
import { stopQueue } from "../../app/queue.server";
import * as auditPage from "../../app/routes/app.audit._index";
import * as auditExport from "../../app/routes/app.audit.export";
import { adminRequest, installShop } from "../support/admin-request";
import { newShop } from "../support/decisions";

type Page = { error: string | null; total: number; entries: { id: string; event: string; createdAt: string; summary: string }[]; next: string | null };
type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

async function load(loader: Loader, shop: string, path: string): Promise<Response> {
  try {
    return await loader({ request: await adminRequest(shop, path), params: {}, context: {} });
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const page = async (shop: string, query: Record<string, string>) => {
  const res = await load(auditPage.loader, shop, `/app/audit?${new URLSearchParams(query)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\r" && text[i + 1] === "\n") {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

const HEADER = ["created_at", "event", "actor", "actor_id", "workflow", "customer", "order", "entity", "reasons", "before", "after"];
const HOSTILE = '=HYPERLINK("http://evil.example","click"), then "quoted", and more';

describe("audit log", () => {
  const shop = newShop("audit");
  const other = newShop("audit-other");
  const ids: Record<string, string> = {};

  /** An entry at a given time (the write path stamps now(); the date filters need the past). */
  async function at(when: string, event: AuditEvent, extra: { workflow?: string; customerGid?: string; orderGid?: string; reasons?: string[] } = {}, s = shop) {
    const row = await prisma.auditLog.create({
      data: { shop: s, event, actor: "system", entity: randomUUID(), createdAt: new Date(when), workflow: extra.workflow, customerGid: extra.customerGid, orderGid: extra.orderGid, reasonsText: extra.reasons?.join("\n") ?? null },
    });
    return row.id;
  }

  beforeAll(async () => {
    await installShop(shop);
    await installShop(other);
    ids.jan10 = await at("2026-01-10T12:00:00Z", "decision.made", { workflow: "checkout_incentive", customerGid: "gid://shopify/Customer/111", reasons: ["rule matched"] });
    ids.jan11late = await at("2026-01-11T23:59:59.999Z", "decision.made", { workflow: "abandoned_cart", customerGid: "gid://shopify/Customer/222", reasons: ["Frequency Cap reached"] });
    ids.jan12early = await at("2026-01-12T00:00:00Z", "approval.approved", { workflow: "checkout_incentive", orderGid: "gid://shopify/Order/900", reasons: ["approved by Alice", "saves 50% of_margin"] });
    ids.jan13 = await at("2026-01-13T08:00:00Z", "approval.rejected", { workflow: "payment_risk", customerGid: "gid://shopify/Customer/111", orderGid: "gid://shopify/Order/901", reasons: [HOSTILE, "second line"] });
    ids.now = await recordAudit(prisma, { shop, event: "flag.changed", actor: "user", actorId: "42", entity: "flag:checkout_incentive", workflow: "checkout_incentive", reasons: ["mode live"] });
    // The other shop has entries matching every filter above; none may ever show for `shop`.
    await at("2026-01-11T10:00:00Z", "decision.made", { workflow: "abandoned_cart", customerGid: "gid://shopify/Customer/222", orderGid: "gid://shopify/Order/900", reasons: ["OTHER-SHOP frequency cap reached"] }, other);
    await recordAudit(prisma, { shop: other, event: "flag.changed", actor: "user", actorId: "42", workflow: "checkout_incentive", reasons: ["OTHER-SHOP mode live"] });
  });
  afterAll(async () => {
    await stopQueue();
  });

  it.each([
    ["no filter", {}, ["now", "jan13", "jan12early", "jan11late", "jan10"]],
    ["event", { event: "decision.made" }, ["jan11late", "jan10"]],
    ["workflow", { workflow: "checkout_incentive" }, ["now", "jan12early", "jan10"]],
    ["customer as a bare id", { customer: "111" }, ["jan13", "jan10"]],
    ["customer as a gid", { customer: "gid://shopify/Customer/222" }, ["jan11late"]],
    ["order", { order: "900" }, ["jan12early"]],
    ["date range (both days inclusive, UTC)", { from: "2026-01-11", to: "2026-01-12" }, ["jan12early", "jan11late"]],
    ["from only", { from: "2026-01-13" }, ["now", "jan13"]],
    ["to only", { to: "2026-01-10" }, ["jan10"]],
    ["text in reasons, any case", { q: "frequency cap" }, ["jan11late"]],
    ["text on a later line of the reasons", { q: "second LINE" }, ["jan13"]],
    ["text with LIKE wildcards, taken literally", { q: "%" }, ["jan12early"]],
    ["text with a percent sign and an underscore", { q: "50% OF_margin" }, ["jan12early"]],
    ["text with an underscore, taken literally", { q: "rule_matched" }, []],
    ["several filters together", { workflow: "checkout_incentive", from: "2026-01-11", event: "approval.approved" }, ["jan12early"]],
    ["empty boxes are no filter", { event: "", q: " " }, ["now", "jan13", "jan12early", "jan11late", "jan10"]],
  ] as [string, Record<string, string>, string[]][])("filters by %s", async (_name, query, expected) => {
    const data = await page(shop, query);
    expect(data.error).toBeNull();
    expect(data.entries.map((e) => e.id)).toEqual(expected.map((k) => ids[k]));
    expect(data.total).toBe(expected.length);
  });

  it("a filter that does not parse is reported, not applied silently", async () => {
    const data = await page(shop, { from: "11/01/2026" });
    expect(data.error).toMatch(/from: use YYYY-MM-DD/);
  });

  it("pages with a keyset cursor: every row exactly once, newest first, even when timestamps tie", async () => {
    const s = newShop("audit-pages");
    await installShop(s);
    // 137 rows on 5 distinct timestamps: ties across page boundaries are where keysets go wrong.
    await prisma.$executeRaw`
      INSERT INTO "AuditLog" (id, shop, event, actor, "createdAt", "reasonsText")
      SELECT gen_random_uuid(), ${s}, 'decision.made', 'system', timestamp '2026-02-01 00:00:00' + (i % 5) * interval '1 second', 'row ' || i
      FROM generate_series(1, 137) AS i`;
    const seen: string[] = [];
    const times: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const data: Page = await page(s, before ? { before } : {});
      expect(data.total).toBe(137);
      seen.push(...data.entries.map((e) => e.id));
      times.push(...data.entries.map((e) => e.createdAt));
      before = data.next;
      pages++;
    } while (before && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(137);
    expect(new Set(seen).size).toBe(137);
    expect([...times].sort().reverse()).toEqual(times);
    const all = await prisma.auditLog.findMany({ where: { shop: s }, select: { id: true } });
    expect(new Set(seen)).toEqual(new Set(all.map((r) => r.id)));
  });

  it("exports the filtered log as CSV: header, every row, and cells escaped (commas, quotes, formulas)", async () => {
    const res = await load(auditExport.loader, shop, "/app/audit/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    const text = await res.text();
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(1 + 5);
    const hostile = rows.find((r) => r[7] && r[5] === "gid://shopify/Customer/111" && r[1] === "approval.rejected")!;
    // A leading "=" would run as a formula in a spreadsheet: it is prefixed with a quote.
    expect(hostile[8]).toBe(`'${HOSTILE}\nsecond line`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), then ""quoted"", and more\nsecond line"`);
    expect(rows.map((r) => r.length)).toEqual(rows.map(() => HEADER.length));
    expect(text).not.toContain("OTHER-SHOP");

    const filtered = parseCsv(await (await load(auditExport.loader, shop, "/app/audit/export?workflow=checkout_incentive&from=2026-01-11")).text());
    expect(filtered.slice(1).map((r) => r[1])).toEqual(["flag.changed", "approval.approved"]);
    const bad = await load(auditExport.loader, shop, "/app/audit/export?from=yesterday");
    expect(bad.status).toBe(400);
  });

  it("one shop's export never contains another shop's rows", async () => {
    const text = await (await load(auditExport.loader, other, "/app/audit/export")).text();
    const rows = parseCsv(text);
    expect(rows).toHaveLength(1 + 2);
    expect(rows.slice(1).every((r) => r[8]!.startsWith("OTHER-SHOP"))).toBe(true);
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    expect(text).not.toContain(HOSTILE.slice(1, 20));
  });

  it("streams a large export completely (100,000 rows → 100,001 lines)", async () => {
    const s = newShop("audit-bulk");
    await installShop(s);
    const N = 100_000;
    const started = Date.now();
    await prisma.$executeRaw`
      INSERT INTO "AuditLog" (id, shop, event, actor, workflow, "createdAt", "reasonsText")
      SELECT gen_random_uuid(), ${s}, 'decision.made', 'system', 'checkout_incentive',
             timestamp '2026-03-01 00:00:00' + (i / 7) * interval '1 millisecond', 'bulk, row ' || i
      FROM generate_series(1, ${N}::int) AS i`;
    const inserted = Date.now();
    const res = await load(auditExport.loader, s, "/app/audit/export");
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let lines = 0;
    let chunks = 0;
    let tail = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      const text = tail + decoder.decode(value, { stream: true });
      const parts = text.split("\r\n");
      tail = parts.pop()!;
      lines += parts.length;
    }
    expect(tail).toBe("");
    expect(lines).toBe(N + 1);
    // Streamed in batches, not built in memory as one string.
    expect(chunks).toBeGreaterThan(N / 2_000);
    console.log(`[audit] ${N} rows: insert ${inserted - started} ms, export ${Date.now() - inserted} ms`);
  });

  it("refuses to change an audit entry (append-only trigger); only a redaction may", async () => {
    const id = ids.jan10!;
    await expect(prisma.auditLog.update({ where: { id }, data: { reasonsText: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`UPDATE "AuditLog" SET actor = 'user' WHERE id = ${id}::uuid`).rejects.toThrow(/append-only/);
    expect(await prisma.auditLog.findUniqueOrThrow({ where: { id } })).toMatchObject({ reasonsText: "rule matched", actor: "system" });
    // The erasure path sets uplift.redacting for its own transaction only.
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('uplift.redacting', 'on', true)`;
      await tx.auditLog.update({ where: { id }, data: { customerGid: null } });
    });
    expect(await prisma.auditLog.findUniqueOrThrow({ where: { id } })).toMatchObject({ customerGid: null });
    await expect(prisma.auditLog.update({ where: { id }, data: { reasonsText: "rewritten" } })).rejects.toThrow(/append-only/);
  });
});
