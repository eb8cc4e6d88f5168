import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { settingsPage } from "../services/settings.server";
import { saveLlmSettings } from "../services/llm-settings.server";
import { saveSlackSettings } from "../services/slack-settings.server";
import { adminApprover } from "../services/approver.server";
import { repairCheckoutSetup } from "../services/checkout-setup.server";
import { saveTierOffers } from "../services/entitlements.server";
import { TIERS } from "../lib/tiers";
import { CheckoutSetupCard } from "../components/CheckoutSetupCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return json(await settingsPage(session.shop, admin.graphql));
};

const form = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("llm"), baseURL: z.string(), model: z.string(), apiKey: z.string().optional(), timeoutMs: z.string(), expectedVersion: z.coerce.number().int().min(0) }),
  z.object({ intent: z.literal("slack"), channel: z.string().max(50), approvers: z.string().max(20_000) }),
  z.object({ intent: z.literal("repair-checkout") }),
  z.object({
    intent: z.literal("tier-offers"),
    currency: z.string().regex(/^[A-Z]{3}$/),
    expectedVersion: z.coerce.number().int().min(0),
    platinum: z.string().max(20),
    gold: z.string().max(20),
    silver: z.string().max(20),
    bronze: z.string().max(20),
  }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const actor = adminApprover(session, sessionToken?.sub);
  if (!actor) throw new Response("No staff member behind this request", { status: 403 });
  const f = parsed.data;
  if (f.intent === "repair-checkout") {
    const report = await repairCheckoutSetup(session.shop, admin.graphql, actor.staffId);
    const failed = report.error ?? report.parts.filter((p) => p.state !== "ok").map((p) => `${p.part}: ${p.detail ?? p.state}`).join("; ");
    return json({ intent: f.intent, ok: !failed, error: failed || null, fieldErrors: {} }, { status: failed ? 502 : 200 });
  }
  if (f.intent === "tier-offers") {
    const { intent: _t, currency, expectedVersion, ...tiers } = f;
    const result = await saveTierOffers(session.shop, currency, tiers, expectedVersion, actor);
    return json({ intent: f.intent, ok: result.ok, error: result.ok ? null : result.error, fieldErrors: result.ok ? {} : (result.fieldErrors ?? {}) }, { status: result.ok ? 200 : result.status });
  }
  if (f.intent === "slack") {
    const result = await saveSlackSettings(session.shop, f, actor);
    return json({ intent: f.intent, ok: result.ok, error: result.ok ? null : result.error, fieldErrors: result.ok ? {} : result.fieldErrors }, { status: result.ok ? 200 : result.status });
  }
  const { intent: _i, expectedVersion, ...input } = f;
  const result = await saveLlmSettings(session.shop, input, actor.staffId, expectedVersion);
  const fieldErrors = result.ok ? {} : Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, v.join("; ")]));
  return json({ intent: f.intent, ok: result.ok, error: result.ok ? null : result.error, fieldErrors }, { status: result.ok ? 200 : result.status });
};

function useSaved(fetcher: ReturnType<typeof useFetcher<typeof action>>, message: string) {
  const shopify = useAppBridge();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(message);
  }, [fetcher.state, fetcher.data, shopify, message]);
  return (fetcher.data?.fieldErrors ?? {}) as Record<string, string>;
}

function LlmCard({ llm }: { llm: ReturnType<typeof useLoaderData<typeof loader>>["llm"] }) {
  const fetcher = useFetcher<typeof action>();
  const errors = useSaved(fetcher, "AI settings saved");
  const [v, setV] = useState({ baseURL: llm.baseURL ?? "", model: llm.model ?? "", apiKey: "", timeoutMs: String(llm.timeoutMs) });
  const set = (k: keyof typeof v) => (value: string) => setV((s) => ({ ...s, [k]: value }));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">AI proposals</Text>
          <span data-testid="ai-mode">
            {llm.configured ? <Badge tone="info">{`AI: ${llm.model} (${llm.source === "env" ? "app default" : "this shop"})`}</Badge> : <Badge>Rules and templates (no AI)</Badge>}
          </span>
        </InlineStack>
        <Text as="p" tone="subdued">
          Any OpenAI-compatible endpoint. Without one, Uplift decides with your rules and writes messages from templates, and says so.
          The model never sees customers&apos; personal data, and guardrails apply to whatever it proposes. Checkout never waits for it.
        </Text>
        {fetcher.data && !fetcher.data.ok && fetcher.data.intent === "llm" ? <Banner tone="critical" title={fetcher.data.error ?? "Not saved"} /> : null}
        <FormLayout>
          <FormLayout.Group>
            <TextField label="Base URL" value={v.baseURL} onChange={set("baseURL")} autoComplete="off" placeholder="https://api.openai.com/v1" error={errors.baseURL} />
            <TextField label="Model" value={v.model} onChange={set("model")} autoComplete="off" error={errors.model} />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField label="API key" type="password" value={v.apiKey} onChange={set("apiKey")} autoComplete="off" placeholder={llm.apiKeySet ? "saved (leave blank to keep)" : ""} error={errors.apiKey} />
            <TextField label="Timeout (ms)" type="number" value={v.timeoutMs} onChange={set("timeoutMs")} autoComplete="off" error={errors.timeoutMs} />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end">
          <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ intent: "llm", ...v, expectedVersion: String(llm.version) }, { method: "post" })}>Save AI settings</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function SlackCard({ slack }: { slack: ReturnType<typeof useLoaderData<typeof loader>>["slack"] }) {
  const fetcher = useFetcher<typeof action>();
  const errors = useSaved(fetcher, "Slack approvals saved");
  const [channel, setChannel] = useState(slack.channel);
  const [approvers, setApprovers] = useState(slack.approvers);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Slack approvals</Text>
        {!slack.appConfigured ? <Banner tone="info" title="This installation has no Slack app configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)" /> : null}
        {fetcher.data && !fetcher.data.ok && fetcher.data.intent === "slack" ? <Banner tone="critical" title={fetcher.data.error ?? "Not saved"} /> : null}
        <TextField label="Channel id" value={channel} onChange={setChannel} autoComplete="off" placeholder="C0123ABCD" error={errors.channel} />
        <TextField
          label="Approvers"
          helpText="One per line: Slack user id, Slack team id, Shopify staff id, name. Only these people can approve from Slack."
          value={approvers}
          onChange={setApprovers}
          multiline={4}
          autoComplete="off"
          error={errors.approvers}
        />
        <InlineStack align="end">
          <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ intent: "slack", channel, approvers }, { method: "post" })}>Save Slack approvals</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

