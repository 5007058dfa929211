//! Client configuration from JS: the configuration object (or TOML), the environment, and
//! the client options.
//!
//! JS passes objects as JSON text (one crossing, no serde-wasm-bindgen in the package).
//! Configuration parsing is `provider::Config` (flat `{type, apiKey, model}` or sectioned
//! `{provider: {…}, retry, customProviders}`; a TOML string arrives as `{"toml": "…"}` and is
//! parsed only with the `toml` feature, i.e. in the gateway build, not the npm package). The
//! mock provider's pacing keys (`delayMs`, `chunkSize`) belong to the client, so they are taken
//! out before the provider parser sees the object.

use super::fetch::Timeouts;
use crate::client::Backend;
use crate::error::{ProviderError, Result};
use crate::provider::detect::Env;
use crate::provider::env::fill_from_env;
use crate::provider::mock::MockConfig;
use crate::provider::{Config, ConfigSource, ProviderConfig};
use crate::retry::RetryConfig;
use alloc::format;
use alloc::string::String;
use serde_json::{Map, Value};

/// Options of `new Client(config, options)`.
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// Allows a real credential in a browser page.
    pub dangerously_allow_browser: bool,
    /// Call timeouts.
    pub timeouts: Timeouts,
}

impl ClientOptions {
    /// Reads `{dangerouslyAllowBrowser, firstByteTimeoutMs, idleTimeoutMs}` (other keys, such as
    /// `env` and `config` of `create()`, are ignored).
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

/// The environment object JS passed (string values only; others are ignored).
pub fn env_from_json(v: &Value) -> Env {
    let mut env = Env::new();
    if let Some(m) = v.as_object() {
        for (k, v) in m {
            if let Some(s) = v.as_str() {
                env.insert(k.clone(), String::from(s));
            }
        }
    }
    env
}

/// A parsed configuration plus the mock pacing settings taken out of it.
pub struct Parsed {
    /// The configuration.
    pub config: Config,
    /// Mock settings (defaults unless the provider is `mock`).
    pub mock: MockConfig,
}

const MOCK_KEYS: [&str; 4] = ["delayMs", "delay_ms", "chunkSize", "chunk_size"];

/// A configuration as a JSON value (`{"toml": text}` is parsed, or a config error without the
/// `toml` feature) with the mock pacing keys taken out into a [`MockConfig`].
pub fn split_mock(v: &Value) -> Result<(Value, MockConfig)> {
    let mut value = match v.get("toml").and_then(Value::as_str) {
        Some(text) if v.as_object().is_some_and(|m| m.len() == 1) => {
            crate::provider::config_value::toml_to_value(text)?
        }
        _ => v.clone(),
    };
    if !value.is_object() {
        return Err(ProviderError::config("config must be an object"));
    }
    let mut mock = MockConfig::default();
    let section = match value.get_mut("provider") {
        Some(p) if p.is_object() => p,
        _ => &mut value,
    };
    if let Some(m) = section.as_object_mut() {
        if m.get("type").and_then(Value::as_str) == Some("mock") {
            let mut taken = Map::new();
            for k in MOCK_KEYS {
                if let Some(x) = m.remove(k) {
                    taken.insert(String::from(k), x);
                }
            }
            mock = MockConfig::from_json(&Value::Object(taken));
        }
    }
    Ok((value, mock))
}

/// Parses a configuration value (`{"toml": text}` for TOML).
pub fn parse_config(v: &Value) -> Result<Parsed> {
    let (value, mock) = split_mock(v)?;
    let config = ConfigSource::Object(&value).parse()?;
    Ok(Parsed { config, mock })
}

/// The backend `new Client(config)` describes; unset settings (credentials, region, …) are
/// filled from `env`.
pub fn backend_from_json(config: &Value, env: &Env, options: &ClientOptions) -> Result<Backend> {
    let Parsed { config, mock } = parse_config(config)?;
    let mut provider = config.provider.ok_or_else(|| {
        ProviderError::config("config: no provider (set `type`, or a `provider` section)")
    })?;
    fill_from_env(&mut provider, env)?;
    Ok(backend(provider, config.retry, mock, options))
}

/// The backend for a provider configuration, with the client options applied.
pub fn backend(
    mut provider: ProviderConfig,
    retry: Option<RetryConfig>,
    mock: MockConfig,
    options: &ClientOptions,
) -> Backend {
    if let (true, Some((name, value))) = (
        options.dangerously_allow_browser,
        provider.kind.info().browser_header,
    ) {
        provider.headers.set(name, value);
    }
    Backend::from_config(provider, retry, mock)
}
