//! Anthropic (Messages API).
//!
//! `ANTHROPIC_BASE_URL` and `provider.base_url` mean what they mean to the official Anthropic
//! SDKs: the host, without `/v1` (`https://api.anthropic.com`); a base URL that already ends
//! in `/v1` is accepted as well.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "anthropic",
        display_name: "Anthropic",
        aliases: &["claude"],
        default_base_url: Some("https://api.anthropic.com"),
        auth: AuthScheme::AnthropicKey,
        format: WireFormat::Anthropic,
        version_path: "/v1",
        key_env: &["ANTHROPIC_API_KEY"],
        api_key_env: &["ANTHROPIC_API_KEY"],
        base_url_env: &["ANTHROPIC_BASE_URL"],
        default_model: Some("claude-sonnet-4-5"),
        model_prefixes: &["claude-"],
        catalog: Some("anthropic"),
        // Anthropic answers CORS preflights from pages only with this header, which its own
        // SDK sends when `dangerouslyAllowBrowser` is set.
        browser_header: Some(("anthropic-dangerous-direct-browser-access", "true")),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    OPENAI_COMPATIBLE,
);
