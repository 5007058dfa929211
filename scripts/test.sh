#!/usr/bin/env bash
# Runs every test of the project, in order, stopping at the first failure:
#   0. setup                 scripts/setup.sh --test: what a fresh machine lacks
#   1. formatting            cargo fmt --check
#   2. lints (native)        cargo clippy --all-targets --features gateway -- -D warnings, and
#                            rustdoc with -D warnings (step 3 too, for the wasm32 build)
#   3. lints (wasm32)        the library as the npm package builds it, and the wasm tests
#   4. no_std build          the sans-IO core without std
#   5. tests                 cargo test (unit, integration, doc tests); unit and integration
#                            again without `fast-decode`, as the browser .wasm decodes
#   6. package               npm run build: pkg/ (wasm-pack, wasm-opt, the JS entries)
#   7. wasm tests (Node)     wasm-pack test --node
#   8. wasm tests (Chrome)   wasm-pack test --headless --chrome
#   9. JS tests              node --test tests/js: the package as users import it (Node, a
#                            Vite page in headless Chromium, a Worker on workerd), against
#                            the replay server
#  10. gateway               the gateway Worker on bare workerd (bundled by wrangler, as
#                            deployed) with the official openai and @anthropic-ai/sdk clients,
#                            against the mock provider and the replay server; then where users
#                            meet `wrangler dev`: the playground in headless Chromium, and
#                            `npm run dev` itself coming up
#  11. fuzz                  scripts/fuzz.sh 30: every cargo-fuzz target for 30 s, seeded from
#                            the corpus (needs cargo-fuzz; ASTER_FUZZ_SECS changes the time,
#                            0 skips the step)
# When the run ends, pass or fail, it prints each step's wall time, slowest first.
# Steps 2, 4 and 5 include the `gateway` feature (it only adds src/gateway).
# `scripts/test.sh --js` runs steps 6, 9 and 10 only (npm run test:js).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."


# Step times: each section's wall time, printed slowest first when the run ends (pass or
# fail), so CI's log says where its minutes go.
step_names=()
step_secs=()
step_start=$SECONDS
step_close() {
  if [ "${#step_names[@]}" -gt 0 ]; then
    step_secs+=($((SECONDS - step_start)))
  fi
}
step_report() {
  step_close
  [ "${#step_names[@]}" -gt 0 ] || return 0
  printf '\n\033[1m==== step times (slowest first), total %dm%02ds ====\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60))
  for i in "${!step_names[@]}"; do
    printf '%6d s  %s\n' "${step_secs[$i]}" "${step_names[$i]}"
  done | sort -rn
}
trap step_report EXIT

section() {
  step_close
  step_names+=("$*")
  step_start=$SECONDS
  printf '\n\033[1m==== %s ====\033[0m\n' "$*"
}

# What a fresh machine lacks (no-ops when present): the wasm32 target, wasm-pack, the npm dev
# dependencies, Chromium. `npm test` is the README's one test command, so it installs them.
section "0/11 setup: scripts/setup.sh --test (what a fresh machine lacks)"
bash scripts/setup.sh --test
export PATH="$PATH:$HOME/.cargo/bin"

# wasm-pack from PATH, else where `cargo install` puts it.
wasm_pack="$(command -v wasm-pack || echo "$HOME/.cargo/bin/wasm-pack")"
# The JS tests run on the Node that runs npm (the system Node, >= 20: the oldest the package
# supports), not the Node 22 that npm scripts put first on PATH for wrangler.
node_bin="${npm_node_execpath:-$(command -v node)}"

build_package() {
  section "6/11 package: npm run build (wasm-pack --target web, wasm-opt -Oz, pkg/)"
  bash scripts/build.sh
  ls -l pkg/aster_bg.wasm pkg/aster.js
}

js_tests() {
  section "9/11 JS tests: node --test tests/js/*.test.mjs (Node $("$node_bin" --version))"
  # The native CLI is the reference decoder the package's output is compared with.
  cargo build --bin aster
  "$node_bin" --test --test-concurrency=1 tests/js/*.test.mjs
}

gateway_tests() {
  section "10/11 gateway: node --test tests/gateway tests/playground (workerd, Chromium)"
  bash scripts/build-gateway.sh
  # The reference decoder of tests/gateway/formats.test.mjs.
  cargo build --bin aster
  # Node 22 from node_modules: wrangler 4 and the openai client need it.
  node_modules/.bin/node --test --test-concurrency=1 tests/gateway/*.test.mjs tests/playground/*.test.mjs
}

if [ "${1:-}" = "--js" ]; then
  build_package
  js_tests
  gateway_tests
  exit 0
fi

section "1/11 format: cargo fmt --check"
cargo fmt --check

section "2/11 lint (native): cargo clippy --all-targets [--features gateway] -- -D warnings; rustdoc"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features gateway -- -D warnings
# The doc comments too: links that resolve, no stray HTML.
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --features gateway

section "3/11 lint (wasm32): cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings"
# Idempotent: a no-op when the target is already installed.
rustup target add wasm32-unknown-unknown
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
# The bindings (feature `wasm`) and their wasm-bindgen tests.
cargo clippy --lib --tests --target wasm32-unknown-unknown --no-default-features --features wasm -- -D warnings
# The gateway Worker's build (features wasm,gateway).
cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features wasm,gateway -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib --target wasm32-unknown-unknown \
  --no-default-features --features wasm,gateway

section "4/11 no_std: cargo rustc --lib --no-default-features --crate-type rlib"
# Only the rlib: a cdylib cannot link without std (it needs a global allocator and a panic
# handler, which a library must not define), so the no_std check builds the rlib alone.
cargo rustc --lib --no-default-features --features gateway --crate-type rlib

section "5/11 test: cargo test --features gateway, and without fast-decode"
cargo test --features gateway
# The size-first `browser` .wasm has no `fast-decode`: every stream event goes through the
# formats' `Value` paths. The unit and integration tests (the corpus, the conformance
# snapshot) run again that way.
cargo test --lib --test integration --no-default-features --features std,toml
# The unit tests of src/wasm (the batch encoding, the edge's reading of a stream), natively:
# they touch no JS, and the wasm-pack runs of steps 7 and 8 take only tests/wasm*.rs.
cargo test --lib --features wasm,gateway

build_package

section "7/11 wasm tests (Node): wasm-pack test --node"
"$wasm_pack" test --node -- --no-default-features --features wasm --test wasm

section "8/11 wasm tests (Chrome): wasm-pack test --headless --chrome"
# webdriver.json (repo root) gives chromedriver the browser binary and headless flags.
"$wasm_pack" test --headless --chrome --chromedriver "$(command -v chromedriver)" \
  -- --no-default-features --features wasm --test wasm_browser

js_tests

gateway_tests

fuzz_secs="${ASTER_FUZZ_SECS:-30}"
if [ "$fuzz_secs" != "0" ]; then
  section "11/11 fuzz: scripts/fuzz.sh $fuzz_secs (every target, $fuzz_secs s each)"
  bash scripts/fuzz.sh "$fuzz_secs"
fi

trap - EXIT
step_report
printf '\n\033[1m==== all tests passed ====\033[0m\n'
