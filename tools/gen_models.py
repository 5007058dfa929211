#!/usr/bin/env python3
"""Generates src/models/data.rs, aster's model catalog, from LiteLLM's price table.

Usage (from the crate root):

    python3 tools/gen_models.py              # rewrite src/models/data.rs
    python3 tools/gen_models.py --stdout     # print the file instead (the test compares this)
    python3 tools/gen_models.py --data DIR   # read DIR/litellm_model_prices.json (+ LICENSE)

Input: ../shared/data/litellm_model_prices.json (LiteLLM's model_prices_and_context_window.json,
MIT licence, Copyright (c) 2023 Berri AI; the licence text is ../shared/data/litellm_LICENSE.txt
and is copied into the generated file). Python 3.11, standard library only. The output is a
pure function of the input file and the constants below: no clock, no network, sorted output.

Selection rules (documented again in src/models/mod.rs):

1. Chat and embedding models only: LiteLLM `mode` is "chat", "responses" or "embedding"
   (embedding rows carry flag `e`, and an output price of 0 when LiteLLM lists none: they
   generate nothing).
2. Only aster's provider kinds, mapped from `litellm_provider` (PROVIDERS below). LiteLLM
   has no entries for openrouter, litellm (a proxy), venice and sagemaker_tgi (self-hosted): their
   lookups fall through to the underlying model at run time instead.
3. Current models only: an entry whose `deprecation_date` is on or before AS_OF is dropped.
   AS_OF is the date of the data snapshot; bump it together with the data.
4. Entries that cannot be called through aster's endpoints are dropped: Azure data-zone and
   regional deployments (`azure/eu/…`, `azure/us/…`, …: priced with an uplift the caller cannot
   name in a model id), Bedrock per-region and provisioned-throughput paths
   (`bedrock/us-east-1/…`, `…/1-month-commitment/…`), container / placeholder entries, and
   entries with neither a price nor a context window.
5. Duplicates collapse: the same id from two LiteLLM keys keeps the first by SOURCES priority,
   and within a source the key spelled with the provider prefix (`gemini/…`) over a bare one.
   A dated snapshot (`gpt-4o-2024-08-06`, `claude-haiku-4-5-20251001`, `claude-…@20250929`,
   `…@default`, `grok-4.20-0309`, `ministral-8b-2512`) is dropped when its undated alias (or,
   Mistral-style, the alias plus `-latest`) exists with an identical record, and a Bedrock cross-region profile (`us.anthropic.…`, `global.…`) is dropped when the
   plain model id has an identical record: run-time lookup strips exactly these suffixes and
   prefixes, so nothing is lost. Snapshots and profiles whose prices differ are kept.
6. Bedrock regional profiles (`us.`, `eu.`, `apac.`, `au.`, `jp.`, `in.`, `ca.`) priced exactly
   10 % above their base (the plain model id, else its `global.` profile) are dropped and the
   base gets flag `g`; lookup applies the uplift to a regional id it finds only through that
   base. Profiles priced otherwise stay.

Output encoding: one static string, one `@provider` line per section, then one line per model:
`id|context|max_output|input|output|cache_read|cache_write|flags`, prices in USD per million
tokens (empty = unknown), flags `v`ision `t`ools `r`easoning prompt-`c`aching `p`df `j`son-schema,
`e`mbedding model, and `g` for rule 6.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

AS_OF = "2026-11-24"

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "models" / "data.rs"
DATA_FILE = "litellm_model_prices.json"
LICENSE_FILE = "litellm_LICENSE.txt"

# aster provider -> [(litellm_provider, key prefix to strip)], in priority order (rule 5).
SOURCES: dict[str, list[tuple[str, str]]] = {
    "openai": [("openai", "")],
    "anthropic": [("anthropic", "")],
    "google": [("gemini", "gemini/")],
    "azure": [("azure", "azure/")],
    "bedrock": [("bedrock_converse", ""), ("bedrock", "bedrock/")],
    "gcpvertexai": [
        ("vertex_ai-language-models", "vertex_ai/"),
        ("vertex_ai", "vertex_ai/"),
        ("vertex_ai-anthropic_models", "vertex_ai/"),
        ("vertex_ai-embedding-models", "vertex_ai/"),
    ],
    "ollama": [("ollama", "ollama/")],
    "xai": [("xai", "xai/")],
    "databricks": [("databricks", "databricks/")],
    "snowflake": [("snowflake", "snowflake/")],
    "mistral": [("mistral", "mistral/")],
    "groq": [("groq", "groq/")],
    "deepseek": [("deepseek", "deepseek/")],
    "together": [("together_ai", "together_ai/")],
    "fireworks": [("fireworks_ai", "fireworks_ai/")],
    "cerebras": [("cerebras", "cerebras/")],
    "perplexity": [("perplexity", "perplexity/")],
}
# Every provider kind with a catalog key, in the order the catalog lists them; the ones without LiteLLM data have no section.
PROVIDERS = [
    "openai", "anthropic", "google", "azure", "bedrock", "gcpvertexai", "ollama", "openrouter",
    "litellm", "xai", "venice", "databricks", "snowflake", "sagemaker_tgi", "mistral",
    "groq", "deepseek", "together", "fireworks", "cerebras", "perplexity",
]

FIREWORKS_MODELS = "accounts/fireworks/models/"
AZURE_ZONES = ("eu/", "us/", "us-gov/", "apac/", "global/", "global-standard/")
BEDROCK_GEOS = ("us.", "eu.", "apac.", "au.", "jp.", "global.", "us-gov.", "in.", "ca.")
# Geographic cross-region inference profiles, which AWS prices 10 % above the global/in-region
# price for current models (rule 6); `us-gov.` and `global.` are not in this set.
REGIONAL_GEOS = ("us.", "eu.", "apac.", "au.", "jp.", "in.", "ca.")
REGIONAL_UPLIFT = 1.1
# Region paths (`us-east-1/`, `*/`), commitments and the legacy invoke path.
BEDROCK_PATH = re.compile(r"^([a-z]{2}(-gov)?-[a-z]+-\d|\*)/")
# Dated snapshot suffixes, matched at the end of an id; keep in sync with models::lookup.
SNAPSHOT = re.compile(r"(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|@default|-\d{4})$")

FLAGS = [
    ("v", "supports_vision"),
    ("t", "supports_function_calling"),
    ("r", "supports_reasoning"),
    ("c", "supports_prompt_caching"),
    ("p", "supports_pdf_input"),
    ("j", "supports_response_schema"),
]


def price(v: object) -> str:
    """USD per token -> USD per million tokens, 5 significant digits, at most 6 decimals.

    Five digits keep list prices exact (15.625, 0.34375) and round away float noise in converted
    prices (Databricks' DBU-derived `2.9999900000000002e-06` -> 3), which would only cost table
    bytes; the relative error is below 0.005 %.
    """
    if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
        return ""
    d = Decimal(repr(float(v))) * 1_000_000
    if d == 0:
        return "0"
    step = Decimal(1).scaleb(d.adjusted() - 4)
    d = d.quantize(step, rounding=ROUND_HALF_UP).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return format(d.normalize(), "f")


def count(v: object) -> str:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0:
        return ""
    return str(int(v))


def flags(e: dict) -> str:
    out = "e" if e.get("mode") == "embedding" else ""
    for letter, key in FLAGS:
        on = bool(e.get(key))
        if letter == "c" and e.get("cache_read_input_token_cost") is not None:
            on = True  # automatic caching (OpenAI, Gemini) is priced but not always flagged
        if on:
            out += letter
    return out


def record(e: dict) -> tuple[str, ...]:
    output = price(e.get("output_cost_per_token"))
    if e.get("mode") == "embedding" and output == "":
        output = "0"  # an embedding model generates no tokens
    return (
        count(e.get("max_input_tokens")),
        count(e.get("max_output_tokens")),
        price(e.get("input_cost_per_token")),
        output,
        price(e.get("cache_read_input_token_cost")),
        price(e.get("cache_creation_input_token_cost")),
        flags(e),
    )


def keep_id(provider: str, mid: str) -> bool:
    if not mid or "|" in mid or "\n" in mid or "\"#" in mid:
        return False
    if mid.endswith("/container") or mid == "container":
        return False
    if provider == "azure" and mid.startswith(AZURE_ZONES):
        return False
    if provider == "bedrock" and (
        BEDROCK_PATH.match(mid) or "commitment/" in mid or "/" in mid.removeprefix("invoke/")
    ):
        return False
    if provider == "gcpvertexai" and "/" in mid:
        return False  # partner models (xai/…, …) other than Gemini and Claude
    if provider == "databricks" and mid.startswith("system.ai."):
        return False
    return True


def select(data: dict) -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = {}
    for provider, sources in SOURCES.items():
        models: dict[str, tuple[tuple[str, ...], dict]] = {}
        for source, prefix in sources:
            seen_here: set[str] = set()
            for key in sorted(data):
                e = data[key]
                if not isinstance(e, dict) or e.get("litellm_provider") != source:
                    continue
                if e.get("mode") not in ("chat", "responses", "embedding"):
                    continue
                dep = e.get("deprecation_date")
                if isinstance(dep, str) and dep[:10] <= AS_OF:
                    continue
                mid = key.removeprefix(prefix) if prefix else key
                if provider == "bedrock":
                    mid = mid.removeprefix("invoke/")
                # Fireworks' own account path, the same on every one of its ids: lookup strips
                # it from the id it is given (models::lookup).
                if provider == "fireworks":
                    mid = mid.removeprefix(FIREWORKS_MODELS)
                if not keep_id(provider, mid):
                    continue
                rec = record(e)
                if not any(rec[:6]):
                    continue
                # An earlier source wins; within a source, LiteLLM's canonical spelling
                # (`gemini/x` for Gemini's `x`) wins over a bare or `invoke/` duplicate.
                canonical = bool(prefix) and key == prefix + mid
                if mid not in models or (mid in seen_here and canonical):
                    models[mid] = (rec, e)
                    seen_here.add(mid)
        catalog[provider] = collapse(provider, models)
    return catalog


PRICE_KEYS = (
    "input_cost_per_token",
    "output_cost_per_token",
    "cache_read_input_token_cost",
    "cache_creation_input_token_cost",
)


def is_uplift(geo: dict, base: dict) -> bool:
    """Whether `geo` is `base` with every price times REGIONAL_UPLIFT and nothing else changed."""
    if record(geo)[:2] != record(base)[:2] or record(geo)[6] != record(base)[6]:
        return False
    for k in PRICE_KEYS:
        g, b = geo.get(k), base.get(k)
        if (g is None) != (b is None):
            return False
        if g is not None and abs(g - b * REGIONAL_UPLIFT) > 1e-9 * max(abs(g), 1e-12) + 1e-15:
            return False
    return True


def collapse(provider: str, models: dict[str, tuple[tuple[str, ...], dict]]) -> dict[str, str]:
    """Rule 5 (and 6 for Bedrock); returns id -> encoded fields."""
    recs = {mid: rec for mid, (rec, _) in models.items()}
    uplifted: set[str] = set()  # base ids whose regional profiles are priced by the rule
    dropped: set[str] = set()
    if provider == "bedrock":
        for mid, (_, e) in models.items():
            geo = next((g for g in REGIONAL_GEOS if mid.startswith(g)), None)
            if not geo:
                continue
            # The base is the plain id, or the `global.` profile when AWS only offers profiles.
            for base_id in (mid[len(geo):], "global." + mid[len(geo):]):
                base = models.get(base_id)
                if base:
                    if is_uplift(e, base[1]):
                        uplifted.add(base_id)
                        dropped.add(mid)
                    break
    out = {}
    for mid, rec in recs.items():
        if mid in dropped:
            continue
        m = SNAPSHOT.search(mid)
        if m and rec in (recs.get(mid[: m.start()]), recs.get(mid[: m.start()] + "-latest")):
            continue
        geo = next((g for g in BEDROCK_GEOS if mid.startswith(g)), None) if provider == "bedrock" else None
        if geo and recs.get(mid[len(geo):]) == rec and not (
            geo in REGIONAL_GEOS and mid[len(geo):] in uplifted
        ):
            continue
        fields = rec[:6] + (rec[6] + ("g" if mid in uplifted else ""),)
        out[mid] = "|".join(fields)
    # Sorted by the id in ASCII lowercase, the order `models::table::find` binary-searches
    # (ids are compared case-insensitively; no two ids of a section differ only in case).
    return dict(sorted(out.items(), key=lambda kv: kv[0].lower()))


def render(data_bytes: bytes, licence: str) -> str:
    data = json.loads(data_bytes)
    catalog = select(data)
    digest = hashlib.sha256(data_bytes).hexdigest()
    lines = []
    for provider in PROVIDERS:
        models = catalog.get(provider)
        if not models:
            continue
        lines.append("@" + provider)
        for mid, fields in models.items():
            lines.append(mid + "|" + fields)
    counts = ", ".join(f"{p} {len(catalog.get(p, {}))}" for p in PROVIDERS)
    licence_lines = "".join(f"// {l}".rstrip() + "\n" for l in licence.strip().splitlines())
    table = "\n".join(lines)
    return (
        "// @generated by tools/gen_models.py — do not edit; rerun the script instead.\n"
        "//\n"
        f"// Source: {DATA_FILE} (LiteLLM's model_prices_and_context_window.json),\n"
        f"// sha256 {digest}, snapshot {AS_OF}.\n"
        f"// Models per provider: {counts}.\n"
        "//\n"
        "// The data below is derived from LiteLLM (https://github.com/BerriAI/litellm), used\n"
        f"// under the MIT licence; its notice ({LICENSE_FILE}) follows:\n"
        "//\n"
        f"{licence_lines}"
        "\n"
        "/// SHA-256 of the LiteLLM price file (`litellm_model_prices.json`) the catalog was\n"
        "/// generated from.\n"
        f'pub const SOURCE_SHA256: &str = "{digest}";\n'
        "\n"
        "/// Snapshot date of the catalog: entries deprecated on or before it were dropped.\n"
        f'pub const AS_OF: &str = "{AS_OF}";\n'
        "\n"
        "/// `@provider` section lines, then `id|context|max_output|input|output|cache_read|\n"
        "/// cache_write|flags` lines; prices in USD per million tokens. See `tools/gen_models.py`.\n"
        f'pub(super) const CATALOG: &str = r#"{table}\n"#;\n'
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory with the LiteLLM files")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--stdout", action="store_true", help="print instead of writing --out")
    args = ap.parse_args()
    try:
        data_bytes = (args.data / DATA_FILE).read_bytes()
        licence = (args.data / LICENSE_FILE).read_text(encoding="utf-8")
    except OSError as e:
        print(f"gen_models: cannot read the LiteLLM data: {e}", file=sys.stderr)
        return 2
    text = render(data_bytes, licence)
    if args.stdout:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
