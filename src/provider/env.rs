//! The environment: which variables select a provider, and filling a configuration from them.
//!
//! The core reads no process state: the caller passes an [`Env`] map (the browser an `env`
//! object, a Worker its bindings, Node `process.env`). Values are used as given, except that
//! `GOOGLE_APPLICATION_CREDENTIALS` counts only when it holds the key file's JSON (an IO layer
//! with a file system replaces a path by the file's content), `GOOGLE_PRIVATE_KEY` may carry
//! literal `\\n` escapes, and `OLLAMA_HOST` may be a bare `host[:port]` as the Ollama CLI accepts.

use super::config::{ProviderConfig, SnowflakeTokenType};
use super::kind::ProviderKind;
use super::sigv4::AwsCredentials;
use super::vertex::ServiceAccount;
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
fn get<'a>(env: &'a Env, name: &str) -> Option<&'a str> {
    env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn first<'a>(env: &'a Env, names: &[&'static str]) -> Option<(&'static str, &'a str)> {
    names.iter().find_map(|n| get(env, n).map(|v| (*n, v)))
}

/// A value from the environment that goes into a host name or path: checked like the config.
fn ident(env: &Env, names: &[&'static str], allowed: &str) -> Result<Option<String>> {
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

fn url(env: &Env, names: &[&'static str]) -> Result<Option<String>> {
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

/// `OLLAMA_HOST` → a base URL (`0.0.0.0:11434` and `localhost` forms accepted).
pub fn ollama_base_url(env: &Env) -> String {
    let Some(h) = get(env, "OLLAMA_HOST") else {
        return String::from("http://localhost:11434");
    };
    let with_scheme = if h.contains("://") {
        h.to_string()
    } else {
        format!("http://{h}")
    };
    let (scheme, rest) = with_scheme
        .split_once("://")
        .unwrap_or(("http", &with_scheme));
    let host = rest.trim_end_matches('/');
    // A server bind address of 0.0.0.0 means "this machine" to a client.
    let host = host
        .strip_prefix("0.0.0.0")
        .map_or(host.to_string(), |p| format!("localhost{p}"));
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()));
    if has_port || host.contains('/') {
        format!("{scheme}://{host}")
    } else {
        format!("{scheme}://{host}:11434")
    }
}

/// The request that probes a local Ollama (`GET {url}/api/tags`).
pub fn ollama_probe_request(url: &str) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: format!("{}/api/tags", url.trim_end_matches('/')),
        headers: Headers::new(),
        body: Vec::new(),
    }
}

fn aws_credentials(env: &Env) -> Result<Option<AwsCredentials>> {
    match (
        get(env, "AWS_ACCESS_KEY_ID"),
        get(env, "AWS_SECRET_ACCESS_KEY"),
    ) {
        (Some(id), Some(secret)) => {
            if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(ProviderError::config(
                    "AWS_ACCESS_KEY_ID: not a valid access key id",
                ));
            }
            Ok(Some(AwsCredentials {
                access_key_id: id.to_string(),
                secret_access_key: Secret::new(secret),
                session_token: get(env, "AWS_SESSION_TOKEN").map(Secret::new),
            }))
        }
        _ => Ok(None),
    }
}

fn service_account(env: &Env) -> Result<Option<ServiceAccount>> {
    if let Some((n, v)) = first(
        env,
        &[
            "GOOGLE_APPLICATION_CREDENTIALS_JSON",
            "GOOGLE_APPLICATION_CREDENTIALS",
        ],
    ) {
        if v.starts_with('{') {
            return ServiceAccount::from_json(v)
                .map(Some)
                .map_err(|e| ProviderError::config(format!("{n}: {}", e.message)));
        }
    }
    match (
        get(env, "GOOGLE_CLIENT_EMAIL"),
        get(env, "GOOGLE_PRIVATE_KEY"),
    ) {
        (Some(email), Some(key)) => Ok(Some(ServiceAccount {
            client_email: email.to_string(),
            // Env files often hold the PEM with literal `\n` escapes.
            private_key: Secret::new(key.replace("\\n", "\n")),
            private_key_id: get(env, "GOOGLE_PRIVATE_KEY_ID").map(str::to_string),
            token_uri: String::from(super::vertex::TOKEN_URI),
            project_id: None,
        })),
        _ => Ok(None),
    }
}

