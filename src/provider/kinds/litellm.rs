//! The LiteLLM proxy: port 4000 by default; the variables are the ones the LiteLLM SDK's
//! `litellm_proxy` provider reads. The key is optional; any of the variables selects it.

use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "litellm",
        display_name: "LiteLLM",
        aliases: &["litellm-proxy", "litellm_proxy"],
        default_base_url: Some("http://localhost:4000"),
        auth: AuthScheme::OptionalBearer,
        key_env: &["LITELLM_PROXY_API_KEY", "LITELLM_API_KEY"],
        api_key_env: &["LITELLM_PROXY_API_KEY", "LITELLM_API_KEY"],
        base_url_env: &["LITELLM_PROXY_API_BASE", "LITELLM_BASE_URL"],
        apis: &[Api::Chat, Api::Responses],
        catalog: Some("litellm"),
        // The proxy's id of the call (its logs and spend records use it); an upstream's
        // `x-request-id` may be passed through beside it.
        request_id_header: Some("x-litellm-call-id"),
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        signal,
        ..OPENAI_COMPATIBLE
    },
);

fn signal(e: &Env, info: &KindInfo) -> Option<&'static str> {
    let any = |names: &[&'static str]| super::super::env::first(e, names).map(|(n, _)| n);
    any(info.base_url_env).or_else(|| any(info.key_env))
}
