//! Fireworks AI: OpenAI-compatible under `/inference/v1`.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "fireworks",
        display_name: "Fireworks AI",
        aliases: &["fireworks_ai", "fireworks-ai"],
        default_base_url: Some("https://api.fireworks.ai/inference/v1"),
        key_env: &["FIREWORKS_API_KEY"],
        api_key_env: &["FIREWORKS_API_KEY"],
        default_model: Some("accounts/fireworks/models/llama-v3p3-70b-instruct"),
        catalog: Some("fireworks"),
        catalog_id_prefix: Some("accounts/fireworks/models/"),
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
