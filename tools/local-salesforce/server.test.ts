import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalSalesforce, type LocalSalesforce } from "./server";

// The local org's wire behaviour, driven with plain fetch.

const token = "00DLOCAL!session";
let sf: LocalSalesforce;
beforeAll(async () => {
  sf = await startLocalSalesforce({ accessToken: token, clock: () => Date.parse("2026-11-20T12:00:00Z"), queryBatchSize: 2 });
});
afterAll(() => sf.close());

type Res = { status: number; body: unknown; limit: string | null };
async function call(method: string, path: string, body?: unknown, auth: string | null = `Bearer ${token}`): Promise<Res> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (auth) headers.Authorization = auth;
  const res = await fetch(`${sf.instanceUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, limit: res.headers.get("sforce-limit-info") };
}
const v = "/services/data/v62.0";
const field = (name: string, metadata: Record<string, unknown>) => call("POST", `${v}/tooling/sobjects/CustomField`, { FullName: `Contact.${name}`, Metadata: metadata });
const upsert = (records: unknown[], extra: Record<string, unknown> = {}) =>
  call("PATCH", `${v}/composite/sobjects/Contact/Ext_Id__c`, { allOrNone: false, records, ...extra });
const contact = (ext: string, fields: Record<string, unknown> = {}) => ({ attributes: { type: "Contact" }, Ext_Id__c: ext, ...fields });
const query = (soql: string) => call("GET", `${v}/query?q=${encodeURIComponent(soql)}`);

describe("sessions and limits", () => {
  it("refuses a missing or wrong session with INVALID_SESSION_ID and no limit header", async () => {
    for (const auth of [null, "Bearer nope"]) {
      const res = await call("GET", `${v}/sobjects/Contact/describe`, undefined, auth);
      expect(res).toEqual({ status: 401, body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }], limit: null });
    }
    expect((await call("GET", `${v}/sobjects/Contact/describe`, undefined, `OAuth ${token}`)).status).toBe(200);
  });

  it("counts every call in Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED once the allocation is spent", async () => {
    const before = sf.apiUsage();
    const first = await call("GET", `${v}/sobjects/Contact/describe`);
    expect(first.limit).toBe(`api-usage=${before.used + 1}/100000`);
    sf.setApiUsage(99, 100);
    expect((await call("GET", `${v}/sobjects/Contact/describe`)).limit).toBe("api-usage=100/100");
    const refused = await call("GET", `${v}/sobjects/Contact/describe`);
    expect(refused).toEqual({ status: 403, body: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }], limit: "api-usage=100/100" });
    sf.setApiUsage(0, 100_000);
  });

  it("serves versions up to its own, collection upserts from v46.0, and names the allowed method", async () => {
    expect((await call("GET", "/services/data/v99.0/sobjects/Contact/describe")).status).toBe(404);
    expect((await call("PATCH", "/services/data/v45.0/composite/sobjects/Contact/Ext_Id__c", { records: [] })).status).toBe(404);
    expect(await call("POST", `${v}/sobjects/Contact/describe`, {})).toMatchObject({ status: 405, body: [{ errorCode: "METHOD_NOT_ALLOWED" }] });
  });
});

describe("Tooling API CustomField and describe", () => {
  it("creates a field that describe then lists with its type and flags", async () => {
    const before = (await call("GET", `${v}/sobjects/Contact/describe`)).body as { fields: Array<{ name: string }> };
    expect(before.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["Id", "FirstName", "LastName", "Email"]));
    expect(before.fields.map((f) => f.name)).not.toContain("Ext_Id__c");

    const created = await field("Ext_Id__c", { type: "Text", label: "Ext Id", length: 64, externalId: true, unique: true });
    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^00N\w{15}$/), success: true, errors: [] } });
    await field("Score__c", { type: "Number", label: "Score", precision: 18, scale: 2 });
    await field("Seen_At__c", { type: "DateTime", label: "Seen At" });
    await field("Notes__c", { type: "LongTextArea", label: "Notes", length: 1000, visibleLines: 3 });

    const after = (await call("GET", `${v}/sobjects/Contact/describe`)).body as { fields: Array<Record<string, unknown>> };
    expect(after.fields.find((f) => f.name === "Ext_Id__c")).toMatchObject({ type: "string", length: 64, externalId: true, unique: true, custom: true, label: "Ext Id" });
    expect(after.fields.find((f) => f.name === "Score__c")).toMatchObject({ type: "double", precision: 18, scale: 2, externalId: false });
    expect(after.fields.find((f) => f.name === "Notes__c")).toMatchObject({ type: "textarea", extraTypeInfo: "plaintextarea", length: 1000 });
    expect(sf.fields.map((f) => f.name)).toEqual(["Ext_Id__c", "Score__c", "Seen_At__c", "Notes__c"]);
  });

  it("refuses a duplicate with DUPLICATE_DEVELOPER_NAME, whatever the case", async () => {
    const dup = await field("ext_id__c", { type: "Text", label: "Again", length: 10 });
    expect(dup).toMatchObject({ status: 400, body: [{ errorCode: "DUPLICATE_DEVELOPER_NAME" }] });
  });

  it.each([
    ["a Text field without a length", "A__c", { type: "Text", label: "A" }],
    ["a Number over 18 digits", "B__c", { type: "Number", label: "B", precision: 19, scale: 2 }],
    ["a scale above the precision", "C__c", { type: "Percent", label: "C", precision: 3, scale: 4 }],
    ["External ID on a DateTime", "D__c", { type: "DateTime", label: "D", externalId: true }],
    ["a LongTextArea without visibleLines", "E__c", { type: "LongTextArea", label: "E", length: 1000 }],
    ["an unknown type", "F__c", { type: "Hologram", label: "F" }],
    ["a double underscore in the name", "G__H__c", { type: "Checkbox", label: "G" }],
    ["a label over 40 characters", "H__c", { type: "DateTime", label: "x".repeat(41) }],
  ])("refuses %s with FIELD_INTEGRITY_EXCEPTION", async (_name, fullName, metadata) => {
    expect(await field(fullName, metadata)).toMatchObject({ status: 400, body: [{ errorCode: "FIELD_INTEGRITY_EXCEPTION" }] });
  });
});

describe("sObject collections upsert by external id", () => {
  it("creates, then updates the same record, answering in request order", async () => {
    const first = await upsert([contact("c-1", { LastName: "Ng", Email: "ng@example.com", Score__c: 10.456 }), contact("c-2", { LastName: "Ode" })]);
    expect(first.status).toBe(200);
    const [a, b] = first.body as Array<{ id: string; created: boolean; success: boolean }>;
    expect([a, b]).toEqual([
      { id: expect.stringMatching(/^003/), success: true, errors: [], created: true },
      { id: expect.stringMatching(/^003/), success: true, errors: [], created: true },
    ]);
    const second = await upsert([contact("c-2", { FirstName: "Ada" }), contact("C-1", { Score__c: "12" })]);
    expect(second.body).toEqual([
      { id: b!.id, success: true, errors: [], created: false },
      { id: a!.id, success: true, errors: [], created: false },
    ]);
    // External ids match ignoring case; the value written last is the one stored.
    expect(sf.contacts.filter((c) => ["c-1", "c-2"].includes(String(c.Ext_Id__c).toLowerCase())).map((c) => c.Ext_Id__c)).toEqual(["C-1", "c-2"]);
    expect(sf.contacts.find((c) => c.Id === a!.id)).toMatchObject({ Score__c: 12, LastName: "Ng", Name: "Ng" });
    expect(sf.contacts.find((c) => c.Id === b!.id)).toMatchObject({ FirstName: "Ada", LastName: "Ode", Name: "Ada Ode" });
  });

  it("fails records one by one: unknown field, missing LastName, wrong types, too long, duplicates in the call", async () => {
    const res = await upsert([
      contact("c-3", { LastName: "Ok" }),
      contact("c-4", { LastName: "X", Not_Yet__c: "a" }),
      contact("c-5", { Email: "e@example.com" }),
      contact("c-6", { LastName: "Y", Score__c: "lots" }),
      contact("c-7", { LastName: "Z", Seen_At__c: "yesterday", FirstName: "f".repeat(41) }),
      contact("c-8", { LastName: "A" }),
      contact("c-8", { LastName: "B" }),
      contact("c-9", { LastName: "C", Email: "not an email" }),
      contact("c-10", { LastName: "D", Score__c: 1e17 }),
    ]);
    const codes = (res.body as Array<{ success: boolean; errors: Array<{ statusCode: string }> }>).map((r) => (r.success ? "ok" : r.errors.map((e) => e.statusCode).join("+")));
    expect(codes).toEqual([
      "ok",
      "INVALID_FIELD",
      "REQUIRED_FIELD_MISSING",
      "INVALID_TYPE_ON_FIELD_IN_RECORD",
      "INVALID_TYPE_ON_FIELD_IN_RECORD+STRING_TOO_LONG",
      "DUPLICATE_EXTERNAL_ID",
      "DUPLICATE_EXTERNAL_ID",
      "INVALID_EMAIL_ADDRESS",
      "NUMBER_OUTSIDE_VALID_RANGE",
    ]);
    expect((res.body as Array<{ errors: unknown[] }>)[2]!.errors).toEqual([{ statusCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [LastName]", fields: ["LastName"] }]);
    expect(sf.contacts.some((c) => c.Ext_Id__c === "c-4" || c.Ext_Id__c === "c-8")).toBe(false);
  });

  it("rolls everything back with allOrNone true", async () => {
    const res = await upsert([contact("c-20", { LastName: "Kept?" }), contact("c-21", {})], { allOrNone: true });
    expect((res.body as Array<{ errors: Array<{ statusCode: string }> }>).map((r) => r.errors[0]?.statusCode)).toEqual(["ALL_OR_NONE_OPERATION_ROLLED_BACK", "REQUIRED_FIELD_MISSING"]);
    expect(sf.contacts.some((c) => c.Ext_Id__c === "c-20")).toBe(false);
  });

  it("refuses the whole call above 200 records, without a type, or on a field that is not an external id", async () => {
    const many = Array.from({ length: 201 }, (_, i) => contact(`m-${i}`, { LastName: "M" }));
    expect(await upsert(many)).toMatchObject({ status: 400, body: [{ errorCode: "EXCEEDED_ID_LIMIT" }] });
    expect(await upsert([{ Ext_Id__c: "t-1", LastName: "T" }])).toMatchObject({ status: 400, body: [{ errorCode: "INVALID_TYPE" }] });
    expect(await call("PATCH", `${v}/composite/sobjects/Contact/Score__c`, { records: [] })).toMatchObject({ status: 400, body: [{ errorCode: "INVALID_FIELD" }] });
    expect(await call("PATCH", `${v}/composite/sobjects/Contact/Nope__c`, { records: [] })).toMatchObject({ status: 404, body: [{ errorCode: "NOT_FOUND" }] });
    expect(sf.contacts.some((c) => String(c.Ext_Id__c).startsWith("m-"))).toBe(false);
  });

  it("single-record upsert: 201 created, 200 updated, 300 when the value matches more than one record", async () => {
    const created = await call("PATCH", `${v}/sobjects/Contact/Ext_Id__c/s-1`, { LastName: "Single" });
    expect(created).toMatchObject({ status: 201, body: { success: true, created: true } });
    expect(await call("PATCH", `${v}/sobjects/Contact/Ext_Id__c/s-1`, { FirstName: "Again" })).toMatchObject({ status: 200, body: { created: false } });
    expect(await call("PATCH", `${v}/sobjects/Contact/Ext_Id__c/s-2`, { FirstName: "No last name" })).toMatchObject({ status: 400, body: [{ errorCode: "REQUIRED_FIELD_MISSING" }] });

    await field("Legacy_Key__c", { type: "Text", label: "Legacy", length: 20, externalId: true });
    sf.addContact({ LastName: "One", Legacy_Key__c: "L" });
    sf.addContact({ LastName: "Two", Legacy_Key__c: "L" });
    const ambiguous = await call("PATCH", `${v}/sobjects/Contact/Legacy_Key__c/L`, { FirstName: "Which" });
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.body).toHaveLength(2);
  });
});

describe("query", () => {
  let ana: string;
  beforeAll(() => {
    ana = sf.addContact({ LastName: "Ana", Email: "Ana@Example.com" }).Id;
    const bo = sf.addContact({ LastName: "Bo", Email: "o'bo@example.com" }).Id;
    const recent = new Date("2026-11-18T00:00:00Z");
    sf.addCase({ contactId: ana, lastModified: recent });
    sf.addCase({ contactId: ana, status: "Working", lastModified: recent });
    sf.addCase({ contactId: ana, closed: true, lastModified: recent });
    sf.addCase({ contactId: ana, lastModified: new Date("2026-11-01T00:00:00Z") });
    sf.addCase({ contactId: bo, lastModified: recent });
    sf.addCase({ contactId: null, lastModified: recent });
  });

  const openSince = (emails: string) => `SELECT Contact.Email FROM Case WHERE IsClosed = false AND LastModifiedDate >= 2026-11-16T00:00:00Z AND Contact.Email IN (${emails})`;

  it("filters open, recent cases by contact email (ignoring case) and pages with nextRecordsUrl", async () => {
    const first = await query(openSince("'ana@example.com', 'o\\'bo@example.com'"));
    expect(first.status).toBe(200);
    const page1 = first.body as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
    expect(page1).toMatchObject({ totalSize: 3, done: false, nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v62\.0\/query\/01g\w+-2$/) });
    expect(page1.records[0]).toEqual({
      attributes: { type: "Case", url: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Case\/500/) },
      Contact: { attributes: { type: "Contact", url: `/services/data/v62.0/sobjects/Contact/${ana}` }, Email: "Ana@Example.com" },
    });
    const page2 = (await call("GET", page1.nextRecordsUrl)).body as { done: boolean; records: Array<{ Contact: { Email: string } }>; nextRecordsUrl?: string };
    expect(page2).toMatchObject({ totalSize: 3, done: true });
    expect(page2.nextRecordsUrl).toBeUndefined();
    expect(page2.records.map((r) => r.Contact.Email)).toEqual(["o'bo@example.com"]);
  });

  it("answers Contact: null for a case without a contact, and Id, Status when asked", async () => {
    const res = await query("SELECT Id, Status, Contact.Email FROM Case WHERE ContactId = null");
    expect((res.body as { records: unknown[] }).records).toEqual([{ attributes: expect.any(Object), Id: expect.stringMatching(/^500/), Status: "New", Contact: null }]);
  });

  it.each([
    ["OR", "SELECT Id FROM Case WHERE IsClosed = false OR IsClosed = true", "MALFORMED_QUERY"],
    ["LIMIT", "SELECT Id FROM Case LIMIT 5", "MALFORMED_QUERY"],
    ["a quoted boolean", "SELECT Id FROM Case WHERE IsClosed = 'false'", "MALFORMED_QUERY"],
    ["a quoted dateTime", "SELECT Id FROM Case WHERE LastModifiedDate >= '2026-11-16T00:00:00Z'", "MALFORMED_QUERY"],
    ["an unescaped quote", "SELECT Id FROM Case WHERE Contact.Email IN ('o'bo@example.com')", "MALFORMED_QUERY"],
    ["an unknown escape", "SELECT Id FROM Case WHERE Contact.Email = 'a\\qb'", "MALFORMED_QUERY"],
    ["an unknown column", "SELECT Id FROM Case WHERE Closed = false", "INVALID_FIELD"],
    ["another object", "SELECT Id FROM Lead", "INVALID_TYPE"],
  ])("refuses %s", async (_name, soql, errorCode) => {
    expect(await query(soql)).toMatchObject({ status: 400, body: [{ errorCode }] });
  });

  it("refuses an unknown query locator", async () => {
    expect(await call("GET", `${v}/query/01gNOPE-2000`)).toMatchObject({ status: 400, body: [{ errorCode: "INVALID_QUERY_LOCATOR" }] });
  });
});

describe("failNext", () => {
  it("injects HTTP errors on the matching path only, with Salesforce's bodies or a raw page", async () => {
    sf.failNext({ path: "/query", status: 503, body: "<html>Down for maintenance</html>", contentType: "text/html" });
    sf.failNext({ status: 500 });
    expect(await call("GET", `${v}/sobjects/Contact/describe`)).toMatchObject({ status: 500, body: [{ errorCode: "UNKNOWN_EXCEPTION" }], limit: expect.stringMatching(/^api-usage=/) });
    const res = await fetch(`${sf.instanceUrl}${v}/query?q=x`, { headers: { Authorization: `Bearer ${token}` } });
    expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([503, "text/html", "<html>Down for maintenance</html>"]);
    expect((await call("GET", `${v}/sobjects/Contact/describe`)).status).toBe(200);
  });

  it("injects a per-record failure into the next upsert that writes that external id", async () => {
    sf.failNext({ record: "c-1", statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" });
    const res = await upsert([contact("c-2", { FirstName: "B" }), contact("c-1", { FirstName: "A" })]);
    expect(res.body).toEqual([
      expect.objectContaining({ success: true }),
      { success: false, errors: [{ statusCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record", fields: [] }] },
    ]);
    expect((await upsert([contact("c-1", { FirstName: "A" })])).body).toEqual([expect.objectContaining({ success: true })]);
  });

  it("delays an answer", async () => {
    sf.failNext({ path: "/describe", delayMs: 300 });
    const started = Date.now();
    expect((await call("GET", `${v}/sobjects/Contact/describe`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
