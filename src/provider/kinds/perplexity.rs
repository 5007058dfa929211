//! Perplexity (Sonar): OpenAI-compatible at `https://api.perplexity.ai` (no version path).
//! `PERPLEXITY_BASE_URL` has that meaning, as for the official `perplexityai` SDK.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "perplexity",
        display_name: "Perplexity",
        aliases: &["pplx"],
        default_base_url: Some("https://api.perplexity.ai"),
        key_env: &["PERPLEXITY_API_KEY"],
        api_key_env: &["PERPLEXITY_API_KEY"],
        base_url_env: &["PERPLEXITY_BASE_URL"],
        default_model: Some("sonar"),
        catalog: Some("perplexity"),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
