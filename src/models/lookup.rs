//! [`lookup`]: finding a catalog entry from the id forms callers and providers actually use.
//!
//! Tried in order, stopping at the first hit (so an exact id always wins):
//! 1. the id as given, after removing this provider's own `provider/` prefix, `%3A` and what
//!    its kind's row says of its ids (`catalog_id_prefix`, `catalog_id`: `models/…`, Vertex
//!    `publishers/google/models/…`, Bedrock ARNs);
//! 2. the forms its kind's row allows: cross-region profiles (`catalog_profiles`: Bedrock's
//!    `us.…`, `global.…`, with the `-v1:0` completion), a shorter base id (`catalog_base`:
//!    Ollama `:latest`/`:tag`, OpenAI fine-tunes `ft:base:org:name:id` → `ft:base`);
//! 3. the id without a snapshot suffix (`-2024-08-06`, `-20251001`, `@20250929`, `@default`,
//!    `-0309`), then that alias plus `-latest` (Mistral style);
//! 4. once, the section its kind's row falls through to (`catalog_fallback`: Azure → OpenAI,
//!    Vertex → Google / Anthropic, Google → Vertex).

use super::table::{self, Row};
use super::ModelInfo;
use crate::provider::{KindInfo, ProviderKind};
use alloc::string::String;

/// Bedrock geographic profiles priced 10 % above their base when the base row has flag `g`.
const REGIONAL_GEOS: [&str; 7] = ["us.", "eu.", "apac.", "au.", "jp.", "in.", "ca."];
/// Every Bedrock profile prefix.
const ALL_GEOS: [&str; 9] = [
    "us.", "eu.", "apac.", "au.", "jp.", "in.", "ca.", "global.", "us-gov.",
];
const REGIONAL_UPLIFT: f64 = 1.1;
/// Providers searched for a bare LiteLLM model id, most likely first.
const SEARCH_ORDER: [&str; 11] = [
    "openai",
    "anthropic",
    "google",
    "xai",
    "mistral",
    "bedrock",
    "gcpvertexai",
    "azure",
    "databricks",
    "snowflake",
    "ollama",
];

/// The catalog entry for `model` as served by `provider` (an aster provider name; LiteLLM and
/// OpenRouter vendor spellings such as `gemini`, `vertex_ai`, `x-ai`, `mistralai` are accepted).
/// Tolerant of the usual id forms (see the module docs of `models`); `None` when the model is
/// unknown or the provider has no prices (`venice`, `sagemaker_tgi`).
pub fn lookup(provider: &str, model: &str) -> Option<ModelInfo> {
    let model = model.trim();
    if model.is_empty() {
        return None;
    }
    let provider = provider.trim();
    match vendor(provider).unwrap_or(provider) {
        "openrouter" => openrouter(model),
        "litellm" => litellm(model),
        p => in_provider(p, model),
    }
}

/// The provider kind a provider or vendor spelling names: a kind's name or alias, or one of
/// the spellings LiteLLM and OpenRouter give it (`KindInfo::vendor_names`: `vertex_ai`,
/// `ollama_chat`, …). The spellings are each kind's own, in its row.
#[inline(never)]
fn kind_of(name: &str) -> Option<ProviderKind> {
    ProviderKind::from_name(name).or_else(|| {
        ProviderKind::ALL.into_iter().find(|k| {
            k.info()
                .vendor_names
                .iter()
                .any(|v| v.eq_ignore_ascii_case(name))
        })
    })
}

/// Maps a vendor / provider spelling to the catalog section of its kind (the kind's name when
/// it has no prices: `venice`, `sagemaker_tgi`).
pub(super) fn vendor(name: &str) -> Option<&'static str> {
    kind_of(name).map(|k| k.info().catalog.unwrap_or(k.name()))
}

fn in_provider(provider: &str, model: &str) -> Option<ModelInfo> {
    let info = kind_of(provider).map(|k| k.info());
    let id = own_id(provider, model);
    let hit = in_section(provider, info, id.as_str());
    // One level of fall-through (the kind's `catalog_fallback`), never back again (Google ⇄
    // Vertex would otherwise loop).
    hit.or_else(|| {
        let fallback = (info?.catalog_fallback)(id.as_str())?;
        let id = own_id(fallback, id.as_str());
        in_section(fallback, kind_of(fallback).map(|k| k.info()), id.as_str())
    })
}

