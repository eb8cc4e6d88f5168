// One CRM sync run in its own process, for tests that kill it mid-batch:
// node --no-experimental-require-module --import tsx test/support/run-crm-sync.ts <shop> <provider>
import { runCrmSync } from "../../app/services/crm-sync.server";
import type { CrmProvider } from "../../app/integrations/crm/types";

const [shop, provider] = process.argv.slice(2) as [string, CrmProvider];
const run = await runCrmSync(shop, provider, { minIntervalMs: 0 });
process.stdout.write(`${JSON.stringify(run)}\n`);
process.exit(0);
