//! The environment: which variables select a provider, and filling a configuration from them.
//!
//! The core reads no process state: the caller passes an [`Env`] map (the browser an `env`
//! object, a Worker its bindings, Node `process.env`). The variables are each kind's own (its
//! module under `provider/kinds/` names them); this file holds the shared steps and readers.

use super::config::ProviderConfig;
use super::kind::ProviderKind;
use super::kinds::Fill;
use super::Secret;
use crate::error::{ProviderError, Result};
use crate::http::{Headers, HttpRequest, Method};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// Environment variables, as given by the caller.
pub type Env = BTreeMap<String, String>;

/// The value of `name` in `env`, if set and not blank.
pub(crate) fn get<'a>(env: &'a Env, name: &str) -> Option<&'a str> {
    env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// The first of `names` that is set, with its value.
pub(crate) fn first<'a>(env: &'a Env, names: &[&'static str]) -> Option<(&'static str, &'a str)> {
    names.iter().find_map(|n| get(env, n).map(|v| (*n, v)))
}

/// A value from the environment that goes into a host name or path: checked like the config.
pub(crate) fn ident(env: &Env, names: &[&'static str], allowed: &str) -> Result<Option<String>> {
    match first(env, names) {
        None => Ok(None),
        Some((_, v))
            if v.chars()
                .all(|c| c.is_ascii_alphanumeric() || allowed.contains(c)) =>
        {
            Ok(Some(v.to_string()))
        }
        Some((n, _)) => Err(ProviderError::config(format!("{n}: not a valid value"))),
    }
}

/// A URL from the environment (`https://` assumed without a scheme), checked like the config.
pub(crate) fn url(env: &Env, names: &[&'static str]) -> Result<Option<String>> {
    match first(env, names) {
        None => Ok(None),
        Some((n, v)) => {
            let v = if v.contains("://") {
                v.to_string()
            } else {
                format!("https://{v}")
            };
            super::config_value::check_url(&v)
                .map_err(|what| ProviderError::config(format!("{n}: {what}")))?;
            Ok(Some(v.trim_end_matches('/').to_string()))
        }
    }
}

pub use super::kinds::ollama::base_url as ollama_base_url;

/// The request that probes a local Ollama (`GET {url}/api/tags`).
pub fn ollama_probe_request(url: &str) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: format!("{}/api/tags", url.trim_end_matches('/')),
        headers: Headers::new(),
        body: Vec::new(),
    }
}

/// Fills the settings `cfg` leaves unset from the environment: the API key (its `api_key_env`,
/// else the kind's [`KindInfo::api_key_env`](super::KindInfo::api_key_env)), then what the
/// kind's module reads (base URL, region, project, location, account, …).
pub fn fill_from_env(cfg: &mut ProviderConfig, env: &Env) -> Result<Vec<String>> {
    let def = cfg.kind.def();
    let mut fill = Fill {
        key_var: None,
        warnings: Vec::new(),
    };
    if cfg.api_key.is_none() {
        let from_named = cfg
            .api_key_env
            .as_deref()
            .and_then(|n| get(env, n).map(|v| (n, v)));
        let from_kind = first(env, def.info.api_key_env);
        if let Some((var, v)) = from_named.or(from_kind) {
            cfg.api_key = Some(Secret::new(v));
            fill.key_var = from_kind.filter(|(k, _)| *k == var).map(|(k, _)| k);
        }
    }
    (def.fill)(cfg, env, &def.info, &mut fill)?;
    Ok(fill.warnings)
}

/// Whether the environment selects `kind`, and by which variable.
pub(crate) fn env_signal(kind: ProviderKind, env: &Env) -> Option<&'static str> {
    let def = kind.def();
    (def.signal)(env, &def.info)
}

/// Whether `cfg` carries what its auth scheme needs (optional-key providers always do).
pub fn has_credentials(cfg: &ProviderConfig) -> bool {
    use super::kind::AuthScheme as A;
    let key = cfg.api_key.as_ref().is_some_and(|k| !k.is_empty());
    match cfg.kind.info().auth {
        A::None | A::OptionalBearer => true,
        A::Bearer | A::AnthropicKey | A::GoogApiKey | A::Snowflake => key,
        A::AzureKey => key || cfg.azure_ad_token.is_some(),
        A::GoogleOAuth => cfg.access_token.is_some() || cfg.service_account.is_some(),
        // A SigV4 kind with an API-key variable (Bedrock) takes a key instead.
        A::SigV4(_) => cfg.aws.is_some() || (!cfg.kind.info().api_key_env.is_empty() && key),
    }
}
