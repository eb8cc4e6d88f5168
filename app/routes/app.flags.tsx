import { useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { adminApprover } from "../services/approver.server";
import { flagsPage, saveFlag, setKillSwitch } from "../services/flags.server";
import { ShadowEstimateView } from "../components/ShadowEstimateView";
import { WORKFLOW_KEYS, WORKFLOWS, type Workflow } from "../components/labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json(await flagsPage(session.shop));
};

const list = (upper = false) =>
  z
    .string()
    .default("")
    .transform((s) => [...new Set(s.split(",").map((x) => (upper ? x.trim().toUpperCase() : x.trim())).filter(Boolean))]);
const workflow = z.enum(WORKFLOW_KEYS as [Workflow, ...Workflow[]]);
const saveForm = z.object({
  intent: z.literal("save"),
  workflow,
  expectedVersion: z.coerce.number().int().nonnegative(),
  mode: z.enum(["off", "shadow", "live"]),
  rolloutPercent: z.string().trim().min(1, "Enter a percentage").pipe(z.coerce.number({ invalid_type_error: "Enter a number" })),
  customerType: z.enum(["any", "new", "returning"]).default("any"),
  tiers: list(),
  countries: list(true).refine((cs) => cs.every((c) => /^[A-Z]{2}$/.test(c)), "Use two-letter country codes, e.g. US, CA"),
  devices: list(),
});
const killForm = z.object({ intent: z.enum(["kill", "resume"]), workflow });
const form = z.discriminatedUnion("intent", [saveForm, killForm]);
const target = z.object({ intent: z.enum(["save", "kill", "resume"]), workflow });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const approver = adminApprover(session, sessionToken?.sub);
  if (!approver) throw new Response("No staff member behind this request", { status: 403 });
  const raw = Object.fromEntries(await request.formData());
  if (!target.safeParse(raw).success) throw new Response("Invalid form", { status: 400 });
  const parsed = form.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(Object.entries(parsed.error.flatten().fieldErrors).map(([k, v]) => [k, v?.[0] ?? "Invalid"]));
    return json({ ok: false as const, error: "Some values are not valid", fieldErrors }, { status: 422 });
  }
  const f = parsed.data;
  const result =
    f.intent === "save"
      ? await saveFlag(
          session.shop,
          f.workflow,
          {
            mode: f.mode,
            rolloutPercent: f.rolloutPercent,
            targeting: {
              ...(f.tiers.length ? { tiers: f.tiers } : {}),
              ...(f.customerType !== "any" ? { customerType: f.customerType } : {}),
              ...(f.countries.length ? { countries: f.countries } : {}),
              ...(f.devices.length ? { devices: f.devices } : {}),
            },
          },
          f.expectedVersion,
          approver,
        )
      : await setKillSwitch(session.shop, f.workflow, f.intent === "kill", approver);
  return json(result, { status: result.ok ? 200 : result.status });
};

type Row = ReturnType<typeof useLoaderData<typeof loader>>["workflows"][number];
const MODE_TONE = { off: undefined, shadow: "info", live: "success" } as const;

function FlagCard({ row }: { row: Row }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const { flag } = row;
  const initial = () => ({
    mode: flag.mode as string,
    rolloutPercent: String(flag.rollout.percent),
    customerType: flag.targeting.customerType ?? "any",
    tiers: (flag.targeting.tiers ?? []).join(", "),
    countries: (flag.targeting.countries ?? []).join(", "),
    devices: (flag.targeting.devices ?? []).join(", "),
  });
  const [values, setValues] = useState(initial);
  const lastIntent = useRef<"save" | "kill" | "resume">("save");
  // A new version (saved here or elsewhere) resets the form to what is stored.
  useEffect(() => setValues(initial()), [row.version]);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const done = { save: "saved", kill: "killed", resume: "kill switch released" }[lastIntent.current];
    if (fetcher.data.ok) shopify.toast.show(`${WORKFLOWS[row.workflow]} ${done} (version ${fetcher.data.version})`);
    else shopify.toast.show(fetcher.data.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify, row.workflow]);
  const errors = fetcher.data && !fetcher.data.ok ? (fetcher.data.fieldErrors ?? {}) : {};
  const busy = fetcher.state !== "idle";
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const submit = (intent: "save" | "kill" | "resume") => {
    lastIntent.current = intent;
    fetcher.submit(intent === "save" ? { intent, workflow: row.workflow, expectedVersion: row.version, ...values } : { intent, workflow: row.workflow }, { method: "post" });
  };

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">{WORKFLOWS[row.workflow]}</Text>
            {flag.killed ? <Badge tone="critical">Killed</Badge> : <Badge tone={MODE_TONE[flag.mode]}>{flag.mode}</Badge>}
            <Text as="span" tone="subdued">{flag.rollout.percent}% rollout · v{row.version}{row.updatedBy ? ` · ${row.updatedBy}` : ""}</Text>
          </InlineStack>
          {flag.killed ? (
            <Button onClick={() => submit("resume")} loading={busy} disabled={busy}>Release kill switch</Button>
          ) : (
            <Button tone="critical" variant="primary" onClick={() => submit("kill")} loading={busy} disabled={busy}>Kill switch</Button>
          )}
        </InlineStack>
        {row.invalid && <Banner tone="warning" title="The stored flag no longer parses; this workflow runs as off until it is saved again" />}
        {flag.killed && <Banner tone="critical" title="Killed: no unit gets this workflow, whatever the mode below" />}
        <FormLayout>
          <FormLayout.Group condensed>
            <Select label="Mode" options={["off", "shadow", "live"]} value={values.mode} onChange={set("mode")} error={errors.mode} />
            <TextField label="Rollout %" type="number" min={0} max={100} autoComplete="off" value={values.rolloutPercent} onChange={set("rolloutPercent")} error={errors.rolloutPercent} />
            <Select label="Customers" options={[{ label: "New and returning", value: "any" }, { label: "New only", value: "new" }, { label: "Returning only", value: "returning" }]} value={values.customerType} onChange={set("customerType")} />
          </FormLayout.Group>
          <FormLayout.Group condensed>
            <TextField label="Tiers" placeholder="all tiers" helpText="Comma-separated" autoComplete="off" value={values.tiers} onChange={set("tiers")} error={errors.tiers} />
            <TextField label="Countries" placeholder="all countries" helpText="e.g. US, CA" autoComplete="off" value={values.countries} onChange={set("countries")} error={errors.countries} />
            <TextField label="Devices" placeholder="all devices" helpText="e.g. mobile, desktop" autoComplete="off" value={values.devices} onChange={set("devices")} error={errors.devices} />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end" gap="200">
          <Button url={`/app/policies/${row.workflow}`}>Edit policy</Button>
          <Button variant="primary" onClick={() => submit("save")} loading={busy} disabled={busy}>Save</Button>
        </InlineStack>
        {row.shadow && (
          <>
            <Divider />
            <Box>
              <BlockStack gap="200">
                <Text as="h3" variant="headingSm">Shadow mode: what going live would have done</Text>
                <ShadowEstimateView estimate={row.shadow} />
              </BlockStack>
            </Box>
          </>
        )}
      </BlockStack>
    </Card>
  );
}

export default function Flags() {
  const { workflows } = useLoaderData<typeof loader>();
  return (
    <Page title="Flags and rollout" subtitle="Each workflow runs off, in shadow (decides and logs, applies nothing) or live, for a share of units">
      <Layout>
        {workflows.map((row) => (
          <Layout.Section key={row.workflow}>
            <FlagCard row={row} />
          </Layout.Section>
        ))}
      </Layout>
    </Page>
  );
}
