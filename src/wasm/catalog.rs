//! Model catalog lookup and cost estimation for JS (`getModel`, `estimateCost`), and the
//! provider table's environment variables (`providerEnvVars`).

use crate::chunk::Usage;
use crate::provider::detect::infer_kind;
use crate::provider::ProviderKind;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// The catalog entry for `name` served by `provider` (`""`: from a `provider/` prefix, else
/// inferred from the name, else searched across providers).
fn find(name: &str, provider: &str) -> Option<crate::models::ModelInfo> {
    if !provider.is_empty() {
        return crate::models::lookup(provider, name);
    }
    if let Some((prefix, rest)) = name.split_once('/') {
        if let Some(k) = ProviderKind::from_name(prefix) {
            if let Some(m) = crate::models::lookup(k.name(), rest) {
                return Some(m);
            }
        }
    }
    infer_kind(name)
        .and_then(|k| crate::models::lookup(k.name(), name))
        .or_else(|| crate::models::lookup("litellm", name))
}

/// `modelInfo(name, provider)` → the catalog entry as JSON, or `undefined`.
#[wasm_bindgen(js_name = modelInfo)]
pub fn model_info(name: &str, provider: &str) -> Option<String> {
    find(name, provider).and_then(|m| serde_json::to_string(&m).ok())
}

fn count(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// `estimateCostJson(model, usageJson, provider)` → USD, or `undefined` when the price is
/// unknown. `usage` takes the chunk's camelCase fields; missing counts are 0.
#[wasm_bindgen(js_name = estimateCostJson)]
pub fn estimate_cost_json(model: &str, usage_json: &str, provider: &str) -> Option<f64> {
    let v: Value = serde_json::from_str(usage_json).ok()?;
    let usage = Usage {
        input_tokens: count(&v, "inputTokens"),
        output_tokens: count(&v, "outputTokens"),
        cache_read_tokens: count(&v, "cacheReadTokens"),
        cache_write_tokens: count(&v, "cacheWriteTokens"),
        reasoning_tokens: count(&v, "reasoningTokens"),
        total_cost: None,
        estimated: false,
    };
    let info = find(model, provider)?;
    Some(crate::usage::cost(&usage, &info.price?))
}

/// Every environment variable a provider kind reads, one per line (`providerEnvVars()` in JS;
/// `scripts/dev.mjs` copies these into the gateway's `.dev.vars`).
#[wasm_bindgen(js_name = providerEnvVars)]
pub fn provider_env_vars() -> String {
    ProviderKind::all_env_vars().join("\n")
}
