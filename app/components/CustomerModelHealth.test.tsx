import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { calibrationHoldout, scoreDrift, seededRng, simulateBgNbdTransactions } from "../engine/clv";
import { ClvBarChart } from "./ClvBarChart";
import { CustomerModelHealth } from "./CustomerModelHealth";

const render = (node: React.ReactNode) => renderToString(<AppProvider i18n={en}>{node}</AppProvider>);

describe("customer-intelligence components", () => {
  it("render calibration groups, the drift verdict and the history chart", () => {
    const start = Date.UTC(2025, 0, 1);
    const tx = simulateBgNbdTransactions(
      { r: 0.8, alpha: 6, a: 0.8, b: 2.5 },
      { customers: 500, firstPurchase: (i) => new Date(start + (i % 60) * 86_400_000), end: new Date(start + 300 * 86_400_000), unit: "weeks", spend: { p: 6, q: 4, v: 150 }, rng: seededRng(2) },
    );
    const calibration = calibrationHoldout(tx, new Date(start + 200 * 86_400_000), new Date(start + 300 * 86_400_000));
    expect(calibration.status).toBe("ok");
    const drift = scoreDrift([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const html = render(<CustomerModelHealth calibration={calibration} drift={drift} history={[{ createdAt: new Date(start).toISOString(), status: "ok", n: 10, psi: 0.4 }]} />);
    expect(html).toContain("Calibration on a hold-out period");
    expect(html).toContain("7+");
    expect(html).toContain("significant shift");
    expect(html).toContain("PSI of each run");
  });
  it("say why calibration is missing, and draw nothing for no bars", () => {
    const html = render(<CustomerModelHealth calibration={{ status: "skipped", reason: "no model to calibrate (rules)" }} drift={{ status: "no-baseline", currentN: 3 }} history={[]} />);
    expect(html).toContain("no model to calibrate (rules)");
    expect(html).toContain("No previous run");
    expect(render(<ClvBarChart title="x" bars={[]} />)).not.toContain("<svg");
  });
});