/// The row for catalog id `id` in section `provider`, trying the id forms its kind's row
/// (`info`) allows: cross-region profiles, a shorter base id.
fn in_section(provider: &str, info: Option<&KindInfo>, id: &str) -> Option<ModelInfo> {
    if id.is_empty() {
        return None;
    }
    match info {
        Some(i) if i.catalog_profiles => profiles(provider, id),
        Some(i) => variants(provider, id).or_else(|| variants(provider, (i.catalog_base)(id)?)),
        None => variants(provider, id),
    }
}

/// The model id with this provider's own prefix, resource path and URL-escaping removed.
fn own_id(provider: &str, model: &str) -> String {
    let mut id = model;
    if let Some((prefix, rest)) = id.split_once('/') {
        if vendor(prefix) == Some(provider) {
            id = rest;
        }
    }
    // The path a provider puts before its own ids, which its catalog rows leave out (its row's
    // `catalog_id_prefix`: Fireworks' account path), and its own resource paths (its row's
    // `catalog_id`: Google's `models/…`, Bedrock ARNs).
    if let Some(info) = kind_of(provider).map(|k| k.info()) {
        if let Some(p) = info.catalog_id_prefix {
            id = id.strip_prefix(p).unwrap_or(id);
        }
        id = (info.catalog_id)(id);
    }
    if id.contains("%3A") || id.contains("%3a") {
        id.replace("%3A", ":").replace("%3a", ":")
    } else {
        String::from(id)
    }
}

/// Exact id, then the id without a snapshot suffix, then that alias plus `-latest`.
fn variants(provider: &str, id: &str) -> Option<ModelInfo> {
    if let Some((name, row)) = table::find(provider, id) {
        return Some(row.info(name));
    }
    let alias = strip_snapshot(id)?;
    let (name, row) = table::find(provider, alias).or_else(|| {
        let mut latest = String::from(alias);
        latest.push_str("-latest");
        table::find(provider, &latest)
    })?;
    Some(row.info(name))
}

/// A catalog id that may name a cross-region inference profile (Bedrock's `us.…`, `global.…`).
fn profiles(section: &str, id: &str) -> Option<ModelInfo> {
    let bedrock_variants = |id: &str| versions(section, id);
    if let Some(hit) = bedrock_variants(id) {
        return Some(hit.0.info(hit.1));
    }
    let geo = ALL_GEOS.iter().find(|g| starts_with_ignore_case(id, g));
    let base = geo.map_or(id, |g| id.get(g.len()..).unwrap_or(id));
    let mut global = String::from("global.");
    global.push_str(base);
    let (row, name) = bedrock_variants(base).or_else(|| bedrock_variants(&global))?;
    let mut info = row.info(name);
    if row.has('g') && geo.is_some_and(|g| REGIONAL_GEOS.contains(g)) {
        info.price = info.price.map(|p| p.scaled(REGIONAL_UPLIFT));
    }
    Some(info)
}

/// Bedrock id forms: as given, or with the `-v1:0` version suffix most ids carry.
fn versions(section: &str, id: &str) -> Option<(Row, &'static str)> {
    let find = |id: &str| table::find(section, id).map(|(n, r)| (r, n));
    find(id)
        .or_else(|| {
            let mut versioned = String::from(id);
            versioned.push_str("-v1:0");
            find(&versioned)
        })
        .or_else(|| find(strip_snapshot(id)?))
}

fn openrouter(model: &str) -> Option<ModelInfo> {
    let model = model.trim_start_matches('~');
    let (vendor_name, rest) = model.split_once('/')?;
    let provider = vendor(vendor_name)?;
    // `:free`, `:beta`, `:thinking`, `:nitro`, … select an OpenRouter variant, not a model.
    let (id, variant) = match rest.rsplit_once(':') {
        Some((id, v)) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphabetic()) => {
            (id, Some(v))
        }
        _ => (rest, None),
    };
    let mut info = in_provider(provider, id).or_else(|| {
        // OpenRouter writes Claude versions with dots: `claude-sonnet-4.5`, `claude-3.7-sonnet`.
        (provider == "anthropic").then(|| in_provider(provider, &id.replace('.', "-")))?
    })?;
    if variant.is_some_and(|v| v.eq_ignore_ascii_case("free")) {
        info.price = Some(super::ModelPrice::free());
    }
    Some(info)
}

