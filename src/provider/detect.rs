//! `create()`-style detection, model-name inference and the custom-provider registry.
//!
//! Detection follows the seed's order: (1) the environment — an explicit map, since the core
//! reads no process state (the browser passes an `env` object, a Worker its bindings, Node
//! `process.env`); (2) a configuration (TOML or object); (3) a local Ollama, which only the IO
//! layer can probe: [`create`] answers [`Detection::ProbeOllama`] and is called again with the
//! probe's result.
//!
//! Which variables select which provider, and how they fill a configuration: `provider::env`.

use super::config::{Config, ConfigSource, CustomProvider, ProviderConfig};
use super::env::{env_signal, fill_from_env, has_credentials, ollama_base_url};
use super::kind::ProviderKind;
use crate::error::{ProviderError, Result};
use crate::retry::RetryConfig;
use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub use super::env::Env;

/// Where a detected provider came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// The environment; the variable that selected it.
    Env(&'static str),
    /// The configuration.
    Config,
    /// A local Ollama that answered the probe.
    Ollama,
}

/// A detected provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The provider, with credentials from the environment filled in.
    pub provider: ProviderConfig,
    /// Where it came from.
    pub source: Source,
    /// The configuration's `[retry]`, if any.
    pub retry: Option<RetryConfig>,
    /// The configuration's custom providers (to seed a [`CustomRegistry`]).
    pub custom_providers: Vec<CustomProvider>,
    /// Assumptions made (a default region, say).
    pub warnings: Vec<String>,
}

/// The outcome of [`create`].
#[derive(Clone, Debug, PartialEq)]
pub enum Detection {
    /// A provider was found.
    Found(Box<Found>),
    /// Neither the environment nor a configuration named a provider: probe the Ollama at `url`
    /// ([`ollama_probe_request`](super::env::ollama_probe_request)) and call [`create`] again
    /// with the result.
    ProbeOllama {
        /// The Ollama base URL to probe.
        url: String,
    },
}

/// The first provider the environment selects, in [`ProviderKind::DETECTION_ORDER`].
pub fn detect_env(env: &Env) -> Result<Option<Found>> {
    for kind in ProviderKind::DETECTION_ORDER {
        if let Some(var) = env_signal(kind, env) {
            let mut provider = ProviderConfig::new(kind);
            let warnings = fill_from_env(&mut provider, env)?;
            return Ok(Some(Found {
                provider,
                source: Source::Env(var),
                retry: None,
                custom_providers: Vec::new(),
                warnings,
            }));
        }
    }
    Ok(None)
}

/// Detects a provider: environment, then `config`, then a local Ollama. `ollama_available` is
/// the answer to a previous [`Detection::ProbeOllama`] (`None`: not probed yet).
pub fn create(
    env: &Env,
    config: Option<ConfigSource<'_>>,
    ollama_available: Option<bool>,
) -> Result<Detection> {
    let config: Option<Config> = config.map(ConfigSource::parse).transpose()?;
    let (retry, custom) = match &config {
        Some(c) => (c.retry.clone(), c.custom_providers.clone()),
        None => (None, Vec::new()),
    };
    if let Some(mut found) = detect_env(env)? {
        found.retry = retry;
        found.custom_providers = custom;
        return Ok(Detection::Found(Box::new(found)));
    }
    if let Some(mut provider) = config.and_then(|c| c.provider) {
        let warnings = fill_from_env(&mut provider, env)?;
        return Ok(Detection::Found(Box::new(Found {
            provider,
            source: Source::Config,
            retry,
            custom_providers: custom,
            warnings,
        })));
    }
    let url = ollama_base_url(env);
    match ollama_available {
        None => Ok(Detection::ProbeOllama { url }),
        Some(true) => {
            let mut provider = ProviderConfig::new(ProviderKind::Ollama);
            provider.base_url = Some(url);
            Ok(Detection::Found(Box::new(Found {
                provider,
                source: Source::Ollama,
                retry,
                custom_providers: custom,
                warnings: Vec::new(),
            })))
        }
        Some(false) => Err(ProviderError::config(
            "no provider found: set an API key variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, …), pass a configuration, or run Ollama",
        )),
    }
}

