//! Venice AI.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "venice",
        display_name: "Venice AI",
        default_base_url: Some("https://api.venice.ai/api/v1"),
        key_env: &["VENICE_API_KEY"],
        api_key_env: &["VENICE_API_KEY"],
        default_model: Some("zai-org-glm-5"),
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
