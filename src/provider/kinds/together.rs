//! Together AI: OpenAI-compatible. `TOGETHER_BASE_URL` includes `/v1`, as for the official
//! `together` SDK.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "together",
        display_name: "Together AI",
        aliases: &["together_ai", "togetherai"],
        default_base_url: Some("https://api.together.xyz/v1"),
        key_env: &["TOGETHER_API_KEY"],
        api_key_env: &["TOGETHER_API_KEY"],
        base_url_env: &["TOGETHER_BASE_URL"],
        default_model: Some("openai/gpt-oss-120b"),
        catalog: Some("together"),
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