fn litellm(model: &str) -> Option<ModelInfo> {
    if let Some((prefix, rest)) = model.split_once('/') {
        if let Some(kind) = kind_of(prefix) {
            return match kind.info().catalog {
                Some("openrouter") => openrouter(rest),
                Some("litellm") => litellm(rest),
                Some(p) => in_provider(p, model),
                // A kind without prices (`venice`, `sagemaker_tgi`).
                None => None,
            };
        }
    }
    SEARCH_ORDER.iter().find_map(|p| in_provider(p, model))
}

/// The id without a trailing snapshot suffix, or `None` when it has none.
fn strip_snapshot(id: &str) -> Option<&str> {
    if let Some(at) = id.rfind('@') {
        return id.get(..at).filter(|s| !s.is_empty());
    }
    let b = id.as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let n = b.len();
    // -YYYY-MM-DD
    if n > 11
        && b.get(n - 11) == Some(&b'-')
        && digits(n - 10, 4)
        && b.get(n - 6) == Some(&b'-')
        && digits(n - 5, 2)
        && b.get(n - 3) == Some(&b'-')
        && digits(n - 2, 2)
    {
        return id.get(..n - 11);
    }
    // -YYYYMMDD, then -MMDD / -YYMM
    for len in [8, 4] {
        if n > len + 1 && b.get(n - len - 1) == Some(&b'-') && digits(n - len, len) {
            return id.get(..n - len - 1);
        }
    }
    None
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `models::PROVIDERS` is the table's list: every kind's catalog section (its name where it
    /// has no prices), in table order, without the custom and mock kinds.
    #[test]
    fn providers_are_the_kind_table() {
        let from_table: alloc::vec::Vec<&str> = ProviderKind::ALL
            .into_iter()
            .filter(|k| !matches!(k, ProviderKind::Custom | ProviderKind::Mock))
            .map(|k| vendor(k.name()).unwrap())
            .collect();
        assert_eq!(from_table, super::super::PROVIDERS);
    }

    #[test]
    fn snapshot_suffixes() {
        assert_eq!(strip_snapshot("gpt-4o-2024-08-06"), Some("gpt-4o"));
        assert_eq!(
            strip_snapshot("claude-haiku-4-5-20251001"),
            Some("claude-haiku-4-5")
        );
        assert_eq!(
            strip_snapshot("claude-sonnet-4-5@20250929"),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(
            strip_snapshot("claude-opus-4-6@default"),
            Some("claude-opus-4-6")
        );
        assert_eq!(strip_snapshot("grok-4.20-0309"), Some("grok-4.20"));
        assert_eq!(strip_snapshot("gpt-4o"), None);
        assert_eq!(strip_snapshot("@x"), None);
        assert_eq!(strip_snapshot("-2024"), None);
        assert_eq!(strip_snapshot(""), None);
    }

    #[test]
    fn vendor_spellings() {
        assert_eq!(vendor("x-ai"), Some("xai"));
        assert_eq!(vendor("Gemini"), Some("google"));
        assert_eq!(vendor("vertex_ai"), Some("gcpvertexai"));
        assert_eq!(vendor("meta-llama"), None);
        // Spellings each kind's row lists (LiteLLM's), and kinds without prices.
        assert_eq!(vendor("ollama_chat"), Some("ollama"));
        assert_eq!(vendor("bedrock_converse"), Some("bedrock"));
        assert_eq!(vendor("together_ai"), Some("together"));
        assert_eq!(vendor("venice"), Some("venice"));
        // Fireworks' account path (its row's `catalog_id_prefix`) is left out of its rows.
        let full = lookup(
            "fireworks",
            "accounts/fireworks/models/llama-v3p3-70b-instruct",
        );
        assert!(full.is_some());
        assert_eq!(full, lookup("fireworks", "llama-v3p3-70b-instruct"));
    }
}
