#!/usr/bin/env bash
# Builds the npm package into pkg/ (generated, not committed):
#   1. the wasm with wasm-pack (`--target web`, feature `wasm`, release profile: opt-level z,
#      LTO, one codegen unit, panic=abort);
#   2. wasm-opt -Oz -ocimfs 100 from the npm `binaryen` package (Debian's binaryen is too old for the
#      features rustc emits, so wasm-pack's own wasm-opt step is off in Cargo.toml);
#   3. pkg/ = the wasm-bindgen glue + the hand-written entries and declarations from js/ +
#      a package.json whose `exports` pick the entry per runtime.
#
# (strip=false for this build: wasm-bindgen reads the target_features section, wasm-opt strips
# it and the debug info afterwards.)
# Env: ASTER_PKG_DIR (default pkg), ASTER_WASM_PROFILE (release | dev; dev skips wasm-opt and
# is only for quick local iteration), ASTER_WASM_FEATURES (default wasm; the gateway Worker
# builds `wasm,gateway` into its own directory), ASTER_WASM_SPEED=1 (opt-level 3 and
# wasm-opt -O3 instead of the size-first z / -Oz: the gateway Worker's build, where latency
# counts and the size limit is megabytes).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${ASTER_PKG_DIR:-pkg}"
profile="${ASTER_WASM_PROFILE:-release}"
stage="target/wasm-pack-out"

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
opt_flags=(-Oz -ocimfs 100)
if [ "${ASTER_WASM_SPEED:-0}" = 1 ]; then
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=3
  opt_flags=(-O3)
fi

rm -rf "$stage"
CARGO_PROFILE_RELEASE_STRIP=false "$wasm_pack" --log-level warn build --target web "--$profile" --no-pack \
  --out-dir "$stage" --out-name aster \
  -- --no-default-features --features "${ASTER_WASM_FEATURES:-wasm}"

if [ "$profile" = release ]; then
  # The features rustc's default wasm32 target uses; wasm-opt must accept them on input and
  # may use them in its output (every runtime aster supports has them).
  "$wasm_opt" "${opt_flags[@]}" --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong \
    --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-sign-ext \
    "$stage/aster_bg.wasm" -o "$stage/aster_bg.wasm"
fi

rm -rf "$out"
mkdir -p "$out"
cp "$stage/aster.js" "$stage/aster_bg.wasm" "$out/"
if [ -d "$stage/snippets" ]; then
  cp -r "$stage/snippets" "$out/"
fi
cp js/core.js js/node.js js/workerd.js js/browser.js js/index.d.ts "$out/"
# aster/ai-sdk: the AI SDK adapter; `#aster` (package.json `imports`) is the runtime's entry.
cp js/ai-sdk.js js/ai-sdk-request.js js/ai-sdk.d.ts "$out/"
# The declarations of the wasm module itself, for TypeScript users of the Worker entry.
printf 'declare const module: WebAssembly.Module;\nexport default module;\n' > "$out/aster_bg.wasm.d.ts"

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
    "./package.json": "./package.json"
  },
  "imports": {
    "#aster": { "workerd": "./workerd.js", "worker": "./workerd.js", "node": "./node.js", "browser": "./browser.js", "default": "./browser.js" }
  },
  "peerDependencies": { "@ai-sdk/provider": "^4.0.0" },
  "peerDependenciesMeta": { "@ai-sdk/provider": { "optional": true } },
  "files": ["*.js", "*.d.ts", "aster_bg.wasm", "snippets/"],
  "sideEffects": ["./node.js", "./workerd.js", "./browser.js"],
  "engines": { "node": ">=20" }
}
EOF
echo "built $out/ ($profile)"
# Sizes (DESIGN §6 budget: .wasm + JS glue <= 150 KB gzip): raw and `gzip -9` bytes.
for f in "$out/aster_bg.wasm" "$out/aster.js" "$out"/snippets/*/src/wasm/io.js "$out/core.js"; do
  printf '%10d raw %10d gzip  %s\n' "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)" "$f"
done
