//! Databricks Model Serving: `{workspace}/serving-endpoints/chat/completions`, the model is the
//! serving endpoint's name.

use super::super::env::{url, Env};
use super::super::request::join;
use super::prelude::*;

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "databricks",
        display_name: "Databricks",
        key_env: &["DATABRICKS_TOKEN"],
        api_key_env: &["DATABRICKS_TOKEN"],
        extra_env: &[HOST],
        default_model: Some("databricks-claude-sonnet-4-5"),
        model_prefixes: &["databricks-"],
        config_keys: &["endpoint"],
        catalog: Some("databricks"),
        embeddings: Some(Shape::OpenAi),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill,
        signal,
        target,
        ..OPENAI_COMPATIBLE
    },
);

/// The workspace URL, as the Databricks SDKs and CLI read it.
const HOST: &str = "DATABRICKS_HOST";

fn fill(cfg: &mut ProviderConfig, env: &Env, _: &KindInfo, _: &mut Fill) -> Result<()> {
    if cfg.endpoint.is_none() && cfg.base_url.is_none() {
        cfg.endpoint = url(env, &[HOST])?;
    }
    Ok(())
}

fn signal(env: &Env, info: &KindInfo) -> Option<&'static str> {
    super::super::env::get(env, HOST)?;
    super::signal_by_key(env, info)
}

fn target(cfg: &ProviderConfig, info: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let base = match (&cfg.base_url, &cfg.endpoint) {
        (Some(b), _) => b.clone(),
        (None, Some(ws)) => join(ws, "/serving-endpoints"),
        (None, None) => {
            return Err(super::missing(
                cfg,
                "no workspace URL (set provider.endpoint or DATABRICKS_HOST)",
            ))
        }
    };
    Ok(super::chat_or_responses(cfg, info, &base, r.model))
}
