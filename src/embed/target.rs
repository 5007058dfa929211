//! Where an embedding request goes: the [`Shape`] of a provider kind and the endpoint URL.
//!
//! The URL is derived from the provider's own chat target (`provider::resolve_target`), so
//! every base URL, region, account, workspace, deployment and api-version rule stays in one
//! place: the embedding endpoint sits beside the chat one on every provider (`…/chat/
//! completions` → `…/embeddings`, `:generateContent` → `:batchEmbedContents` / `:predict`,
//! Bedrock `/converse` → `/invoke`, Ollama `/api/chat` → `/api/embed`, Snowflake `/v1/chat/
//! completions` → `/inference:embed`).

use super::{Plan, Shape};
use crate::error::{ProviderError, Result};
use crate::format::{Framing, WireFormat};
use crate::http::HttpRequest;
use crate::provider::request::finish_request;
use crate::provider::{Api, ProviderConfig, ProviderKind, Target, Timestamp};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// The wire shape `kind` serves embeddings in for `model`; `None` when it serves none.
pub fn shape_for(kind: ProviderKind, model: &str, api: Option<Api>) -> Option<Shape> {
    Some(match kind {
        ProviderKind::OpenAi
        | ProviderKind::Azure
        | ProviderKind::OpenRouter
        | ProviderKind::LiteLlm
        | ProviderKind::Venice
        | ProviderKind::Databricks
        | ProviderKind::Custom => Shape::OpenAi,
        ProviderKind::Mistral => Shape::Mistral,
        ProviderKind::Google => Shape::Gemini,
        ProviderKind::GcpVertexAi if model.starts_with("claude") => return None,
        ProviderKind::GcpVertexAi => Shape::Vertex,
        ProviderKind::Bedrock if model.contains("amazon.titan-embed") => Shape::Titan,
        ProviderKind::Bedrock if model.contains("cohere.embed") => Shape::Cohere,
        ProviderKind::Bedrock => return None,
        // `api = "chat"` points Ollama at its OpenAI-compatible API.
        ProviderKind::Ollama if api == Some(Api::Chat) => Shape::OpenAi,
        ProviderKind::Ollama => Shape::Ollama,
        ProviderKind::Snowflake => Shape::Snowflake,
        // No embedding API: Anthropic, xAI (no embedding models), TGI on SageMaker.
        ProviderKind::Anthropic | ProviderKind::Xai | ProviderKind::SagemakerTgi => return None,
        // The mock embeds in the client, never over HTTP.
        ProviderKind::Mock => return None,
    })
}

/// The shape, endpoint URL and provider model id for `cfg` (`model` overrides the configured
/// one).
pub(super) fn resolve(
    cfg: &ProviderConfig,
    model: Option<&str>,
) -> Result<(Shape, String, String)> {
    // Chat Completions, never Responses: the embeddings endpoint sits beside the former.
    let mut chat_cfg;
    let cfg = if cfg.api == Some(Api::Responses) {
        chat_cfg = cfg.clone();
        chat_cfg.api = Some(Api::Chat);
        &chat_cfg
    } else {
        cfg
    };
    let chat = crate::provider::resolve_target(cfg, model, false)?;
    let Some(shape) = shape_for(cfg.kind, &chat.model, cfg.api) else {
        let what = match cfg.kind {
            ProviderKind::Bedrock | ProviderKind::GcpVertexAi => format!(
                "{}: model `{}` is not an embedding model aster can call",
                cfg.name, chat.model
            ),
            _ => format!("{} does not serve embeddings", cfg.name),
        };
        return Err(ProviderError::invalid_request(what).with_provider(cfg.name.clone()));
    };
    let swaps: &[(&str, &str)] = match shape {
        Shape::OpenAi | Shape::Mistral => &[("/chat/completions", "/embeddings")],
        Shape::Gemini => &[(":generateContent", ":batchEmbedContents")],
        Shape::Vertex => &[(":generateContent", ":predict")],
        Shape::Titan | Shape::Cohere => &[("/converse", "/invoke")],
        Shape::Ollama => &[("/api/chat", "/api/embed")],
        Shape::Snowflake => &[
            ("/v1/chat/completions", "/inference:embed"),
            ("/chat/completions", "/inference:embed"),
        ],
    };
    let url = swaps
        .iter()
        .find_map(|(from, to)| swap_tail(&chat.url, from, to))
        .ok_or_else(|| {
            ProviderError::config(format!(
                "{}: cannot derive the embeddings endpoint from the base URL",
                cfg.name
            ))
            .with_provider(cfg.name.clone())
        })?;
    Ok((shape, url, chat.model))
}

/// `url` with the end of its path, `from`, replaced by `to` (the query string is kept).
fn swap_tail(url: &str, from: &str, to: &str) -> Option<String> {
    let (path, query) = match url.find('?') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let head = path.strip_suffix(from)?;
    Some(format!("{head}{to}{query}"))
}

/// Headers, auth and signature for `body`: the provider's `finish_request`, the one chat uses.
pub(super) fn finish(
    cfg: &ProviderConfig,
    plan: &Plan,
    body: Value,
    now: Timestamp,
) -> Result<HttpRequest> {
    // The format only steers the provider's body rules: `model` stays where the shape put it
    // (in the body for OpenAI-style bodies, out of it where the URL names the model).
    let format = match plan.shape {
        Shape::Gemini | Shape::Vertex => WireFormat::Gemini,
        Shape::Titan | Shape::Cohere => WireFormat::BedrockConverse,
        Shape::OpenAi | Shape::Mistral | Shape::Ollama | Shape::Snowflake => WireFormat::OpenAiChat,
    };
    let target = Target {
        url: plan.url.clone(),
        model: plan.model.clone(),
        format,
        framing: Framing::Sse,
    };
    let mut http = finish_request(cfg, target, body, Vec::new(), now)?.http;
    if matches!(plan.shape, Shape::Titan | Shape::Cohere) && http.headers.get("accept").is_none() {
        // Bedrock InvokeModel answers in the `accept` type; SigV4 signed without it is fine.
        http.headers.set("accept", "application/json");
    }
    Ok(http)
}

#[cfg(test)]
mod tests {
    use super::swap_tail;

    #[test]
    fn swaps_the_path_tail_and_keeps_the_query() {
        assert_eq!(
            swap_tail(
                "https://r.openai.azure.com/openai/deployments/e/chat/completions?api-version=1",
                "/chat/completions",
                "/embeddings"
            )
            .as_deref(),
            Some("https://r.openai.azure.com/openai/deployments/e/embeddings?api-version=1")
        );
        assert_eq!(
            swap_tail("https://x/v1/other", "/chat/completions", "/e"),
            None
        );
    }
}
