// `npm run demo`: the app on its embedded default, against a local Shopify with a generated store,
// with carts, checkouts and orders flowing. No Shopify account, no API keys, no database server.
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { startStack } from "./lib/stack";

const root = resolve(import.meta.dirname, "..");
const dbDir = process.env.DEMO_DATA_DIR ?? resolve(root, ".data/pglite");
if (process.argv.includes("--fresh")) rmSync(dbDir, { recursive: true, force: true });

const stack = await startStack({
  dbDir,
  appPort: Number(process.env.PORT ?? 3000),
  shopifyPort: Number(process.env.LOCAL_SHOPIFY_PORT ?? 8082),
  trafficIntervalMs: Number(process.env.DEMO_TRAFFIC_MS ?? 1500),
  quiet: !process.env.DEBUG,
  // The store's two years of history come in through a bulk operation, as on a real install
  // (BACKFILL_ON_INSTALL=false skips it: on the embedded database the import holds the admin up).
  env: { BACKFILL_ON_INSTALL: process.env.BACKFILL_ON_INSTALL ?? "true" },
});

// Two weeks of decisions, experiments and approvals on a fresh demo database.
Object.assign(process.env, stack.env);
const { seedDemoDecisions } = await import("./lib/demo-decisions");
const t0 = Date.now();
const seeded = await seedDemoDecisions(stack.local, stack.shops[0]!, stack.send);
if (seeded.seeded) console.log(`[uplift] demo decisions: ${seeded.seeded} decisions, ${seeded.approvals} approvals in ${Date.now() - t0} ms`);
const { startDemoCrms } = await import("./lib/demo-crm");
const crms = await startDemoCrms(stack.local, stack.shops[0]!, { hubspot: Number(process.env.LOCAL_HUBSPOT_PORT ?? 8083), salesforce: Number(process.env.LOCAL_SALESFORCE_PORT ?? 8084) });

console.log(`
  Uplift is running on a demo store (${stack.shops.join(", ")}).

  Open the embedded admin:  ${stack.adminUrl()}

  The app itself:           ${stack.appUrl}   (the admin frame above signs you in)
  Local Shopify:            ${stack.local.url}
  Local HubSpot:            ${crms.hubspot.baseUrl}
  Local Salesforce:         ${crms.salesforce.instanceUrl}
  Press Ctrl-C to stop. \`npm run demo -- --fresh\` starts from an empty database.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n[uplift] stopping…");
    await crms.stop();
    await stack.stop();
    process.exit(0);
  });
}
