import { readFileSync } from "node:fs";

// The App Bridge stand-in is plain browser JavaScript kept in its own file, read once and served as is.
let source: string | undefined;

export function appBridgeScript(): string {
  source ??= readFileSync(new URL("./app-bridge.client.js", import.meta.url), "utf8");
  return source;
}
