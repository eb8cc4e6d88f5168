import { BlockStack, Card, FormLayout, Text, TextField } from "@shopify/polaris";

// Per offer type approval thresholds on the Guardrails page. Field names follow
// guardrails.server.ts thresholdField(): t_<action type>_<cart|discount>.

const OFFER_TYPES: { type: string; label: string }[] = [
  { type: "percentage_discount", label: "Percentage discount" },
  { type: "fixed_discount", label: "Fixed discount" },
  { type: "free_shipping", label: "Free shipping" },
  { type: "gift", label: "Free gift" },
  { type: "bundle", label: "Bundle" },
  { type: "upsell", label: "Upsell" },
  { type: "recovery_message", label: "Recovery message" },
  { type: "risk_route", label: "Risk route" },
];

export function ActionThresholdsCard({ values, errors, onChange }: { values: Record<string, string>; errors: Partial<Record<string, string>>; onChange: (key: string, value: string) => void }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Approval thresholds per offer type</Text>
        <Text as="p" tone="subdued">Blank follows the thresholds above; &quot;never&quot; turns that check off for the offer type; an amount replaces it.</Text>
        <FormLayout>
          {OFFER_TYPES.map(({ type, label }) => (
            <FormLayout.Group key={type} condensed>
              {(["cart", "discount"] as const).map((reason) => {
                const key = `t_${type}_${reason}`;
                return (
                  <TextField
                    key={key}
                    name={key}
                    label={`${label}: ${reason === "cart" ? "cart value above" : "discount above"}`}
                    prefix="$"
                    autoComplete="off"
                    value={values[key] ?? ""}
                    onChange={(v) => onChange(key, v)}
                    error={errors[key]}
                  />
                );
              })}
            </FormLayout.Group>
          ))}
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