/// The user's custom providers. The caller holds one and replaces its contents with
/// [`refresh_custom_providers`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomRegistry {
    providers: Vec<CustomProvider>,
}

impl CustomRegistry {
    /// A registry holding `providers`.
    pub fn new(providers: Vec<CustomProvider>) -> Self {
        CustomRegistry { providers }
    }

    /// The providers.
    pub fn providers(&self) -> &[CustomProvider] {
        &self.providers
    }

    /// The provider named `name`.
    pub fn get(&self, name: &str) -> Option<&CustomProvider> {
        self.providers.iter().find(|p| p.name == name)
    }

    /// The provider that lists `model` among its models.
    pub fn find_model(&self, model: &str) -> Option<&CustomProvider> {
        self.providers
            .iter()
            .find(|p| p.models.iter().any(|m| m == model))
    }
}

/// Reloads the custom providers from `source` (its `custom_providers`). The registry is only
/// replaced when the whole source is valid. Returns how many providers it now holds.
pub fn refresh_custom_providers(
    registry: &mut CustomRegistry,
    source: ConfigSource<'_>,
) -> Result<usize> {
    let config = source.parse()?;
    registry.providers = config.custom_providers;
    Ok(registry.providers.len())
}

/// The provider a bare model name belongs to, by the naming conventions of the providers.
pub fn infer_kind(model: &str) -> Option<ProviderKind> {
    let m = model.to_ascii_lowercase();
    let m = m.as_str();
    // Each kind's own naming convention (`KindDef::claims_model`), in table order, then the
    // name prefixes kept in each kind's row.
    if let Some(k) = ProviderKind::ALL
        .into_iter()
        .find(|k| (k.def().claims_model)(m))
    {
        return Some(k);
    }
    ProviderKind::ALL
        .into_iter()
        .find(|k| k.info().model_prefixes.iter().any(|p| m.starts_with(p)))
}

fn short(s: &str) -> String {
    s.chars().take(100).collect()
}

/// A provider for the model `name`: `provider/model` (a kind name or alias, or a custom
/// provider's name), a model a custom provider lists, or a name whose provider
/// [`infer_kind`] recognises. Credentials come from `env`.
pub fn create_with_named_model(
    name: &str,
    env: &Env,
    registry: &CustomRegistry,
) -> Result<ProviderConfig> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ProviderError::config("model name is empty"));
    }
    let mut cfg = if let Some((prefix, rest)) = name.split_once('/').filter(|(_, r)| !r.is_empty())
    {
        if let Some(cp) = registry.get(prefix) {
            Some(cp.provider_config().with_model(rest))
        } else {
            ProviderKind::from_name(prefix)
                .filter(|k| *k != ProviderKind::Custom)
                .map(|k| ProviderConfig::new(k).with_model(rest))
        }
    } else {
        None
    }
    .or_else(|| {
        registry
            .find_model(name)
            .map(|cp| cp.provider_config().with_model(name))
    })
    .or_else(|| infer_kind(name).map(|k| ProviderConfig::new(k).with_model(name)))
    .ok_or_else(|| {
        ProviderError::config(format!(
            "cannot tell which provider serves model `{}`: write it as `provider/model`",
            short(name)
        ))
    })?;
    fill_from_env(&mut cfg, env)?;
    if !has_credentials(&cfg) {
        let vars = match (&cfg.api_key_env, cfg.kind.info().key_env) {
            (Some(v), _) => v.to_owned(),
            (None, vars) => vars.join(" / "),
        };
        return Err(ProviderError::config(format!(
            "model `{}` is served by {}, which needs credentials: set {vars}",
            short(name),
            cfg.name
        ))
        .with_provider(cfg.name.clone()));
    }
    Ok(cfg)
}
