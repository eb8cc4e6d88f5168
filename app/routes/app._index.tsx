import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { dashboardData, retryFailedJob } from "../services/dashboard.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await dashboardData(session.shop));
};

const retryForm = z.object({ intent: z.literal("retry"), jobId: z.string().uuid() });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = retryForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  // The session token's `sub` is the Shopify staff member who clicked.
  const ok = await retryFailedJob(session.shop, parsed.data.jobId, sessionToken?.sub);
  if (!ok) throw new Response("No such failed job", { status: 404 });
  return json({ ok });
};

const REFRESH_MS = 2000;

function useLive() {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const id = setInterval(() => {
      if (document.visibilityState === "visible" && state === "idle") revalidate();
    }, REFRESH_MS);
    return () => clearInterval(id);
  }, [revalidate, state]);
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: "critical" | "success" }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm">{label}</Text>
        <Text as="p" variant="heading2xl" tone={value > 0 ? tone : undefined}>
          <span data-testid={`stat-${label.toLowerCase().replace(/\s+/g, "-")}`}>{value}</span>
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  useLive();
  const received = data.topics.reduce((n, t) => n + t.received, 0);
  return (
    <Page title="Dashboard" subtitle="Webhooks received, the queue that processes them, and what failed">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
            <Stat label="Events" value={received} />
            <Stat label="Waiting" value={data.queue.waiting + data.queue.retrying} />
            <Stat label="Active" value={data.queue.active} />
            <Stat label="Failed jobs" value={data.queue.failed} tone="critical" />
            <Stat label="Dead letter" value={data.queue.deadLettered} tone="critical" />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Events per topic</Text>
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
                headings={["Topic", "Received", "Processed", "Failed", "Duplicates ignored"]}
                rows={data.topics.map((t) => [t.topic, t.received, t.processed, t.failed, t.duplicates])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Latest webhooks</Text>
              <div data-testid="latest-webhooks">
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric"]}
                  headings={["Received", "Topic", "Status", "Duplicates"]}
                  rows={data.latest.map((e) => [
                    new Date(e.receivedAt).toLocaleTimeString(),
                    e.topic,
                    <Badge key={e.id} tone={e.status === "processed" ? "success" : e.status === "failed" ? "critical" : "info"}>
                      {e.status}
                    </Badge>,
                    e.duplicates,
                  ])}
                />
              </div>
            </BlockStack>
          </Card>
        </Layout.Section>
        {data.failed.length > 0 && (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">Failed jobs</Text>
                <Text as="p" tone="subdued">
                  These ran out of retries and were moved to the dead-letter queue. Fix the cause, then retry.
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text"]}
                  headings={["Topic", "Error", "Retries", ""]}
                  rows={data.failed.map((f) => [
                    f.topic,
                    f.error ?? "",
                    f.retryCount,
                    <Form method="post" key={f.id}>
                      <input type="hidden" name="intent" value="retry" />
                      <input type="hidden" name="jobId" value={f.id} />
                      <Button submit size="slim">Retry</Button>
                    </Form>,
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
