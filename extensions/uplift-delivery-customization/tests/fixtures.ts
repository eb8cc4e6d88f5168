import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const EXTENSION_DIR = fileURLToPath(new URL("..", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export type Fixture = { name: string; payload: { export: string; target: string; input: unknown; output: unknown } };

/** The run fixtures, in Shopify's function-runner payload format (bench-input.json is raw input). */
export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json") && file !== "bench-input.json")
    .sort()
    .map((file) => ({ name: file.replace(/\.json$/, ""), ...(JSON.parse(readFileSync(FIXTURES + file, "utf8")) as Omit<Fixture, "name">) }));
}

export function loadBenchInput(): unknown {
  return JSON.parse(readFileSync(FIXTURES + "bench-input.json", "utf8"));
}
