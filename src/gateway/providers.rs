//! The providers a gateway can call: the operator's `[providers.*]` sections, plus every
//! provider kind whose credentials are in the Worker's environment (secrets).
//!
//! Provider sections are parsed by `provider::config` (the same validation as a client
//! configuration: URL schemes, header names, …) and completed from the environment with
//! `provider::detect::fill_from_env`; a provider counts as available once it has the
//! credentials its auth scheme needs.

use super::config::GatewayConfig;
use crate::error::{ProviderError, Result};
use crate::provider::env::{env_signal, fill_from_env, has_credentials};
use crate::provider::{Config, Env, ProviderConfig, ProviderKind};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// One provider known to the gateway.
#[derive(Clone, Debug)]
pub struct Known {
    /// The provider with its credentials.
    pub cfg: ProviderConfig,
    /// Why it cannot be called (no credentials), or `None` when it can.
    pub unavailable: Option<String>,
}

/// The providers of one gateway.
#[derive(Clone, Debug, Default)]
pub struct Providers {
    list: Vec<Known>,
}

impl Providers {
    /// Resolves the configured providers against `env` and adds every kind whose credentials
    /// `env` holds. Returns the providers and warnings for the operator (never secrets).
    pub fn resolve(cfg: &GatewayConfig, env: &Env) -> Result<(Providers, Vec<String>)> {
        let mut list = Vec::new();
        let mut warnings = Vec::new();
        for (name, section) in &cfg.providers {
            let mut pc = parse_section(name, section)?;
            fill_from_env(&mut pc, env)
                .map_err(|e| section_error(name, &e))?
                .into_iter()
                .for_each(|w| warnings.push(format!("providers.{name}: {w}")));
            let unavailable = (!has_credentials(&pc)).then(|| {
                let vars = match (&pc.api_key_env, pc.kind.info().key_env) {
                    (Some(v), _) => v.clone(),
                    (None, vars) => vars.join(" or "),
                };
                format!("provider `{name}` has no credentials on this gateway (set {vars})")
            });
            if let Some(u) = &unavailable {
                warnings.push(u.clone());
            }
            list.push(Known {
                cfg: pc,
                unavailable,
            });
        }
        for kind in ProviderKind::DETECTION_ORDER {
            if list.iter().any(|k| k.cfg.name == kind.name()) {
                continue;
            }
            let mut pc = ProviderConfig::new(kind);
            // A malformed variable (a bad URL, say) disables that provider, not the gateway.
            if let Err(e) = fill_from_env(&mut pc, env) {
                warnings.push(format!("{}: {}", kind.name(), e.message));
                continue;
            }
            // The same rule as client detection: the kind's own variables select it (a keyless
            // local server is only used when configured in a section).
            if env_signal(kind, env).is_some() && has_credentials(&pc) {
                list.push(Known {
                    cfg: pc,
                    unavailable: None,
                });
            }
        }
        Ok((Providers { list }, warnings))
    }

    /// The provider called `name` (a configured name, a kind name or a kind alias).
    pub fn get(&self, name: &str) -> Option<&Known> {
        if let Some(k) = self.list.iter().find(|k| k.cfg.name == name) {
            return Some(k);
        }
        let kind = ProviderKind::from_name(name)?;
        self.list
            .iter()
            .find(|k| k.cfg.kind == kind && k.cfg.name == kind.name())
    }

    /// The providers that can be called.
    pub fn available(&self) -> impl Iterator<Item = &ProviderConfig> {
        self.list
            .iter()
            .filter(|k| k.unavailable.is_none())
            .map(|k| &k.cfg)
    }
}

fn section_error(name: &str, e: &ProviderError) -> ProviderError {
    ProviderError::config(format!(
        "gateway configuration: providers.{name}: {}",
        e.message
    ))
}

