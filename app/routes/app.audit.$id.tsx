import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, InlineGrid, Layout, List, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { auditEntry } from "../services/audit-log.server";
import { replayDecision } from "../services/replay.server";
import { describeAction, money } from "../components/labels";

const id = z.string().uuid();

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = id.safeParse(params.id);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const data = await auditEntry(session.shop, parsed.data);
  if (!data) throw new Response("Not found", { status: 404 });
  return json(data);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = id.safeParse(params.id);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  const data = await auditEntry(session.shop, parsed.data);
  if (!data?.decision) throw new Response("Only decisions can be replayed", { status: 400 });
  return json(await replayDecision(session.shop, data.decision.id));
};

function Json({ value }: { value: unknown }) {
  return (
    <Box background="bg-surface-secondary" padding="200" borderRadius="200">
      <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-word", fontSize: 12 }}>{JSON.stringify(value, null, 2)}</pre>
    </Box>
  );
}

export default function AuditEntry() {
  const { entry, decision } = useLoaderData<typeof loader>();
  const replay = useFetcher<typeof action>();
  return (
    <Page
      title={entry.event}
      subtitle={new Date(entry.createdAt).toLocaleString()}
      backAction={{ content: "Audit log", url: "/app/audit" }}
      primaryAction={decision ? { content: "Replay decision", onAction: () => replay.submit({}, { method: "post" }), loading: replay.state !== "idle" } : undefined}
    >
      <Layout>
        {replay.data ? (
          <Layout.Section>
            <div data-testid="replay-result">
              {replay.data.ok ? (
                replay.data.identical ? (
                  <Banner tone="success" title="Replay is identical">
                    <p>Deciding again from the logged inputs with {replay.data.engineVersion} gives byte-for-byte the logged decision.</p>
                  </Banner>
                ) : (
                  <Banner tone="warning" title="Replay differs">
                    <p>The engine now decides differently for these inputs.</p>
                    <Json value={{ logged: JSON.parse(replay.data.logged), replayed: JSON.parse(replay.data.replayed) }} />
                  </Banner>
                )
              ) : (
                <Banner tone="critical" title="Cannot replay">{replay.data.error}</Banner>
              )}
            </div>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
                <Text as="p">Actor: <Badge>{entry.actorId ? `${entry.actor} ${entry.actorId}` : entry.actor}</Badge></Text>
                <Text as="p">Workflow: {entry.workflow ?? "—"}</Text>
                <Text as="p">Customer: {entry.customerGid ?? "—"}</Text>
              </InlineGrid>
              <Text as="h2" variant="headingMd">Reasons</Text>
              {entry.reasons.length ? (
                <List>{entry.reasons.map((r, i) => <List.Item key={i}>{r}</List.Item>)}</List>
              ) : (
                <Text as="p" tone="subdued">No reasons recorded.</Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        {decision ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">Decision</Text>
                <Text as="p">
                  <span data-testid="decision-action">{describeAction(decision.action)}</span> ({decision.outcome}, source {decision.source}
                  {decision.ruleId ? `, rule ${decision.ruleId}` : ""}), discount value {money(decision.discountMinor)}
                </Text>
                <Text as="p" tone="subdued">
                  Confidence {decision.confidence}, propensity {decision.propensity}, arm {decision.experimentArm ?? "—"}, model {decision.modelVersion}
                </Text>
                <Text as="h3" variant="headingSm">Inputs (features used)</Text>
                <Json value={decision.features} />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Before / after</Text>
              <Json value={{ before: entry.before, after: entry.after }} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
