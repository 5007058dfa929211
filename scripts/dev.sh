#!/usr/bin/env bash
# `npm run dev`: builds everything and serves the gateway and the playground at
# http://127.0.0.1:8787 with `wrangler dev` (the real workerd runtime, locally).
#
# On a fresh machine it installs what it needs: the npm dependencies (npm ci, which brings
# Node 22 for wrangler, wrangler itself and binaryen), the wasm32 Rust target, and wasm-pack.
# Then it builds:
#   pkg/           the aster npm package (browser, Node, Workers), served to the playground;
#   pkg-gateway/   the same crate with the gateway (features wasm,gateway), for the Worker;
#   www/dist/      the playground page plus pkg/.
# and writes .dev.vars (gitignored): a random gateway token if there is none, and the provider
# keys found in your environment, so every provider you have a key for is there (the mock
# provider always is). Keys are never printed.
#
# Options: --build-only (build, do not serve). Env: PORT (default 8787), ASTER_WASM_PROFILE
# (release | dev, see scripts/build.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${PORT:-8787}"
build_only=false
[ "${1:-}" = "--build-only" ] && build_only=true

step() {
  printf '\033[2m· %s\033[0m\n' "$*"
}

# Node 22 from node_modules (wrangler 4 needs Node >= 22) comes first, as under `npm run`.
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# ---- what a fresh machine lacks ----------------------------------------------------------
# The wasm32 target, wasm-pack and the npm dependencies (no-ops when present).
bash scripts/setup.sh

# ---- build -------------------------------------------------------------------------------
step "building the aster package (pkg/)"
bash scripts/build.sh
step "building the gateway (pkg-gateway/) and the playground (www/dist/)"
bash scripts/build-gateway.sh

step "writing .dev.vars (the gateway token; provider keys from your environment)"
node scripts/dev.mjs vars

if $build_only; then
  echo "built: pkg/ pkg-gateway/ www/dist/ (serve with: npm run dev)"
  exit 0
fi

# Nothing leaves the machine on wrangler's own account: no metrics, no error reports, no
# download of the request.cf data.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false

# The banner (URL with the token, providers) once the Worker answers.
node scripts/dev.mjs banner "http://127.0.0.1:$port" &
banner=$!
trap 'kill "$banner" 2>/dev/null || true' EXIT
wrangler dev --ip 127.0.0.1 --port "$port"
