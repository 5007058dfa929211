//! CORS, set on purpose: the gateway's own origin (the playground it serves) is always
//! allowed; other browser origins only when the operator lists them (`cors_origins`, `"*"` for
//! any). A request from any other origin is refused outright rather than answered without
//! CORS headers, so a page elsewhere cannot even make the gateway do work.
//!
//! Requests without an `Origin` header (server-side clients, curl) are not browser requests
//! and are not subject to CORS; the gateway token still guards them.

use crate::http::Headers;
use alloc::string::String;
use alloc::vec::Vec;

/// Methods the API answers (for preflight).
pub const ALLOW_METHODS: &str = "GET, POST, OPTIONS";

/// Request headers allowed when a preflight does not list any.
const DEFAULT_ALLOW_HEADERS: &str = "authorization, x-api-key, content-type, anthropic-version";

/// Response headers a browser page may read.
const EXPOSE_HEADERS: &str = "retry-after, x-request-id, request-id";

/// How long a browser may cache a preflight answer, in seconds.
const MAX_AGE: &str = "600";

/// The CORS verdict on one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cors {
    /// Not a cross-origin browser request (no `Origin` header).
    NoOrigin,
    /// Allowed: echo this origin.
    Allowed(String),
    /// A browser origin the operator did not allow.
    Denied,
}

/// `scheme://host[:port]` lowercased, the form browsers send in `Origin`.
fn normalize(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// Decides on a request whose `Origin` header is `origin`, made to the gateway at
/// `self_origin` (its own `scheme://host`), with the operator's allow-list `allowed`.
pub fn decide(origin: Option<&str>, self_origin: &str, allowed: &[String]) -> Cors {
    let Some(origin) = origin.filter(|o| !o.trim().is_empty()) else {
        return Cors::NoOrigin;
    };
    let o = normalize(origin);
    // `null` is what sandboxed frames and file:// pages send: never our own origin.
    let ok = (o != "null" && o == normalize(self_origin))
        || allowed.iter().any(|a| a == "*" || normalize(a) == o);
    if ok {
        Cors::Allowed(String::from(origin.trim()))
    } else {
        Cors::Denied
    }
}

/// Headers for a reply to an allowed cross-origin request (none for the others).
pub fn reply_headers(cors: &Cors) -> Headers {
    let mut h = Headers::new();
    if let Cors::Allowed(origin) = cors {
        h.set("access-control-allow-origin", origin.as_str());
        h.set("access-control-expose-headers", EXPOSE_HEADERS);
    }
    // The answer depends on the Origin header: caches must keep them apart.
    h.set("vary", "Origin");
    h
}

/// Headers of the answer to an allowed preflight. The requested headers are echoed when they
/// are plain header names: the official SDKs send many of their own (`x-stainless-*`).
pub fn preflight_headers(cors: &Cors, requested_headers: Option<&str>) -> Headers {
    let mut h = reply_headers(cors);
    h.set("access-control-allow-methods", ALLOW_METHODS);
    let requested: Vec<&str> = requested_headers
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let plain = requested
        .iter()
        .all(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if !requested.is_empty() && plain && requested.len() <= 64 {
        h.set("access-control-allow-headers", requested.join(", "));
    } else {
        h.set("access-control-allow-headers", DEFAULT_ALLOW_HEADERS);
    }
    h.set("access-control-max-age", MAX_AGE);
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const SELF: &str = "http://127.0.0.1:8787";

    #[test]
    fn same_origin_is_allowed_others_are_not() {
        assert_eq!(decide(None, SELF, &[]), Cors::NoOrigin);
        assert_eq!(
            decide(Some("http://127.0.0.1:8787"), SELF, &[]),
            Cors::Allowed("http://127.0.0.1:8787".into())
        );
        assert_eq!(decide(Some("http://evil.test"), SELF, &[]), Cors::Denied);
        assert_eq!(decide(Some("null"), "null", &[]), Cors::Denied);
        assert_eq!(
            decide(Some("http://127.0.0.1:8788"), SELF, &[]),
            Cors::Denied
        );
    }

    #[test]
    fn allow_list_and_wildcard() {
        let list = vec![String::from("https://App.Example.com/")];
        assert_eq!(
            decide(Some("https://app.example.com"), SELF, &list),
            Cors::Allowed("https://app.example.com".into())
        );
        assert_eq!(decide(Some("https://other.com"), SELF, &list), Cors::Denied);
        let any = vec![String::from("*")];
        assert!(matches!(
            decide(Some("https://other.com"), SELF, &any),
            Cors::Allowed(_)
        ));
    }

    #[test]
    fn preflight_echoes_plain_header_names_only() {
        let c = Cors::Allowed(SELF.into());
        let h = preflight_headers(&c, Some("authorization, x-stainless-os, content-type"));
        assert_eq!(
            h.get("access-control-allow-headers"),
            Some("authorization, x-stainless-os, content-type")
        );
        let h = preflight_headers(&c, Some("bad header\r\nx: y"));
        assert_eq!(
            h.get("access-control-allow-headers"),
            Some(DEFAULT_ALLOW_HEADERS)
        );
        assert_eq!(h.get("access-control-allow-origin"), Some(SELF));
    }
}
