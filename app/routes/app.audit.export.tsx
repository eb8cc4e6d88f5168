import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { auditCsvStream, parseAuditQuery } from "../services/audit-log.server";

// CSV of the filtered audit log, streamed: a million rows never sit in memory at once.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseAuditQuery(new URL(request.url).searchParams);
  if (!parsed.success) throw new Response("Invalid filters", { status: 400 });
  return new Response(auditCsvStream(session.shop, parsed.data), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="uplift-audit-log.csv"',
      "Cache-Control": "no-store",
    },
  });
};
