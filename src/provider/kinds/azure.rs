//! Azure OpenAI. The variables are the ones the official `openai` SDK's `AzureOpenAI` client
//! reads.
//!
//! Two routes: the deployments route (`/openai/deployments/{d}/chat/completions?api-version=…`),
//! used when a deployment or a dated `api_version` is configured, and the v1 route
//! (`/openai/v1/chat/completions`, model in the body, `api-version` only `preview`/`latest`),
//! used otherwise. API versions before 2024-09-01 (and the deployments on them) know only
//! `max_tokens`, later ones and the v1 route `max_completion_tokens`: the body follows the
//! version (openai/openai-python#1724).

use super::super::env::{first, get, ident, url, Env};
use super::super::request::{join, segment};
use super::super::Secret;
use super::prelude::*;
use alloc::format;
use alloc::string::{String, ToString};
use serde_json::{Map, Value};

/// `api-version` for the deployments route when none is configured (latest GA).
pub const AZURE_DEFAULT_API_VERSION: &str = "2024-10-21";
/// `api-version` for the deployment-scoped Responses route when none is configured.
pub const AZURE_DEFAULT_RESPONSES_API_VERSION: &str = "2025-04-01-preview";
/// The first dated API version that takes `max_completion_tokens`.
const FIRST_MAX_COMPLETION_TOKENS: &str = "2024-09-01";

const ENDPOINT: &str = "AZURE_OPENAI_ENDPOINT";
const VERSION: [&str; 2] = ["OPENAI_API_VERSION", "AZURE_OPENAI_API_VERSION"];
const DEPLOYMENT: &str = "AZURE_OPENAI_DEPLOYMENT";
const AD_TOKEN: &str = "AZURE_OPENAI_AD_TOKEN";

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "azure",
        display_name: "Azure OpenAI",
        aliases: &["azure-openai", "azure_openai"],
        auth: AuthScheme::AzureKey,
        key_env: &["AZURE_OPENAI_API_KEY", AD_TOKEN],
        api_key_env: &["AZURE_OPENAI_API_KEY"],
        extra_env: &[ENDPOINT, VERSION[0], VERSION[1], DEPLOYMENT],
        config_keys: &["deployment", "endpoint", "api_version", "azure_ad_token"],
        apis: &[Api::Chat, Api::Responses],
        // Azure serves OpenAI's models at OpenAI's prices (the catalog falls through to them).
        catalog: Some("azure"),
        catalog_fallback: |_| Some("openai"),
        catalog_base: fine_tune_base,
        // Azure serves OpenAI's models with OpenAI's request rules.
        chat: ChatRules::OPENAI,
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill,
        signal,
        target,
        body,
        ..OPENAI_COMPATIBLE
    },
);

fn fill(cfg: &mut ProviderConfig, env: &Env, _: &KindInfo, _: &mut Fill) -> Result<()> {
    if cfg.endpoint.is_none() {
        cfg.endpoint = url(env, &[ENDPOINT])?;
    }
    if cfg.api_version.is_none() {
        cfg.api_version = ident(env, &VERSION, "-_.")?;
    }
    if cfg.deployment.is_none() && cfg.model.is_none() {
        cfg.deployment = ident(env, &[DEPLOYMENT], "-_.")?;
    }
    if cfg.azure_ad_token.is_none() {
        cfg.azure_ad_token = get(env, AD_TOKEN).map(Secret::new);
    }
    Ok(())
}

fn signal(env: &Env, info: &KindInfo) -> Option<&'static str> {
    get(env, ENDPOINT)?;
    first(env, info.key_env).map(|(n, _)| n)
}

fn is_dated(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_digit())
}

fn target(cfg: &ProviderConfig, _: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let model = cfg.deployment.clone().unwrap_or(r.model);
    let responses = cfg.api == Some(Api::Responses);
    let (tail, format) = if responses {
        ("/responses", WireFormat::OpenAiResponses)
    } else {
        ("/chat/completions", WireFormat::OpenAiChat)
    };
    let dated = cfg.api_version.as_deref().is_some_and(is_dated);
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
            super::missing(
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
    Ok(Target::sse(url, model, format))
}

/// A dated API version older than 2024-09-01 knows `max_tokens` only.
fn body(cfg: &ProviderConfig, t: &Target, map: &mut Map<String, Value>) {
    let old = cfg
        .api_version
        .as_deref()
        .is_some_and(|v| is_dated(v) && v < FIRST_MAX_COMPLETION_TOKENS);
    if t.format == WireFormat::OpenAiChat && old {
        if let Some(v) = map.remove("max_completion_tokens") {
            map.insert(String::from("max_tokens"), v);
        }
    }
}
