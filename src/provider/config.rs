//! Configuration: the seed's TOML, or the same as a JS object (camelCase).
//!
//! ```toml
//! [provider]
//! type = "azure"                       # any ProviderKind name or alias, or a custom name
//! api_key = "…"                        # or api_key_env = "MY_KEY_VAR"
//! deployment = "gpt-4o"
//! endpoint = "https://xxx.openai.azure.com"
//! api_version = "2024-02-15-preview"
//!
//! [[custom_providers]]                 # OpenAI-compatible providers, named by the user
//! name = "inhouse"                     # `type = "inhouse"` and `inhouse/<model>` select it
//! base_url = "https://llm.example.com/v1"   # (not a built-in kind's name)
//! api_key_env = "INHOUSE_API_KEY"      # or api_key = "…"
//! models = ["llama-3.3-70b"]           # bare model names routed to it by name inference
//! api = "chat"                         # or "responses"
//! headers = { "X-Team" = "a" }
//!
//! [retry]
//! max_retries = 3
//! initial_delay_ms = 1000
//! max_delay_ms = 60000
//! backoff_multiplier = 2.0
//! ```
//!
//! Per provider: `api` (`chat`/`responses` for OpenAI-compatible hosts, `native`/`chat` for
//! Ollama), `headers`; Azure `deployment`, `endpoint`, `api_version`, `azure_ad_token`; AWS
//! `region`, `access_key_id`, `secret_access_key`, `session_token` (Bedrock also takes
//! `api_key`: a Bedrock API key); Vertex `project`, `location`, `api_version`, `access_token`,
//! `credentials` (service-account JSON, as text or a table); Databricks `endpoint` (workspace
//! URL); Snowflake `account`, `token_type` (`pat`, `jwt`, `oauth`); OpenRouter `referer`,
//! `title`. As a JS object the same keys are camelCase, either flat (`{type, apiKey, model,
//! customProviders, retry}`) or sectioned (`{provider: {…}, customProviders: […], retry}`).
//!
//! A bad configuration is a `config` error naming the key and what is wrong; unknown keys and
//! keys a provider does not use are errors too, so a typo never silently drops a setting.

use super::kind::ProviderKind;
use super::sigv4::AwsCredentials;
use super::vertex::ServiceAccount;
use super::Secret;
use crate::error::Result;
use crate::http::Headers;
use crate::retry::RetryConfig;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde_json::Value;

/// Which of a provider's APIs to call, where it has more than one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Api {
    /// Chat Completions (`/chat/completions`).
    Chat,
    /// OpenAI Responses (`/responses`).
    Responses,
    /// The provider's own API (Ollama `/api/chat`).
    Native,
}

/// The kind of token sent to Snowflake (`X-Snowflake-Authorization-Token-Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnowflakeTokenType {
    /// A programmatic access token (PAT).
    ProgrammaticAccessToken,
    /// A key-pair JWT.
    KeypairJwt,
    /// An OAuth token.
    OAuth,
}

impl SnowflakeTokenType {
    /// The header value.
    pub fn header_value(self) -> &'static str {
        match self {
            SnowflakeTokenType::ProgrammaticAccessToken => "PROGRAMMATIC_ACCESS_TOKEN",
            SnowflakeTokenType::KeypairJwt => "KEYPAIR_JWT",
            SnowflakeTokenType::OAuth => "OAUTH",
        }
    }

    /// Parses `pat`, `jwt`, `oauth` or a header value.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "pat" | "programmatic_access_token" => Some(Self::ProgrammaticAccessToken),
            "jwt" | "keypair_jwt" => Some(Self::KeypairJwt),
            "oauth" => Some(Self::OAuth),
            _ => None,
        }
    }
}

/// One provider, ready for `build_request` once its credentials are filled in. `Debug` redacts
/// every credential, and shows only the names of the extra headers (their values may be
/// credentials under a name aster does not know).
#[derive(Clone, PartialEq)]
pub struct ProviderConfig {
    /// The provider kind.
    pub kind: ProviderKind,
    /// The provider's name: the kind name, or a custom provider's name.
    pub name: String,
    /// Model (otherwise the kind's default).
    pub model: Option<String>,
    /// API key / token.
    pub api_key: Option<Secret>,
    /// Environment variable to read the key from when `api_key` is not set.
    pub api_key_env: Option<String>,
    /// Base URL override (OpenAI-style: includes the version path, e.g. `…/v1`).
    pub base_url: Option<String>,
    /// API selection.
    pub api: Option<Api>,
    /// Extra headers sent with every request.
    pub headers: Headers,
    /// Azure deployment name.
    pub deployment: Option<String>,
    /// Azure resource endpoint, or Databricks workspace URL.
    pub endpoint: Option<String>,
    /// Azure `api-version` (deployments route), or Vertex API version (`v1`, `v1beta1`).
    pub api_version: Option<String>,
    /// Azure Entra ID token (sent as a bearer token instead of `api-key`).
    pub azure_ad_token: Option<Secret>,
    /// AWS region.
    pub region: Option<String>,
    /// AWS credentials for SigV4.
    pub aws: Option<AwsCredentials>,
    /// Google Cloud project.
    pub project: Option<String>,
    /// Vertex location (`us-central1`, `global`).
    pub location: Option<String>,
    /// Vertex OAuth access token.
    pub access_token: Option<Secret>,
    /// Vertex service account, exchanged for access tokens with `provider::vertex`.
    pub service_account: Option<ServiceAccount>,
    /// Snowflake account identifier.
    pub account: Option<String>,
    /// Snowflake token type (default: programmatic access token).
    pub token_type: Option<SnowflakeTokenType>,
    /// OpenRouter attribution: the app's URL (`HTTP-Referer`).
    pub referer: Option<String>,
    /// OpenRouter attribution: the app's name (`X-Title`).
    pub title: Option<String>,
}

