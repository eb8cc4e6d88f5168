// The demo's CRMs: a local HubSpot and a local Salesforce on 127.0.0.1, connected to the demo shop
// through the same service the Integrations page uses, so a scoring run syncs to both. They keep
// nothing across restarts, so the demo re-sends everything each time it starts. A few customers
// have an open HubSpot ticket: their tier changes wait in Approvals.
import type { LocalShopify } from "../../tools/local-shopify/server";
import { startLocalHubspot } from "../../tools/local-hubspot/server";
import { startLocalSalesforce } from "../../tools/local-salesforce/server";

const HUBSPOT_TOKEN = "pat-demo-local-hubspot";
const SALESFORCE_TOKEN = "00Ddemo!local-salesforce-session";

export async function startDemoCrms(local: LocalShopify, shop: string, ports: { hubspot: number; salesforce: number }) {
  // App modules read the environment when imported: the caller has set it to the stack's.
  const prisma = (await import("../../app/db.server")).default;
  const { connectCrm } = await import("../../app/services/crm-connections.server");
  const { queue, QUEUES } = await import("../../app/queue.server");

  const hubspot = await startLocalHubspot({ token: HUBSPOT_TOKEN, port: ports.hubspot });
  const salesforce = await startLocalSalesforce({ accessToken: SALESFORCE_TOKEN, port: ports.salesforce });
  const actor = { staffId: "demo", name: "Demo setup", via: "admin" as const };
  const results = [
    await connectCrm(shop, { provider: "hubspot", accessToken: HUBSPOT_TOKEN, baseUrl: hubspot.baseUrl }, actor),
    await connectCrm(shop, { provider: "salesforce", accessToken: SALESFORCE_TOKEN, instanceUrl: salesforce.instanceUrl }, actor),
  ];
  for (const r of results) if (!r.ok) console.warn(`[uplift] demo CRM not connected: ${r.errors.join("; ")}`);
  await prisma.crmSyncItem.updateMany({ where: { shop, provider: { in: ["hubspot", "salesforce"] } }, data: { status: "pending", syncedHash: null } });

  for (const customer of local.store(shop).customers.slice(0, 4)) {
    const contact = hubspot.addContact({ email: customer.email, firstname: customer.firstName, lastname: customer.lastName });
    hubspot.addTicket({ stage: "1", contactIds: [contact.id], subject: "Question about my last order" });
  }
  // Score now (the nightly run would otherwise be the first): tiers, then the CRM syncs.
  const boss = await queue();
  await boss.send(QUEUES.scoreShop, { shop }, { singletonKey: shop });

  return {
    hubspot,
    salesforce,
    async stop() {
      await Promise.all([hubspot.close(), salesforce.close()]);
    },
  };
}
