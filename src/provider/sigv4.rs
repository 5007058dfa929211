//! AWS Signature Version 4, sans-IO (Bedrock and SageMaker requests are signed with it).
//!
//! Follows the AWS specification and the aws-c-auth test suite (`tests/sigv4_suite.rs` runs every
//! case of it): canonical URI (dot-segment and slash normalization when asked; every byte but
//! the unreserved set percent-encoded, which double-encodes an already-encoded path — what every
//! service but S3 expects), canonical query (decoded, re-encoded, sorted by key then value,
//! repeated keys kept), canonical headers (lower-cased names, values trimmed with inner
//! whitespace runs folded to one space, repeated headers joined with `,`), the string to sign,
//! the HMAC-SHA256 key chain, and the two ways of carrying the result: an `Authorization`
//! header, or presigned `X-Amz-*` query parameters.

use super::{Secret, Timestamp};
use crate::error::{ProviderError, Result};
use crate::http::HttpRequest;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers that are never signed: they are set or rewritten by transports and proxies.
const UNSIGNED_HEADERS: [&str; 6] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "expect",
    "connection",
    "transfer-encoding",
];

/// AWS credentials. `Debug` shows none of them.
#[derive(Clone, PartialEq, Eq)]
pub struct AwsCredentials {
    /// Access key id (`AKIA…`, `ASIA…`).
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: Secret,
    /// Session token of temporary credentials (sent as `X-Amz-Security-Token`).
    pub session_token: Option<Secret>,
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &"<redacted>")
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .finish()
    }
}

/// How to sign, beyond who and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    /// Remove `.`/`..` segments and empty segments from the path before encoding it.
    pub normalize_path: bool,
    /// Percent-encode the (already URL-encoded) path once more: true for every service but S3.
    pub double_encode_path: bool,
    /// Add and sign `x-amz-content-sha256` (S3-style services require it).
    pub content_sha256_header: bool,
    /// Send the session token but leave it out of the signature (services that want it so).
    pub omit_session_token: bool,
    /// Lifetime of a presigned URL, in seconds.
    pub expires_in: u64,
}

impl Default for SigningSettings {
    fn default() -> Self {
        SigningSettings {
            normalize_path: true,
            double_encode_path: true,
            content_sha256_header: false,
            omit_session_token: false,
            expires_in: 3600,
        }
    }
}

/// Who signs, for what, and when.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    /// The credentials.
    pub credentials: &'a AwsCredentials,
    /// Region (`us-east-1`).
    pub region: &'a str,
    /// Signing name of the service (`bedrock`, `sagemaker`).
    pub service: &'a str,
    /// Signing time.
    pub time: Timestamp,
    /// Settings.
    pub settings: SigningSettings,
}

/// The parts of a request that go into a signature. `headers` must include `host`.
#[derive(Clone, Copy, Debug)]
pub struct SignableRequest<'a> {
    /// Method (`GET`, `POST`).
    pub method: &'a str,
    /// Path as sent on the wire (already URL-encoded), e.g. `/model/a%3A0/converse`.
    pub path: &'a str,
    /// Query string without `?`, as sent on the wire.
    pub query: &'a str,
    /// Headers, in order; repeated names allowed.
    pub headers: &'a [(String, String)],
    /// Body bytes.
    pub body: &'a [u8],
}

/// A computed signature and what must be added to the request to carry it.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// Hex signature.
    pub signature: String,
    /// Header mode: headers to add, in order. Query mode: `(name, encoded value)` parameters to
    /// append to the query string, in order.
    pub added: Vec<(String, String)>,
}

impl fmt::Debug for Signature {
    /// The signature and the added values (session token, `Authorization`) are credentials:
    /// only the added names are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.added.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Signature").field("added", &names).finish()
    }
}

/// Signs with an `Authorization` header (plus `X-Amz-Date`, and `X-Amz-Security-Token` /
/// `x-amz-content-sha256` when they apply).
pub fn sign_headers(req: &SignableRequest<'_>, p: &SigningParams<'_>) -> Signature {
    let date = p.time.amz_date();
    let payload_hash = hex(&Sha256::digest(req.body));
    let token = p.credentials.session_token.as_ref();

    let mut headers = signable_headers(req.headers);
    headers.push((String::from("x-amz-date"), date.clone()));
    if let (Some(t), false) = (token, p.settings.omit_session_token) {
        headers.push((
            String::from("x-amz-security-token"),
            String::from(t.expose()),
        ));
    }
    if p.settings.content_sha256_header {
        headers.push((String::from("x-amz-content-sha256"), payload_hash.clone()));
    }
    let (canonical_headers, signed_headers) = canonical_headers(&headers);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.path, &p.settings),
        canonical_query(req.query, &[]),
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let (string_to_sign, signature) = sign(&canonical_request, p);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{}, SignedHeaders={signed_headers}, Signature={signature}",
        p.credentials.access_key_id,
        scope(p)
    );

    let mut added = Vec::new();
    if let Some(t) = token {
        added.push((
            String::from("X-Amz-Security-Token"),
            String::from(t.expose()),
        ));
    }
    added.push((String::from("X-Amz-Date"), date));
    if p.settings.content_sha256_header {
        added.push((String::from("x-amz-content-sha256"), payload_hash));
    }
    added.push((String::from("Authorization"), authorization));
    Signature {
        canonical_request,
        string_to_sign,
        signature,
        added,
    }
}

