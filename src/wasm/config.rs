//! Client configuration from JS: the provider section, and the call options.
//!
//! JS passes objects as JSON text (one crossing, no serde-wasm-bindgen in the package). The
//! provider section is `config.provider` when that is an object (the TOML layout, camelCase),
//! else `config` itself (`{type: "openai", apiKey, model}`).

use super::fetch::Timeouts;
use crate::client::Backend;
use crate::error::{ProviderError, Result};
use crate::provider::mock::MockConfig;
use alloc::format;
use serde_json::Value;

/// Options of `new Client(config, options)`.
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// Allows a real credential in a browser page.
    pub dangerously_allow_browser: bool,
    /// Call timeouts.
    pub timeouts: Timeouts,
}

impl ClientOptions {
    /// Reads `{dangerouslyAllowBrowser, firstByteTimeoutMs, idleTimeoutMs}`.
    pub fn from_json(v: &Value) -> Result<ClientOptions> {
        let mut o = ClientOptions::default();
        if v.is_null() {
            return Ok(o);
        }
        if !v.is_object() {
            return Err(ProviderError::config("options must be an object"));
        }
        o.dangerously_allow_browser = v
            .get("dangerouslyAllowBrowser")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        o.timeouts.first_byte_ms = ms(v, "firstByteTimeoutMs", o.timeouts.first_byte_ms)?;
        o.timeouts.idle_ms = ms(v, "idleTimeoutMs", o.timeouts.idle_ms)?;
        Ok(o)
    }
}

fn ms(v: &Value, key: &str, default: f64) -> Result<f64> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(x) => x
            .as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .ok_or_else(|| ProviderError::config(format!("{key} must be a number >= 0"))),
    }
}

/// The provider section of a configuration object.
pub fn provider_section(config: &Value) -> &Value {
    match config.get("provider") {
        Some(p) if p.is_object() => p,
        _ => config,
    }
}

/// The backend a configuration describes.
pub fn backend_from_json(config: &Value) -> Result<Backend> {
    if !config.is_object() {
        return Err(ProviderError::config("config must be an object"));
    }
    let section = provider_section(config);
    let kind = section
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| ProviderError::config("config: provider `type` is missing"))?;
    if kind == "mock" {
        return Ok(Backend::Mock(MockConfig::from_json(section)));
    }
    crate::client::http::backend(config, kind)
}
