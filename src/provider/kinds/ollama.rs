//! Ollama: the native `/api/chat` (NDJSON), or its OpenAI-compatible `/v1/chat/completions`
//! with `api = "chat"`. The key is only needed for ollama.com; a local Ollama is found by
//! probing (`detect`), the environment selects it only by `OLLAMA_API_KEY`.

use super::super::env::{get, Env};
use super::super::request::join;
use super::prelude::*;
use alloc::format;
use alloc::string::{String, ToString};

const HOST: &str = "OLLAMA_HOST";

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "ollama",
        display_name: "Ollama",
        vendor_names: &["ollama_chat"],
        default_base_url: Some("http://localhost:11434"),
        auth: AuthScheme::OptionalBearer,
        format: WireFormat::Ollama,
        framing: Framing::Ndjson,
        key_env: &["OLLAMA_API_KEY"],
        api_key_env: &["OLLAMA_API_KEY"],
        base_url_env: &[HOST],
        default_model: Some("llama3.2"),
        apis: &[Api::Native, Api::Chat],
        // The seed's Ollama default: retry every error (a server still loading a model fails
        // with arbitrary errors).
        retry: &RetryConfig {
            retry_all_errors: true,
            ..RetryConfig::DEFAULT
        },
        catalog: Some("ollama"),
        // `llama3.2:latest`, `llama3.2:3b` are priced as `llama3.2` when not listed themselves.
        catalog_base: |id| id.strip_suffix(":latest").or_else(|| id.split(':').next()),
        // OpenAI's shape with `api = "chat"` (`embed_shape`).
        embeddings: Some(Shape::Ollama),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill,
        target,
        embed_shape,
        claims_model,
        ..OPENAI_COMPATIBLE
    },
);

/// `api = "chat"` points Ollama at its OpenAI-compatible API, embeddings included.
fn embed_shape(info: &KindInfo, _: &str, api: Option<Api>) -> Option<Shape> {
    if api == Some(Api::Chat) {
        Some(Shape::OpenAi)
    } else {
        info.embeddings
    }
}

/// `OLLAMA_HOST` → a base URL (`0.0.0.0:11434` and bare `host[:port]` forms accepted, as the
/// Ollama CLI accepts them).
pub fn base_url(env: &Env) -> String {
    let Some(h) = get(env, HOST) else {
        return String::from("http://localhost:11434");
    };
    let with_scheme = if h.contains("://") {
        h.to_string()
    } else {
        format!("http://{h}")
    };
    let (scheme, rest) = with_scheme
        .split_once("://")
        .unwrap_or(("http", &with_scheme));
    let host = rest.trim_end_matches('/');
    // A server bind address of 0.0.0.0 means "this machine" to a client.
    let host = host
        .strip_prefix("0.0.0.0")
        .map_or(host.to_string(), |p| format!("localhost{p}"));
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()));
    if has_port || host.contains('/') {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}:11434")
    }
}

fn fill(cfg: &mut ProviderConfig, env: &Env, _: &KindInfo, _: &mut Fill) -> Result<()> {
    if cfg.base_url.is_none() {
        cfg.base_url = Some(match get(env, HOST) {
            Some(_) => base_url(env),
            // A key without a host means ollama.com, where keys are used.
            None if cfg.api_key.is_some() => String::from("https://ollama.com"),
            None => base_url(env),
        });
    }
    Ok(())
}

fn target(cfg: &ProviderConfig, _: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let base = super::need_base(cfg, r.base)?.trim_end_matches('/');
    if cfg.api == Some(Api::Chat) {
        let path = if base.ends_with("/v1") {
            "/chat/completions"
        } else {
            "/v1/chat/completions"
        };
        return Ok(Target::sse(
            join(base, path),
            r.model,
            WireFormat::OpenAiChat,
        ));
    }
    let path = if base.ends_with("/api") {
        "/chat"
    } else {
        "/api/chat"
    };
    Ok(Target {
        url: join(base, path),
        model: r.model,
        format: WireFormat::Ollama,
        framing: Framing::Ndjson,
    })
}

/// `name:tag` is Ollama's naming (`llama3.2:latest`, `gpt-oss:20b`). Bedrock's ids have a `:`
/// too; Bedrock comes first in the table, so its ids stay its own.
fn claims_model(m: &str) -> bool {
    m.contains(':')
}
