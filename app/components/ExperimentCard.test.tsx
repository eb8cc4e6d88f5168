import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { experimentReport, summarizeArms, type UnitOutcome } from "../engine/experiments";
import { ExperimentCard, type ExperimentCardData } from "./ExperimentCard";

const render = (node: React.ReactNode) => renderToString(<AppProvider i18n={en}>{node}</AppProvider>);

// 200 units in "Standard" (the control), 300 in "fast-first": converted every fourth / third.
const rows: UnitOutcome[] = Array.from({ length: 500 }, (_, i) => {
  const arm = i < 200 ? "Standard" : "fast-first";
  const converted = arm === "Standard" ? i % 4 === 0 : i % 3 === 0;
  return { unitId: `u${i}`, arm, converted, revenueMinor: converted ? 5_000 : 0, costMinor: 0, refundedMinor: 0, discountMinor: 0 };
});
const card = (split: Record<string, number>): ExperimentCardData => ({
  units: 500,
  capped: false,
  unlinkedUnits: 0,
  split,
  control: "Standard",
  arms: [],
  report: experimentReport(summarizeArms(rows), { split, control: "Standard", method: "sequential" }),
});
const label = (arm: string) => (arm === "Standard" ? "Standard (control)" : arm);

describe("ExperimentCard", () => {
  it("compares every arm with the named control arm", () => {
    const html = render(<ExperimentCard title="Checkout delivery options" testId="experiment-customization-delivery" e={card({ Standard: 0.4, "fast-first": 0.6 })} armLabel={label} />);
    expect(html).toContain('data-testid="experiment-customization-delivery"');
    expect(html).toContain("fast-first against Standard (control)");
    expect(html).toContain("Standard (control) 40.0%");
    expect(html).not.toContain("Sample ratio mismatch");
  });

  it("warns when the arms did not get the configured shares", () => {
    const html = render(<ExperimentCard title="x" testId="x" e={card({ Standard: 0.5, "fast-first": 0.5 })} armLabel={label} />);
    expect(html).toContain("Sample ratio mismatch");
  });
});
