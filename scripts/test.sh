#!/usr/bin/env bash
# Runs every test of the project, in order, stopping at the first failure:
#   1. formatting            cargo fmt --check
#   2. lints (native)        cargo clippy --all-targets -- -D warnings
#   3. lints (wasm32)        the library as the npm package builds it
#   4. no_std build          the sans-IO core without std
#   5. tests                 cargo test (unit, integration, doc tests)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

section() {
  printf '\n\033[1m==== %s ====\033[0m\n' "$*"
}

section "1/5 format: cargo fmt --check"
cargo fmt --check

section "2/5 lint (native): cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings

section "3/5 lint (wasm32): cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings"
# Idempotent: a no-op when the target is already installed.
rustup target add wasm32-unknown-unknown
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

section "4/5 no_std: cargo rustc --lib --no-default-features --crate-type rlib"
# Only the rlib: a cdylib cannot link without std (it needs a global allocator and a panic
# handler, which a library must not define), so the no_std check builds the rlib alone.
cargo rustc --lib --no-default-features --crate-type rlib

section "5/5 test: cargo test"
cargo test

section "all tests passed"
