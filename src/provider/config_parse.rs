//! Parsing the configuration (TOML text or a JS object) into [`Config`].
//!
//! Both forms go through [`Section`]: keys in either spelling, errors naming the key as
//! written, unknown keys and keys the chosen provider does not use rejected.

use super::config::{Api, Config, CustomProvider, ProviderConfig, SnowflakeTokenType};
use super::config_value::{snake, toml_to_value, Section};
use super::kind::ProviderKind;
use super::sigv4::AwsCredentials;
use super::vertex::ServiceAccount;
use super::Secret;
use crate::error::{ProviderError, Result};
use crate::http::Headers;
use crate::retry::RetryConfig;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

const TOP_KEYS: [&str; 3] = ["provider", "custom_providers", "retry"];
const COMMON_KEYS: [&str; 6] = [
    "type",
    "api_key",
    "api_key_env",
    "model",
    "base_url",
    "headers",
];
const CUSTOM_KEYS: [&str; 7] = [
    "name",
    "base_url",
    "api_key",
    "api_key_env",
    "models",
    "api",
    "headers",
];
const RETRY_KEYS: [&str; 6] = [
    "max_retries",
    "initial_delay_ms",
    "max_delay_ms",
    "backoff_multiplier",
    "max_retry_after_ms",
    "retry_all_errors",
];

impl Config {
    /// Parses the TOML form.
    pub fn from_toml(text: &str) -> Result<Config> {
        let v = toml_to_value(text)?;
        let Value::Object(map) = &v else {
            return Err(ProviderError::config("configuration must be a table"));
        };
        parse_sections(&Section::new(map, ""))
    }

    /// Parses the JS-object form, flat or sectioned.
    pub fn from_object(v: &Value) -> Result<Config> {
        let Value::Object(map) = v else {
            return Err(ProviderError::config("configuration must be an object"));
        };
        let top = Section::new(map, "");
        if top.get("provider").is_some() || top.get("type").is_none() {
            return parse_sections(&top);
        }
        // Flat: the provider's keys at the top level beside `customProviders` and `retry`.
        let custom = parse_custom_list(&top)?;
        let retry = top.section("retry")?.map(|s| parse_retry(&s)).transpose()?;
        let mut provider_map = map.clone();
        provider_map.retain(|k, _| !TOP_KEYS.contains(&snake(k).as_str()));
        let provider = parse_provider(&Section::new(&provider_map, ""), &custom)?;
        Ok(Config {
            provider: Some(provider),
            custom_providers: custom,
            retry,
        })
    }
}

fn parse_sections(top: &Section<'_>) -> Result<Config> {
    top.check_known(&TOP_KEYS)?;
    let custom = parse_custom_list(top)?;
    let provider = top
        .section("provider")?
        .map(|s| parse_provider(&s, &custom))
        .transpose()?;
    let retry = top.section("retry")?.map(|s| parse_retry(&s)).transpose()?;
    Ok(Config {
        provider,
        custom_providers: custom,
        retry,
    })
}

/// The keys `kind` accepts beside the common ones: its row's, and `api` where it has a choice.
fn kind_keys(kind: ProviderKind) -> impl Iterator<Item = &'static str> + Clone {
    let info = kind.info();
    let api = (!info.apis.is_empty()).then_some("api");
    api.into_iter().chain(info.config_keys.iter().copied())
}

