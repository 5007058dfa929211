#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a while each:  scripts/fuzz.sh [SECONDS] [TARGET…]
#   SECONDS  per target (default 30); TARGET… limits the run to those targets.
# Seeds fuzz/corpus/<target>/ from the shared wire-data corpus (../shared/corpus or
# $ASTER_CORPUS) at run time; fuzz/corpus, fuzz/artifacts and fuzz/target are gitignored, so
# no corpus file is ever committed. Stable Rust: cargo-fuzz needs nightly flags, which
# RUSTC_BOOTSTRAP=1 allows. Builds with debug assertions (overflow checks) and without a
# sanitizer (the crate forbids unsafe code; FUZZ_SANITIZER=address turns ASan on).
# Exits non-zero when any target found a crash, a hang or a leak; the inputs are in
# fuzz/artifacts/<target>/ (replay one with `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>`).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
secs="${1:-30}"
shift || true
corpus="${ASTER_CORPUS:-../shared/corpus}"
export RUSTC_BOOTSTRAP=1
export PATH="$PATH:$HOME/.cargo/bin"
sanitizer="${FUZZ_SANITIZER:-none}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "error: cargo-fuzz is not installed (cargo install cargo-fuzz --locked)" >&2
  exit 1
fi

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  mapfile -t targets < <(cd fuzz && cargo fuzz list)
fi

# seed DIR FILE…: copies files into DIR under content-derived names.
seed() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  local f
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(sha1sum "$f" | cut -c1-16)"
  done
}

# seed_prefixed DIR BYTES FILE…: one copy of each file per selector byte (octal escapes),
# for the targets whose first byte picks the wire format.
seed_prefixed() {
  local dir="$1" bytes="$2"
  shift 2
  mkdir -p "$dir"
  local f b
  for f in "$@"; do
    for b in $bytes; do
      { printf "\\$b"; cat "$f"; } >"$dir/$b-$(sha1sum "$f" | cut -c1-16)"
    done
  done
}

list() { find "$corpus" "$@" -type f 2>/dev/null | sort | head -n 150; }

seed_corpora() {
  local c=fuzz/corpus
  mapfile -t sse < <(list \( -name '*.sse' -o -path '*/genai/*' -name 'response_*.txt' \))
  mapfile -t ndjson < <(list -name '*.ndjson')
  mapfile -t evs < <(list \( -name '*.eventstream' -o -path '*/eventstream/encoded/*' \))
  mapfile -t bodies < <(list \( -name 'body.json' -o -path '*/chunks/*' -name '*.json' \))
  seed "$c/codec_sse" "${sse[@]}"
  seed "$c/codec_ndjson" "${ndjson[@]}" "${sse[@]:0:20}"
  seed "$c/codec_event_stream" "${evs[@]}"
  # Selector 030+k: format k (WireFormat::ALL order) with its default framing.
  seed_prefixed "$c/stream_decoder" "030 031 032 033 034 035 036 037" "${sse[@]:0:40}" "${ndjson[@]}" "${evs[@]}"
  seed_prefixed "$c/decode_body" "000 001 002 003 004 005 006 007" "${bodies[@]:0:60}"
  seed "$c/sigv4" $(list -path '*/sigv4/*' -name 'request.txt')
  # Request bodies of the recorded exchanges.
  mkdir -p "$c/parse_request"
  python3 - "$corpus" "$c/parse_request" <<'PY'
import hashlib, json, pathlib, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for p in sorted(src.glob("cassettes/*/*/*/request.json"))[:300]:
    try:
        body = json.loads(p.read_text()).get("body")
    except Exception:
        continue
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except Exception:
            continue
    if isinstance(body, dict):
        data = json.dumps(body).encode()
        (dst / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)
PY
  # One event per file for the chunk scanners: the `data:` lines of the SSE recordings.
  mkdir -p "$c/scan_events"
  python3 - "$c/scan_events" "${sse[@]}" <<'PY'
import hashlib, pathlib, sys
dst = pathlib.Path(sys.argv[1])
for f in sys.argv[2:]:
    lines = pathlib.Path(f).read_bytes().splitlines()
    for line in [l for l in lines if l.startswith(b"data: {")][:20]:
        data = line[6:]
        (dst / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)
PY
  seed "$c/inbound_openai" "$c"/parse_request/*
  seed "$c/inbound_anthropic" "$c"/parse_request/*
  seed "$c/inbound_responses" "$c"/parse_request/*
  mkdir -p "$c/config_toml"
  printf '[provider]\ntype = "openai"\nmodel = "gpt-4o"\nbase_url = "http://127.0.0.1:1/v1"\n[retry]\nmax_retries = 2\n' >"$c/config_toml/a"
  printf '[provider]\ntype = "bedrock"\nregion = "us-east-1"\n[[custom_providers]]\nname = "x"\nbase_url = "http://h/v1"\napi_key_env = "X_KEY"\n' >"$c/config_toml/b"
  printf 'max_body_bytes = 4096\ncors_origins = ["https://a.example"]\n[mock]\ndelay_ms = 1\n[providers.groq]\nbase_url = "https://api.groq.com/openai/v1"\napi_key_env = "GROQ_API_KEY"\n[routes]\nfast = "openai/gpt-4o-mini"\nsmart = ["anthropic/claude", "openai/gpt-4o"]\n' >"$c/config_toml/c"
}

seed_corpora
(cd fuzz && cargo fuzz build -a -s "$sanitizer") || exit 1

# One target per core at a time (FUZZ_JOBS, default: the number of cores): each libFuzzer run
# is single-threaded, so on 2 cores two run side by side and the step takes half the time.
jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

fuzz_one() {
  local t="$1" log="fuzz/target/fuzz-$1.log" rc runs
  mkdir -p "fuzz/corpus/$t"
  (cd fuzz && cargo fuzz run -a -s "$sanitizer" "$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1) \
    >"$log" 2>&1
  rc=$?
  runs="$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' | tail -n1)"
  echo "$t: rc=$rc runs=${runs:-?}" >"$results/$t"
  printf '\033[1m==== fuzz %s (%ss): rc=%s runs=%s ====\033[0m\n' "$t" "$secs" "$rc" "${runs:-?}"
  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$log"
  fi
}

running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
wait

failed=()
summary=()
for t in "${targets[@]}"; do
  line="$(cat "$results/$t" 2>/dev/null || echo "$t: rc=? runs=?")"
  summary+=("$line")
  case "$line" in
    *" rc=0 "*) ;;
    *) failed+=("$t") ;;
  esac
done

printf '\n\033[1m==== fuzz summary (%ss per target) ====\033[0m\n' "$secs"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: findings in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
