import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { adminApprover } from "../services/approver.server";
import { audiencesFormSchema, audiencesPage, saveAudiences } from "../services/audiences-settings.server";

// Dynamic audiences: the rules (JSON, versioned and audited) and, per audience, its members in the
// CRM list and the changes waiting to be synced.

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await audiencesPage(session.shop));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = audiencesFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const actor = adminApprover(session, sessionToken?.sub);
  if (!actor) throw new Response("No staff member behind this request", { status: 403 });
  const result = await saveAudiences(session.shop, parsed.data.json, parsed.data.expectedVersion, actor);
  return json(result, { status: result.ok ? 200 : result.status });
};

const EXAMPLE = `{ "id": "shoe-fans", "name": "Shoe fans", "provider": "hubspot", "listId": "123",
  "when": [{ "event": "collection_viewed", "match": "gid://shopify/Collection/7", "atLeast": 3, "withinDays": 7 },
           { "field": "tier", "op": "in", "value": ["platinum", "gold"] }] }`;

export default function Audiences() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [text, setText] = useState(data.json);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show("Saved: new behaviour is evaluated against these rules");
  }, [fetcher.state, fetcher.data, shopify]);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const rows = data.audiences.map((a) => [
    a.name,
    a.listId,
    a.enabled ? <Badge tone="success">On</Badge> : <Badge>Paused</Badge>,
    a.members,
    a.pendingAdds,
    a.pendingRemovals,
    a.failed > 0 ? <Badge tone="critical">{String(a.failed)}</Badge> : "0",
  ]);
  return (
    <Page title="Audiences" subtitle="Behaviour that adds customers to CRM lists, and takes them out when it stops">
      <Layout>
        {data.invalid ? <Layout.Section><Banner tone="warning" title="The saved rules no longer parse: no audience is active until they are fixed" /></Layout.Section> : null}
        {!data.crmConnected ? <Layout.Section><Banner tone="info" title="Connect HubSpot on the Integrations page: changes wait here until then" /></Layout.Section> : null}
        {errors ? <Layout.Section><Banner tone="critical" title={errors.error}>{"fieldErrors" in errors && errors.fieldErrors?.json ? <p>{errors.fieldErrors.json}</p> : null}</Banner></Layout.Section> : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Members</Text>
              {rows.length === 0 ? (
                <Text as="p" tone="subdued">No audiences yet.</Text>
              ) : (
                <DataTable columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric", "numeric"]} headings={["Audience", "HubSpot list", "State", "In the list", "Adding", "Removing", "Failed"]} rows={rows} />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Rules</Text>
              <Text as="p" tone="subdued">
                Every condition must hold. Events: collection_viewed, product_viewed, product_added_to_cart (from the storefront pixel, logged-in customers only) and high_margin_in_cart (added to the cart with a margin of at least highMargin.minMarginRate, from the variant&apos;s cost in Shopify). Counts are per UTC day; withinDays 1 means today. Optional score conditions: tier, churnRisk, clvMinor with gt, gte, lt, lte, eq, neq, in. An unknown event or operator never matches. Members leave when they stop qualifying (checked daily). The list must be a static (MANUAL) HubSpot list.
              </Text>
              <Text as="p" tone="subdued">Example audience: <code>{EXAMPLE}</code></Text>
              <TextField label="Rules (JSON)" labelHidden multiline={18} value={text} onChange={setText} error={errors && "fieldErrors" in errors ? errors.fieldErrors?.json : undefined} autoComplete="off" monospaced name="json" />
              <InlineStack>
                <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ json: text, expectedVersion: String(data.version) }, { method: "post" })}>
                  Save audiences
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
