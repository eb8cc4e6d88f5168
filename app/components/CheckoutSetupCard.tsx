import { Badge, Banner, BlockStack, Button, Card, InlineStack, List, Text } from "@shopify/polaris";

// The checkout parts Uplift installs in the shop, their state, and a way to repair them. Plan
// limits are stated plainly: merchants should not find out at checkout what their plan cannot do.

export type SetupPartView = { part: string; state: "ok" | "missing" | "outdated" | "failed"; id: string | null; detail?: string };
export type SetupView = { parts: SetupPartView[]; shopifyPlus: boolean | null; error: string | null };

const LABELS: Record<string, string> = {
  offerDefinition: "Order metafield for accepted offers (copied from the cart)",
  discount: "Automatic discount “Uplift checkout offers” (discount Function)",
  deliveryCustomization: "Delivery options experiment (delivery customization Function)",
  paymentCustomization: "Payment methods experiment (payment customization Function)",
  extensionConfig: "Checkout extension settings (where the extension reaches the app)",
  webPixel: "Storefront web pixel (behaviour for dynamic audiences)",
};

const TONES = { ok: "success", missing: "critical", outdated: "warning", failed: "critical" } as const;
const STATE_TEXT = { ok: "Installed", missing: "Missing", outdated: "Out of date", failed: "Failed" } as const;

export function CheckoutSetupCard({ setup, repairing, onRepair }: { setup: SetupView; repairing: boolean; onRepair: () => void }) {
  const broken = setup.parts.filter((p) => p.state !== "ok").length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">Checkout</Text>
          <span data-testid="checkout-setup-summary">
            {setup.error ? <Badge tone="critical">Unknown</Badge> : broken === 0 ? <Badge tone="success">All parts installed</Badge> : <Badge tone="warning">{`${broken} to repair`}</Badge>}
          </span>
        </InlineStack>
        {setup.error ? <Banner tone="critical" title="Shopify did not answer">{setup.error}</Banner> : null}
        <BlockStack gap="150">
          {setup.parts.map((p) => (
            <InlineStack key={p.part} gap="200" blockAlign="center" wrap={false}>
              <span data-testid={`setup-${p.part}`}>
                <Badge tone={TONES[p.state]}>{STATE_TEXT[p.state]}</Badge>
              </span>
              <Text as="span">{LABELS[p.part] ?? p.part}</Text>
              {p.detail ? <Text as="span" tone="subdued">{p.detail}</Text> : null}
            </InlineStack>
          ))}
        </BlockStack>
        <Text as="h3" variant="headingSm">What your plan allows</Text>
        <List>
          <List.Item>
            Offers shown in the checkout steps (information, shipping, payment) need Shopify Plus
            {setup.shopifyPlus === null ? "." : setup.shopifyPlus ? ": this store is on Plus." : ": this store is not on Plus, so shoppers will not see them there."}
          </List.Item>
          <List.Item>On every plan, logged-in customers get their tier offers at checkout through the discount Function, with no extension involved.</List.Item>
          <List.Item>The thank-you block runs on every plan except Starter.</List.Item>
          <List.Item>A store runs at most 25 discount Functions, 25 delivery and 25 payment customizations at once, across all apps.</List.Item>
        </List>
        <InlineStack align="end">
          <Button onClick={onRepair} loading={repairing} disabled={!setup.error && broken === 0}>
            Repair
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
