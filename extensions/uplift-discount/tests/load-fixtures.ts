import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cartDeliveryOptionsDiscountsGenerateRun, cartLinesDiscountsGenerateRun } from "../src/index";
import type { CartDeliveryInput, CartLinesInput } from "../src/input";
import { DELIVERY, FIXTURES_DIR, type Fixture } from "./make-fixtures";

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".json") && !f.startsWith("bench-input"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(FIXTURES_DIR, f), "utf8")) as Fixture);
}

export function runFixture(fixture: Fixture): unknown {
  return fixture.export === DELIVERY
    ? cartDeliveryOptionsDiscountsGenerateRun(fixture.input as CartDeliveryInput)
    : cartLinesDiscountsGenerateRun(fixture.input as CartLinesInput);
}
