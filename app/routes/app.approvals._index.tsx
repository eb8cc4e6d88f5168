import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Tabs, Text } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { approvalsList, decideApproval } from "../services/approvals.server";
import { adminApprover } from "../services/approver.server";
import { describeAction, money, WORKFLOWS, type Workflow } from "../components/labels";

const TABS = ["pending", "approved", "rejected", "expired", "all"] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const status = z.enum(TABS).catch("pending").parse(new URL(request.url).searchParams.get("status") ?? "pending");
  return json({ status, approvals: await approvalsList(session.shop, status) });
};

const form = z.object({ intent: z.enum(["approve", "reject"]), id: z.string().uuid() });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const approver = adminApprover(session, sessionToken?.sub);
  if (!approver) throw new Response("No staff member behind this request", { status: 403 });
  const result = await decideApproval(session.shop, parsed.data.id, { verdict: parsed.data.intent }, approver);
  return json(result, { status: result.ok ? 200 : result.status });
};

const STATUS_TONE = { pending: "attention", approved: "success", rejected: "critical", expired: undefined } as const;

function Row({ a, i }: { a: ReturnType<typeof useLoaderData<typeof loader>>["approvals"][number]; i: number }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) shopify.toast.show(fetcher.data.status === "approved" ? "Offer approved" : "Offer rejected");
    else shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);
  const busy = fetcher.state !== "idle";
  return (
    <IndexTable.Row id={a.id} position={i}>
      <IndexTable.Cell>
        <Link to={`/app/approvals/${a.id}`} data-testid="approval-link">{describeAction(a.finalAction ?? a.action)}</Link>
      </IndexTable.Cell>
      <IndexTable.Cell>{WORKFLOWS[a.workflow as Workflow] ?? a.workflow}</IndexTable.Cell>
      <IndexTable.Cell>{money(a.cartValueMinor)}</IndexTable.Cell>
      <IndexTable.Cell>{money(a.discountMinor)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={STATUS_TONE[a.status as keyof typeof STATUS_TONE]}>{a.status}</Badge>
        {a.decidedByName ? <Text as="span" tone="subdued"> by {a.decidedByName}</Text> : null}
      </IndexTable.Cell>
      <IndexTable.Cell>
        {a.status === "pending" ? (
          <InlineStack gap="200">
            <Button variant="primary" loading={busy && fetcher.formData?.get("intent") === "approve"} disabled={busy} onClick={() => fetcher.submit({ intent: "approve", id: a.id }, { method: "post" })}>
              Approve
            </Button>
            <Button tone="critical" loading={busy && fetcher.formData?.get("intent") === "reject"} disabled={busy} onClick={() => fetcher.submit({ intent: "reject", id: a.id }, { method: "post" })}>
              Reject
            </Button>
          </InlineStack>
        ) : (
          <Text as="span" tone="subdued">Expires {new Date(a.expiresAt).toLocaleString()}</Text>
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

export default function Approvals() {
  const { status, approvals } = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  return (
    <Page title="Approvals" subtitle="Offers above your approval thresholds wait here for a person">
      <BlockStack gap="400">
        <Card padding="0">
          <Tabs
            tabs={TABS.map((t) => ({ id: t, content: t[0]!.toUpperCase() + t.slice(1) }))}
            selected={TABS.indexOf(status)}
            onSelect={(i) => setParams({ status: TABS[i]! })}
          />
          {approvals.length === 0 ? (
            <EmptyState heading={status === "pending" ? "No offers are waiting for approval" : `No ${status} offers`} image="">
              <p>Decisions above your thresholds (cart value or discount amount) appear here. Unanswered ones are rejected when they expire.</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "approval", plural: "approvals" }}
              itemCount={approvals.length}
              selectable={false}
              headings={[{ title: "Offer" }, { title: "Workflow" }, { title: "Cart" }, { title: "Discount" }, { title: "Status" }, { title: "" }]}
            >
              {approvals.map((a, i) => <Row key={a.id} a={a} i={i} />)}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
