//! Building a provider request: endpoint URL, body adjustments, then auth and signing.
//!
//! `build_request` = [`resolve_target`] (URL, model, format, framing) → `format::encode` →
//! [`finish_request`] (the provider's own body changes, headers, auth, SigV4 last so it covers
//! everything). [`build_request_from_body`] starts from an already-encoded body, which the
//! gateway's pass-through and the tests use.

use super::auth::apply_auth;
use super::config::{Api, ProviderConfig};
use super::kind::ProviderKind;
use super::sigv4::uri_encode;
use super::Timestamp;
use crate::error::{ProviderError, Result};
use crate::format::{EncodeContext, Framing, WireFormat};
use crate::http::{Headers, HttpRequest, Method};
use crate::message::{Request, Warning};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// The `anthropic_version` Vertex AI wants in the body of Claude requests.
pub const VERTEX_ANTHROPIC_VERSION: &str = "vertex-2023-10-16";
/// `api-version` for Azure's deployments route when none is configured (latest GA).
pub const AZURE_DEFAULT_API_VERSION: &str = "2024-10-21";
/// `api-version` for Azure's deployment-scoped Responses route when none is configured.
pub const AZURE_DEFAULT_RESPONSES_API_VERSION: &str = "2025-04-01-preview";

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

/// Builds the request for `req` (canonical) against `cfg`. `now` is used for signing.
pub fn build_request(
    cfg: &ProviderConfig,
    req: &Request,
    stream: bool,
    now: Timestamp,
) -> Result<BuiltRequest> {
    let target = resolve_target(cfg, req.model.as_deref(), stream)?;
    let ctx = EncodeContext {
        model: target.model.clone(),
        stream,
        provider: cfg.name.clone(),
    };
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
    let body = adjust_body(cfg.kind, &target, body)?;
    let mut headers = Headers::new();
    headers.set("content-type", "application/json");
    let mut http = HttpRequest {
        method: Method::Post,
        url: target.url,
        headers,
        body: serde_json::to_vec(&body)
            .map_err(|_| ProviderError::internal("request body could not be serialized"))?,
    };
    // OpenRouter app attribution, only when configured (it identifies the caller's app).
    if cfg.kind == ProviderKind::OpenRouter {
        if let Some(r) = &cfg.referer {
            http.headers.set("HTTP-Referer", r.as_str());
        }
        if let Some(t) = &cfg.title {
            http.headers.set("X-Title", t.as_str());
        }
    }
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

fn missing(cfg: &ProviderConfig, what: &str) -> ProviderError {
    ProviderError::config(format!("{}: {what}", cfg.name)).with_provider(cfg.name.clone())
}

fn join(base: &str, path: &str) -> String {
    let mut s = base.trim_end_matches('/').to_string();
    s.push_str(path);
    s
}

/// Percent-encodes one path segment, keeping the unreserved set and `keep`.
fn segment(s: &str, keep: &[u8]) -> String {
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

/// The AWS DNS suffix of a region (China regions differ).
fn aws_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// URL, model, format and framing for a request to `cfg` (`model` overrides the configured one).
pub fn resolve_target(cfg: &ProviderConfig, model: Option<&str>, stream: bool) -> Result<Target> {
    let info = cfg.kind.info();
    let model = model
        .filter(|m| !m.is_empty())
        .or(cfg.model.as_deref())
        .or(match cfg.kind {
            ProviderKind::Azure => cfg.deployment.as_deref(),
            _ => None,
        })
        .or(info.default_model)
        .ok_or_else(|| missing(cfg, "no model configured (set provider.model)"))?
        .to_string();
    // Model ids go into URL paths: no dot segments or control characters, whatever the caller
    // (or a gateway client) passed.
    if model.chars().any(char::is_control) || model.split('/').any(|s| s == "." || s == "..") {
        return Err(
            ProviderError::invalid_request("invalid model id").with_provider(cfg.name.clone())
        );
    }
    let base = cfg.base_url.as_deref().or(info.default_base_url);
    let sse = |url: String, format: WireFormat| Target {
        url,
        model: model.clone(),
        format,
        framing: Framing::Sse,
    };
    let openai_like = |base: &str| {
        if cfg.api == Some(Api::Responses) {
            sse(join(base, "/responses"), WireFormat::OpenAiResponses)
        } else {
            sse(join(base, "/chat/completions"), WireFormat::OpenAiChat)
        }
    };
    let need_base = || base.ok_or_else(|| missing(cfg, "no base URL (set provider.base_url)"));
    let region = || {
        cfg.region
            .as_deref()
            .ok_or_else(|| missing(cfg, "no AWS region (set provider.region or AWS_REGION)"))
    };

    Ok(match cfg.kind {
        ProviderKind::OpenAi
        | ProviderKind::OpenRouter
        | ProviderKind::LiteLlm
        | ProviderKind::Xai
        | ProviderKind::Venice
        | ProviderKind::Custom
        | ProviderKind::Mock => openai_like(need_base()?),
        ProviderKind::Mistral => sse(join(need_base()?, "/chat/completions"), WireFormat::Mistral),
        ProviderKind::Anthropic => sse(join(need_base()?, "/messages"), WireFormat::Anthropic),
        ProviderKind::Databricks => {
            let base = match (&cfg.base_url, &cfg.endpoint) {
                (Some(b), _) => b.clone(),
                (None, Some(ws)) => join(ws, "/serving-endpoints"),
                (None, None) => {
                    return Err(missing(
                        cfg,
                        "no workspace URL (set provider.endpoint or DATABRICKS_HOST)",
                    ))
                }
            };
            sse(join(&base, "/chat/completions"), WireFormat::OpenAiChat)
        }
        ProviderKind::Snowflake => {
            let base = match (&cfg.base_url, &cfg.account) {
                (Some(b), _) => b.clone(),
                (None, Some(acct)) => format!(
                    "https://{}.snowflakecomputing.com/api/v2/cortex/v1",
                    snowflake_host_account(acct)
                ),
                (None, None) => {
                    return Err(missing(
                        cfg,
                        "no account (set provider.account or SNOWFLAKE_ACCOUNT)",
                    ))
                }
            };
            sse(join(&base, "/chat/completions"), WireFormat::OpenAiChat)
        }
        ProviderKind::Ollama => {
            let base = need_base()?.trim_end_matches('/');
            if cfg.api == Some(Api::Chat) {
                let path = if base.ends_with("/v1") {
                    "/chat/completions"
                } else {
                    "/v1/chat/completions"
                };
                sse(join(base, path), WireFormat::OpenAiChat)
            } else {
                let path = if base.ends_with("/api") {
                    "/chat"
                } else {
                    "/api/chat"
                };
                Target {
                    url: join(base, path),
                    model: model.clone(),
                    format: WireFormat::Ollama,
                    framing: Framing::Ndjson,
                }
            }
        }
        ProviderKind::Google => {
            // A resource name (`models/x`, `tunedModels/x`) or a bare model id.
            let name = match model.split_once('/') {
                Some(("models" | "tunedModels", rest)) if !rest.contains('/') => model.clone(),
                Some(_) => {
                    return Err(ProviderError::invalid_request("invalid Gemini model name")
                        .with_provider(cfg.name.clone()))
                }
                None => format!("models/{model}"),
            };
            let path: Vec<String> = name.split('/').map(|s| segment(s, b"")).collect();
            let method = if stream {
                ":streamGenerateContent?alt=sse"
            } else {
                ":generateContent"
            };
            sse(
                format!(
                    "{}/{}{method}",
                    need_base()?.trim_end_matches('/'),
                    path.join("/")
                ),
                WireFormat::Gemini,
            )
        }
        ProviderKind::GcpVertexAi => vertex_target(cfg, model.clone(), stream)?,
        ProviderKind::Azure => azure_target(cfg, model.clone())?,
        ProviderKind::Bedrock => {
            let base = match &cfg.base_url {
                Some(b) => b.clone(),
                None => {
                    let r = region()?;
                    format!("https://bedrock-runtime.{r}.{}", aws_suffix(r))
                }
            };
            let op = if stream {
                "converse-stream"
            } else {
                "converse"
            };
            Target {
                url: format!(
                    "{}/model/{}/{op}",
                    base.trim_end_matches('/'),
                    segment(&model, b"")
                ),
                model: model.clone(),
                format: WireFormat::BedrockConverse,
                framing: Framing::EventStream,
            }
        }
        ProviderKind::SagemakerTgi => {
            let base = match &cfg.base_url {
                Some(b) => b.clone(),
                None => {
                    let r = region()?;
                    format!("https://runtime.sagemaker.{r}.{}", aws_suffix(r))
                }
            };
            let op = if stream {
                "invocations-response-stream"
            } else {
                "invocations"
            };
            Target {
                url: format!(
                    "{}/endpoints/{}/{op}",
                    base.trim_end_matches('/'),
                    segment(&model, b"")
                ),
                model: model.clone(),
                format: WireFormat::Tgi,
                framing: Framing::EventStreamSse,
            }
        }
    })
}

/// Snowflake account identifiers go into the host name lower-cased, with `_` as `-`.
fn snowflake_host_account(acct: &str) -> String {
    acct.trim_end_matches(".snowflakecomputing.com")
        .to_ascii_lowercase()
        .replace('_', "-")
}

fn vertex_target(cfg: &ProviderConfig, model: String, stream: bool) -> Result<Target> {
    let project = cfg
        .project
        .as_deref()
        .or(cfg
            .service_account
            .as_ref()
            .and_then(|sa| sa.project_id.as_deref()))
        .ok_or_else(|| {
            missing(
                cfg,
                "no project (set provider.project or GOOGLE_CLOUD_PROJECT)",
            )
        })?;
    let location = cfg.location.as_deref().unwrap_or("us-central1");
    let base = match &cfg.base_url {
        Some(b) => b.clone(),
        None => {
            let version = cfg.api_version.as_deref().unwrap_or("v1");
            // The global endpoint has no location prefix on its host.
            if location == "global" {
                format!("https://aiplatform.googleapis.com/{version}")
            } else {
                format!("https://{location}-aiplatform.googleapis.com/{version}")
            }
        }
    };
    let claude = model.starts_with("claude");
    let (publisher, method, format) = match (claude, stream) {
        (true, true) => ("anthropic", ":streamRawPredict", WireFormat::Anthropic),
        (true, false) => ("anthropic", ":rawPredict", WireFormat::Anthropic),
        (false, true) => (
            "google",
            ":streamGenerateContent?alt=sse",
            WireFormat::Gemini,
        ),
        (false, false) => ("google", ":generateContent", WireFormat::Gemini),
    };
    let url = format!(
        "{}/projects/{}/locations/{}/publishers/{publisher}/models/{}{method}",
        base.trim_end_matches('/'),
        segment(project, b":"),
        segment(location, b""),
        segment(&model, b"@"),
    );
    Ok(Target {
        url,
        model,
        format,
        framing: Framing::Sse,
    })
}

/// Azure has two routes: the deployments route (`/openai/deployments/{d}/chat/completions?
/// api-version=…`), used when a deployment or a dated `api_version` is configured, and the v1
/// route (`/openai/v1/chat/completions`, model in the body), used otherwise.
fn azure_target(cfg: &ProviderConfig, model: String) -> Result<Target> {
    let responses = cfg.api == Some(Api::Responses);
    let (tail, format) = if responses {
        ("/responses", WireFormat::OpenAiResponses)
    } else {
        ("/chat/completions", WireFormat::OpenAiChat)
    };
    let dated = cfg
        .api_version
        .as_deref()
        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    let version = |default: &str| {
        cfg.api_version
            .clone()
            .unwrap_or_else(|| default.to_string())
    };
    let url = if let Some(base) = &cfg.base_url {
        if base.contains("/openai/deployments/") {
            format!(
                "{}{tail}?api-version={}",
                base.trim_end_matches('/'),
                version(AZURE_DEFAULT_API_VERSION)
            )
        } else {
            join(base, tail)
        }
    } else {
        let endpoint = cfg.endpoint.as_deref().ok_or_else(|| {
            missing(
                cfg,
                "no endpoint (set provider.endpoint or AZURE_OPENAI_ENDPOINT)",
            )
        })?;
        let endpoint = endpoint
            .trim_end_matches('/')
            .trim_end_matches("/openai/v1")
            .trim_end_matches("/openai");
        match (&cfg.deployment, dated, responses) {
            (Some(_), _, true) | (None, true, true) => format!(
                "{endpoint}/openai/responses?api-version={}",
                version(AZURE_DEFAULT_RESPONSES_API_VERSION)
            ),
            (Some(d), _, false) => format!(
                "{endpoint}/openai/deployments/{}/chat/completions?api-version={}",
                segment(d, b""),
                version(AZURE_DEFAULT_API_VERSION)
            ),
            (None, true, false) => format!(
                "{endpoint}/openai/deployments/{}/chat/completions?api-version={}",
                segment(&model, b""),
                version(AZURE_DEFAULT_API_VERSION)
            ),
            (None, false, _) => match &cfg.api_version {
                // The v1 route takes only `preview`/`latest` as an api-version.
                Some(v) => format!("{endpoint}/openai/v1{tail}?api-version={v}"),
                None => format!("{endpoint}/openai/v1{tail}"),
            },
        }
    };
    let model = cfg.deployment.clone().unwrap_or(model);
    Ok(Target {
        url,
        model,
        format,
        framing: Framing::Sse,
    })
}

/// The provider's own changes to an encoded body.
fn adjust_body(kind: ProviderKind, target: &Target, body: Value) -> Result<Value> {
    let Value::Object(mut map) = body else {
        return Err(ProviderError::internal(
            "encoded request body is not a JSON object",
        ));
    };
    match (kind, target.format) {
        // Vertex takes the model from the URL and the API version from the body.
        (ProviderKind::GcpVertexAi, WireFormat::Anthropic) => {
            map.remove("model");
            let mut out = Map::new();
            out.insert(
                String::from("anthropic_version"),
                Value::String(String::from(VERTEX_ANTHROPIC_VERSION)),
            );
            out.extend(map);
            return Ok(Value::Object(out));
        }
        // The model is in the URL; these bodies have no `model` field.
        (_, WireFormat::Gemini | WireFormat::BedrockConverse | WireFormat::Tgi) => {
            map.remove("model");
        }
        _ => {
            if !map.contains_key("model") {
                map.insert(String::from("model"), Value::String(target.model.clone()));
            }
        }
    }
    Ok(Value::Object(map))
}
