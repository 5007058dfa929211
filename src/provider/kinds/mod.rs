//! One module per provider kind: everything that is that provider's own.
//!
//! Each module defines one [`KindDef`]: its table row ([`KindInfo`]: names, URL, auth, wire
//! format and framing, environment variables, config keys, retry defaults, catalog key, host
//! rules of the Chat and Responses encoders, embeddings shape) and its behaviour (filling a
//! configuration from the environment, detection, the target URL, body and header rules, the
//! embeddings shape per model). `kind.rs` maps a [`ProviderKind`](super::ProviderKind) to its definition with
//! one `match`; the shared code (`env.rs`, `request.rs`, `auth.rs`, `config_parse.rs`) only
//! reads these definitions, so it never names a kind.
//!
//! Most providers speak OpenAI Chat Completions at a fixed base URL with a bearer key: their
//! module is a table row plus [`OPENAI_COMPATIBLE`].

use super::config::{Api, ProviderConfig};
use super::env::{self, Env};
use super::kind::KindInfo;
use super::request::{join, Target};
use crate::error::{ProviderError, Result};
use crate::format::WireFormat;
use crate::http::Headers;
use crate::provider::embed_shape::Shape;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

pub(super) mod anthropic;
mod aws;
pub(super) mod azure;
pub(super) mod bedrock;
pub(super) mod cerebras;
pub(super) mod custom;
pub(super) mod databricks;
pub(super) mod deepseek;
pub(super) mod fireworks;
pub(super) mod google;
pub(super) mod groq;
pub(super) mod litellm;
pub(super) mod mistral;
pub(super) mod mock;
pub(super) mod ollama;
pub(super) mod openai;
pub(super) mod openrouter;
pub(super) mod perplexity;
pub(super) mod sagemaker_tgi;
pub(super) mod snowflake;
pub(super) mod together;
pub(super) mod venice;
pub(super) mod vertex;
pub(super) mod xai;

/// What filling from the environment has learnt so far, shared with the kind's own step.
pub(crate) struct Fill {
    /// The variable the API key came from, if it came from the environment.
    pub key_var: Option<&'static str>,
    /// Warnings for the caller (a default that was assumed, say).
    pub warnings: Vec<String>,
}

/// A request's resolved model and the configured or default base URL, for [`KindDef::target`].
pub(crate) struct Resolve<'a> {
    /// The model id (configured, given or the kind's default), already checked.
    pub model: String,
    /// `provider.base_url`, else the kind's default base URL.
    pub base: Option<&'a str>,
    /// Streaming or not.
    pub stream: bool,
}

/// A provider kind: its table row and its behaviour.
pub(crate) struct KindDef {
    /// The table row.
    pub info: KindInfo,
    /// The kind's settings filled from the environment (after the API key, which the shared
    /// code reads from [`KindInfo::api_key_env`]).
    pub fill: fn(&mut ProviderConfig, &Env, &KindInfo, &mut Fill) -> Result<()>,
    /// Whether the environment selects this kind, and by which variable.
    pub signal: fn(&Env, &KindInfo) -> Option<&'static str>,
    /// URL, format and framing of a request.
    pub target: fn(&ProviderConfig, &KindInfo, Resolve<'_>) -> Result<Target>,
    /// The kind's own changes to an encoded body (after the shared `model` rule).
    pub body: fn(&ProviderConfig, &Target, &mut Map<String, Value>),
    /// Headers the kind adds (before the configured ones and auth).
    pub headers: fn(&ProviderConfig, &mut Headers),
    /// The embeddings shape for a model and `api` (usually the row's
    /// [`KindInfo::embeddings`]).
    pub embed_shape: fn(&KindInfo, &str, Option<Api>) -> Option<Shape>,
    /// Whether a bare model name (lower-cased) follows a naming convention of this kind beyond
    /// [`KindInfo::model_prefixes`] (Bedrock's `vendor.model` ids, Ollama's `name:tag`, OpenAI's
    /// o-series). `detect::infer_kind` asks every kind in table order before the prefixes, so
    /// the first kind in [`ProviderKind::ALL`](crate::provider::ProviderKind::ALL) wins where
    /// two conventions overlap (Bedrock's ids have a `:` too: Bedrock comes before Ollama).
    pub claims_model: fn(&str) -> bool,
}

/// The behaviour of an OpenAI-compatible host: the base URL from [`KindInfo::base_url_env`],
/// detection by [`KindInfo::key_env`], Chat Completions (or Responses with `api =
/// "responses"` where the row allows it) under the base URL, no body or header rules.
pub(crate) const OPENAI_COMPATIBLE: Behaviour = Behaviour {
    fill: fill_base_url,
    signal: signal_by_key,
    target: openai_like,
    body: no_body_rule,
    headers: no_headers,
    embed_shape: embeddings_of_row,
    claims_model: no_model_convention,
};

/// [`KindDef`] without its row, so that modules can share one behaviour.
pub(crate) struct Behaviour {
    /// See [`KindDef::fill`].
    pub fill: fn(&mut ProviderConfig, &Env, &KindInfo, &mut Fill) -> Result<()>,
    /// See [`KindDef::signal`].
    pub signal: fn(&Env, &KindInfo) -> Option<&'static str>,
    /// See [`KindDef::target`].
    pub target: fn(&ProviderConfig, &KindInfo, Resolve<'_>) -> Result<Target>,
    /// See [`KindDef::body`].
    pub body: fn(&ProviderConfig, &Target, &mut Map<String, Value>),
    /// See [`KindDef::headers`].
    pub headers: fn(&ProviderConfig, &mut Headers),
    /// See [`KindDef::embed_shape`].
    pub embed_shape: fn(&KindInfo, &str, Option<Api>) -> Option<Shape>,
    /// See [`KindDef::claims_model`].
    pub claims_model: fn(&str) -> bool,
}

impl KindDef {
    /// A definition from a row and a shared behaviour.
    pub(crate) const fn new(info: KindInfo, b: Behaviour) -> KindDef {
        KindDef {
            info,
            fill: b.fill,
            signal: b.signal,
            target: b.target,
            body: b.body,
            headers: b.headers,
            embed_shape: b.embed_shape,
            claims_model: b.claims_model,
        }
    }
}

/// `provider.base_url` from the row's base-URL variables when it is not configured.
pub(crate) fn fill_base_url(
    cfg: &mut ProviderConfig,
    e: &Env,
    info: &KindInfo,
    _: &mut Fill,
) -> Result<()> {
    if cfg.base_url.is_none() {
        cfg.base_url = env::url(e, info.base_url_env)?;
    }
    Ok(())
}

/// Nothing to fill beyond the API key.
pub(crate) fn fill_nothing(
    _: &mut ProviderConfig,
    _: &Env,
    _: &KindInfo,
    _: &mut Fill,
) -> Result<()> {
    Ok(())
}

/// Selected by the first of the row's credential variables that is set.
pub(crate) fn signal_by_key(e: &Env, info: &KindInfo) -> Option<&'static str> {
    env::first(e, info.key_env).map(|(n, _)| n)
}

/// Never selected by the environment.
pub(crate) fn no_signal(_: &Env, _: &KindInfo) -> Option<&'static str> {
    None
}

