//! Cerebras: OpenAI-compatible. `CEREBRAS_BASE_URL` is the host, as for the official
//! `cerebras_cloud_sdk` (`https://api.cerebras.ai`); a base URL ending in `/v1` is accepted too.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "cerebras",
        display_name: "Cerebras",
        default_base_url: Some("https://api.cerebras.ai"),
        key_env: &["CEREBRAS_API_KEY"],
        api_key_env: &["CEREBRAS_API_KEY"],
        base_url_env: &["CEREBRAS_BASE_URL"],
        version_path: "/v1",
        default_model: Some("gpt-oss-120b"),
        catalog: Some("cerebras"),
        // Earlier reasoning goes back as the assistant message's `reasoning` field.
        chat: ChatRules {
            replay: ReasoningReplay::Field("reasoning"),
            ..ChatRules::COMPATIBLE
        },
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
