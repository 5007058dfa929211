//! Counting a request's input tokens before sending it ([`Client::count_tokens`]): the
//! provider's own counting API where it has one — Anthropic `POST /v1/messages/count_tokens`,
//! Gemini `models/{model}:countTokens` — and the usage estimator (`crate::usage`) elsewhere,
//! or when the counting call fails for any reason but the credentials.
//!
//! The counting request is the provider's generation request (same URL base, headers and
//! credentials, as `Endpoint::prepare` builds them) pointed at the counting endpoint, with
//! the body cut down to what that endpoint takes.

use super::stream::{exchange_if_needed, read_bounded, ERROR_BODY_LIMIT};
use super::{Backend, Client, Transport};
use crate::error::{classify, ErrorKind, Result};
use crate::format::WireFormat;
use crate::http::HttpRequest;
use crate::message::Request;
use crate::usage::{estimate_request_tokens, fill_cost};
use crate::Usage;
use alloc::format;
use alloc::string::String;
use serde_json::{Map, Value};

/// The input tokens of a request, and what they cost.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenCount {
    /// Every prompt token (DESIGN §3.2).
    pub input_tokens: u64,
    /// True when the count is the estimator's, not the provider's.
    pub estimated: bool,
    /// The input cost in USD, when the model's price is known.
    pub total_cost: Option<f64>,
}

/// Anthropic `count_tokens` takes these keys of a Messages body, and no others.
const ANTHROPIC_KEYS: [&str; 7] = [
    "model",
    "messages",
    "system",
    "tools",
    "tool_choice",
    "thinking",
    "mcp_servers",
];

/// The counting request for a prepared generation request, when its provider has one.
fn counting_request(http: &HttpRequest, format: WireFormat, model: &str) -> Option<HttpRequest> {
    let body: Value = crate::json::value(&http.body).ok()?;
    let (url, body) = match format {
        WireFormat::Anthropic => {
            // Anthropic's own API only (Bedrock `invoke` and Vertex `rawPredict` have none).
            let (path, query) = http.url.split_once('?').unwrap_or((&http.url, ""));
            let base = path.strip_suffix("/v1/messages")?;
            let mut m = Map::new();
            for k in ANTHROPIC_KEYS {
                if let Some(v) = body.get(k) {
                    m.insert(k.into(), v.clone());
                }
            }
            let q = if query.is_empty() {
                String::new()
            } else {
                format!("?{query}")
            };
            (
                format!("{base}/v1/messages/count_tokens{q}"),
                Value::Object(m),
            )
        }
        WireFormat::Gemini => {
            let (path, query) = http.url.split_once('?').unwrap_or((&http.url, ""));
            let (base, _method) = path.rsplit_once(':')?;
            // Keep the query (an API key may ride there) but not `alt=sse`.
            let q: alloc::vec::Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && *p != "alt=sse")
                .collect();
            let q = if q.is_empty() {
                String::new()
            } else {
                format!("?{}", q.join("&"))
            };
            let mut inner = Map::new();
            for k in ["contents", "systemInstruction", "tools", "toolConfig"] {
                if let Some(v) = body.get(k) {
                    inner.insert(k.into(), v.clone());
                }
            }
            // Vertex (`…/publishers/google/models/m`) takes the fields flat; the Gemini API
            // wraps them in a `generateContentRequest` naming the model.
            let body = if !base.contains("/publishers/") {
                inner.insert("model".into(), format!("models/{model}").into());
                let mut outer = Map::new();
                outer.insert("generateContentRequest".into(), Value::Object(inner));
                Value::Object(outer)
            } else {
                Value::Object(inner)
            };
            (format!("{base}:countTokens{q}"), body)
        }
        _ => return None,
    };
    let mut headers = http.headers.clone();
    headers.set("content-type", "application/json");
    Some(HttpRequest {
        method: http.method,
        url,
        headers,
        body: serde_json::to_vec(&body).ok()?,
    })
}

/// The count in a counting response body.
fn count_of(body: &[u8], format: WireFormat) -> Option<u64> {
    let v: Value = crate::json::value(body).ok()?;
    match format {
        WireFormat::Anthropic => v.get("input_tokens")?.as_u64(),
        _ => v.get("totalTokens")?.as_u64(),
    }
}

