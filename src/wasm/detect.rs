//! `create()`, `createWithNamedModel()` and `refreshCustomProviders()` (DESIGN §3.6): provider
//! detection from `provider::detect`, with the IO it needs — the local Ollama probe — done here.

use super::api::WasmClient;
use super::config::{backend, env_from_json, parse_config, split_mock, ClientOptions};
use super::error::to_js_error;
use super::fetch::{FetchTransport, Timeouts};
use super::io::call_gate;
use crate::client::{ResponseBody, Transport};
use crate::error::{ProviderError, Result};
use crate::provider::detect::{self, CustomRegistry, Detection};
use crate::provider::mock::MockConfig;
use crate::provider::ConfigSource;
use alloc::string::String;
use core::cell::RefCell;
use js_sys::Promise;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// How long the local Ollama probe may take: it is a local connection, so a short wait.
const OLLAMA_PROBE_MS: f64 = 1_500.0;

std::thread_local! {
    /// The custom providers `createWithNamedModel` routes to (`refreshCustomProviders`).
    static REGISTRY: RefCell<CustomRegistry> = RefCell::new(CustomRegistry::default());
}

fn parse(text: &str, what: &str) -> Result<Value> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text)
        .map_err(|e| ProviderError::config(alloc::format!("{what} is not valid JSON: {e}")))
}

/// Whether an Ollama answers at `url` (`GET /api/tags` returns 2xx).
async fn probe_ollama(url: &str) -> bool {
    let t = FetchTransport::new(
        call_gate(None),
        Timeouts {
            first_byte_ms: OLLAMA_PROBE_MS,
            idle_ms: OLLAMA_PROBE_MS,
        },
    );
    match t
        .send(&crate::provider::env::ollama_probe_request(url))
        .await
    {
        Ok((head, mut body)) => {
            // Drain the small body so the connection is released cleanly.
            while let Ok(Some(_)) = body.next().await {}
            (200..300).contains(&head.status)
        }
        Err(_) => false,
    }
}

async fn create_inner(
    env_json: String,
    config_json: String,
    options_json: String,
) -> Result<WasmClient> {
    let env = env_from_json(&parse(&env_json, "env")?);
    let config = parse(&config_json, "config")?;
    let options = ClientOptions::from_json(&parse(&options_json, "options")?)?;
    let (config, mock) = if config.is_null() {
        (None, MockConfig::default())
    } else {
        let (v, m) = split_mock(&config)?;
        (Some(v), m)
    };
    let source = config.as_ref().map(ConfigSource::Object);
    let mut detection = detect::create(&env, source, None)?;
    if let Detection::ProbeOllama { url } = &detection {
        let up = probe_ollama(url).await;
        detection = detect::create(&env, source, Some(up))?;
    }
    let found = match detection {
        Detection::Found(f) => f,
        Detection::ProbeOllama { .. } => {
            return Err(ProviderError::internal(
                "Ollama probe answered but not used",
            ))
        }
    };
    if !found.custom_providers.is_empty() {
        REGISTRY.with(|r| *r.borrow_mut() = CustomRegistry::new(found.custom_providers.clone()));
    }
    let backend = backend(found.provider, found.retry, mock, &options);
    WasmClient::with_backend(backend, options)
}

/// `createClient(envJson, configJson, optionsJson)` → `Promise<WasmClient>`.
#[wasm_bindgen(js_name = createClient)]
pub fn create_client(env_json: String, config_json: String, options_json: String) -> Promise {
    super::promise::spawn(alloc::boxed::Box::pin(async move {
        create_inner(env_json, config_json, options_json)
            .await
            .map(JsValue::from)
            .map_err(|e| to_js_error(&e))
    }))
}

/// `createClientForModel(name, envJson, configJson, optionsJson)` → WasmClient.
#[wasm_bindgen(js_name = createClientForModel)]
pub fn create_client_for_model(
    name: &str,
    env_json: &str,
    config_json: &str,
    options_json: &str,
) -> core::result::Result<WasmClient, JsValue> {
    let r = (|| {
        let env = env_from_json(&parse(env_json, "env")?);
        let config = parse(config_json, "config")?;
        let options = ClientOptions::from_json(&parse(options_json, "options")?)?;
        let (retry, mock) = if config.is_null() {
            (None, MockConfig::default())
        } else {
            let p = parse_config(&config)?;
            if !p.config.custom_providers.is_empty() {
                REGISTRY.with(|r| {
                    *r.borrow_mut() = CustomRegistry::new(p.config.custom_providers.clone())
                });
            }
            (p.config.retry, p.mock)
        };
        let cfg = REGISTRY.with(|r| detect::create_with_named_model(name, &env, &r.borrow()))?;
        WasmClient::with_backend(backend(cfg, retry, mock, &options), options)
    })();
    r.map_err(|e| to_js_error(&e))
}

/// `refreshCustomProviders(configJson)`: reloads the custom providers from a configuration
/// (its `customProviders`); returns how many there are now.
#[wasm_bindgen(js_name = refreshCustomProviders)]
pub fn refresh_custom_providers(config_json: &str) -> core::result::Result<u32, JsValue> {
    let r = (|| {
        let (v, _) = split_mock(&parse(config_json, "config")?)?;
        REGISTRY.with(|reg| {
            detect::refresh_custom_providers(&mut reg.borrow_mut(), ConfigSource::Object(&v))
        })
    })();
    r.map(|n| n as u32).map_err(|e| to_js_error(&e))
}
