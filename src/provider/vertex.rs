//! Vertex AI credentials: an access token as given, or a service account exchanged for one.
//!
//! The exchange is the OAuth 2.0 JWT-bearer grant (RFC 7523) Google documents for service
//! accounts: an RS256 JWT `{iss: client_email, scope: cloud-platform, aud: token_uri, iat, exp}`
//! is POSTed to the token URI as `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&
//! assertion=<jwt>`. The core stays pure: the client runs the steps, [`jwt_signing_input`] →
//! the transport's `sign_rs256` hook (WebCrypto in wasm, a fake in native tests) →
//! [`assemble_assertion`] → [`token_request`] → send → [`parse_token_response`] →
//! [`TokenCache::insert`].

use super::sigv4::uri_encode;
use super::{Secret, Timestamp};
use crate::error::{ErrorKind, ProviderError, Result};
use crate::http::{Headers, HttpRequest, Method};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use base64::Engine as _;
use core::fmt;
use serde_json::{json, Value};

/// The OAuth scope for Vertex AI.
pub const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";
/// Google's token endpoint (the default `token_uri` and JWT audience).
pub const TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
/// Lifetime requested for the JWT assertion (Google's maximum).
pub const ASSERTION_LIFETIME_SECS: u64 = 3600;
/// Default safety margin: a cached token counts as expired this long before it really is.
pub const DEFAULT_EXPIRY_MARGIN_SECS: u64 = 300;

const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The fields of a service-account key file that the exchange needs. `Debug` redacts the key.
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    /// `client_email`: the JWT issuer.
    pub client_email: String,
    /// `private_key`: PEM-encoded PKCS#8 RSA key.
    pub private_key: Secret,
    /// `private_key_id`: sent as the JWT `kid`.
    pub private_key_id: Option<String>,
    /// `token_uri`: where to exchange the JWT (also its audience).
    pub token_uri: String,
    /// `project_id`: a default for the Vertex project.
    pub project_id: Option<String>,
}

impl fmt::Debug for ServiceAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccount")
            .field("client_email", &self.client_email)
            .field("private_key", &self.private_key)
            .field("token_uri", &self.token_uri)
            .field("project_id", &self.project_id)
            .finish()
    }
}

impl ServiceAccount {
    /// Parses a key file's JSON text.
    pub fn from_json(text: &str) -> Result<Self> {
        let v: Value = serde_json::from_str(text)
            .map_err(|_| ProviderError::config("service account credentials are not valid JSON"))?;
        Self::from_value(&v)
    }

    /// Parses a key file given as a JSON object, or as a string holding its JSON text.
    pub fn from_value(v: &Value) -> Result<Self> {
        let obj = match v {
            Value::String(s) => return Self::from_json(s),
            Value::Object(o) => o,
            _ => {
                return Err(ProviderError::config(
                    "service account credentials must be JSON",
                ))
            }
        };
        let field = |name: &str| obj.get(name).and_then(Value::as_str).map(str::to_string);
        if let Some(t) = field("type") {
            if t != "service_account" {
                return Err(ProviderError::config(format!(
                    "credentials of type `{}` are not supported; use a service-account key or an access token",
                    if t.len() <= 40 { t.as_str() } else { "?" }
                )));
            }
        }
        let client_email = field("client_email").ok_or_else(|| {
            ProviderError::config("service account credentials lack client_email")
        })?;
        let private_key = field("private_key")
            .ok_or_else(|| ProviderError::config("service account credentials lack private_key"))?;
        let token_uri = field("token_uri").unwrap_or_else(|| TOKEN_URI.to_string());
        if !token_uri.starts_with("https://") || super::config_value::check_url(&token_uri).is_err()
        {
            return Err(ProviderError::config(
                "service account token_uri must be an https URL",
            ));
        }
        Ok(ServiceAccount {
            client_email,
            private_key: Secret::new(private_key),
            private_key_id: field("private_key_id"),
            token_uri,
            project_id: field("project_id"),
        })
    }

    /// The key the token cache files this account's tokens under.
    pub fn cache_key(&self) -> String {
        match &self.private_key_id {
            Some(id) => format!("{}#{id}", self.client_email),
            None => self.client_email.clone(),
        }
    }
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `base64url(header).base64url(claims)`: the bytes the RS256 signature covers.
pub fn jwt_signing_input(sa: &ServiceAccount, now: Timestamp) -> String {
    let mut header = json!({"alg": "RS256", "typ": "JWT"});
    if let (Some(id), Some(h)) = (&sa.private_key_id, header.as_object_mut()) {
        h.insert(String::from("kid"), Value::String(id.clone()));
    }
    let iat = now.unix_secs();
    let claims = json!({
        "iss": sa.client_email,
        "scope": SCOPE,
        "aud": sa.token_uri,
        "iat": iat,
        "exp": iat.saturating_add(ASSERTION_LIFETIME_SECS),
    });
    format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    )
}

