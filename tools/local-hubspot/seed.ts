import type { LocalGroup, LocalOption, LocalProperty, PropertyType } from "./properties";

// A few of HubSpot's default contact and ticket properties, enough for the app's writes and the
// ticket search. Ticket stages are those of the default support pipeline ("0").

export const SUPPORT_PIPELINE = "0";
export const TICKET_STAGES = { new: "1", waitingOnContact: "2", waitingOnUs: "3", closed: "4" } as const;

const SEEDED_AT = "2020-01-01T00:00:00.000Z";

function options(values: Array<[string, string]>): LocalOption[] {
  return values.map(([value, label], i) => ({ label, value, description: "", displayOrder: i, hidden: false }));
}

function standard(
  name: string,
  label: string,
  type: PropertyType,
  fieldType: string,
  groupName: string,
  extra: { readOnly?: boolean; options?: LocalOption[]; unique?: boolean } = {},
): LocalProperty {
  return {
    name,
    label,
    type,
    fieldType,
    description: "",
    groupName,
    options: extra.options ?? [],
    displayOrder: -1,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: extra.unique ?? false,
    hidden: false,
    hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: extra.readOnly ?? false },
    formField: !extra.readOnly,
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
    archived: false,
  };
}

export function contactProperties(): LocalProperty[] {
  const lifecycle = options([
    ["subscriber", "Subscriber"],
    ["lead", "Lead"],
    ["marketingqualifiedlead", "Marketing Qualified Lead"],
    ["salesqualifiedlead", "Sales Qualified Lead"],
    ["opportunity", "Opportunity"],
    ["customer", "Customer"],
    ["evangelist", "Evangelist"],
    ["other", "Other"],
  ]);
  return [
    standard("email", "Email", "string", "text", "contactinformation"),
    standard("firstname", "First Name", "string", "text", "contactinformation"),
    standard("lastname", "Last Name", "string", "text", "contactinformation"),
    standard("lifecyclestage", "Lifecycle Stage", "enumeration", "radio", "contactinformation", { options: lifecycle }),
    standard("hs_object_id", "Record ID", "number", "number", "contactinformation", { readOnly: true }),
    standard("createdate", "Create Date", "datetime", "date", "contactinformation", { readOnly: true }),
    standard("lastmodifieddate", "Last Modified Date", "datetime", "date", "contactinformation", { readOnly: true }),
  ];
}

export function ticketProperties(): LocalProperty[] {
  const stages = options([
    [TICKET_STAGES.new, "New"],
    [TICKET_STAGES.waitingOnContact, "Waiting on contact"],
    [TICKET_STAGES.waitingOnUs, "Waiting on us"],
    [TICKET_STAGES.closed, "Closed"],
  ]);
  return [
    standard("subject", "Ticket name", "string", "text", "ticketinformation"),
    standard("content", "Ticket description", "string", "textarea", "ticketinformation"),
    standard("hs_pipeline", "Pipeline", "enumeration", "select", "ticketinformation", { options: options([[SUPPORT_PIPELINE, "Support Pipeline"]]) }),
    standard("hs_pipeline_stage", "Ticket status", "enumeration", "select", "ticketinformation", { options: stages }),
    standard("hs_ticket_priority", "Priority", "enumeration", "select", "ticketinformation", { options: options([["LOW", "Low"], ["MEDIUM", "Medium"], ["HIGH", "High"]]) }),
    standard("hs_object_id", "Record ID", "number", "number", "ticketinformation", { readOnly: true }),
    standard("createdate", "Create date", "datetime", "date", "ticketinformation", { readOnly: true }),
    standard("hs_lastmodifieddate", "Last modified date", "datetime", "date", "ticketinformation", { readOnly: true }),
  ];
}

export const contactGroups = (): LocalGroup[] => [{ name: "contactinformation", label: "Contact information", displayOrder: -1, archived: false }];
export const ticketGroups = (): LocalGroup[] => [{ name: "ticketinformation", label: "Ticket information", displayOrder: -1, archived: false }];
