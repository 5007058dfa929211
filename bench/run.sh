#!/usr/bin/env bash
# `npm run bench`: aster against its peers, side by side, in one run on this machine.
#
#   1. installs the bench's pinned peers (npm ci in bench/) when missing or stale;
#   2. builds pkg/ (npm run build) when it is missing, and the gateway (pkg-gateway/) once the
#      repo has it (worker/, scripts/build-gateway.sh);
#   3. runs every measure — decode, size, cold start, memory, gateway — each printing its
#      table, then writes bench/results/latest.md with the budgets of DESIGN §6 and
#      bench/results/latest.json with the figures by name.
#
# Usage: bash bench/run.sh [decode|size|cold|memory|gateway ...]   (default: all)
# Env: ASTER_CORPUS (default ../shared/corpus), ASTER_PKG_DIR (default pkg), BENCH_QUICK=1
# (few samples: a smoke run, not figures to publish), BENCH_LITELLM=0 (skip installing
# LiteLLM), and the per-measure knobs documented at the top of each bench/*.mjs.
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
cd "$bench"

step() {
  printf '\033[2m· %s\033[0m\n' "$*" >&2
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing the peers (npm ci in bench/)"
  npm ci --no-audit --no-fund --loglevel=error
fi

pkg="${ASTER_PKG_DIR:-pkg}"
case "$pkg" in /*) ;; *) pkg="$root/$pkg" ;; esac
if [ ! -f "$pkg/aster_bg.wasm" ] || [ ! -f "$pkg/aster_speed_bg.wasm" ]; then
  step "building $pkg (npm run build)"
  if [ ! -d "$root/node_modules" ] && [ -f "$root/package-lock.json" ]; then
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  (cd "$root" && ASTER_PKG_DIR="$pkg" npm run build)
fi

measures=("$@")
[ ${#measures[@]} -eq 0 ] && measures=(decode size cold memory gateway)

for m in "${measures[@]}"; do
  if [ "$m" = gateway ] && [ "${BENCH_LITELLM:-1}" != 0 ] && [ ! -x .venv/bin/litellm ]; then
    step "installing LiteLLM's proxy into bench/.venv (pinned; once)"
    if python3 -m venv .venv && .venv/bin/pip install -q "litellm[proxy]==1.102.4"; then :; else
      echo "bench: LiteLLM could not be installed; the gateway table will say so" >&2
    fi
  fi
  if [ "$m" = gateway ] && [ -z "${ASTER_GATEWAY_ROOT:-}" ] && [ -f "$root/scripts/build-gateway.sh" ] &&
    [ -f "$root/worker/index.js" ] && [ ! -f "$root/pkg-gateway/aster_bg.wasm" ]; then
    step "building the gateway (scripts/build-gateway.sh)"
    (cd "$root" && bash scripts/build-gateway.sh)
  fi
  step "measure: $m"
  case "$m" in
    decode | memory) node --expose-gc "$m.mjs" ;;
    size | cold | gateway) node "$m.mjs" ;;
    *)
      echo "bench: unknown measure '$m' (decode, size, cold, memory, gateway)" >&2
      exit 2
      ;;
  esac
  echo
done

node report.mjs
