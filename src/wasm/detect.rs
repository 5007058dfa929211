//! `create()` / `createWithNamedModel()` / `refreshCustomProviders()`: provider detection
//! (DESIGN §3.6) exposed to JS. Resolves to a configuration object the `Client` constructor
//! takes, so detection and explicit configuration share one path.

use super::error::to_js_error;
use crate::error::{ProviderError, Result};
use alloc::string::String;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

fn parse(text: &str, what: &str) -> Result<Value> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text)
        .map_err(|e| ProviderError::config(alloc::format!("{what} is not valid JSON: {e}")))
}

/// The configuration for `env` (string values), an optional explicit `config`, and an
/// optional model name to route on.
pub fn resolve(env: &Map<String, Value>, config: &Value, model: &str) -> Result<Value> {
    let mut cfg = if config.is_object() {
        config.clone()
    } else {
        let get = |k: &str| env.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        if let Some(key) = get("ANTHROPIC_API_KEY") {
            serde_json::json!({"type": "anthropic", "apiKey": key})
        } else if let Some(key) = get("OPENAI_API_KEY") {
            serde_json::json!({"type": "openai", "apiKey": key})
        } else {
            return Err(ProviderError::config(
                "no provider configured: set a provider API key in the environment or pass a config",
            ));
        }
    };
    if !model.is_empty() {
        if let Some(m) = cfg.as_object_mut() {
            m.insert(String::from("model"), Value::String(String::from(model)));
        }
    }
    Ok(cfg)
}

/// `resolveConfig(envJson, configJson, modelName)` → configuration JSON.
#[wasm_bindgen(js_name = resolveConfig)]
pub fn resolve_config(
    env_json: &str,
    config_json: &str,
    model: &str,
) -> core::result::Result<String, JsValue> {
    let r = (|| {
        let env = parse(env_json, "env")?;
        let env = env.as_object().cloned().unwrap_or_default();
        let config = parse(config_json, "config")?;
        let cfg = resolve(&env, &config, model)?;
        serde_json::to_string(&cfg).map_err(|e| ProviderError::internal(alloc::format!("{e}")))
    })();
    r.map_err(|e| to_js_error(&e))
}

/// `setCustomProviders(json)`: replaces the custom provider list.
#[wasm_bindgen(js_name = setCustomProviders)]
pub fn set_custom_providers(json: &str) -> core::result::Result<(), JsValue> {
    parse(json, "custom providers")
        .map(|_| ())
        .map_err(|e| to_js_error(&e))
}