/// Fills the settings `cfg` leaves unset from the environment: credentials (its `api_key_env`,
/// else the kind's variables), base URL, region, project, location, account, ….
pub fn fill_from_env(cfg: &mut ProviderConfig, env: &Env) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let info = cfg.kind.info();
    // The variable the key came from, if it came from the environment.
    let mut key_var: Option<&str> = None;
    if cfg.api_key.is_none() {
        let from_named = cfg
            .api_key_env
            .as_deref()
            .and_then(|n| get(env, n).map(|v| (n, v)));
        let from_kind = match cfg.kind {
            // These kinds' credential variables are not API keys (AWS keys, Vertex tokens).
            ProviderKind::Bedrock => first(env, &["AWS_BEARER_TOKEN_BEDROCK"]),
            ProviderKind::SagemakerTgi | ProviderKind::GcpVertexAi => None,
            ProviderKind::Azure => first(env, &["AZURE_OPENAI_API_KEY"]),
            _ => first(env, info.key_env),
        };
        if let Some((var, v)) = from_named.or(from_kind) {
            cfg.api_key = Some(Secret::new(v));
            key_var = Some(var);
        }
    }
    match cfg.kind {
        ProviderKind::OpenAi
        | ProviderKind::Anthropic
        | ProviderKind::OpenRouter
        | ProviderKind::Xai
        | ProviderKind::Mistral
        | ProviderKind::LiteLlm => {
            if cfg.base_url.is_none() {
                cfg.base_url = url(env, info.extra_env)?;
            }
        }
        ProviderKind::Azure => {
            if cfg.endpoint.is_none() {
                cfg.endpoint = url(env, &["AZURE_OPENAI_ENDPOINT"])?;
            }
            if cfg.api_version.is_none() {
                cfg.api_version = ident(
                    env,
                    &["OPENAI_API_VERSION", "AZURE_OPENAI_API_VERSION"],
                    "-_.",
                )?;
            }
            if cfg.deployment.is_none() && cfg.model.is_none() {
                cfg.deployment = ident(env, &["AZURE_OPENAI_DEPLOYMENT"], "-_.")?;
            }
            if cfg.azure_ad_token.is_none() {
                cfg.azure_ad_token = get(env, "AZURE_OPENAI_AD_TOKEN").map(Secret::new);
            }
        }
        ProviderKind::Bedrock | ProviderKind::SagemakerTgi => {
            if cfg.aws.is_none() {
                cfg.aws = aws_credentials(env)?;
            }
            if cfg.region.is_none() {
                cfg.region = ident(env, &["AWS_REGION", "AWS_DEFAULT_REGION"], "-")?;
            }
            if cfg.region.is_none() {
                cfg.region = Some(String::from("us-east-1"));
                warnings.push(String::from(
                    "no AWS region set (AWS_REGION): using us-east-1",
                ));
            }
            if cfg.kind == ProviderKind::SagemakerTgi && cfg.model.is_none() {
                cfg.model = get(env, "SAGEMAKER_ENDPOINT_NAME").map(str::to_string);
            }
        }
        ProviderKind::GcpVertexAi => {
            if cfg.access_token.is_none() {
                cfg.access_token = first(
                    env,
                    &["GOOGLE_VERTEX_ACCESS_TOKEN", "CLOUDSDK_AUTH_ACCESS_TOKEN"],
                )
                .map(|(_, v)| Secret::new(v));
            }
            if cfg.service_account.is_none() && cfg.access_token.is_none() {
                cfg.service_account = service_account(env)?;
            }
            if cfg.project.is_none() {
                cfg.project = ident(
                    env,
                    &[
                        "GOOGLE_CLOUD_PROJECT",
                        "GOOGLE_VERTEX_PROJECT",
                        "VERTEXAI_PROJECT",
                    ],
                    "-_.:",
                )?;
            }
            if cfg.location.is_none() {
                cfg.location = ident(
                    env,
                    &[
                        "GOOGLE_CLOUD_LOCATION",
                        "GOOGLE_VERTEX_LOCATION",
                        "VERTEXAI_LOCATION",
                    ],
                    "-",
                )?;
            }
        }
        ProviderKind::Ollama => {
            if cfg.base_url.is_none() {
                cfg.base_url = Some(match get(env, "OLLAMA_HOST") {
                    Some(_) => ollama_base_url(env),
                    // A key without a host means ollama.com, where keys are used.
                    None if cfg.api_key.is_some() => String::from("https://ollama.com"),
                    None => ollama_base_url(env),
                });
            }
        }
        ProviderKind::Databricks => {
            if cfg.endpoint.is_none() && cfg.base_url.is_none() {
                cfg.endpoint = url(env, &["DATABRICKS_HOST"])?;
            }
        }
        ProviderKind::Snowflake => {
            if cfg.account.is_none() && cfg.base_url.is_none() {
                cfg.account = ident(
                    env,
                    &["SNOWFLAKE_ACCOUNT", "SNOWFLAKE_ACCOUNT_IDENTIFIER"],
                    "-_.",
                )?;
                if cfg.account.is_none() {
                    cfg.base_url = url(env, &["SNOWFLAKE_BASE_URL"])?;
                }
            }
            // The token's kind follows the variable it came from.
            if cfg.token_type.is_none() {
                cfg.token_type = match key_var {
                    Some("SNOWFLAKE_JWT") => Some(SnowflakeTokenType::KeypairJwt),
                    Some("SNOWFLAKE_TOKEN") => match get(env, "SNOWFLAKE_TOKEN_TYPE") {
                        Some(t) => Some(SnowflakeTokenType::parse(t).ok_or_else(|| {
                            ProviderError::config(
                                "SNOWFLAKE_TOKEN_TYPE: expected pat, jwt or oauth",
                            )
                        })?),
                        None => None,
                    },
                    _ => None,
                };
            }
        }
        ProviderKind::Google | ProviderKind::Venice | ProviderKind::Custom | ProviderKind::Mock => {
        }
    }
    Ok(warnings)
}

