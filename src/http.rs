//! Plain-data HTTP request and response heads, shared by providers, the client and the gateway.
//!
//! The core never performs IO: a provider *builds* an [`HttpRequest`], a transport at the edge
//! sends it, and the response head comes back as an [`HttpResponseHead`] for classification.

use alloc::string::String;
use alloc::vec::Vec;

/// An ordered list of header name/value pairs. Lookups are ASCII case-insensitive.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// An empty header list.
    pub fn new() -> Self {
        Headers(Vec::new())
    }

    /// The first value of `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name` to `value`, replacing any existing values of that name.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.0.push((String::from(name), value.into()));
    }

    /// Appends a header without removing existing ones.
    pub fn append(&mut self, name: &str, value: impl Into<String>) {
        self.0.push((String::from(name), value.into()));
    }

    /// Removes every value of `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    /// Iterates over the pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether a header is a credential and must never be shown (Debug, logs, snapshots).
    pub fn is_secret(name: &str) -> bool {
        const SECRET: [&str; 8] = [
            "authorization",
            "x-api-key",
            "api-key",
            "x-goog-api-key",
            "x-amz-security-token",
            "proxy-authorization",
            "cookie",
            "x-aster-gateway-token",
        ];
        SECRET.iter().any(|s| s.eq_ignore_ascii_case(name))
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Headers(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl core::fmt::Debug for Headers {
    /// Credentials are printed as `<redacted>`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in &self.0 {
            if Headers::is_secret(k) {
                m.entry(k, &"<redacted>");
            } else {
                m.entry(k, v);
            }
        }
        m.finish()
    }
}

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

impl Method {
    /// The method's name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request ready to send: the output of a provider's request builder.
///
/// `Debug` shows the body's length, not its bytes: a body can carry a credential (the Vertex
/// token exchange sends a signed JWT).
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Headers, including authentication.
    pub headers: Headers,
    /// Body bytes (JSON for every provider).
    pub body: Vec<u8>,
}

impl core::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Status and headers of a response, before its body is read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HttpResponseHead {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: Headers,
}
