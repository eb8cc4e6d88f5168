import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, List, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { policyPage, savePolicy } from "../services/policies.server";
import { adminApprover } from "../services/approver.server";
import { WORKFLOW_KEYS, WORKFLOWS, type Workflow } from "../components/labels";

const workflowParam = z.enum(WORKFLOW_KEYS as [Workflow, ...Workflow[]]);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const workflow = workflowParam.safeParse(params.workflow);
  if (!workflow.success) throw new Response("Not found", { status: 404 });
  return json(await policyPage(session.shop, workflow.data));
};

const form = z.object({ policy: z.string().min(2).max(100_000), expectedVersion: z.coerce.number().int().min(0) });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const workflow = workflowParam.safeParse(params.workflow);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!workflow.success || !parsed.success) throw new Response("Invalid form", { status: 400 });
  const actor = adminApprover(session, sessionToken?.sub);
  if (!actor) throw new Response("No staff member behind this request", { status: 403 });
  const result = await savePolicy(session.shop, workflow.data, parsed.data.policy, parsed.data.expectedVersion, actor);
  return json(result, { status: result.ok ? 200 : result.status });
};

export default function PolicyEditor() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [text, setText] = useState(data.text);
  useEffect(() => setText(data.text), [data.text]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(`Policy saved (version ${fetcher.data.version})`);
  }, [fetcher.state, fetcher.data, shopify]);
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  return (
    <Page title={`Policy: ${WORKFLOWS[data.workflow]}`} subtitle={data.isDefault ? "The default policy (not saved yet)" : `Version ${data.version}`} backAction={{ content: "Flags", url: "/app/flags" }}>
      <Layout>
        {failed ? (
          <Layout.Section>
            <Banner tone="critical" title={failed.error}>
              {"fieldErrors" in failed && failed.fieldErrors ? (
                <List>{Object.entries(failed.fieldErrors).map(([k, v]) => <List.Item key={k}>{`${k}: ${v}`}</List.Item>)}</List>
              ) : null}
            </Banner>
          </Layout.Section>
        ) : null}
        {data.storedInvalid ? (
          <Layout.Section>
            <Banner tone="warning" title="The stored policy no longer validates; the default runs until it is fixed" />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                Rules are tried in order and the first whose conditions all hold decides; a condition with an unknown operator never holds.
                Operators: {data.operators.join(", ")}. Guardrails apply to whatever a policy chooses.
              </Text>
              <TextField label="Policy (JSON)" labelHidden value={text} onChange={setText} multiline={18} autoComplete="off" monospaced name="policy" />
              <InlineStack align="end">
                <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ policy: text, expectedVersion: String(data.version) }, { method: "post" })}>
                  Save policy
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
