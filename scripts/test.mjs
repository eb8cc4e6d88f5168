// The whole test suite (README: `npm test`): static checks, unit and integration tests on the
// embedded database, the integration tier again on a real PostgreSQL server, and end-to-end tests
// in Chromium. Prints one closing line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureDeps } from "./lib/ensure-deps.mjs";

const root = resolve(import.meta.dirname, "..");
const ci = process.env.CI === "true" || process.env.CI === "1";
ensureDeps(root);

const bin = (name) => join(root, "node_modules/.bin", name);
const outDir = join(root, "test-results");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

let passed = 0;
let failed = 0;
const skipped = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) passed++;
  else {
    failed++;
    console.log(`FAILED: ${name}`);
  }
}

function vitest(name, args, env, report) {
  const file = join(outDir, `${report}.json`);
  const ok = step(name, bin("vitest"), ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`], env);
  if (!existsSync(file)) {
    failed++;
    console.log(`FAILED: ${name} (no report)`);
    return;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1);
}

check("typecheck (tsc --noEmit)", bin("tsc"), ["--noEmit"]);
check("typecheck extensions (tsc -p extensions)", bin("tsc"), ["--noEmit", "-p", "extensions"]);
check("lint (eslint, layer rules)", bin("eslint"), ["."]);
check("build (remix build)", bin("remix"), ["build"]);

vitest("unit + integration, embedded database (PGlite)", [], { TEST_DATABASE: "embedded" }, "embedded");

const pgUrl = process.env.TEST_POSTGRES_URL;
if (pgUrl) {
  vitest("integration, PostgreSQL", ["test/integration"], { TEST_DATABASE: "postgres", TEST_POSTGRES_URL: pgUrl }, "postgres");
} else if (ci) {
  failed++;
  console.log("FAILED: CI needs TEST_POSTGRES_URL for the PostgreSQL tier (.ci/run sets it)");
} else {
  skipped.push("PostgreSQL tier (set TEST_POSTGRES_URL=postgresql://user:pass@127.0.0.1:5432/postgres)");
}

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(chromium)) {
  vitest("end to end, Chromium", ["--config", "vitest.e2e.config.ts"], { CHROMIUM_PATH: chromium }, "e2e");
} else if (ci) {
  failed++;
  console.log(`FAILED: CI needs Chromium at ${chromium} (.ci/run installs Debian's chromium)`);
} else {
  skipped.push(`end-to-end tier (no Chromium at ${chromium}: apt-get install chromium)`);
}

for (const s of skipped) console.log(`SKIPPED: ${s}`);
console.log(`\n${passed} passed, ${failed} failed${skipped.length ? `, ${skipped.length} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);
