import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { adminApprover } from "../services/approver.server";
import { customerModelFormSchema, customerModelSettings, saveCustomerModelSettings } from "../services/customer-model-settings.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await customerModelSettings(session.shop));
};

const form = customerModelFormSchema.extend({ expectedVersion: z.coerce.number().int().min(0) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const actor = adminApprover(session, sessionToken?.sub);
  if (!actor) throw new Response("No staff member behind this request", { status: 403 });
  const { expectedVersion, ...input } = parsed.data;
  const result = await saveCustomerModelSettings(session.shop, input, expectedVersion, actor);
  return json(result, { status: result.ok ? 200 : result.status });
};

const pct = (q: number) => String(Math.round(q * 1000) / 10);

export default function CustomerModel() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [q, setQ] = useState({ platinum: pct(data.quantiles.platinum), gold: pct(data.quantiles.gold), silver: pct(data.quantiles.silver) });
  const [rules, setRules] = useState(JSON.stringify(data.nbaRules, null, 2));
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show("Saved: the next scoring run uses these settings");
  }, [fetcher.state, fetcher.data, shopify]);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const fieldError = (name: string) => (errors && "fieldErrors" in errors ? errors.fieldErrors?.[name] : undefined);
  return (
    <Page title="Customer model" subtitle="Tier boundaries and next-best-action rules" backAction={{ content: "Customers", url: "/app/customers" }}>
      <Layout>
        {data.invalid ? <Layout.Section><Banner tone="warning" title="The saved settings no longer parse; the defaults are in use" /></Layout.Section> : null}
        {errors ? <Layout.Section><Banner tone="critical" title={errors.error} /></Layout.Section> : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Tiers</Text>
              <Text as="p" tone="subdued">Each tier starts at a percentile of this shop's predicted CLV: with Platinum at 95, the top 5 % of customers are Platinum.</Text>
              <FormLayout>
                <FormLayout.Group>
                  {(["platinum", "gold", "silver"] as const).map((tier) => (
                    <TextField key={tier} label={`${tier[0]!.toUpperCase()}${tier.slice(1)} from percentile`} type="number" value={q[tier]} onChange={(v) => setQ({ ...q, [tier]: v })} error={fieldError(tier)} autoComplete="off" name={tier} />
                  ))}
                </FormLayout.Group>
              </FormLayout>
              <Text as="h2" variant="headingMd">Next-best-action rules</Text>
              <Text as="p" tone="subdued">First match wins. Fields: clvMinor, churnRisk, pAlive, tier, frequency, orders, daysSinceLastOrder, daysOverdue, expectedPurchases12m, topCategory, source. An unknown operator never matches.</Text>
              <TextField label="Rules (JSON)" labelHidden multiline={16} value={rules} onChange={setRules} error={fieldError("rules")} autoComplete="off" monospaced name="rules" />
              <InlineStack>
                <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ ...q, rules, expectedVersion: String(data.version) }, { method: "post" })}>
                  Save customer model
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
