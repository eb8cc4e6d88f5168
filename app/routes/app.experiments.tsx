import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, EmptyState, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { experimentsPage } from "../services/experiments.server";
import { saveCustomizationExperiment } from "../services/customization-experiments.server";
import { adminApprover } from "../services/approver.server";
import { ExperimentCard } from "../components/ExperimentCard";
import { WORKFLOWS } from "../components/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await experimentsPage(session.shop));
};

const form = z.object({ kind: z.enum(["delivery", "payment"]), json: z.string().max(50_000), expectedVersion: z.coerce.number().int().min(0) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const actor = adminApprover(session, sessionToken?.sub);
  if (!actor) throw new Response("No staff member behind this request", { status: 403 });
  const result = await saveCustomizationExperiment(session.shop, parsed.data.kind, parsed.data.json, parsed.data.expectedVersion, actor);
  return json({ kind: parsed.data.kind, ok: result.ok, error: result.ok ? null : result.error, fieldErrors: result.ok ? {} : (result.fieldErrors ?? {}) }, { status: result.ok ? 200 : result.status });
};

type Editor = ReturnType<typeof useLoaderData<typeof loader>>["customizations"]["delivery"];

function CustomizationEditor({ kind, editor }: { kind: "delivery" | "payment"; editor: Editor }) {
  const fetcher = useFetcher<typeof action>();
  const [text, setText] = useState(editor.json);
  const mine = fetcher.data && fetcher.data.kind === kind ? fetcher.data : null;
  return (
    <BlockStack gap="200">
      <TextField
        label={kind === "delivery" ? "Delivery options experiment" : "Payment methods experiment"}
        value={text}
        onChange={setText}
        multiline={8}
        monospaced
        autoComplete="off"
        error={mine && !mine.ok ? (mine.fieldErrors as Record<string, string>).json ?? mine.error ?? undefined : undefined}
        helpText={`${
          kind === "delivery"
            ? "Arms with rename, move (index 1 or more) and hide operations matched by titleContains. The cheapest option always stays first and visible."
            : "Arms with rename (name), move and hide operations matched by nameContains. At least one payment method always stays visible."
        } Results compare each arm with the arm named "control" (any case), else the first arm with a weight above 0.`}
      />
      {mine?.ok ? <Text as="p" tone="success">Saved; the checkout Function is being updated.</Text> : null}
      <InlineStack align="end">
        <Button loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ kind, json: text, expectedVersion: String(editor.version) }, { method: "post" })}>
          {`Save ${kind} experiment`}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

const WORKFLOW_ARMS: Record<string, string> = { control: "Control (held out)", treatment: "Treatment", universal_holdout: "Universal holdout" };
const workflowArm = (arm: string) => WORKFLOW_ARMS[arm] ?? arm;
const customizationArm = (control: string) => (arm: string) => (arm === control && arm.toLowerCase() !== "control" ? `${arm} (control)` : arm);

function CheckoutCustomizations({ customizations }: { customizations: ReturnType<typeof useLoaderData<typeof loader>>["customizations"] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Checkout delivery and payment experiments</Text>
        <Text as="p" tone="subdued">
          Logged-in customers are split between arms by a hash of their customer id; anonymous checkouts see the control experience. Rules that protect
          shoppers hold in every arm whatever is configured here. A customer counts from the first time they reach checkout while an experiment with two
          or more weighted arms runs; every arm is measured against the arm named &quot;control&quot; (any capitalisation), or the first arm when none is (arms with
          weight 0 receive nobody and are left out). Renaming the experiment starts a fresh measurement.
        </Text>
        <CustomizationEditor kind="delivery" editor={customizations.delivery} />
        <CustomizationEditor kind="payment" editor={customizations.payment} />
      </BlockStack>
    </Card>
  );
}

export default function Experiments() {
  const { experiments, customizationResults, customizations } = useLoaderData<typeof loader>();
  return (
    <Page title="Experiments" subtitle="Every workflow is measured against a held-out control group">
      <Layout>
        {experiments.length === 0 && customizationResults.length === 0 ? (
          <Layout.Section>
            <Card>
              <EmptyState heading="No experiments are running" image="">
                <p>When a workflow runs in shadow or live mode, units are assigned to control or treatment; results show here.</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : null}
        {experiments.map((e) => (
          <Layout.Section key={e.workflow}>
            <ExperimentCard title={WORKFLOWS[e.workflow]} testId={`experiment-${e.workflow}`} e={e} armLabel={workflowArm} />
          </Layout.Section>
        ))}
        {customizationResults.map((r) => (
          <Layout.Section key={r.kind}>
            <ExperimentCard
              title={r.kind === "delivery" ? "Checkout delivery options" : "Checkout payment methods"}
              testId={`experiment-customization-${r.kind}`}
              e={r}
              armLabel={customizationArm(r.control)}
              note={`Experiment "${r.experiment}": logged-in customers who reached checkout while it ran, each arm against ${r.control}.`}
            />
          </Layout.Section>
        ))}
        <Layout.Section>
          <CheckoutCustomizations customizations={customizations} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
