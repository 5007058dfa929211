#!/usr/bin/env bash
# Builds the npm package into pkg/ (generated, not committed):
#   1. the wasm with wasm-pack (`--target web`, feature `wasm`, release profile, LTO, one
#      codegen unit, panic=abort), twice: size first (opt-level z, std built for size with
#      immediate-abort panics, wasm-opt -Oz) into
#      aster_bg.wasm for the `browser` condition, where the bytes a page ships count, and speed
#      first (opt-level 3, wasm-opt -O3, plus the feature `fast-decode`: the hand-written event
#      scanners) into aster_speed_bg.wasm for `node` and `workerd`, where CPU per event counts
#      (DESIGN §4: each entry loads exactly one .wasm). Each build
#      has its own wasm-bindgen glue (the exported closure shims carry symbol hashes that
#      differ between opt-levels): aster.js + core.js for the browser, aster_speed.js +
#      core_speed.js (core.js importing the other glue) for node.js and workerd.js;
#   2. wasm-opt from the npm `binaryen` package (Debian's binaryen is too old for the
#      features rustc emits, so wasm-pack's own wasm-opt step is off in Cargo.toml);
#   3. pkg/ = the wasm-bindgen glue + the hand-written entries and declarations from js/ +
#      a package.json whose `exports` pick the entry per runtime.
#
# (strip=false for this build: wasm-bindgen reads the target_features section, wasm-opt strips
# it and the debug info afterwards.)
# Env: ASTER_PKG_DIR (default pkg), ASTER_WASM_PROFILE (release | dev; dev skips wasm-opt and
# the second build, and is only for quick local iteration), ASTER_WASM_FEATURES (default wasm;
# the gateway Worker builds `wasm,gateway` into its own directory), ASTER_WASM_SPEED=1 (one
# build only, speed first, as aster_bg.wasm: the gateway Worker's build, where latency counts
# and the size limit is megabytes), ASTER_WASM_SIZE_ONLY=1 (one build only, size first, loaded
# by every entry: quick iteration on the size), ASTER_WASM_NAMES=1 (keep the name section, for
# `node --cpu-prof` and bench/wasm-size.mjs: a profiling build, not one to ship),
# ASTER_WASM_BUILD_STD=0 (the size-first build with the prebuilt std: to measure what build-std
# gives, or where rust-src is missing).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${ASTER_PKG_DIR:-pkg}"
profile="${ASTER_WASM_PROFILE:-release}"

wasm_pack="$(command -v wasm-pack || true)"
if [ -z "$wasm_pack" ] && [ -x "$HOME/.cargo/bin/wasm-pack" ]; then
  wasm_pack="$HOME/.cargo/bin/wasm-pack"
fi
if [ -z "$wasm_pack" ]; then
  echo "build.sh: wasm-pack not found (cargo install wasm-pack)" >&2
  exit 1
fi
wasm_opt="$root/node_modules/.bin/wasm-opt"
if [ "$profile" = release ] && [ ! -x "$wasm_opt" ]; then
  echo "build.sh: $wasm_opt not found (npm ci installs binaryen)" >&2
  exit 1
fi

# -ocimfs 100: wasm-opt inlines a function with one caller only when it is small. Left
# unbounded, every format's encoder lands in one 60 KB `build_request`, which V8 compiles
# whole on the first call (it compiles wasm lazily, per function): measured -7 KB gzip and a
# first call ~3 ms faster, decoding unchanged (a bound of 30 made decoding ~30% slower).
# The speed-first build too: without it `prepare` is one 123 KB function that the Node cold
# start's first call compiles whole (first call -36%, cold start -29% in A/B, decoding unchanged; bench/README.md
# 2026-12-06, session 5).
size_flags=(-Oz -ocimfs 100)
speed_flags=(-O3 -ocimfs 100)

# The size-first release build compiles std itself (cargo's `build-std`, from the rust-src
# component scripts/setup.sh adds) with `optimize_for_size` and panics that abort at once
# (`panic = "immediate-abort"`: no panic messages, locations or formatting machinery linked
# for them). Both are unstable cargo features, used on the stable toolchain through
# RUSTC_BOOTSTRAP=1 as the fuzz step does. Measured on the browser .wasm: 285 -> 265 KB gzip,
# +33 s for a build from scratch (bench/README.md, 2026-12-06, later). Its own target
# directory, so the std it builds and the ordinary one do not evict each other.
# ASTER_WASM_BUILD_STD=0 turns it off.
size_std_env=()
if [ "$profile" = release ] && [ "${ASTER_WASM_BUILD_STD:-1}" = 1 ]; then
  size_std_env=(
    RUSTC_BOOTSTRAP=1
    CARGO_TARGET_DIR="$root/target/wasm-build-std"
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true
    CARGO_PROFILE_RELEASE_PANIC=immediate-abort
    # No file/line text for the few `#[track_caller]` locations left (-0.6 KB gzip).
    RUSTFLAGS="${RUSTFLAGS:-} -Zlocation-detail=none"
  )
fi

