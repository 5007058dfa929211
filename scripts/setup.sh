#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing aster; every step is a no-op
# when its tool is already there, so `npm test`, `npm run dev` and `.ci/run` all call it.
#   - rustfmt, clippy, rust-src and the wasm32-unknown-unknown target (rustup);
#   - wasm-pack (cargo install; it fetches the wasm-bindgen CLI matching Cargo.lock itself);
#   - the npm dev dependencies (npm ci when node_modules is missing or older than the lock;
#     they bring binaryen's wasm-opt, TypeScript, Vite, wrangler with Node 22, playwright-core
#     and the official openai / @anthropic-ai/sdk clients the gateway tests use);
#   - with --test: cargo-fuzz (cargo install; the fuzz targets run last in `npm test`, on
#     stable Rust through RUSTC_BOOTSTRAP=1), and Debian's chromium and chromium-driver
#     (apt-get) for the browser tests. No test ever downloads a browser.
# Expected on the machine: Rust with rustup and cargo, Node >= 20 with npm.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
for_tests=false
[ "${1:-}" = "--test" ] && for_tests=true

say() { printf '\033[2m· setup: %s\033[0m\n' "$*"; }
need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "setup: '$1' is required but not installed ($2)" >&2
    exit 1
  fi
}

export PATH="$PATH:$HOME/.cargo/bin"
need cargo "install Rust with rustup: https://rustup.rs"
need rustup "install Rust with rustup: https://rustup.rs"
need node "install Node.js 20 or later"
need npm "install npm (it ships with Node.js)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js >= 20 is required, found $(node --version)" >&2
  exit 1
fi

cargo fmt --version >/dev/null 2>&1 || { say "rustup component add rustfmt"; rustup component add rustfmt; }
cargo clippy --version >/dev/null 2>&1 || { say "rustup component add clippy"; rustup component add clippy; }
# rust-src: the size-first .wasm builds std from source (scripts/build.sh, cargo build-std).
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  say "rustup component add rust-src"
  rustup component add rust-src
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  say "cargo install wasm-pack (a few minutes, once)"
  cargo install wasm-pack --locked
fi

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if $for_tests && ! cargo fuzz --version >/dev/null 2>&1; then
  say "cargo install cargo-fuzz (a few minutes, once)"
  cargo install cargo-fuzz --locked
fi

if $for_tests && { ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; }; then
  say "apt-get install chromium chromium-driver"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    need sudo "to install chromium with apt-get"
    sudo_cmd="sudo"
  fi
  need apt-get "to install chromium and chromium-driver"
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y --no-install-recommends chromium chromium-driver
fi
exit 0