fn parse_provider(s: &Section<'_>, custom: &[CustomProvider]) -> Result<ProviderConfig> {
    let Some(ty) = s.string("type")? else {
        return Err(s.error("type", "required (e.g. \"openai\")"));
    };
    let mut c = if let Some(kind) = ProviderKind::from_name(&ty) {
        ProviderConfig::new(kind)
    } else if let Some(cp) = custom.iter().find(|p| p.name == ty) {
        cp.provider_config()
    } else {
        let known: Vec<&str> = ProviderKind::ALL.iter().map(|k| k.name()).collect();
        return Err(s.error(
            "type",
            &format!(
                "unknown provider (expected one of {}, or a custom provider's name)",
                known.join(", ")
            ),
        ));
    };
    let mut known: Vec<&str> = COMMON_KEYS.to_vec();
    known.extend(kind_keys(c.kind));
    for k in s.map.keys() {
        let sk = snake(k);
        if !known.contains(&sk.as_str()) {
            let mut all_kind_keys = ProviderKind::ALL.iter().flat_map(|k| kind_keys(*k));
            let what = if all_kind_keys.any(|x| x == sk) {
                format!("not used by {}", c.kind.name())
            } else {
                String::from("unknown key")
            };
            return Err(s.error(k, &what));
        }
    }

    if let Some(m) = s.string("model")? {
        if m.chars().any(|ch| ch.is_control()) {
            return Err(s.error("model", "must not contain control characters"));
        }
        c.model = Some(m);
    }
    if let Some(k) = s.string("api_key")? {
        c.api_key = Some(Secret::new(k));
    }
    if let Some(e) = s.ident("api_key_env", "_", "environment variable name")? {
        c.api_key_env = Some(e);
    }
    let schemes: &[&str] = if c.kind == ProviderKind::Mock {
        &["mock://"]
    } else {
        &["https://", "http://"]
    };
    if let Some(u) = s.url("base_url", schemes)? {
        c.base_url = Some(u);
    }
    for (k, v) in s.headers("headers")? {
        c.headers.append(&k, v);
    }
    if let Some(a) = s.string("api")? {
        c.api = Some(parse_api(s, c.kind, &a)?);
    }
    c.deployment = s.ident("deployment", "-_.", "deployment name")?;
    c.endpoint = s.url("endpoint", &["https://", "http://"])?;
    c.api_version = s.ident("api_version", "-_.", "API version")?;
    c.azure_ad_token = s.string("azure_ad_token")?.map(Secret::new);
    c.region = s.ident("region", "-", "region")?;
    c.aws = parse_aws(s)?;
    c.project = s.ident("project", "-_.:", "project id")?;
    c.location = s.ident("location", "-", "location")?;
    c.access_token = s.string("access_token")?.map(Secret::new);
    c.service_account = match s.get("credentials") {
        None | Some((_, Value::Null)) => None,
        Some((k, v)) => Some(ServiceAccount::from_value(v).map_err(|e| s.error(k, &e.message))?),
    };
    c.account = s.ident("account", "-_.", "account identifier")?;
    if let Some(t) = s.string("token_type")? {
        c.token_type = Some(
            SnowflakeTokenType::parse(&t)
                .ok_or_else(|| s.error("token_type", "expected \"pat\", \"jwt\" or \"oauth\""))?,
        );
    }
    // The referer identifies the app to OpenRouter: kept exactly as written.
    c.referer = s.string("referer")?;
    if let Some(r) = &c.referer {
        super::config_value::check_url(r).map_err(|what| s.error("referer", what))?;
    }
    c.title = s.string("title")?;
    if c.title.as_deref().is_some_and(|t| t.contains(['\r', '\n'])) {
        return Err(s.error("title", "must be a single line"));
    }
    Ok(c)
}

fn parse_api(s: &Section<'_>, kind: ProviderKind, a: &str) -> Result<Api> {
    let api = match a {
        "chat" | "chat_completions" | "chat-completions" => Api::Chat,
        "responses" => Api::Responses,
        "native" => Api::Native,
        _ => return Err(s.error("api", "expected \"chat\", \"responses\" or \"native\"")),
    };
    if kind.info().apis.contains(&api) {
        Ok(api)
    } else {
        Err(s.error("api", &format!("not available for {}", kind.name())))
    }
}

fn parse_aws(s: &Section<'_>) -> Result<Option<AwsCredentials>> {
    let id = s.ident("access_key_id", "", "access key id")?;
    let secret = s.string("secret_access_key")?;
    let token = s.string("session_token")?;
    match (id, secret) {
        (Some(access_key_id), Some(secret)) => Ok(Some(AwsCredentials {
            access_key_id,
            secret_access_key: Secret::new(secret),
            session_token: token.map(Secret::new),
        })),
        (None, None) if token.is_none() => Ok(None),
        (None, _) => Err(s.error(
            "access_key_id",
            "required with secret_access_key / session_token",
        )),
        (Some(_), None) => Err(s.error("secret_access_key", "required with access_key_id")),
    }
}

