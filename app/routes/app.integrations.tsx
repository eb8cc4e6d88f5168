import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { adminApprover } from "../services/approver.server";
import { connectCrm, crmSettingsView, disconnectCrm } from "../services/crm-connections.server";
import { CrmConnectionCard } from "../components/CrmConnectionCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ crms: await crmSettingsView(session.shop) });
};

const form = z.discriminatedUnion("intent", [
  // baseUrl: HubSpot and Klaviyo only ever answer on their API host in production (the service checks); tests point it at tools/local-hubspot or tools/local-klaviyo.
  // accessToken (HubSpot, Salesforce) or apiKey (Klaviyo): which one a provider needs is the service's check.
  z.object({ intent: z.literal("connect"), provider: z.enum(["hubspot", "salesforce", "klaviyo"]), accessToken: z.string().max(4000).optional(), apiKey: z.string().max(4000).optional(), instanceUrl: z.string().max(500).optional(), baseUrl: z.string().max(500).optional(), apiVersion: z.string().max(10).optional() }),
  z.object({ intent: z.literal("disconnect"), provider: z.enum(["hubspot", "salesforce", "klaviyo"]) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = form.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Invalid form", { status: 400 });
  const actor = adminApprover(session, sessionToken?.sub);
  if (!actor) throw new Response("No staff member behind this request", { status: 403 });
  const f = parsed.data;
  if (f.intent === "disconnect") {
    const done = await disconnectCrm(session.shop, f.provider, actor);
    return json({ provider: f.provider, ok: done, errors: done ? [] : ["Not connected"] }, { status: done ? 200 : 404 });
  }
  const { intent: _i, ...input } = f;
  const result = await connectCrm(session.shop, input, actor);
  return json({ provider: f.provider, ok: result.ok, errors: result.ok ? [] : result.errors }, { status: result.ok ? 200 : result.status });
};

export default function Integrations() {
  const { crms } = useLoaderData<typeof loader>();
  return (
    <Page title="Integrations" subtitle="Customer scores synced to your CRM">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p" tone="subdued">
              After each scoring run, predicted CLV, tier, churn risk and next-best action are written to Shopify customer metafields and tags, and to each connected CRM.
              A tier change for a customer with a support ticket from the last 7 days waits in Approvals instead. Tokens are encrypted at rest and never shown again.
            </Text>
            {crms.map((crm) => (
              <CrmConnectionCard key={crm.provider} crm={crm} />
            ))}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
