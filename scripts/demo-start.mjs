// Installs what is missing (npm packages, the build), then runs the demo under tsx.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { ensureDeps } from "./lib/ensure-deps.mjs";

const root = resolve(import.meta.dirname, "..");
ensureDeps(root);
// Always build (about 3 s): a build left from older sources would demo old code.
console.log("[uplift] building the app (remix build)…");
const build = spawnSync(resolve(root, "node_modules/.bin/remix"), ["build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(process.execPath, ["--no-experimental-require-module", "--import", "tsx", resolve(root, "scripts/demo.ts"), ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
