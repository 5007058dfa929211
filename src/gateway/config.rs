//! The operator's configuration of the gateway (`ASTER_GATEWAY_CONFIG`, TOML or JSON).
//!
//! ```toml
//! max_body_bytes = 4194304          # larger request bodies get 413
//! cors_origins = ["https://app.example.com"]   # besides the gateway's own origin ("*": any)
//!
//! [mock]                            # the built-in mock provider, `mock/<anything>`
//! delay_ms = 25                     # pause between chunks (0: no pacing)
//! chunk_size = 6                    # characters per text / reasoning / arguments piece
//!
//! [providers.openai]                # settings of a provider kind (keys come from the env)
//! base_url = "http://127.0.0.1:9000/v1"
//!
//! [providers.work-openai]           # another section of a kind: the kind decides how it is
//! type = "openai"                   # called, retried and priced; the name only labels
//! api_key_env = "WORK_OPENAI_KEY"
//!
//! [providers.inhouse]               # a custom OpenAI-compatible provider
//! base_url = "https://llm.example.com/v1"
//! api_key_env = "INHOUSE_API_KEY"
//!
//! [routes]                          # model names callers may use besides `provider/model`
//! fast = "openai/gpt-4o-mini"                                  # an alias
//! smart = ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"]    # tried in order (fallback)
//!
//! [retry]                           # upstream retries of one target, before falling back
//! max_retries = 1
//! ```
//!
//! Everything is operator-owned: callers only ever pick a model name, which is looked up here.
//! Credentials never live in this text (it is a plain Worker variable): a provider section
//! that holds one is refused, and names the environment variable (a Worker secret) instead.

use crate::error::{ProviderError, Result};
use crate::retry::RetryConfig;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Default request-body limit: 4 MiB, room for a few inline images.
pub const DEFAULT_MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Most targets one route may list.
const MAX_TARGETS: usize = 8;

/// Keys that would put a credential into the (non-secret) configuration text.
const SECRET_KEYS: [&str; 8] = [
    "credentials",
    "api_key",
    "secret_access_key",
    "session_token",
    "access_token",
    "azure_ad_token",
    "private_key",
    "service_account",
];

/// Pacing and availability of the built-in mock provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockSettings {
    /// Whether `mock/<anything>` is served (default true).
    pub enabled: bool,
    /// Pause before every chunk after the first, in milliseconds.
    pub delay_ms: u64,
    /// Characters per streamed piece.
    pub chunk_size: usize,
}

impl Default for MockSettings {
    fn default() -> Self {
        MockSettings {
            enabled: true,
            delay_ms: 0,
            chunk_size: 12,
        }
    }
}

/// A model name callers may use, and the `provider/model` targets it is served by, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteConfig {
    /// The name callers send in `model`.
    pub name: String,
    /// `provider/model` targets, tried in order until one answers.
    pub targets: Vec<String>,
}

/// The parsed configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct GatewayConfig {
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Browser origins allowed besides the gateway's own; `"*"` allows any.
    pub cors_origins: Vec<String>,
    /// The mock provider.
    pub mock: MockSettings,
    /// Provider sections by name (a kind name or a custom provider's name), still raw: they
    /// are resolved against the environment by the gateway.
    pub providers: Vec<(String, Map<String, Value>)>,
    /// Aliases and fallback lists.
    pub routes: Vec<RouteConfig>,
    /// Upstream retry settings (`None`: aster's defaults).
    pub retry: Option<RetryConfig>,
    /// Whether `GET /v1/models` lists the catalog models of every configured provider
    /// (default true); the routes and `mock/echo` are always listed.
    pub list_catalog: bool,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        GatewayConfig {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            cors_origins: Vec::new(),
            mock: MockSettings::default(),
            providers: Vec::new(),
            routes: Vec::new(),
            retry: None,
            list_catalog: true,
        }
    }
}

fn err(what: impl core::fmt::Display) -> ProviderError {
    ProviderError::config(format!("gateway configuration: {what}"))
}

/// Parses TOML into JSON. Errors give the position only, never the line's text (which could
/// hold something secret an operator pasted by mistake).
fn toml_value(text: &str) -> Result<Value> {
    crate::provider::config_value::toml_to_value(text).map_err(|e| err(e.message))
}