/// Signs with presigned query parameters (`X-Amz-Algorithm` … `X-Amz-Signature`).
pub fn presign_query(req: &SignableRequest<'_>, p: &SigningParams<'_>) -> Signature {
    let headers = signable_headers(req.headers);
    let (canonical_headers, signed_headers) = canonical_headers(&headers);
    let credential = format!("{}/{}", p.credentials.access_key_id, scope(p));
    let expires = format!("{}", p.settings.expires_in);
    let token = p.credentials.session_token.as_ref().map(|t| t.expose());

    let mut params: Vec<(&str, &str)> = alloc::vec![
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", &credential),
    ];
    let date = p.time.amz_date();
    params.push(("X-Amz-Date", &date));
    params.push(("X-Amz-SignedHeaders", &signed_headers));
    params.push(("X-Amz-Expires", &expires));
    let signed_params: Vec<(&str, &str)> = match token {
        Some(t) if !p.settings.omit_session_token => {
            let mut v = params.clone();
            v.push(("X-Amz-Security-Token", t));
            v
        }
        _ => params.clone(),
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        canonical_uri(req.path, &p.settings),
        canonical_query(req.query, &signed_params),
        canonical_headers,
        signed_headers,
        hex(&Sha256::digest(req.body))
    );
    let (string_to_sign, signature) = sign(&canonical_request, p);

    if let Some(t) = token {
        params.push(("X-Amz-Security-Token", t));
    }
    params.push(("X-Amz-Signature", &signature));
    let added = params
        .iter()
        .map(|(k, v)| (String::from(*k), uri_encode(v.as_bytes(), false)))
        .collect();
    Signature {
        canonical_request,
        string_to_sign,
        signature,
        added,
    }
}

/// Signs an outgoing request in place with header authentication. `host` is signed from the URL
/// but not added to `http.headers` (browsers and fetch set it themselves).
pub fn sign_http_request(http: &mut HttpRequest, p: &SigningParams<'_>) -> Result<()> {
    let parts = UrlParts::parse(&http.url)
        .ok_or_else(|| ProviderError::config("cannot sign a request whose URL is not absolute"))?;
    for name in [
        "authorization",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
    ] {
        http.headers.remove(name);
    }
    let mut headers: Vec<(String, String)> = http.headers.0.clone();
    headers.push((String::from("host"), String::from(parts.host)));
    let req = SignableRequest {
        method: http.method.as_str(),
        path: parts.path,
        query: parts.query,
        headers: &headers,
        body: &http.body,
    };
    let sig = sign_headers(&req, p);
    for (k, v) in sig.added {
        http.headers.set(&k, v);
    }
    Ok(())
}

/// The pieces of an absolute URL that SigV4 needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `host[:port]`, without a default port or user info.
    pub host: &'a str,
    /// Path (`/` when empty).
    pub path: &'a str,
    /// Query without `?` (empty when none).
    pub query: &'a str,
}

impl<'a> UrlParts<'a> {
    /// Splits `scheme://authority/path?query#fragment`.
    pub fn parse(url: &'a str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let rest = rest.split('#').next().unwrap_or("");
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let default_port = match scheme {
            "https" => Some(":443"),
            "http" => Some(":80"),
            _ => None,
        };
        let host = match default_port {
            Some(port) => authority.strip_suffix(port).unwrap_or(authority),
            None => authority,
        };
        if host.is_empty() {
            return None;
        }
        let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
        let path = if path.is_empty() { "/" } else { path };
        Some(UrlParts { host, path, query })
    }
}

fn scope(p: &SigningParams<'_>) -> String {
    format!(
        "{}/{}/{}/aws4_request",
        p.time.date_stamp(),
        p.region,
        p.service
    )
}

