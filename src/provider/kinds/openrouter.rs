//! OpenRouter: app attribution headers (`HTTP-Referer`, `X-Title`) when configured.

use super::prelude::*;
use crate::http::Headers;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "openrouter",
        display_name: "OpenRouter",
        default_base_url: Some("https://openrouter.ai/api/v1"),
        key_env: &["OPENROUTER_API_KEY"],
        api_key_env: &["OPENROUTER_API_KEY"],
        base_url_env: &["OPENROUTER_BASE_URL"],
        default_model: Some("openrouter/auto"),
        config_keys: &["referer", "title"],
        apis: &[Api::Chat, Api::Responses],
        catalog: Some("openrouter"),
        // `reasoning: {effort | max_tokens}`, replayed as `reasoning_details` (signatures
        // kept); PDFs as OpenAI `file` parts.
        chat: ChatRules {
            reasoning: ReasoningParam::OpenRouter,
            replay: ReasoningReplay::OpenRouterDetails,
            documents: DocumentStyle::OpenAiFile,
            ..ChatRules::COMPATIBLE
        },
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        headers,
        ..OPENAI_COMPATIBLE
    },
);

/// App attribution, only when configured (it identifies the caller's app).
fn headers(cfg: &ProviderConfig, h: &mut Headers) {
    if let Some(r) = &cfg.referer {
        h.set("HTTP-Referer", r.as_str());
    }
    if let Some(t) = &cfg.title {
        h.set("X-Title", t.as_str());
    }
}
