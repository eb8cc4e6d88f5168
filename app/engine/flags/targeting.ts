// Targeting conditions. Every condition present must hold; an attribute the unit does not carry
// fails the condition (fail closed, like Unleash's unknown operators): a flag meant for "returning
// customers in CA" must not reach a unit we know nothing about.
import type { FlagTargeting, FlagUnit } from "./schema";

// Country codes and device names arrive in mixed case from Shopify and user agents ("ca", "CA",
// "Mobile"); the comparison ignores case and surrounding space.
const norm = (s: string) => s.trim().toLowerCase();

function inList(what: string, allowed: string[] | undefined, value: string | undefined): string | null {
  if (allowed === undefined) return null;
  if (value === undefined) return `${what} unknown; flag targets ${allowed.join(", ")}`;
  const v = norm(value);
  return allowed.some((a) => norm(a) === v) ? null : `${what} ${value} not in ${allowed.join(", ")}`;
}

/** The reasons the unit is not targeted; empty when it is. */
export function targetingMisses(t: FlagTargeting, unit: FlagUnit): string[] {
  const misses: string[] = [];
  const tier = inList("tier", t.tiers, unit.tier);
  if (tier) misses.push(tier);
  if (t.customerType === "new" || t.customerType === "returning") {
    const want = t.customerType === "returning";
    if (typeof unit.isReturning !== "boolean") misses.push(`customer type unknown; flag targets ${t.customerType} customers`);
    else if (unit.isReturning !== want) misses.push(`customer is ${unit.isReturning ? "returning" : "new"}; flag targets ${t.customerType} customers`);
  }
  const country = inList("country", t.countries, unit.country);
  if (country) misses.push(country);
  const device = inList("device", t.devices, unit.device);
  if (device) misses.push(device);
  return misses;
}
