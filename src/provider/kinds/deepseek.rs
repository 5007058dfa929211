//! DeepSeek: OpenAI-compatible at `https://api.deepseek.com` (Chat Completions and Responses).
//! Cached prompt tokens arrive as `prompt_cache_hit_tokens` (the Chat decoder reads it);
//! reasoning is replayed as `reasoning_content`.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "deepseek",
        display_name: "DeepSeek",
        default_base_url: Some("https://api.deepseek.com"),
        key_env: &["DEEPSEEK_API_KEY"],
        api_key_env: &["DEEPSEEK_API_KEY"],
        // The variable LiteLLM and the AI SDK's provider read; the host, with or without `/v1`
        // (DeepSeek serves both).
        base_url_env: &["DEEPSEEK_BASE_URL"],
        default_model: Some("deepseek-v4-flash"),
        apis: &[Api::Chat, Api::Responses],
        catalog: Some("deepseek"),
        chat: ChatRules {
            reasoning: ReasoningParam::ByModel(
                "DeepSeek selects reasoning by model (deepseek-reasoner); not sent",
            ),
            replay: ReasoningReplay::Field("reasoning_content"),
            ..ChatRules::COMPATIBLE
        },
        // Responses: reasoning as plain text, no encrypted content.
        responses: ResponsesRules {
            plain_reasoning: true,
            ..ResponsesRules::OPENAI
        },
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
