import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";

type CrmView = {
  provider: "hubspot" | "salesforce" | "klaviyo" | "shopify";
  connected: boolean;
  status: string | null;
  target: string | null;
  lastError: string | null;
  lastSyncAt: string | null;
  counts: Record<string, number>;
};
type ActionData = { provider: string; ok: boolean; errors: string[] };

const NAMES = { hubspot: "HubSpot", salesforce: "Salesforce", klaviyo: "Klaviyo", shopify: "Shopify" } as const;
const HELP = {
  hubspot: "A private app access token with crm.objects.contacts.write, crm.schemas.contacts.write and tickets scopes.",
  salesforce: "Your org's My Domain URL and an access token for an integration user allowed to edit Contact fields and read Cases.",
  klaviyo: "A private API key (pk_…) with profiles:write and lists:write. Scores are written as profile properties (uplift_*); Klaviyo has no support tickets, so tier changes are never held for review there.",
  shopify: "",
} as const;

export function CrmConnectionCard({ crm }: { crm: CrmView }) {
  const fetcher = useFetcher<ActionData>();
  const shopify = useAppBridge();
  const [token, setToken] = useState("");
  const [instanceUrl, setInstanceUrl] = useState("");
  const name = NAMES[crm.provider];
  const busy = fetcher.state !== "idle";
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      setToken("");
      shopify.toast.show(`${name} settings saved`);
    }
  }, [fetcher.state, fetcher.data, shopify, name]);
  const counts = Object.entries(crm.counts).map(([status, n]) => `${n} ${status}`).join(" · ");
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between">
          <Text as="h2" variant="headingMd">{name}</Text>
          {crm.connected ? <Badge tone={crm.status === "error" ? "critical" : "success"}>{crm.status === "error" ? "Needs attention" : "Connected"}</Badge> : <Badge>Not connected</Badge>}
        </InlineStack>
        {fetcher.data && !fetcher.data.ok ? (
          <Banner tone="critical" title={`${name} was not connected`}>
            {fetcher.data.errors.map((e) => <p key={e}>{e}</p>)}
          </Banner>
        ) : null}
        {crm.lastError ? <Banner tone="warning" title="The last sync stopped">{crm.lastError}</Banner> : null}
        {crm.connected ? (
          <BlockStack gap="200">
            <Text as="p">{crm.target}</Text>
            <Text as="p" tone="subdued">{crm.lastSyncAt ? `Last sync ${new Date(crm.lastSyncAt).toLocaleString()}` : "Not synced yet"}{counts ? ` · contacts: ${counts}` : ""}</Text>
            <InlineStack gap="200">
              <Button tone="critical" loading={busy} onClick={() => fetcher.submit({ intent: "disconnect", provider: crm.provider }, { method: "post" })}>Disconnect {name}</Button>
            </InlineStack>
          </BlockStack>
        ) : (
          <FormLayout>
            <Text as="p" tone="subdued">{HELP[crm.provider]}</Text>
            {crm.provider === "salesforce" ? <TextField label="Instance URL" value={instanceUrl} onChange={setInstanceUrl} autoComplete="off" placeholder="https://yourcompany.my.salesforce.com" /> : null}
            <TextField label={crm.provider === "klaviyo" ? "Klaviyo private API key" : `${name} access token`} type="password" value={token} onChange={setToken} autoComplete="off" />
            <Button
              variant="primary"
              loading={busy}
              disabled={!token}
              onClick={() => fetcher.submit({ intent: "connect", provider: crm.provider, ...(crm.provider === "klaviyo" ? { apiKey: token } : { accessToken: token }), ...(crm.provider === "salesforce" ? { instanceUrl } : {}) }, { method: "post" })}
            >
              Connect {name}
            </Button>
          </FormLayout>
        )}
      </BlockStack>
    </Card>
  );
}
