//! Building a provider request: endpoint URL, body adjustments, then auth and signing.
//!
//! `build_request` = [`resolve_target`] (URL, model, format, framing) → `format::encode` →
//! [`finish_request`] (the provider's own body changes, headers, auth, SigV4 last so it covers
//! everything). [`build_request_from_body`] starts from an already-encoded body, which the
//! gateway's pass-through and the tests use.

use super::auth::apply_auth;
use super::config::ProviderConfig;
use super::kinds::Resolve;
use super::sigv4::uri_encode;
use super::Timestamp;
use crate::error::{ProviderError, Result};
use crate::format::{EncodeContext, Framing, WireFormat};
use crate::http::{Headers, HttpRequest, Method};
use crate::message::{Request, Warning};
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

pub use super::kinds::azure::{AZURE_DEFAULT_API_VERSION, AZURE_DEFAULT_RESPONSES_API_VERSION};
pub use super::kinds::vertex::VERTEX_ANTHROPIC_VERSION;

/// A request ready to send, with what is needed to decode its answer.
#[derive(Clone, Debug, PartialEq)]
pub struct BuiltRequest {
    /// The HTTP request (headers include credentials; its `Debug` redacts them).
    pub http: HttpRequest,
    /// The wire format of the answer.
    pub format: WireFormat,
    /// How a streamed answer is framed.
    pub framing: Framing,
    /// Settings the provider cannot honour.
    pub warnings: Vec<Warning>,
}

/// Where a request goes and in which format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Absolute URL.
    pub url: String,
    /// The model id as the provider knows it (Azure: the deployment).
    pub model: String,
    /// Wire format.
    pub format: WireFormat,
    /// Stream framing.
    pub framing: Framing,
}

impl Target {
    /// A target framed as SSE.
    pub(crate) fn sse(url: String, model: String, format: WireFormat) -> Target {
        Target {
            url,
            model,
            format,
            framing: Framing::Sse,
        }
    }
}

/// Builds the request for `req` (canonical) against `cfg`. `now` is used for signing.
pub fn build_request(
    cfg: &ProviderConfig,
    req: &Request,
    stream: bool,
    now: Timestamp,
) -> Result<BuiltRequest> {
    let target = resolve_target(cfg, req.model.as_deref(), stream)?;
    let ctx = EncodeContext::new(cfg.rules_name(), target.model.as_str(), stream);
    let encoded = crate::format::encode(target.format, req, &ctx)?;
    finish_request(cfg, target, encoded.body, encoded.warnings, now)
}

/// Builds the request from a body already in the provider's wire format.
pub fn build_request_from_body(
    cfg: &ProviderConfig,
    model: Option<&str>,
    body: Value,
    stream: bool,
    now: Timestamp,
) -> Result<BuiltRequest> {
    let target = resolve_target(cfg, model, stream)?;
    finish_request(cfg, target, body, Vec::new(), now)
}

/// Applies the provider's body changes, serializes, and adds headers, auth and signature.
pub fn finish_request(
    cfg: &ProviderConfig,
    target: Target,
    body: Value,
    warnings: Vec<Warning>,
    now: Timestamp,
) -> Result<BuiltRequest> {
    let def = cfg.kind.def();
    let body = adjust_body(cfg, &target, body)?;
    let mut headers = Headers::new();
    headers.set("content-type", "application/json");
    let mut http = HttpRequest {
        method: Method::Post,
        url: target.url,
        headers,
        body: serde_json::to_vec(&body)
            .map_err(|_| ProviderError::internal("request body could not be serialized"))?,
    };
    (def.headers)(cfg, &mut http.headers);
    for (k, v) in cfg.headers.iter() {
        http.headers.set(k, v);
    }
    apply_auth(cfg, &mut http, now)?;
    Ok(BuiltRequest {
        http,
        format: target.format,
        framing: target.framing,
        warnings,
    })
}

/// `base` without trailing slashes, then `path`.
pub(crate) fn join(base: &str, path: &str) -> String {
    let mut s = base.trim_end_matches('/').to_string();
    s.push_str(path);
    s
}

/// Percent-encodes one path segment, keeping the unreserved set and `keep`.
pub(crate) fn segment(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for part in s.as_bytes().split_inclusive(|b| keep.contains(b)) {
        match part.split_last() {
            Some((last, rest)) if keep.contains(last) => {
                out.push_str(&uri_encode(rest, false));
                out.push(*last as char);
            }
            _ => out.push_str(&uri_encode(part, false)),
        }
    }
    out
}

/// URL, model, format and framing for a request to `cfg` (`model` overrides the configured one).
pub fn resolve_target(cfg: &ProviderConfig, model: Option<&str>, stream: bool) -> Result<Target> {
    let info = cfg.kind.info();
    let model = model
        .filter(|m| !m.is_empty())
        .or(cfg.model.as_deref())
        // Only Azure accepts a deployment: it names the model when none is given.
        .or(cfg.deployment.as_deref())
        .or(info.default_model)
        .ok_or_else(|| super::kinds::missing(cfg, "no model configured (set provider.model)"))?
        .to_string();
    // Model ids go into URL paths: no dot segments or control characters, whatever the caller
    // (or a gateway client) passed.
    if model.chars().any(char::is_control) || model.split('/').any(|s| s == "." || s == "..") {
        return Err(
            ProviderError::invalid_request("invalid model id").with_provider(cfg.name.clone())
        );
    }
    let def = cfg.kind.def();
    let r = Resolve {
        model,
        base: cfg.base_url.as_deref().or(info.default_base_url),
        stream,
    };
    (def.target)(cfg, info, r)
}

/// The changes every provider makes to an encoded body, then the kind's own.
fn adjust_body(cfg: &ProviderConfig, target: &Target, body: Value) -> Result<Value> {
    let Value::Object(mut map) = body else {
        return Err(ProviderError::internal(
            "encoded request body is not a JSON object",
        ));
    };
    match target.format {
        // The model is in the URL; these bodies have no `model` field.
        WireFormat::Gemini | WireFormat::BedrockConverse | WireFormat::Tgi => {
            map.remove("model");
        }
        _ => {
            if !map.contains_key("model") {
                map.insert(String::from("model"), Value::String(target.model.clone()));
            }
        }
    }
    (cfg.kind.def().body)(cfg, target, &mut map);
    Ok(Value::Object(map))
}