impl<T: Transport + Clone> Client<T> {
    /// The input tokens of `request` (see the module docs), priced as `catalog`'s model (the
    /// provider kind's name; the client's provider name when `None`).
    pub async fn count_tokens(
        &self,
        request: &Request,
        catalog: Option<&str>,
    ) -> Result<TokenCount> {
        let model = String::from(request.model.as_deref().unwrap_or(self.model()));
        let counted = match &self.backend {
            Backend::Http(ep) => {
                exchange_if_needed(ep.as_ref(), &self.transport).await?;
                let mut req = request.clone();
                req.model = Some(model.clone());
                let prepared = ep.prepare(&req, self.transport.now_ms())?;
                match counting_request(&prepared.http, prepared.format, &model) {
                    Some(http) => self.ask(&http, prepared.format, ep.provider_name()).await?,
                    None => None,
                }
            }
            _ => None,
        };
        let (input_tokens, estimated) = match counted {
            Some(n) => (n, false),
            None => (estimate_request_tokens(request, &model), true),
        };
        let mut usage = Usage {
            input_tokens,
            estimated,
            ..Usage::default()
        };
        let catalog = String::from(catalog.unwrap_or(self.provider_name()));
        let total_cost = fill_cost(&mut usage, &catalog, &model, None);
        Ok(TokenCount {
            input_tokens,
            estimated,
            total_cost,
        })
    }

    /// Sends a counting request: `Some(count)`, `None` to fall back to the estimator, or the
    /// error when the credentials were refused (an estimate would hide that).
    async fn ask(
        &self,
        http: &HttpRequest,
        format: WireFormat,
        provider: &str,
    ) -> Result<Option<u64>> {
        let Ok((head, mut body)) = self.transport.send(http).await else {
            return Ok(None);
        };
        let bytes = read_bounded(&mut body, ERROR_BODY_LIMIT).await;
        if (200..300).contains(&head.status) {
            return Ok(count_of(&bytes, format));
        }
        let e = classify(
            head.status,
            &head.headers,
            &bytes,
            provider,
            self.transport.now_ms(),
        );
        if e.kind == ErrorKind::AuthenticationError {
            return Err(super::scrub(e, &self.secrets()));
        }
        Ok(None)
    }

    fn secrets(&self) -> alloc::vec::Vec<String> {
        match &self.backend {
            Backend::Http(ep) => ep.secrets(),
            Backend::Mock(_) => alloc::vec::Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{Headers, Method};

    fn req(url: &str, body: Value) -> HttpRequest {
        let mut headers = Headers::new();
        headers.set("x-api-key", "k");
        HttpRequest {
            method: Method::Post,
            url: url.into(),
            headers,
            body: serde_json::to_vec(&body).unwrap(),
        }
    }

    #[test]
    fn anthropic_and_gemini_counting_requests() {
        let a = req(
            "https://api.anthropic.com/v1/messages",
            serde_json::json!({"model": "claude", "max_tokens": 5, "stream": true,
                               "messages": [{"role": "user", "content": "hi"}]}),
        );
        let c = counting_request(&a, WireFormat::Anthropic, "claude").unwrap();
        assert_eq!(c.url, "https://api.anthropic.com/v1/messages/count_tokens");
        let b: Value = serde_json::from_slice(&c.body).unwrap();
        assert!(b.get("max_tokens").is_none() && b.get("stream").is_none());
        assert_eq!(c.headers.get("x-api-key"), Some("k"));
        let bedrock = req(
            "https://bedrock/model/x/invoke-with-response-stream",
            serde_json::json!({}),
        );
        assert!(counting_request(&bedrock, WireFormat::Anthropic, "x").is_none());

        let g = req(
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
            serde_json::json!({"contents": [{"role": "user", "parts": [{"text": "hi"}]}],
                               "generationConfig": {"maxOutputTokens": 5}}),
        );
        let c = counting_request(&g, WireFormat::Gemini, "gemini-2.5-flash").unwrap();
        assert_eq!(
            c.url,
            "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens"
        );
        let b: Value = serde_json::from_slice(&c.body).unwrap();
        assert_eq!(
            b["generateContentRequest"]["model"],
            "models/gemini-2.5-flash"
        );
        assert!(b["generateContentRequest"]
            .get("generationConfig")
            .is_none());
        assert_eq!(
            count_of(br#"{"totalTokens": 12}"#, WireFormat::Gemini),
            Some(12)
        );
        assert_eq!(
            count_of(br#"{"input_tokens": 9}"#, WireFormat::Anthropic),
            Some(9)
        );
    }
}