type TierOffersView = ReturnType<typeof useLoaderData<typeof loader>>["tierOffers"];

function TierOffersCard({ tierOffers, currency }: { tierOffers: TierOffersView; currency: string | null }) {
  const fetcher = useFetcher<typeof action>();
  const errors = useSaved(fetcher, "Tier offers saved");
  const initial = Object.fromEntries(
    TIERS.map((t) => {
      const o = tierOffers.tiers[t];
      return [t, o ? (o.kind === "free_shipping" ? "free_shipping" : o.value) : "none"];
    }),
  ) as Record<(typeof TIERS)[number], string>;
  const [v, setV] = useState(initial);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Tier offers (every plan)</Text>
        <Text as="p" tone="subdued">
          Logged-in customers get their tier&apos;s offer at checkout through the discount Function, on any Shopify plan and without the checkout
          block. Tiers come from the nightly customer scoring; guardrails still cap every discount. Enter a percentage, free_shipping, or none.
        </Text>
        {fetcher.data && !fetcher.data.ok && fetcher.data.intent === "tier-offers" ? <Banner tone="critical" title={fetcher.data.error ?? "Not saved"} /> : null}
        <FormLayout>
          <FormLayout.Group>
            {TIERS.map((t) => (
              <TextField key={t} label={t[0]!.toUpperCase() + t.slice(1)} value={v[t]} onChange={(value) => setV((s) => ({ ...s, [t]: value }))} autoComplete="off" error={errors[t]} />
            ))}
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end">
          <Button
            variant="primary"
            disabled={!currency}
            loading={fetcher.state !== "idle"}
            onClick={() => fetcher.submit({ intent: "tier-offers", currency: currency ?? "", expectedVersion: String(tierOffers.version), ...v }, { method: "post" })}
          >
            Save tier offers
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function CheckoutCard({ checkout }: { checkout: ReturnType<typeof useLoaderData<typeof loader>>["checkout"] }) {
  const fetcher = useFetcher<typeof action>();
  useSaved(fetcher, "Checkout repaired");
  return (
    <BlockStack gap="200">
      {fetcher.data && !fetcher.data.ok && fetcher.data.intent === "repair-checkout" ? <Banner tone="critical" title="Some parts could not be repaired">{fetcher.data.error}</Banner> : null}
      <CheckoutSetupCard setup={checkout} repairing={fetcher.state !== "idle"} onRepair={() => fetcher.submit({ intent: "repair-checkout" }, { method: "post" })} />
    </BlockStack>
  );
}

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <Layout>
        <Layout.Section>
          {data.storeError && (
            <Banner tone="critical" title="Shopify did not answer">
              <p>{data.storeError}</p>
            </Banner>
          )}
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Store</Text>
              {data.store ? (
                <div data-testid="store-overview">
                  <Text as="p">
                    {data.store.name} ({data.store.myshopifyDomain}), {data.store.plan.publicDisplayName} plan
                    {data.store.plan.shopifyPlus ? "" : " (checkout extensions in the checkout steps need Shopify Plus)"}
                  </Text>
                  <Text as="p" tone="subdued">
                    Currency {data.store.currencyCode}, time zone {data.store.ianaTimezone}
                  </Text>
                </div>
              ) : null}
              {data.apiBudget && (
                <Text as="p" tone="subdued">
                  Admin API budget: {Math.floor(data.apiBudget.currentlyAvailable)} of {data.apiBudget.maximumAvailable} points,
                  refilling {data.apiBudget.restoreRate} per second
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <CheckoutCard checkout={data.checkout} />
        </Layout.Section>
        <Layout.Section>
          <TierOffersCard tierOffers={data.tierOffers} currency={data.store?.currencyCode ?? null} />
        </Layout.Section>
        <Layout.Section>
          <LlmCard llm={data.llm} />
        </Layout.Section>
        <Layout.Section>
          <SlackCard slack={data.slack} />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Guardrails</Text>
              <Text as="p">Maximum discount, margin floor, budgets and approval thresholds are on the Guardrails page.</Text>
              {data.scopes && <Text as="p" tone="subdued">Granted access: {data.scopes}</Text>}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