/// No body rule of its own.
pub(crate) fn no_body_rule(_: &ProviderConfig, _: &Target, _: &mut Map<String, Value>) {}

/// The row's embeddings shape, whatever the model.
pub(crate) fn embeddings_of_row(info: &KindInfo, _: &str, _: Option<Api>) -> Option<Shape> {
    info.embeddings
}

/// No naming convention beyond the row's model prefixes.
pub(crate) fn no_model_convention(_: &str) -> bool {
    false
}

/// No headers of its own.
pub(crate) fn no_headers(_: &ProviderConfig, _: &mut Headers) {}

/// `{base}{version_path}/chat/completions` (`/messages` for Anthropic) in the row's format, or
/// `{base}/responses` when `api = "responses"` is configured.
pub(crate) fn openai_like(cfg: &ProviderConfig, info: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let base = versioned(need_base(cfg, r.base)?, info.version_path);
    Ok(chat_or_responses(cfg, info, &base, r.model))
}

/// The Chat Completions or Responses target under `base`.
pub(crate) fn chat_or_responses(
    cfg: &ProviderConfig,
    info: &KindInfo,
    base: &str,
    model: String,
) -> Target {
    if cfg.api == Some(Api::Responses) {
        Target::sse(join(base, "/responses"), model, WireFormat::OpenAiResponses)
    } else {
        // The row's format names its chat path.
        let path = match info.format {
            WireFormat::Anthropic => "/messages",
            _ => "/chat/completions",
        };
        Target {
            url: join(base, path),
            model,
            format: info.format,
            framing: info.framing,
        }
    }
}

/// The base URL, or the `config` error saying how to set it.
pub(crate) fn need_base<'a>(cfg: &ProviderConfig, base: Option<&'a str>) -> Result<&'a str> {
    base.ok_or_else(|| missing(cfg, "no base URL (set provider.base_url)"))
}

/// A `config` error naming the provider.
pub(crate) fn missing(cfg: &ProviderConfig, what: &str) -> ProviderError {
    ProviderError::config(format!("{}: {what}", cfg.name)).with_provider(cfg.name.clone())
}

/// What every kind module uses.
pub(crate) mod prelude {
    pub(crate) use super::super::config::{Api, ProviderConfig};
    pub(crate) use super::super::env::Env;
    pub(crate) use super::super::kind::{fine_tune_base, last_segment, AuthScheme, KindInfo};
    pub(crate) use super::super::request::Target;
    pub(crate) use super::{Fill, KindDef, Resolve, OPENAI_COMPATIBLE};
    pub(crate) use crate::error::Result;
    pub(crate) use crate::format::openai_chat::messages::{DocumentStyle, ReasoningReplay};
    pub(crate) use crate::format::openai_chat::rules::{ChatRules, ReasoningParam};
    pub(crate) use crate::format::openai_responses::rules::ResponsesRules;
    pub(crate) use crate::format::{Framing, WireFormat};
    pub(crate) use crate::provider::embed_shape::Shape;
    pub(crate) use crate::retry::RetryConfig;
}

/// `base` with the version path an SDK adds to a host-only base URL (`/v1`), unless it ends
/// with it already: both spellings of a base URL work.
pub(crate) fn versioned(base: &str, version: &str) -> String {
    let base = base.trim_end_matches('/');
    if version.is_empty() {
        return String::from(base);
    }
    if base.ends_with(version) {
        String::from(base)
    } else {
        format!("{base}{version}")
    }
}