impl GatewayConfig {
    /// Parses the configuration text: JSON when it starts with `{`, else TOML. Blank text is
    /// the default configuration.
    pub fn parse(text: &str) -> Result<GatewayConfig> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(GatewayConfig::default());
        }
        let v = if t.starts_with('{') {
            serde_json::from_str::<Value>(t).map_err(|e| {
                err(format_args!(
                    "invalid JSON at line {} column {}",
                    e.line(),
                    e.column()
                ))
            })?
        } else {
            toml_value(t)?
        };
        Self::from_value(&v)
    }

    /// Reads the configuration from a JSON value (snake_case or camelCase keys).
    pub fn from_value(v: &Value) -> Result<GatewayConfig> {
        let top = v.as_object().ok_or_else(|| err("must be a table"))?;
        let mut cfg = GatewayConfig::default();
        for (key, val) in top {
            match snake(key).as_str() {
                "max_body_bytes" => {
                    cfg.max_body_bytes = val
                        .as_u64()
                        .filter(|n| *n > 0)
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| err("max_body_bytes must be a positive integer"))?;
                }
                "cors_origins" => cfg.cors_origins = string_list(val, "cors_origins")?,
                "mock" => cfg.mock = parse_mock(val)?,
                "providers" => {
                    let m = val
                        .as_object()
                        .ok_or_else(|| err("providers must be a table"))?;
                    for (name, section) in m {
                        cfg.providers
                            .push((name.clone(), parse_provider(name, section)?));
                    }
                }
                "routes" => {
                    let m = val
                        .as_object()
                        .ok_or_else(|| err("routes must be a table"))?;
                    for (name, targets) in m {
                        cfg.routes.push(parse_route(name, targets)?);
                    }
                }
                "retry" => cfg.retry = Some(parse_retry(val)?),
                "list_catalog" => {
                    cfg.list_catalog = val
                        .as_bool()
                        .ok_or_else(|| err("list_catalog must be true or false"))?;
                }
                _ => return Err(err(format_args!("unknown key `{}`", short(key)))),
            }
        }
        Ok(cfg)
    }

    /// The route named `name`, if configured.
    pub fn route(&self, name: &str) -> Option<&RouteConfig> {
        self.routes.iter().find(|r| r.name == name)
    }
}

/// `apiKeyEnv` → `api_key_env`, so JSON written in JS style is accepted too.
pub(crate) fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

fn string_list(v: &Value, what: &str) -> Result<Vec<String>> {
    let items = match v {
        Value::String(s) => return Ok(alloc::vec![s.clone()]),
        Value::Array(a) => a,
        _ => return Err(err(format_args!("{what} must be a list of strings"))),
    };
    items
        .iter()
        .map(|x| {
            x.as_str()
                .map(String::from)
                .ok_or_else(|| err(format_args!("{what} must be a list of strings")))
        })
        .collect()
}

fn parse_mock(v: &Value) -> Result<MockSettings> {
    let m = v.as_object().ok_or_else(|| err("mock must be a table"))?;
    let mut s = MockSettings::default();
    for (key, val) in m {
        match snake(key).as_str() {
            "enabled" => {
                s.enabled = val
                    .as_bool()
                    .ok_or_else(|| err("mock.enabled must be true or false"))?
            }
            "delay_ms" => {
                s.delay_ms = val
                    .as_u64()
                    .filter(|d| *d <= 60_000)
                    .ok_or_else(|| err("mock.delay_ms must be an integer from 0 to 60000"))?
            }
            "chunk_size" => {
                s.chunk_size = val
                    .as_u64()
                    .filter(|c| (1..=1_000_000).contains(c))
                    .map(|c| c as usize)
                    .ok_or_else(|| err("mock.chunk_size must be a positive integer"))?
            }
            _ => return Err(err(format_args!("unknown key `mock.{}`", short(key)))),
        }
    }
    Ok(s)
}

fn parse_provider(name: &str, v: &Value) -> Result<Map<String, Value>> {
    if name.is_empty() || name.contains('/') || name.chars().any(char::is_whitespace) {
        return Err(err(format_args!(
            "provider name `{}` must be one word without `/`",
            short(name)
        )));
    }
    if name.eq_ignore_ascii_case("mock") {
        return Err(err(
            "the mock provider is configured in [mock], not [providers.mock]",
        ));
    }
    let m = v
        .as_object()
        .ok_or_else(|| err(format_args!("providers.{} must be a table", short(name))))?;
    let mut out = Map::new();
    for (key, val) in m {
        let k = snake(key);
        if SECRET_KEYS.contains(&k.as_str()) {
            return Err(err(format_args!(
                "providers.{}.{k}: credentials are not read from the configuration; put the \
                 key in a Worker secret and name it with api_key_env (or use the provider's \
                 standard variable)",
                short(name)
            )));
        }
        out.insert(k, val.clone());
    }
    Ok(out)
}

