//! Google Cloud Vertex AI: Gemini models (`publishers/google`) and Claude models
//! (`publishers/anthropic`, Anthropic Messages with `anthropic_version` in the body). Access
//! tokens come from the environment or from a service account (`provider::vertex`).

use super::super::env::{first, get, ident, Env};
use super::super::request::segment;
use super::super::vertex::{ServiceAccount, TOKEN_URI};
use super::super::Secret;
use super::prelude::*;
use crate::error::ProviderError;
use alloc::format;
use alloc::string::{String, ToString};
use serde_json::{Map, Value};

/// The `anthropic_version` Vertex AI wants in the body of Claude requests.
pub const VERTEX_ANTHROPIC_VERSION: &str = "vertex-2023-10-16";

/// The seeds' Gemini retry defaults (Google AI and Vertex): 4 retries from 2 s up to 15 s.
pub(super) const GEMINI_RETRY: RetryConfig = RetryConfig {
    max_retries: 4,
    initial_delay_ms: 2_000,
    max_delay_ms: 15_000,
    ..RetryConfig::DEFAULT
};

const TOKENS: [&str; 2] = ["GOOGLE_VERTEX_ACCESS_TOKEN", "CLOUDSDK_AUTH_ACCESS_TOKEN"];
const KEY_FILES: [&str; 2] = [
    "GOOGLE_APPLICATION_CREDENTIALS_JSON",
    "GOOGLE_APPLICATION_CREDENTIALS",
];
const PROJECT: [&str; 3] = [
    "GOOGLE_CLOUD_PROJECT",
    "GOOGLE_VERTEX_PROJECT",
    "VERTEXAI_PROJECT",
];
const LOCATION: [&str; 3] = [
    "GOOGLE_CLOUD_LOCATION",
    "GOOGLE_VERTEX_LOCATION",
    "VERTEXAI_LOCATION",
];

/// Vertex serves Anthropic's Claude at Anthropic's prices and Gemini at the Gemini API's.
fn catalog_fallback(id: &str) -> Option<&'static str> {
    let claude = id
        .as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"claude"));
    Some(if claude { "anthropic" } else { "google" })
}

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "gcpvertexai",
        display_name: "Google Vertex AI",
        aliases: &["vertex", "vertexai", "vertex-ai", "google-vertex"],
        vendor_names: &["vertex_ai"],
        auth: AuthScheme::GoogleOAuth,
        format: WireFormat::Gemini,
        key_env: &[
            TOKENS[0],
            TOKENS[1],
            KEY_FILES[0],
            KEY_FILES[1],
            "GOOGLE_CLIENT_EMAIL",
            "GOOGLE_PRIVATE_KEY",
        ],
        extra_env: &[
            "GOOGLE_PRIVATE_KEY_ID",
            PROJECT[0],
            PROJECT[1],
            PROJECT[2],
            LOCATION[0],
            LOCATION[1],
            LOCATION[2],
        ],
        default_model: Some("gemini-2.5-flash"),
        config_keys: &[
            "project",
            "location",
            "api_version",
            "access_token",
            "credentials",
        ],
        retry: &GEMINI_RETRY,
        catalog: Some("gcpvertexai"),
        catalog_id: last_segment,
        catalog_fallback,
        // Not for Claude models (`embed_shape`).
        embeddings: Some(Shape::Vertex),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill,
        signal,
        target,
        body,
        embed_shape,
        ..OPENAI_COMPATIBLE
    },
);

/// Vertex embeds with its own models (`text-embedding-005`, `gemini-embedding-001`); Claude on
/// Vertex serves none.
fn embed_shape(info: &KindInfo, model: &str, _: Option<Api>) -> Option<Shape> {
    if model.starts_with("claude") {
        None
    } else {
        info.embeddings
    }
}

/// The service account the environment describes: a key file's JSON
/// (`GOOGLE_APPLICATION_CREDENTIALS` counts only when it holds the JSON; an IO layer with a file
/// system replaces a path by the file's content), or `GOOGLE_CLIENT_EMAIL` +
/// `GOOGLE_PRIVATE_KEY` (which may carry literal `\n` escapes).
fn service_account(env: &Env) -> Result<Option<ServiceAccount>> {
    if let Some((n, v)) = first(env, &KEY_FILES) {
        if v.starts_with('{') {
            return ServiceAccount::from_json(v)
                .map(Some)
                .map_err(|e| ProviderError::config(format!("{n}: {}", e.message)));
        }
    }
    match (
        get(env, "GOOGLE_CLIENT_EMAIL"),
        get(env, "GOOGLE_PRIVATE_KEY"),
    ) {
        (Some(email), Some(key)) => Ok(Some(ServiceAccount {
            client_email: email.to_string(),
            // Env files often hold the PEM with literal `\n` escapes.
            private_key: Secret::new(key.replace("\\n", "\n")),
            private_key_id: get(env, "GOOGLE_PRIVATE_KEY_ID").map(str::to_string),
            token_uri: String::from(TOKEN_URI),
            project_id: None,
        })),
        _ => Ok(None),
    }
}

fn fill(cfg: &mut ProviderConfig, env: &Env, _: &KindInfo, _: &mut Fill) -> Result<()> {
    if cfg.access_token.is_none() {
        cfg.access_token = first(env, &TOKENS).map(|(_, v)| Secret::new(v));
    }
    if cfg.service_account.is_none() && cfg.access_token.is_none() {
        cfg.service_account = service_account(env)?;
    }
    if cfg.project.is_none() {
        cfg.project = ident(env, &PROJECT, "-_.:")?;
    }
    if cfg.location.is_none() {
        cfg.location = ident(env, &LOCATION, "-")?;
    }
    Ok(())
}

fn signal(env: &Env, _: &KindInfo) -> Option<&'static str> {
    let creds = first(env, &TOKENS)
        .map(|(n, _)| n)
        .or_else(|| {
            let (n, v) = first(env, &KEY_FILES)?;
            v.starts_with('{').then_some(n)
        })
        .or_else(|| {
            get(env, "GOOGLE_PRIVATE_KEY")?;
            get(env, "GOOGLE_CLIENT_EMAIL").map(|_| "GOOGLE_CLIENT_EMAIL")
        })?;
    let project = first(env, &PROJECT);
    // A key file names its project, so the project variable is optional with one.
    let sa_has_project = service_account(env)
        .ok()
        .flatten()
        .is_some_and(|sa| sa.project_id.is_some());
    (project.is_some() || sa_has_project).then_some(creds)
}

fn target(cfg: &ProviderConfig, _: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let project = cfg
        .project
        .as_deref()
        .or(cfg
            .service_account
            .as_ref()
            .and_then(|sa| sa.project_id.as_deref()))
        .ok_or_else(|| {
            super::missing(
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
    let claude = r.model.starts_with("claude");
    let (publisher, method, format) = match (claude, r.stream) {
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
        segment(&r.model, b"@"),
    );
    Ok(Target::sse(url, r.model, format))
}

/// Claude on Vertex takes the model from the URL and the API version from the body.
fn body(_: &ProviderConfig, t: &Target, map: &mut Map<String, Value>) {
    if t.format != WireFormat::Anthropic {
        return;
    }
    map.remove("model");
    let mut out = Map::new();
    out.insert(
        String::from("anthropic_version"),
        Value::String(String::from(VERTEX_ANTHROPIC_VERSION)),
    );
    out.append(map);
    *map = out;
}
