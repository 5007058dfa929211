//! The bridge from a provider configuration to an [`Endpoint`].

use super::{Backend, Endpoint, Prepared};
use crate::error::{ProviderError, Result};
use crate::format::{encode, EncodeContext, WireFormat};
use crate::http::{Headers, HttpRequest, Method};
use crate::message::Request;
use crate::retry::RetryConfig;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use serde_json::Value;

struct Simple {
    provider: String,
    model: String,
    base_url: String,
    api_key: String,
    format: WireFormat,
    path: &'static str,
    retry: RetryConfig,
}

/// The backend for a configuration of provider type `kind`.
pub fn backend(config: &Value, kind: &str) -> Result<Backend> {
    let section = match config.get("provider") {
        Some(p) if p.is_object() => p,
        _ => config,
    };
    let s = |k: &str| section.get(k).and_then(Value::as_str).map(String::from);
    let (format, path, base) = match kind {
        "anthropic" => (
            WireFormat::Anthropic,
            "/v1/messages",
            "https://api.anthropic.com",
        ),
        "openai" => (
            WireFormat::OpenAiChat,
            "/v1/chat/completions",
            "https://api.openai.com",
        ),
        _ => {
            return Err(ProviderError::config(format!(
                "unknown provider type `{kind}`"
            )))
        }
    };
    Ok(Backend::Http(Rc::new(Simple {
        provider: String::from(kind),
        model: s("model").unwrap_or_default(),
        base_url: s("baseUrl").unwrap_or_else(|| String::from(base)),
        api_key: s("apiKey").unwrap_or_default(),
        format,
        path,
        retry: RetryConfig {
            max_retries: 2,
            initial_delay_ms: 500,
            max_delay_ms: 8_000,
            backoff_multiplier: 2.0,
            ..RetryConfig::default()
        },
    })))
}

impl Endpoint for Simple {
    fn provider_name(&self) -> &str {
        &self.provider
    }
    fn model(&self) -> &str {
        &self.model
    }
    fn retry_config(&self) -> RetryConfig {
        self.retry.clone()
    }
    fn prepare(&self, req: &Request, _now: u64) -> Result<Prepared> {
        let model = req.model.clone().unwrap_or_else(|| self.model.clone());
        let ctx = EncodeContext {
            model: model.clone(),
            stream: true,
            provider: self.provider.clone(),
        };
        let (body, warnings) = match encode(self.format, req, &ctx) {
            Ok(e) => (e.body, e.warnings),
            Err(_) => (
                serde_json::json!({"model": model, "stream": true}),
                Vec::new(),
            ),
        };
        let mut headers = Headers::new();
        headers.set("content-type", "application/json");
        if self.format == WireFormat::Anthropic {
            headers.set("x-api-key", self.api_key.clone());
            headers.set("anthropic-version", "2023-06-01");
        } else {
            headers.set("authorization", format!("Bearer {}", self.api_key));
        }
        Ok(Prepared {
            http: HttpRequest {
                method: Method::Post,
                url: format!("{}{}", self.base_url.trim_end_matches('/'), self.path),
                headers,
                body: serde_json::to_vec(&body).unwrap_or_default(),
            },
            format: self.format,
            framing: self.format.default_framing(),
            warnings,
        })
    }
    fn secrets(&self) -> Vec<String> {
        vec![self.api_key.clone()]
    }
}
