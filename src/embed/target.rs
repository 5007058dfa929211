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

/// The wire shape `kind` serves embeddings in for `model`; `None` when it serves none. Each
/// kind's module says (`KindInfo::embeddings`, and per model where that matters).
pub fn shape_for(kind: ProviderKind, model: &str, api: Option<Api>) -> Option<Shape> {
    (kind.def().embed_shape)(kind.info(), model, api)
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
        // A kind that embeds with some models (Vertex, Bedrock) names the model.
        let what = if cfg.kind.info().embeddings.is_some() {
            format!(
                "{}: model `{}` is not an embedding model aster can call",
                cfg.name, chat.model
            )
        } else {
            format!("{} does not serve embeddings", cfg.name)
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
    use super::{shape_for, swap_tail};
    use crate::embed::Shape;
    use crate::provider::{Api, ProviderKind as K};

    #[test]
    fn each_kind_says_its_shape() {
        let openai = [
            K::OpenAi,
            K::Azure,
            K::OpenRouter,
            K::LiteLlm,
            K::Venice,
            K::Databricks,
            K::Together,
            K::Fireworks,
            K::Custom,
        ];
        for k in openai {
            assert_eq!(shape_for(k, "m", None), Some(Shape::OpenAi), "{k:?}");
        }
        let none = [
            K::Anthropic,
            K::Xai,
            K::SagemakerTgi,
            K::Groq,
            K::DeepSeek,
            K::Cerebras,
            K::Perplexity,
            K::Mock,
        ];
        for k in none {
            assert_eq!(shape_for(k, "m", None), None, "{k:?}");
        }
        assert_eq!(shape_for(K::Mistral, "m", None), Some(Shape::Mistral));
        assert_eq!(shape_for(K::Google, "m", None), Some(Shape::Gemini));
        assert_eq!(shape_for(K::Snowflake, "m", None), Some(Shape::Snowflake));
        assert_eq!(
            shape_for(K::GcpVertexAi, "text-embedding-005", None),
            Some(Shape::Vertex)
        );
        assert_eq!(shape_for(K::GcpVertexAi, "claude-sonnet-4-5", None), None);
        let titan = "amazon.titan-embed-text-v2:0";
        assert_eq!(shape_for(K::Bedrock, titan, None), Some(Shape::Titan));
        assert_eq!(
            shape_for(K::Bedrock, "cohere.embed-v4:0", None),
            Some(Shape::Cohere)
        );
        assert_eq!(shape_for(K::Bedrock, "anthropic.claude", None), None);
        assert_eq!(shape_for(K::Ollama, "m", None), Some(Shape::Ollama));
        assert_eq!(
            shape_for(K::Ollama, "m", Some(Api::Chat)),
            Some(Shape::OpenAi)
        );
    }

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