/// A `[providers.NAME]` section → a provider configuration (no credentials yet).
fn parse_section(name: &str, section: &Map<String, Value>) -> Result<ProviderConfig> {
    let mut section = section.clone();
    let ty = section
        .remove("type")
        .and_then(|t| t.as_str().map(String::from));
    let kind = ty
        .as_deref()
        .or(Some(name))
        .and_then(ProviderKind::from_name)
        .filter(|k| !matches!(k, ProviderKind::Custom | ProviderKind::Mock));
    let doc = match kind {
        Some(kind) => {
            if ty.is_some() && kind.name() != name && ProviderKind::from_name(name).is_some() {
                return Err(section_error(
                    name,
                    &ProviderError::config("the section name is another provider kind"),
                ));
            }
            section.insert("type".into(), Value::from(kind.name()));
            serde_json::json!({ "provider": section })
        }
        None => {
            // A custom OpenAI-compatible provider: its own name, a base URL, a key variable.
            let model = section.remove("model");
            section.insert("name".into(), Value::from(name));
            let mut provider = Map::new();
            provider.insert("type".into(), Value::from(name));
            if let Some(m) = model {
                provider.insert("model".into(), m);
            }
            serde_json::json!({ "custom_providers": [section], "provider": provider })
        }
    };
    let parsed = Config::from_object(&doc).map_err(|e| section_error(name, &e))?;
    let mut pc = parsed.provider.ok_or_else(|| {
        section_error(name, &ProviderError::config("not a provider configuration"))
    })?;
    // Named sections of a kind (`[providers.work-openai] type = "openai"`) keep their name.
    pc.name = name.to_string();
    Ok(pc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn env_keys_make_providers_available() {
        let cfg = GatewayConfig::default();
        let (p, _) = Providers::resolve(
            &cfg,
            &env(&[("OPENAI_API_KEY", "sk-test"), ("ANTHROPIC_API_KEY", "a")]),
        )
        .unwrap();
        let names: Vec<&str> = p.available().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["openai", "anthropic"]);
        assert!(p.get("claude").is_some());
        assert!(p.get("google").is_none());
    }

    #[test]
    fn sections_override_and_custom_providers() {
        let cfg = GatewayConfig::parse(
            r#"
[providers.openai]
base_url = "http://127.0.0.1:9/v1"
[providers.groq]
base_url = "https://api.groq.com/openai/v1"
api_key_env = "GROQ_KEY"
[providers.inhouse]
base_url = "https://llm.example.com/v1"
api_key_env = "GROQ_KEY"
[providers.backup]
type = "anthropic"
base_url = "http://127.0.0.1:10/v1"
"#,
        )
        .unwrap();
        let (p, warnings) =
            Providers::resolve(&cfg, &env(&[("OPENAI_API_KEY", "k1"), ("GROQ_KEY", "k2")]))
                .unwrap();
        let openai = p.get("openai").unwrap();
        assert_eq!(
            openai.cfg.base_url.as_deref(),
            Some("http://127.0.0.1:9/v1")
        );
        assert!(openai.unavailable.is_none());
        let groq = p.get("groq").unwrap();
        // A section named after a kind is that kind.
        assert_eq!(groq.cfg.kind, ProviderKind::Groq);
        assert!(groq.unavailable.is_none());
        let inhouse = p.get("inhouse").unwrap();
        assert_eq!(inhouse.cfg.kind, ProviderKind::Custom);
        assert!(inhouse.unavailable.is_none());
        let backup = p.get("backup").unwrap();
        assert_eq!(backup.cfg.kind, ProviderKind::Anthropic);
        assert!(backup
            .unavailable
            .as_deref()
            .unwrap()
            .contains("ANTHROPIC_API_KEY"));
        assert_eq!(warnings.len(), 1);
        // No secret in any Debug output.
        assert!(!format!("{p:?}").contains("k1"));
    }

    #[test]
    fn bad_sections_are_config_errors() {
        let cfg = GatewayConfig::parse("[providers.openai]\nbase_url = \"ftp://x\"\n").unwrap();
        assert!(Providers::resolve(&cfg, &Env::new()).is_err());
        let cfg = GatewayConfig::parse("[providers.custom1]\nmodel = \"m\"\n").unwrap();
        assert!(Providers::resolve(&cfg, &Env::new()).is_err());
    }
}