# build_wasm STAGE OPT-LEVEL FEATURES WASM-OPT-FLAGS...: wasm-pack into STAGE, then wasm-opt,
# with the environment in the array `build_env` (empty: the ordinary std).
# The speed-first builds add `fast-decode` (the hand-written event scanners, Cargo.toml).
build_env=()
build_wasm() {
  local stage="$1" level="$2" features="$3"
  shift 3
  rm -rf "$stage"
  env ${build_env[@]+"${build_env[@]}"} \
    CARGO_PROFILE_RELEASE_OPT_LEVEL="$level" CARGO_PROFILE_RELEASE_STRIP=false \
    "$wasm_pack" --log-level warn build --target web "--$profile" --no-pack \
    --out-dir "$stage" --out-name aster \
    -- --no-default-features --features "$features"
  if [ "$profile" = release ]; then
    # The features rustc's default wasm32 target uses; wasm-opt must accept them on input and
    # may use them in its output (every runtime aster supports has them).
    local strip=--strip-debug
    [ "${ASTER_WASM_NAMES:-0}" = 1 ] && strip=-g
    "$wasm_opt" "$@" "$strip" --strip-producers --strip-target-features \
      --enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong \
      --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int \
      --enable-reference-types --enable-sign-ext \
      "$stage/aster_bg.wasm" -o "$stage/aster_bg.wasm"
  fi
}

features="${ASTER_WASM_FEATURES:-wasm}"
stage="target/wasm-pack-out"
speed_stage="target/wasm-pack-out-speed"
split=1
if [ "${ASTER_WASM_SPEED:-0}" = 1 ]; then
  build_wasm "$stage" 3 "$features,fast-decode" "${speed_flags[@]}"
  split=0
else
  build_env=(${size_std_env[@]+"${size_std_env[@]}"})
  build_wasm "$stage" z "$features" "${size_flags[@]}"
  build_env=()
  if [ "$profile" != release ] || [ "${ASTER_WASM_SIZE_ONLY:-0}" = 1 ]; then
    split=0
  else
    build_wasm "$speed_stage" 3 "$features,fast-decode" "${speed_flags[@]}"
  fi
fi

rm -rf "$out"
mkdir -p "$out"
cp "$stage/aster.js" "$stage/aster_bg.wasm" "$out/"
if [ "$split" = 1 ]; then
  cp "$speed_stage/aster.js" "$out/aster_speed.js"
  cp "$speed_stage/aster_bg.wasm" "$out/aster_speed_bg.wasm"
else
  # One build: every entry loads it.
  cp "$stage/aster.js" "$out/aster_speed.js"
  cp "$stage/aster_bg.wasm" "$out/aster_speed_bg.wasm"
fi
if [ -d "$stage/snippets" ]; then
  cp -r "$stage/snippets" "$out/"
fi
if [ "$split" = 1 ] && [ -d "$speed_stage/snippets" ]; then
  cp -r "$speed_stage/snippets" "$out/"
fi
cp js/core.js js/node.js js/workerd.js js/browser.js js/index.d.ts "$out/"
# The speed-first entries' copy of the API, bound to the speed-first glue.
sed 's#from "./aster.js";#from "./aster_speed.js";#' js/core.js > "$out/core_speed.js"
grep -q '"./aster_speed.js"' "$out/core_speed.js"
# aster/ai-sdk: the AI SDK adapter; `#aster` (package.json `imports`) is the runtime's entry, so
# it loads the same .wasm (size first in browsers, speed first in Node and Workers).
cp js/ai-sdk.js js/ai-sdk-request.js js/ai-sdk.d.ts "$out/"
# The declarations of the wasm module itself, for TypeScript users of the Worker entry.
for w in aster_bg aster_speed_bg; do
  printf 'declare const module: WebAssembly.Module;\nexport default module;\n' > "$out/$w.wasm.d.ts"
done

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)"
cat > "$out/package.json" <<EOF
{
  "name": "aster",
  "version": "$version",
  "description": "One streaming interface to fifteen LLM providers, in WebAssembly: browsers, Node and Workers",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "types": "./index.d.ts",
  "main": "./node.js",
  "exports": {
    ".": {
      "types": "./index.d.ts",
      "workerd": "./workerd.js",
      "worker": "./workerd.js",
      "node": "./node.js",
      "browser": "./browser.js",
      "default": "./browser.js"
    },
    "./ai-sdk": { "types": "./ai-sdk.d.ts", "default": "./ai-sdk.js" },
    "./aster_bg.wasm": "./aster_bg.wasm",
    "./aster_speed_bg.wasm": "./aster_speed_bg.wasm",
    "./package.json": "./package.json"
  },
  "imports": {
    "#aster": { "workerd": "./workerd.js", "worker": "./workerd.js", "node": "./node.js", "browser": "./browser.js", "default": "./browser.js" }
  },
  "peerDependencies": { "@ai-sdk/provider": "^4.0.0" },
  "peerDependenciesMeta": { "@ai-sdk/provider": { "optional": true } },
  "files": ["*.js", "*.d.ts", "*.wasm", "snippets/"],
  "sideEffects": ["./node.js", "./workerd.js", "./browser.js"],
  "engines": { "node": ">=20" }
}
EOF
echo "built $out/ ($profile)"
# Sizes (DESIGN §6 budget: .wasm + JS glue <= 150 KB gzip): raw and `gzip -9` bytes.
for f in "$out/aster_bg.wasm" "$out/aster_speed_bg.wasm" "$out/aster.js" "$out/aster_speed.js" "$out"/snippets/*/src/wasm/io.js "$out/core.js"; do
  printf '%10d raw %10d gzip  %s\n' "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)" "$f"
done
