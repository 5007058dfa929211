#!/usr/bin/env bash
# Builds the gateway Worker's inputs (generated, not committed):
#   pkg-gateway/  the crate with the features wasm,gateway (scripts/build.sh into another dir),
#                 imported by worker/index.js;
#   www/dist/     the playground page plus the aster package (pkg/, built first if missing),
#                 served by the Worker as static assets (wrangler.toml [assets]).
# Env: ASTER_WASM_PROFILE (release | dev), as for scripts/build.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ ! -f pkg/aster_bg.wasm ]; then
  bash scripts/build.sh
fi
# Speed first: a Worker's size limit is megabytes, and every request pays the decode/encode.
ASTER_PKG_DIR=pkg-gateway ASTER_WASM_FEATURES=wasm,gateway ASTER_WASM_SPEED=1 bash scripts/build.sh

rm -rf www/dist
mkdir -p www/dist
cp www/index.html www/app.js www/style.css www/_headers www/dist/
cp -r pkg www/dist/pkg
echo "built pkg-gateway/ and www/dist/"
