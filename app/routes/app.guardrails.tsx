import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { adminApprover } from "../services/approver.server";
import { actionThresholdForm, byActionFromForm, guardrailsPage, saveGuardrails } from "../services/guardrails.server";
import { ActionThresholdsCard } from "../components/ActionThresholdsCard";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await guardrailsPage(session.shop));
};

// Ranges are the engine's (guardrailSettingsSchema, checked by the service); the form checks types.
const number = z.string().trim().min(1, "Required").pipe(z.coerce.number({ invalid_type_error: "Enter a number" }));
const optional = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s))
  .pipe(z.coerce.number({ invalid_type_error: "Enter a number" }).nullable());
const gids = (kind: string) =>
  z
    .string()
    .default("")
    .transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
    .refine((ids) => ids.every((id) => new RegExp(`^gid://shopify/${kind}/\\d+$`).test(id)), `Use ${kind} GIDs such as gid://shopify/${kind}/123, separated by commas`);

const form = z.object({
  expectedVersion: z.coerce.number().int().nonnegative(),
  maxDiscountPercent: number,
  marginFloorPercent: number,
  marginFloorMin: number,
  excludedProductIds: gids("Product"),
  excludedCollectionIds: gids("Collection"),
  excludedVariantIds: gids("ProductVariant"),
  maxOffersPerWindow: optional,
  minMinutesBetweenOffers: optional,
  dailyBudget: optional,
  approvalCartValueAbove: optional,
  approvalDiscountAbove: optional,
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const approver = adminApprover(session, sessionToken?.sub);
  if (!approver) throw new Response("No staff member behind this request", { status: 403 });
  const entries = Object.fromEntries(await request.formData());
  const parsed = form.safeParse(entries);
  const thresholds = actionThresholdForm.safeParse(entries);
  if (!parsed.success || !thresholds.success) {
    const issues = [...(parsed.success ? [] : parsed.error.issues), ...(thresholds.success ? [] : thresholds.error.issues)];
    const fieldErrors: Record<string, string> = {};
    for (const issue of issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return json({ ok: false as const, error: "Some values are not valid", fieldErrors }, { status: 422 });
  }
  const { expectedVersion, ...rest } = parsed.data;
  const input = { ...rest, byAction: byActionFromForm(thresholds.data) };
  const result = await saveGuardrails(session.shop, input, expectedVersion, approver);
  return json(result, { status: result.ok ? 200 : result.status });
};

type Form = ReturnType<typeof useLoaderData<typeof loader>>["form"];
type Field = { key: keyof Form; label: string; help?: string; prefix?: string; suffix?: string };
const SECTIONS: { title: string; fields: Field[] }[] = [
  {
    title: "Discount limits",
    fields: [
      { key: "maxDiscountPercent", label: "Maximum discount", suffix: "%", help: "Upper bound for any percentage, and for fixed discounts and gifts as a share of the cart" },
      { key: "marginFloorPercent", label: "Margin floor", suffix: "% of price", help: "Each discounted unit keeps at least this margin after the discount" },
      { key: "marginFloorMin", label: "Minimum margin per unit", prefix: "$" },
    ],
  },
  {
    title: "Never discounted",
    fields: [
      { key: "excludedProductIds", label: "Products", help: "Comma-separated, e.g. gid://shopify/Product/123" },
      { key: "excludedCollectionIds", label: "Collections", help: "e.g. gid://shopify/Collection/456" },
      { key: "excludedVariantIds", label: "Variants", help: "e.g. gid://shopify/ProductVariant/789" },
    ],
  },
  {
    title: "Frequency and budget",
    fields: [
      { key: "maxOffersPerWindow", label: "Offers per customer per 7 days", help: "Blank: no cap" },
      { key: "minMinutesBetweenOffers", label: "Minutes between offers", help: "Blank: no minimum" },
      { key: "dailyBudget", label: "Daily discount budget", prefix: "$", help: "Blank: no budget" },
    ],
  },
  {
    title: "Send to a person for approval when",
    fields: [
      { key: "approvalCartValueAbove", label: "Cart value above", prefix: "$", help: "Blank: never for this reason" },
      { key: "approvalDiscountAbove", label: "Discount above", prefix: "$", help: "Blank: never for this reason" },
    ],
  },
];
const LABELS = Object.fromEntries(SECTIONS.flatMap((s) => s.fields.map((f) => [f.key, f.label])));

export default function Guardrails() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [values, setValues] = useState(data.form);
  // Only a new version resets the inputs: a refused save keeps what was typed, next to its errors.
  useEffect(() => setValues(data.form), [data.version]);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    if (fetcher.data.ok) shopify.toast.show(`Guardrails saved (version ${fetcher.data.version})`);
    else shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const errors: Partial<Record<string, string>> = failed?.fieldErrors ?? {};
  const busy = fetcher.state !== "idle";
  return (
    <Page
      title="Guardrails"
      subtitle="Limits every decision passes before it reaches a shopper, whatever proposed it"
      primaryAction={{ content: "Save", loading: busy, onAction: () => fetcher.submit({ ...values, expectedVersion: data.version }, { method: "post" }) }}
    >
      <Layout>
        {failed && (
          <Layout.Section>
            <Banner tone="critical" title={failed.error}>
              <ul>
                {Object.entries(errors).map(([k, message]) => (
                  <li key={k}>{LABELS[k] ?? k}: {message}</li>
                ))}
              </ul>
            </Banner>
          </Layout.Section>
        )}
        {SECTIONS.map((section) => (
          <Layout.Section key={section.title}>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{section.title}</Text>
                <FormLayout>
                  {section.fields.map((f) => (
                    <TextField
                      key={f.key}
                      label={f.label}
                      helpText={f.help}
                      prefix={f.prefix}
                      suffix={f.suffix}
                      autoComplete="off"
                      value={values[f.key]}
                      onChange={(v) => setValues((s) => ({ ...s, [f.key]: v }))}
                      error={errors[f.key]}
                    />
                  ))}
                </FormLayout>
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
        <Layout.Section>
          <ActionThresholdsCard values={values} errors={errors} onChange={(key, v) => setValues((s) => ({ ...s, [key]: v }))} />
        </Layout.Section>
        <Layout.Section>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="p" tone="subdued">
              {data.isDefault ? "Cautious defaults; nothing saved yet." : `Version ${data.version}, saved ${data.updatedAt ? new Date(data.updatedAt).toLocaleString() : ""}${data.updatedBy ? ` by ${data.updatedBy}` : ""}.`}
            </Text>
            <Button variant="primary" loading={busy} onClick={() => fetcher.submit({ ...values, expectedVersion: data.version }, { method: "post" })}>Save</Button>
          </InlineStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
