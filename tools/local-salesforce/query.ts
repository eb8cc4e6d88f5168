import type { Org } from "./org";
import { runQuery } from "./soql";
import { fail, ok, recordId, type Reply } from "./wire";

// Query results in pages: the first page answers `GET /query?q=`, and while more remain it carries
// `done: false` and a nextRecordsUrl `/services/data/vXX.X/query/<locator>-<offset>` that serves the
// next page, as Salesforce's query locators do.

export class QueryCursors {
  private readonly results = new Map<string, { rows: Record<string, unknown>[]; size: number }>();
  private seq = 0;

  constructor(
    private readonly org: Org,
    private readonly defaultBatch: number,
  ) {}

  start(soql: string, version: string, batchSize?: number): Reply {
    const result = runQuery(this.org, soql, version);
    if ("error" in result) return result.error;
    this.seq += 1;
    const cursor = recordId("01g", this.seq);
    this.results.set(cursor, { rows: result.rows, size: batchSize ?? this.defaultBatch });
    return this.page(cursor, 0, version);
  }

  next(locator: string, version: string): Reply {
    const m = /^(\w+)-(\d+)$/.exec(locator);
    if (!m || !this.results.has(m[1]!)) return fail(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    return this.page(m[1]!, Number(m[2]), version);
  }

  private page(cursor: string, offset: number, version: string): Reply {
    const { rows, size } = this.results.get(cursor)!;
    const end = offset + size;
    const done = end >= rows.length;
    return ok({
      totalSize: rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursor}-${end}` }),
      records: rows.slice(offset, end),
    });
  }
}
