import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { auditLogPage, parseAuditQuery } from "../services/audit-log.server";
import { AUDIT_EVENT_OPTIONS, WORKFLOW_OPTIONS } from "../components/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseAuditQuery(new URL(request.url).searchParams);
  if (!parsed.success) {
    const error = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return json({ error, ...(await auditLogPage(session.shop, {})) });
  }
  return json({ error: null as string | null, ...(await auditLogPage(session.shop, parsed.data)) });
};

const ACTOR_TONE = { user: "info", system: undefined, ai: "attention" } as const;

function Filters() {
  const [params] = useSearchParams();
  const [values, setValues] = useState(() => Object.fromEntries(["event", "workflow", "customer", "order", "from", "to", "q"].map((k) => [k, params.get(k) ?? ""])));
  const set = (k: string) => (v: string) => setValues((s) => ({ ...s, [k]: v }));
  return (
    <Form method="get" data-testid="audit-filters">
      <BlockStack gap="200">
        <InlineStack gap="200" wrap blockAlign="end">
          <Select label="Event" name="event" options={[{ label: "All events", value: "" }, ...AUDIT_EVENT_OPTIONS]} value={values.event} onChange={set("event")} />
          <Select label="Workflow" name="workflow" options={[{ label: "All workflows", value: "" }, ...WORKFLOW_OPTIONS]} value={values.workflow} onChange={set("workflow")} />
          <TextField label="Customer" name="customer" value={values.customer} onChange={set("customer")} autoComplete="off" placeholder="id or gid://" />
          <TextField label="Order" name="order" value={values.order} onChange={set("order")} autoComplete="off" placeholder="id or gid://" />
          <TextField label="From" name="from" type="date" value={values.from} onChange={set("from")} autoComplete="off" />
          <TextField label="To" name="to" type="date" value={values.to} onChange={set("to")} autoComplete="off" />
          <TextField label="Reasons contain" name="q" value={values.q} onChange={set("q")} autoComplete="off" />
          <Button submit>Filter</Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

async function downloadCsv(search: string) {
  // App Bridge signs same-origin fetches with a session token; a plain link would not be signed.
  const res = await fetch(`/app/audit/export${search}`);
  if (!res.ok) throw new Error(`Export failed (${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: "uplift-audit-log.csv" });
  a.click();
  URL.revokeObjectURL(url);
}

export default function AuditLog() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const shopify = useAppBridge();
  const rest = new URLSearchParams(params);
  rest.delete("before");
  const query = rest.toString() ? `?${rest}` : "";
  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadCsv(query);
      shopify.toast.show("Audit log exported");
    } catch (error) {
      shopify.toast.show(error instanceof Error ? error.message : "Export failed", { isError: true });
    } finally {
      setExporting(false);
    }
  };
  return (
    <Page
      title="Audit log"
      subtitle="Every decision, approval, setting change and AI call, with who made it and why"
      secondaryActions={[{ content: "Export CSV", onAction: exportCsv, loading: exporting }]}
    >
      <BlockStack gap="400">
        {data.error ? <Banner tone="critical" title="Those filters are not valid">{data.error}</Banner> : null}
        <Card>
          <Filters />
        </Card>
        <Card padding="0">
          {data.entries.length === 0 ? (
            <EmptyState heading="No entries match" image="">
              <p>Decisions, approvals and changes appear here as they happen.</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "entry", plural: "entries" }}
              itemCount={data.entries.length}
              selectable={false}
              headings={[{ title: "When" }, { title: "Event" }, { title: "Actor" }, { title: "Workflow" }, { title: "Customer" }, { title: "Summary" }]}
            >
              {data.entries.map((e, i) => (
                <IndexTable.Row id={e.id} key={e.id} position={i}>
                  <IndexTable.Cell>
                    <Link to={`/app/audit/${e.id}`} data-testid="audit-entry-link">{new Date(e.createdAt).toLocaleString()}</Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell><span data-testid="audit-event">{e.event}</span></IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={ACTOR_TONE[e.actor as keyof typeof ACTOR_TONE]}>{e.actorId ? `${e.actor} ${e.actorId}` : e.actor}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{e.workflow ?? ""}</IndexTable.Cell>
                  <IndexTable.Cell>{e.customerGid?.split("/").pop() ?? ""}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" truncate>{e.summary}</Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        <InlineStack align="space-between">
          <Text as="p" tone="subdued"><span data-testid="audit-total">{data.total}</span> entries</Text>
          {data.next ? <Link to={`?${new URLSearchParams({ ...Object.fromEntries(rest), before: data.next })}`}>Older entries</Link> : null}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}