/// The signed JWT: `signing_input.base64url(signature)`. The signature (RS256, RSASSA-PKCS1-v1_5
/// with SHA-256, over [`jwt_signing_input`]) comes from the transport's `sign_rs256` hook; an
/// empty one is an `authentication` error.
pub fn assemble_assertion(signing_input: &str, signature: &[u8]) -> Result<Secret> {
    if signature.is_empty() {
        return Err(ProviderError::new(
            ErrorKind::AuthenticationError,
            "the RS256 signer returned an empty signature",
        ));
    }
    Ok(Secret::new(format!(
        "{signing_input}.{}",
        b64url(signature)
    )))
}

/// The token-exchange request. Its body carries the assertion: do not log it.
pub fn token_request(sa: &ServiceAccount, assertion: &Secret) -> HttpRequest {
    let body = format!(
        "grant_type={}&assertion={}",
        uri_encode(GRANT_TYPE.as_bytes(), false),
        uri_encode(assertion.expose().as_bytes(), false)
    );
    let mut headers = Headers::new();
    headers.set("content-type", "application/x-www-form-urlencoded");
    HttpRequest {
        method: Method::Post,
        url: sa.token_uri.clone(),
        headers,
        body: body.into_bytes(),
    }
}

/// An OAuth access token and when it expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessToken {
    /// The token.
    pub token: Secret,
    /// Expiry time.
    pub expires_at: Timestamp,
    /// When it was obtained: a token that lives no longer than the cache's margin is used for
    /// the first half of its life instead of never (google-auth uses such tokens too).
    pub issued_at: Timestamp,
}

/// Parses the token endpoint's answer (`{access_token, expires_in, token_type}`, or an OAuth
/// error `{error, error_description}` which becomes an `authentication` error).
pub fn parse_token_response(status: u16, body: &[u8], now: Timestamp) -> Result<AccessToken> {
    let v: Option<Value> = crate::json::value(body).ok();
    if !(200..300).contains(&status) {
        let text = |k: &str| v.as_ref().and_then(|v| v.get(k)).and_then(Value::as_str);
        let mut msg = String::from("service account token exchange failed");
        if let Some(e) = text("error") {
            msg.push_str(": ");
            msg.push_str(e);
        }
        if let Some(d) = text("error_description") {
            msg.push_str(": ");
            msg.push_str(d);
        }
        let kind = if status >= 500 {
            ErrorKind::ServerError
        } else {
            ErrorKind::AuthenticationError
        };
        return Err(ProviderError::new(kind, msg)
            .with_status(status)
            .with_provider("gcpvertexai"));
    }
    let v = v.ok_or_else(|| ProviderError::decode("token response is not JSON"))?;
    let token = v
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ProviderError::decode("token response lacks access_token"))?;
    let expires_in = v.get("expires_in").and_then(Value::as_u64).unwrap_or(3600);
    Ok(AccessToken {
        token: Secret::new(token),
        expires_at: now.plus_secs(expires_in),
        issued_at: now,
    })
}

/// Access tokens by service account. A token is handed out until `expires_at - margin`.
#[derive(Clone, Debug)]
pub struct TokenCache {
    margin_secs: u64,
    entries: Vec<(String, AccessToken)>,
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache::new(DEFAULT_EXPIRY_MARGIN_SECS)
    }
}

impl TokenCache {
    /// An empty cache with an expiry margin of `margin_secs`.
    pub fn new(margin_secs: u64) -> Self {
        TokenCache {
            margin_secs,
            entries: Vec::new(),
        }
    }

    /// A still-valid token for `key` at `now`: until `margin` before its expiry, or, for a
    /// token that lives less than twice the margin, until half its life.
    pub fn get(&self, key: &str, now: Timestamp) -> Option<&Secret> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .filter(|(_, t)| {
                let life = t
                    .expires_at
                    .unix_secs()
                    .saturating_sub(t.issued_at.unix_secs());
                now < t.expires_at.minus_secs(self.margin_secs.min(life / 2))
            })
            .map(|(_, t)| &t.token)
    }

    /// A still-valid token for `sa` at `now`.
    pub fn token_for(&self, sa: &ServiceAccount, now: Timestamp) -> Option<&Secret> {
        self.get(&sa.cache_key(), now)
    }

    /// Stores (or replaces) the token for `key`.
    pub fn insert(&mut self, key: impl Into<String>, token: AccessToken) {
        let key = key.into();
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, token));
    }

    /// Forgets the token for `key` (after a 401, say).
    pub fn invalidate(&mut self, key: &str) {
        self.entries.retain(|(k, _)| k != key);
    }
}
