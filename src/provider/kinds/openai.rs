//! OpenAI.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "openai",
        display_name: "OpenAI",
        default_base_url: Some("https://api.openai.com/v1"),
        key_env: &["OPENAI_API_KEY"],
        api_key_env: &["OPENAI_API_KEY"],
        // The official SDKs' OPENAI_BASE_URL includes the version path (`…/v1`).
        base_url_env: &["OPENAI_BASE_URL"],
        default_model: Some("gpt-4o"),
        // And the o-series (`o1`, `o3-mini`, …): `claims_model`.
        model_prefixes: &[
            "gpt-",
            "chatgpt-",
            "davinci",
            "babbage",
            "text-embedding-",
            "codex-",
        ],
        apis: &[Api::Chat, Api::Responses],
        // The seed's OpenAI default: 4 retries.
        retry: &RetryConfig {
            max_retries: 4,
            ..RetryConfig::DEFAULT
        },
        catalog: Some("openai"),
        catalog_base: fine_tune_base,
        chat: ChatRules::OPENAI,
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        claims_model,
        ..OPENAI_COMPATIBLE
    },
);

/// The o-series: `o1`, `o3`, `o4` and their `-…` variants; a `name:tag` is Ollama's, even
/// `o1-…:tag`.
fn claims_model(m: &str) -> bool {
    !m.contains(':')
        && ["o1", "o3", "o4"]
            .iter()
            .any(|p| m == *p || m.strip_prefix(p).is_some_and(|r| r.starts_with('-')))
}
