// Installs what is missing (npm packages, the build), then runs the demo under tsx.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { ensureDeps } from "./lib/ensure-deps.mjs";

const root = resolve(import.meta.dirname, "..");
ensureDeps(root);
const r = spawnSync(process.execPath, ["--import", "tsx", resolve(root, "scripts/demo.ts"), ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