fn parse_route(name: &str, v: &Value) -> Result<RouteConfig> {
    if name.is_empty() {
        return Err(err("a route name is empty"));
    }
    let targets = string_list(v, &format!("routes.{}", short(name)))?;
    if targets.is_empty() || targets.len() > MAX_TARGETS {
        return Err(err(format_args!(
            "routes.{}: list 1 to {MAX_TARGETS} targets",
            short(name)
        )));
    }
    for t in &targets {
        match t.split_once('/') {
            Some((p, m)) if !p.is_empty() && !m.is_empty() => {}
            _ => {
                return Err(err(format_args!(
                    "routes.{}: target `{}` must be written `provider/model`",
                    short(name),
                    short(t)
                )))
            }
        }
    }
    Ok(RouteConfig {
        name: name.to_string(),
        targets,
    })
}

/// The shared retry parser (`RetryConfig::from_value`), then the gateway's own bound: at most
/// 10 retries per target, since a route falls back to its next target anyway.
fn parse_retry(v: &Value) -> Result<RetryConfig> {
    let mut r = RetryConfig::from_value(v).map_err(|e| err(e.message))?;
    r.max_retries = r.max_retries.min(MAX_RETRIES);
    Ok(r)
}

/// The most retries of one target the gateway makes.
const MAX_RETRIES: u32 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let cfg = GatewayConfig::parse(
            r#"
max_body_bytes = 1000
cors_origins = ["https://app.example.com"]
[mock]
delay_ms = 25
chunk_size = 6
[providers.openai]
base_url = "http://127.0.0.1:9000/v1"
[providers.groq]
base_url = "https://api.groq.com/openai/v1"
api_key_env = "GROQ_API_KEY"
[routes]
fast = "openai/gpt-4o-mini"
smart = ["anthropic/claude-sonnet-4-5", "openai/gpt-4o"]
[retry]
max_retries = 1
"#,
        )
        .unwrap();
        assert_eq!(cfg.max_body_bytes, 1000);
        assert_eq!(cfg.mock.delay_ms, 25);
        assert_eq!(cfg.mock.chunk_size, 6);
        assert_eq!(cfg.providers.len(), 2);
        assert_eq!(cfg.route("fast").unwrap().targets, ["openai/gpt-4o-mini"]);
        assert_eq!(cfg.route("smart").unwrap().targets.len(), 2);
        assert_eq!(cfg.retry.as_ref().unwrap().max_retries, 1);
    }

    #[test]
    fn retry_is_the_shared_parser_with_the_gateways_bound() {
        let cfg = GatewayConfig::parse(
            "[retry]\nmax_retries = 50\nretryAllErrors = true\ninitial_delay_ms = 10",
        )
        .unwrap();
        let r = cfg.retry.unwrap();
        assert_eq!(
            (r.max_retries, r.retry_all_errors, r.initial_delay_ms),
            (10, true, 10)
        );
        let e = GatewayConfig::parse("[retry]\nbackoff_multiplier = 0.5").unwrap_err();
        assert!(
            e.message.contains("retry.backoff_multiplier"),
            "{}",
            e.message
        );
        assert!(GatewayConfig::parse("[retry]\nbogus = 1").is_err());
    }

    #[test]
    fn json_and_blank_text() {
        let cfg = GatewayConfig::parse(r#"{"maxBodyBytes": 10, "mock": {"delayMs": 5}}"#).unwrap();
        assert_eq!(cfg.max_body_bytes, 10);
        assert_eq!(cfg.mock.delay_ms, 5);
        assert_eq!(
            GatewayConfig::parse("  ").unwrap(),
            GatewayConfig::default()
        );
    }

    #[test]
    fn refuses_inline_credentials_without_echoing_them() {
        let e =
            GatewayConfig::parse("[providers.openai]\napi_key = \"sk-live-123456\"\n").unwrap_err();
        assert!(e.message.contains("api_key_env"), "{}", e.message);
        assert!(!e.message.contains("sk-live"), "{}", e.message);
        let e = GatewayConfig::parse("[providers.openai]\napi_key = sk-live-123456\n").unwrap_err();
        assert!(!e.message.contains("sk-live"), "{}", e.message);
    }

    #[test]
    fn rejects_bad_routes_and_unknown_keys() {
        assert!(GatewayConfig::parse("[routes]\nx = \"gpt-4o\"\n").is_err());
        assert!(GatewayConfig::parse("[routes]\nx = []\n").is_err());
        assert!(GatewayConfig::parse("colour = 1\n").is_err());
        assert!(GatewayConfig::parse("[providers.mock]\n").is_err());
        assert!(GatewayConfig::parse("max_body_bytes = 0\n").is_err());
    }
}