/// Returns `(string_to_sign, hex_signature)`.
fn sign(canonical_request: &str, p: &SigningParams<'_>) -> (String, String) {
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{}\n{}",
        p.time.amz_date(),
        scope(p),
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut k_secret = String::from("AWS4");
    k_secret.push_str(p.credentials.secret_access_key.expose());
    let k_date = hmac(k_secret.as_bytes(), p.time.date_stamp().as_bytes());
    let k_region = hmac(&k_date, p.region.as_bytes());
    let k_service = hmac(&k_region, p.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    let signature = hex(&hmac(&k_signing, string_to_sign.as_bytes()));
    (string_to_sign, signature)
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so construction cannot fail; an empty MAC would only
    // produce a wrong signature, never a panic.
    match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}

fn signable_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(k, _)| !UNSIGNED_HEADERS.iter().any(|u| u.eq_ignore_ascii_case(k)))
        .cloned()
        .collect()
}

/// `(canonical header block, signed header list)`. Names are lower-cased and sorted; values of
/// a repeated name keep their order and are joined with `,`. A stably sorted list rather than
/// a `BTreeMap<String, Vec<String>>`, whose B-tree code the wasm would link for this alone.
fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut pairs: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), fold_whitespace(v)))
        .collect();
    // Stable: the values of a repeated name stay in the order they were given.
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut block = String::new();
    let mut signed = String::new();
    let mut prev: Option<&str> = None;
    for (k, v) in &pairs {
        if prev == Some(k.as_str()) {
            block.pop(); // the '\n' of the name's line so far
            block.push(',');
        } else {
            block.push_str(k);
            block.push(':');
            if !signed.is_empty() {
                signed.push(';');
            }
            signed.push_str(k);
        }
        block.push_str(v);
        block.push('\n');
        prev = Some(k);
    }
    (block, signed)
}

/// Trims and folds every run of whitespace (including the line breaks of obsolete multi-line
/// header values) into one space.
fn fold_whitespace(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for word in v.split([' ', '\t', '\r', '\n']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn canonical_uri(path: &str, s: &SigningSettings) -> String {
    let normalized;
    let path = if s.normalize_path {
        normalized = normalize_path(path);
        normalized.as_str()
    } else {
        path
    };
    if s.double_encode_path {
        uri_encode(path.as_bytes(), true)
    } else {
        String::from(path)
    }
}

/// Removes `.` and `..` segments and empty segments; keeps a trailing slash.
fn normalize_path(path: &str) -> String {
    let mut stack: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                stack.pop();
            }
            s => stack.push(s),
        }
    }
    let mut out = String::from("/");
    out.push_str(&stack.join("/"));
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if trailing && !stack.is_empty() {
        out.push('/');
    }
    out
}

/// Sorted `key=value` pairs: the query's own (decoded, then re-encoded) plus `extra` (raw).
fn canonical_query(query: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&percent_decode(k), false),
                uri_encode(&percent_decode(v), false),
            )
        })
        .collect();
    pairs.extend(extra.iter().map(|(k, v)| {
        (
            uri_encode(k.as_bytes(), false),
            uri_encode(v.as_bytes(), false),
        )
    }));
    pairs.sort();
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&k);
        out.push('=');
        out.push_str(&v);
    }
    out
}

/// Percent-encodes every byte outside `A-Z a-z 0-9 - . _ ~` (and `/` when `keep_slash`).
pub(crate) fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Decodes `%XX` escapes; a malformed escape is kept as written.
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let byte = b[i];
        if byte == b'%' {
            let hi = b.get(i + 1).and_then(|c| (*c as char).to_digit(16));
            let lo = b.get(i + 2).and_then(|c| (*c as char).to_digit(16));
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize_path("/example/.."), "/");
        assert_eq!(normalize_path("//example//"), "/example/");
        assert_eq!(normalize_path("/./example"), "/example");
        assert_eq!(normalize_path("/a/b/../c/"), "/a/c/");
        assert_eq!(normalize_path(""), "/");
    }

    #[test]
    fn double_encodes_an_encoded_model_id() {
        let s = SigningSettings::default();
        assert_eq!(
            canonical_uri("/model/us.amazon.nova-micro-v1%3A0/converse", &s),
            "/model/us.amazon.nova-micro-v1%253A0/converse"
        );
    }

    #[test]
    fn splits_urls() {
        let p = UrlParts::parse("https://h.example.com:443/a%20b?x=1#f").unwrap();
        assert_eq!(
            (p.host, p.path, p.query),
            ("h.example.com", "/a%20b", "x=1")
        );
        let p = UrlParts::parse("http://localhost:4000").unwrap();
        assert_eq!((p.host, p.path, p.query), ("localhost:4000", "/", ""));
        assert!(UrlParts::parse("no-scheme").is_none());
        assert_eq!(percent_decode("%zz%4"), b"%zz%4".to_vec());
    }
}
