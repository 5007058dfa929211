//! Google AI Studio (Gemini API). The key goes in `x-goog-api-key` (not `?key=`, which would put
//! the credential in URLs and logs).

use super::super::request::segment;
use super::prelude::*;
use crate::error::ProviderError;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "google",
        display_name: "Google Gemini",
        aliases: &["gemini", "google-ai", "googleai"],
        default_base_url: Some("https://generativelanguage.googleapis.com/v1beta"),
        auth: AuthScheme::GoogApiKey,
        format: WireFormat::Gemini,
        key_env: &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
        api_key_env: &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
        default_model: Some("gemini-2.5-flash"),
        model_prefixes: &["gemini-", "gemma-", "learnlm-"],
        retry: &super::vertex::GEMINI_RETRY,
        catalog: Some("google"),
        catalog_id: last_segment,
        // Gemini API and Vertex list the same Gemini models at the same prices.
        catalog_fallback: |_| Some("gcpvertexai"),
        embeddings: Some(Shape::Gemini),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        target,
        ..OPENAI_COMPATIBLE
    },
);

fn target(cfg: &ProviderConfig, _: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let model = r.model;
    // A resource name (`models/x`, `tunedModels/x`) or a bare model id.
    let name = match model.split_once('/') {
        Some(("models" | "tunedModels", rest)) if !rest.contains('/') => model.clone(),
        Some(_) => {
            return Err(ProviderError::invalid_request("invalid Gemini model name")
                .with_provider(cfg.name.clone()))
        }
        None => format!("models/{model}"),
    };
    let path: Vec<String> = name.split('/').map(|s| segment(s, b"")).collect();
    let method = if r.stream {
        ":streamGenerateContent?alt=sse"
    } else {
        ":generateContent"
    };
    let base = super::need_base(cfg, r.base)?.trim_end_matches('/');
    Ok(Target::sse(
        format!("{base}/{}{method}", path.join("/")),
        model,
        WireFormat::Gemini,
    ))
}