fn parse_custom_list(top: &Section<'_>) -> Result<Vec<CustomProvider>> {
    let (written, items) = match top.get("custom_providers") {
        None | Some((_, Value::Null)) => return Ok(Vec::new()),
        Some((k, Value::Array(a))) => (k, a),
        Some((k, _)) => return Err(top.error(k, "expected a list of tables")),
    };
    let mut out: Vec<CustomProvider> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = top.key_path(&format!("{written}[{i}]"));
        let Value::Object(map) = item else {
            return Err(ProviderError::config(format!("{path}: expected a table")));
        };
        let s = Section::new(map, path);
        s.check_known(&CUSTOM_KEYS)?;
        let name = s
            .ident("name", "-_.", "provider name (letters, digits, - _ .)")?
            .ok_or_else(|| s.error("name", "required"))?;
        if ProviderKind::from_name(&name).is_some() {
            return Err(s.error("name", "is the name of a built-in provider"));
        }
        if out.iter().any(|p| p.name == name) {
            return Err(s.error("name", "defined twice"));
        }
        let base_url = s
            .url("base_url", &["https://", "http://"])?
            .ok_or_else(|| s.error("base_url", "required"))?;
        let api = match s.string("api")? {
            None => Api::Chat,
            Some(a) => match parse_api(&s, ProviderKind::Custom, &a)? {
                Api::Native => Api::Chat,
                x => x,
            },
        };
        let mut headers = Headers::new();
        for (k, v) in s.headers("headers")? {
            headers.append(&k, v);
        }
        out.push(CustomProvider {
            name,
            base_url,
            api_key: s.string("api_key")?.map(Secret::new),
            api_key_env: s.ident("api_key_env", "_", "environment variable name")?,
            models: s.strings("models")?,
            api,
            headers,
        });
    }
    Ok(out)
}

impl RetryConfig {
    /// The one parser of retry settings: the `[retry]` table (TOML), a JS object
    /// (`{maxRetries, …}`) and the gateway's `[retry]` all come here. Missing keys take the
    /// general defaults; unknown keys and out-of-range values are `config` errors naming the
    /// key.
    pub fn from_value(v: &Value) -> Result<RetryConfig> {
        let Value::Object(map) = v else {
            return Err(ProviderError::config("retry: expected a table"));
        };
        parse_retry(&Section::new(map, "retry"))
    }
}

fn parse_retry(s: &Section<'_>) -> Result<RetryConfig> {
    s.check_known(&RETRY_KEYS)?;
    let f = RetryConfig::default();
    let max_retries = s
        .uint("max_retries", 100)?
        .map_or(f.max_retries, |v| v as u32);
    let initial_delay_ms = s
        .uint("initial_delay_ms", 3_600_000)?
        .unwrap_or(f.initial_delay_ms);
    let max_delay_ms = s.uint("max_delay_ms", 3_600_000)?.unwrap_or(f.max_delay_ms);
    let backoff_multiplier = s
        .float("backoff_multiplier")?
        .unwrap_or(f.backoff_multiplier);
    if !(1.0..=100.0).contains(&backoff_multiplier) {
        return Err(s.error("backoff_multiplier", "must be between 1 and 100"));
    }
    if initial_delay_ms > max_delay_ms {
        return Err(s.error("initial_delay_ms", "must not exceed max_delay_ms"));
    }
    let max_retry_after_ms = s
        .uint("max_retry_after_ms", 86_400_000)?
        .unwrap_or(f.max_retry_after_ms);
    let retry_all_errors = s.boolean("retry_all_errors")?.unwrap_or(f.retry_all_errors);
    Ok(RetryConfig {
        max_retries,
        initial_delay_ms,
        max_delay_ms,
        backoff_multiplier,
        max_retry_after_ms,
        retry_all_errors,
    })
}
