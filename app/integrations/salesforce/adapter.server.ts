import type { CrmAdapter } from "../crm/types";
import type { SalesforceConfig } from "./connection.server";
import { ensureContactFields } from "./ensure-fields.server";
import { openSupportCases } from "./open-cases.server";
import { SALESFORCE_MAX_BATCH, upsertContacts } from "./upsert-contacts.server";

export type { SalesforceConfig } from "./connection.server";

/**
 * The CRM adapter for Salesforce, on the official jsforce client: Contacts upserted by the
 * Shopify_Customer_Id__c External ID, support tickets read from open Cases.
 * @example
 * const crm = salesforceAdapter({ instanceUrl: "https://acme.my.salesforce.com", accessToken });
 * const fields = await crm.ensureFields();
 * const outcomes = await crm.upsertContacts(batch);
 */
export function salesforceAdapter(config: SalesforceConfig): CrmAdapter {
  return {
    provider: "salesforce",
    maxBatch: SALESFORCE_MAX_BATCH,
    ensureFields: () => ensureContactFields(config),
    upsertContacts: (batch) => upsertContacts(config, batch),
    openSupportTickets: (emails, since) => openSupportCases(config, emails, since),
  };
}