/// Whether the environment selects `kind`, and by which variable.
pub(crate) fn env_signal(kind: ProviderKind, env: &Env) -> Option<&'static str> {
    let any = |names: &[&'static str]| first(env, names).map(|(n, _)| n);
    match kind {
        ProviderKind::Azure => {
            get(env, "AZURE_OPENAI_ENDPOINT")?;
            any(&["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"])
        }
        ProviderKind::Bedrock => any(&["AWS_BEARER_TOKEN_BEDROCK"]).or_else(|| {
            // Plain AWS keys mean Bedrock unless a SageMaker endpoint is named.
            if get(env, "SAGEMAKER_ENDPOINT_NAME").is_some() {
                return None;
            }
            get(env, "AWS_SECRET_ACCESS_KEY")?;
            any(&["AWS_ACCESS_KEY_ID"])
        }),
        ProviderKind::SagemakerTgi => {
            get(env, "AWS_ACCESS_KEY_ID")?;
            get(env, "AWS_SECRET_ACCESS_KEY")?;
            any(&["SAGEMAKER_ENDPOINT_NAME"])
        }
        ProviderKind::GcpVertexAi => {
            let creds = any(&["GOOGLE_VERTEX_ACCESS_TOKEN", "CLOUDSDK_AUTH_ACCESS_TOKEN"])
                .or_else(|| {
                    let (n, v) = first(
                        env,
                        &[
                            "GOOGLE_APPLICATION_CREDENTIALS_JSON",
                            "GOOGLE_APPLICATION_CREDENTIALS",
                        ],
                    )?;
                    v.starts_with('{').then_some(n)
                })
                .or_else(|| {
                    get(env, "GOOGLE_PRIVATE_KEY")?;
                    any(&["GOOGLE_CLIENT_EMAIL"])
                })?;
            let project = any(&[
                "GOOGLE_CLOUD_PROJECT",
                "GOOGLE_VERTEX_PROJECT",
                "VERTEXAI_PROJECT",
            ]);
            // A key file names its project, so the project variable is optional with one.
            let sa_has_project = service_account(env)
                .ok()
                .flatten()
                .is_some_and(|sa| sa.project_id.is_some());
            (project.is_some() || sa_has_project).then_some(creds)
        }
        ProviderKind::Databricks => {
            get(env, "DATABRICKS_HOST")?;
            any(&["DATABRICKS_TOKEN"])
        }
        ProviderKind::Snowflake => {
            any(&[
                "SNOWFLAKE_ACCOUNT",
                "SNOWFLAKE_ACCOUNT_IDENTIFIER",
                "SNOWFLAKE_BASE_URL",
            ])?;
            any(&["SNOWFLAKE_PAT", "SNOWFLAKE_JWT", "SNOWFLAKE_TOKEN"])
        }
        ProviderKind::LiteLlm => any(&[
            "LITELLM_PROXY_API_BASE",
            "LITELLM_BASE_URL",
            "LITELLM_PROXY_API_KEY",
            "LITELLM_API_KEY",
        ]),
        ProviderKind::Ollama => any(&["OLLAMA_API_KEY"]),
        ProviderKind::Custom | ProviderKind::Mock => None,
        _ => any(kind.info().key_env),
    }
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
        A::SigV4(_) => cfg.aws.is_some() || (cfg.kind == ProviderKind::Bedrock && key),
    }
}
