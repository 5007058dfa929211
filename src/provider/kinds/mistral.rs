//! Mistral AI: Chat Completions with Mistral's own differences (its own wire format).
//! `MISTRAL_BASE_URL` may be the host, as the official SDK's `server_url` is
//! (`https://api.mistral.ai`), or end in `/v1`.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "mistral",
        display_name: "Mistral AI",
        aliases: &["mistralai"],
        default_base_url: Some("https://api.mistral.ai/v1"),
        format: WireFormat::Mistral,
        key_env: &["MISTRAL_API_KEY"],
        api_key_env: &["MISTRAL_API_KEY"],
        base_url_env: &["MISTRAL_BASE_URL"],
        version_path: "/v1",
        default_model: Some("mistral-large-latest"),
        model_prefixes: &[
            "mistral-",
            "magistral-",
            "codestral-",
            "ministral-",
            "pixtral-",
            "devstral-",
            "open-mistral-",
            "open-mixtral-",
            "voxtral-",
        ],
        catalog: Some("mistral"),
        embeddings: Some(Shape::Mistral),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
