//! Credentials: the [`Secret`] newtype, and how each auth scheme turns into headers.

use alloc::string::String;
use core::fmt;

/// A credential. `Debug` prints `<redacted>`; there is no `Display`, so it cannot end up in a
/// formatted message by accident. Use [`Secret::expose`] at the one place it is sent.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, for the header or signature that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

/// Adds the provider's authentication to `http` (SigV4 last, over the final headers and body).
pub(crate) fn apply_auth(
    cfg: &super::ProviderConfig,
    http: &mut crate::http::HttpRequest,
    now: super::Timestamp,
) -> crate::error::Result<()> {
    use super::config::SnowflakeTokenType;
    use super::kind::AuthScheme;
    use super::sigv4::{sign_http_request, SigningParams, SigningSettings};
    use crate::error::ProviderError;
    use alloc::format;

    let name = cfg.name.as_str();
    let env_hint = || {
        let vars = cfg.kind.info().api_key_env;
        match (&cfg.api_key_env, vars.first()) {
            (Some(v), _) => format!(" or {v}"),
            (None, Some(v)) => format!(" or {v}"),
            (None, None) => String::new(),
        }
    };
    let no_key = || {
        ProviderError::config(format!(
            "{name}: no API key (set provider.api_key{})",
            env_hint()
        ))
        .with_provider(name)
    };
    let bearer = |http: &mut crate::http::HttpRequest, s: &Secret| {
        http.headers
            .set("authorization", format!("Bearer {}", s.expose()));
    };
    let key = cfg.api_key.as_ref().filter(|k| !k.is_empty());

    match cfg.kind.info().auth {
        AuthScheme::None => {}
        AuthScheme::Bearer => bearer(http, key.ok_or_else(no_key)?),
        AuthScheme::OptionalBearer => {
            if let Some(k) = key {
                bearer(http, k);
            }
        }
        AuthScheme::AnthropicKey => {
            http.headers.set("x-api-key", key.ok_or_else(no_key)?.expose());
            http.headers.set("anthropic-version", "2023-06-01");
        }
        AuthScheme::GoogApiKey => http.headers.set("x-goog-api-key", key.ok_or_else(no_key)?.expose()),
        AuthScheme::AzureKey => match (&cfg.azure_ad_token, key) {
            (Some(t), _) if !t.is_empty() => bearer(http, t),
            (_, Some(k)) => http.headers.set("api-key", k.expose()),
            _ => return Err(no_key()),
        },
        AuthScheme::GoogleOAuth => match (&cfg.access_token, &cfg.service_account) {
            (Some(t), _) if !t.is_empty() => bearer(http, t),
            (_, Some(_)) => {
                return Err(ProviderError::config(format!(
                    "{name}: the service account must first be exchanged for an access token (provider::vertex)"
                ))
                .with_provider(name))
            }
            _ => {
                return Err(ProviderError::config(format!(
                    "{name}: no credentials (set provider.access_token or provider.credentials, or GOOGLE_APPLICATION_CREDENTIALS)"
                ))
                .with_provider(name))
            }
        },
        AuthScheme::Snowflake => {
            bearer(http, key.ok_or_else(no_key)?);
            let ty = cfg.token_type.unwrap_or(SnowflakeTokenType::ProgrammaticAccessToken);
            http.headers.set("x-snowflake-authorization-token-type", ty.header_value());
        }
        AuthScheme::SigV4(service) => {
            // An API key (Bedrock's, from the kind's API-key variable) is a bearer token and
            // replaces SigV4.
            let key_vars = cfg.kind.info().api_key_env;
            if let (false, Some(k)) = (key_vars.is_empty(), key) {
                bearer(http, k);
                return Ok(());
            }
            let creds = cfg.aws.as_ref().ok_or_else(|| {
                let bearer_hint = match key_vars.first() {
                    Some(v) => format!("{v}, or "),
                    None => String::new(),
                };
                ProviderError::config(format!(
                    "{name}: no AWS credentials (set {bearer_hint}AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
                ))
                .with_provider(name)
            })?;
            let region = cfg.region.as_deref().ok_or_else(|| {
                ProviderError::config(format!("{name}: no AWS region (set provider.region or AWS_REGION)"))
                    .with_provider(name)
            })?;
            let params = SigningParams {
                credentials: creds,
                region,
                service,
                time: now,
                settings: SigningSettings::default(),
            };
            sign_http_request(http, &params)?;
        }
    }
    Ok(())
}
