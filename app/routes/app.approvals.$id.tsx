import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, List, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { approvalDetail, decideApproval, type Verdict } from "../services/approvals.server";
import { adminApprover } from "../services/approver.server";
import { describeAction, money } from "../components/labels";

const id = z.string().uuid();

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = id.safeParse(params.id);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const data = await approvalDetail(session.shop, parsed.data);
  if (!data) throw new Response("Not found", { status: 404 });
  return json(data);
};

const form = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("reject"), note: z.string().max(500).optional() }),
  // An edit changes the amount of the proposed offer; the service checks it against the guardrails.
  z.object({ intent: z.literal("edit"), action: z.string().max(2000), note: z.string().max(500).optional() }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const approvalId = id.safeParse(params.id);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!approvalId.success || !parsed.success) throw new Response("Invalid form", { status: 400 });
  const approver = adminApprover(session, sessionToken?.sub);
  if (!approver) throw new Response("No staff member behind this request", { status: 403 });
  let verdict: Verdict;
  if (parsed.data.intent === "edit") {
    let action: unknown;
    try {
      action = JSON.parse(parsed.data.action);
    } catch {
      throw new Response("Invalid action", { status: 400 });
    }
    verdict = { verdict: "edit", action, note: parsed.data.note };
  } else verdict = parsed.data.intent === "approve" ? { verdict: "approve" } : { verdict: "reject", note: parsed.data.note };
  const result = await decideApproval(session.shop, approvalId.data, verdict, approver);
  return json(result, { status: result.ok ? 200 : result.status });
};

type ActionShape = { type: string; percent?: number; amountMinor?: number };

/** The editable number of an action: its percent, or its fixed amount in major units. */
function editable(a: ActionShape) {
  if (typeof a.percent === "number") return { label: "Percent off", value: String(a.percent), build: (v: string) => ({ ...a, percent: Number(v) }) };
  if (typeof a.amountMinor === "number") return { label: "Amount off", value: String(a.amountMinor / 100), build: (v: string) => ({ ...a, amountMinor: Math.round(Number(v) * 100) }) };
  return null;
}

export default function ApprovalDetail() {
  const { approval, currency, maxDiscountPercent, lines } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const proposed = approval.proposedAction as ActionShape;
  const edit = editable(proposed);
  const [value, setValue] = useState(edit?.value ?? "");
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(fetcher.data.status === "approved" ? "Approved" : "Rejected");
  }, [fetcher.state, fetcher.data, shopify]);
  const busy = fetcher.state !== "idle";
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const pending = approval.status === "pending" && !(fetcher.data?.ok ?? false);
  return (
    <Page title={describeAction(proposed, currency)} subtitle={approval.kind === "crm_tier_change" ? "CRM sync held for review" : `${approval.workflow} · cart ${money(approval.cartValueMinor, currency)}`} backAction={{ content: "Approvals", url: "/app/approvals" }}>
      <Layout>
        {failed ? (
          <Layout.Section>
            <Banner tone="critical" title={failed.error}>
              {"reasons" in failed && failed.reasons ? <List>{failed.reasons.map((r, i) => <List.Item key={i}>{r}</List.Item>)}</List> : null}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200">
                <Badge tone={approval.status === "pending" ? "attention" : approval.status === "approved" ? "success" : "critical"}>
                  {fetcher.data?.ok ? fetcher.data.status : approval.status}
                </Badge>
                <Text as="span" tone="subdued">
                  {approval.decidedByName ? `by ${approval.decidedByName} via ${approval.decidedVia}` : `expires ${new Date(approval.expiresAt).toLocaleString()}`}
                </Text>
              </InlineStack>
              {approval.kind === "crm_tier_change" ? null : <Text as="p">Discount value {money(approval.discountMinor, currency)}{maxDiscountPercent !== null ? ` · guardrail: at most ${maxDiscountPercent}%` : ""}</Text>}
              <Text as="h2" variant="headingMd">Why</Text>
              <List>{(approval.reasons as string[]).map((r, i) => <List.Item key={i}>{r}</List.Item>)}</List>
              {pending ? (
                <BlockStack gap="200">
                  {edit ? <TextField label={edit.label} type="number" value={value} onChange={setValue} autoComplete="off" name="edit-value" /> : null}
                  <InlineStack gap="200">
                    <Button variant="primary" disabled={busy} onClick={() => fetcher.submit({ intent: "approve" }, { method: "post" })}>Approve</Button>
                    {edit ? (
                      <Button disabled={busy || value === edit.value} onClick={() => fetcher.submit({ intent: "edit", action: JSON.stringify(edit.build(value)) }, { method: "post" })}>
                        Approve with changes
                      </Button>
                    ) : null}
                    <Button tone="critical" disabled={busy} onClick={() => fetcher.submit({ intent: "reject" }, { method: "post" })}>Reject</Button>
                  </InlineStack>
                </BlockStack>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        {approval.kind === "crm_tier_change" ? null : <Layout.Section>
          <Card>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric"]}
              headings={["Variant", "Quantity", "Price"]}
              rows={lines.map((l) => [l.variantId, l.quantity, money(l.unitPriceMinor, currency)])}
            />
          </Card>
        </Layout.Section>}
      </Layout>
    </Page>
  );
}