impl ProviderConfig {
    /// The name provider rules (wire-format dialects, `providerOptions`, prices) are keyed on:
    /// the kind's name, whatever the configured name (a gateway section, say) is, which only
    /// labels; a custom provider's own name, since it has no kind of its own.
    pub fn rules_name(&self) -> &str {
        if self.kind == ProviderKind::Custom {
            &self.name
        } else {
            self.kind.name()
        }
    }

    /// A configuration of `kind` with nothing set.
    pub fn new(kind: ProviderKind) -> Self {
        ProviderConfig {
            kind,
            name: kind.name().to_string(),
            model: None,
            api_key: None,
            api_key_env: None,
            base_url: None,
            api: None,
            headers: Headers::new(),
            deployment: None,
            endpoint: None,
            api_version: None,
            azure_ad_token: None,
            region: None,
            aws: None,
            project: None,
            location: None,
            access_token: None,
            service_account: None,
            account: None,
            token_type: None,
            referer: None,
            title: None,
        }
    }

    /// Sets the model.
    pub fn with_model(mut self, model: impl Into<String>) -> Self {
        self.model = Some(model.into());
        self
    }

    /// Sets the API key.
    pub fn with_api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The configured model, else the kind's default.
    pub fn effective_model(&self) -> Option<&str> {
        self.model.as_deref().or(self.kind.info().default_model)
    }
}

/// A user-named OpenAI-compatible provider (`[[custom_providers]]`). `Debug` as for
/// [`ProviderConfig`].
#[derive(Clone, PartialEq)]
pub struct CustomProvider {
    /// Name: `type = "<name>"` and `<name>/<model>` select it.
    pub name: String,
    /// Base URL, including the version path (`https://llm.example.com/v1`).
    pub base_url: String,
    /// Inline key.
    pub api_key: Option<Secret>,
    /// Environment variable holding the key.
    pub api_key_env: Option<String>,
    /// Model names routed here by name inference; the first is the default model.
    pub models: Vec<String>,
    /// `chat` (default) or `responses`.
    pub api: Api,
    /// Extra headers.
    pub headers: Headers,
}

impl CustomProvider {
    /// The provider configuration this custom provider stands for.
    pub fn provider_config(&self) -> ProviderConfig {
        let mut c = ProviderConfig::new(ProviderKind::Custom);
        c.name = self.name.clone();
        c.base_url = Some(self.base_url.clone());
        c.api_key = self.api_key.clone();
        c.api_key_env = self.api_key_env.clone();
        c.model = self.models.first().cloned();
        c.api = Some(self.api);
        c.headers = self.headers.clone();
        c
    }
}

/// A whole configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// `[provider]`.
    pub provider: Option<ProviderConfig>,
    /// `[[custom_providers]]`.
    pub custom_providers: Vec<CustomProvider>,
    /// `[retry]`, with unset fields taken from `RetryConfig::default()`.
    pub retry: Option<RetryConfig>,
}

/// Where a configuration comes from.
#[derive(Clone, Copy, Debug)]
pub enum ConfigSource<'a> {
    /// TOML text.
    Toml(&'a str),
    /// A JS-shaped object.
    Object(&'a Value),
}

impl ConfigSource<'_> {
    /// Parses it.
    pub fn parse(self) -> Result<Config> {
        match self {
            ConfigSource::Toml(t) => Config::from_toml(t),
            ConfigSource::Object(v) => Config::from_object(v),
        }
    }
}

/// The names of extra headers, for `Debug`.
struct HeaderNames<'a>(&'a Headers);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("model", &self.model)
            .field("api_key", &self.api_key)
            .field("api_key_env", &self.api_key_env)
            .field("base_url", &self.base_url)
            .field("api", &self.api)
            .field("headers", &HeaderNames(&self.headers))
            .field("deployment", &self.deployment)
            .field("endpoint", &self.endpoint)
            .field("api_version", &self.api_version)
            .field("azure_ad_token", &self.azure_ad_token)
            .field("region", &self.region)
            .field("aws", &self.aws)
            .field("project", &self.project)
            .field("location", &self.location)
            .field("access_token", &self.access_token)
            .field("service_account", &self.service_account)
            .field("account", &self.account)
            .field("token_type", &self.token_type)
            .field("referer", &self.referer)
            .field("title", &self.title)
            .finish()
    }
}

impl fmt::Debug for CustomProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomProvider")
            .field("name", &self.name)
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("api_key_env", &self.api_key_env)
            .field("models", &self.models)
            .field("api", &self.api)
            .field("headers", &HeaderNames(&self.headers))
            .finish()
    }
}
