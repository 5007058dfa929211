//! Groq: OpenAI-compatible under `/openai/v1`. `GROQ_BASE_URL` is the host, as for the
//! official `groq` SDKs (`https://api.groq.com`); a base URL ending in `/openai/v1` is accepted
//! too. Usage arrives in `x_groq.usage` on the last chunk (the Chat decoder reads it).

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "groq",
        display_name: "Groq",
        default_base_url: Some("https://api.groq.com"),
        key_env: &["GROQ_API_KEY"],
        api_key_env: &["GROQ_API_KEY"],
        base_url_env: &["GROQ_BASE_URL"],
        version_path: "/openai/v1",
        default_model: Some("openai/gpt-oss-120b"),
        apis: &[Api::Chat, Api::Responses],
        catalog: Some("groq"),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
