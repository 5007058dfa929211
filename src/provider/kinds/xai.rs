//! xAI (Grok).

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "xai",
        display_name: "xAI",
        aliases: &["grok", "x-ai"],
        default_base_url: Some("https://api.x.ai/v1"),
        key_env: &["XAI_API_KEY"],
        api_key_env: &["XAI_API_KEY"],
        base_url_env: &["XAI_BASE_URL"],
        default_model: Some("grok-4"),
        model_prefixes: &["grok-"],
        apis: &[Api::Chat, Api::Responses],
        catalog: Some("xai"),
        // Responses: its encrypted reasoning is not Fernet-shaped, and it runs its server tools
        // (`x_keyword_search`, …) as `custom_tool_call` items.
        responses: ResponsesRules {
            replay_any_encrypted: true,
            server_custom_calls: true,
            ..ResponsesRules::OPENAI
        },
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
