//! The gateway token: every API request must present it, as the official clients send a key.
//!
//! OpenAI clients send `Authorization: Bearer <token>`; Anthropic clients send
//! `x-api-key: <token>` (or a bearer token with `authToken`). Either header is accepted.
//!
//! The comparison is constant-time in the token's content *and* length: both sides are hashed
//! with SHA-256 first and the digests compared with a branch-free fold, so the time taken says
//! nothing about how much of a guess was right, nor how long the real token is.

use crate::http::Headers;
use sha2::{Digest, Sha256};

/// The Worker secret holding the gateway token.
pub const TOKEN_ENV: &str = "ASTER_GATEWAY_TOKEN";

/// Shortest token accepted: anything shorter is guessable and refused as a misconfiguration.
pub const MIN_TOKEN_LEN: usize = 16;

/// The result of checking a request's credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthResult {
    /// The token matched.
    Ok,
    /// No token was presented.
    Missing,
    /// A token was presented and it is wrong.
    Wrong,
}

/// Compares two byte strings in time independent of their content and length.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let da = Sha256::digest(a);
    let db = Sha256::digest(b);
    let mut diff = 0u8;
    for (x, y) in da.iter().zip(db.iter()) {
        diff |= x ^ y;
    }
    diff == 0
}

/// The bearer token of an `Authorization` header value (`Bearer <t>`, scheme case-insensitive).
fn bearer(value: &str) -> Option<&str> {
    let v = value.trim();
    let (scheme, rest) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

/// Checks the request headers against `expected`. Both headers are checked when both are
/// present (each in constant time), so which one holds the token does not matter.
pub fn check(expected: &str, headers: &Headers) -> AuthResult {
    let presented = [
        headers.get("authorization").and_then(bearer),
        headers
            .get("x-api-key")
            .map(str::trim)
            .filter(|t| !t.is_empty()),
    ];
    let mut any = false;
    let mut ok = false;
    for t in presented.into_iter().flatten() {
        any = true;
        // `|` (not `||`): every presented token is compared, whatever the first gave.
        ok |= constant_time_eq(t.as_bytes(), expected.as_bytes());
    }
    match (any, ok) {
        (_, true) => AuthResult::Ok,
        (false, _) => AuthResult::Missing,
        (true, false) => AuthResult::Wrong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "tok_0123456789abcdef";

    fn h(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().map(|(k, v)| (*k, *v)).collect()
    }

    #[test]
    fn accepts_either_header() {
        assert_eq!(
            check(T, &h(&[("Authorization", "Bearer tok_0123456789abcdef")])),
            AuthResult::Ok
        );
        assert_eq!(
            check(T, &h(&[("authorization", "bearer  tok_0123456789abcdef ")])),
            AuthResult::Ok
        );
        assert_eq!(check(T, &h(&[("x-api-key", T)])), AuthResult::Ok);
        // An Anthropic client with a placeholder bearer and the real key in x-api-key.
        assert_eq!(
            check(T, &h(&[("authorization", "Bearer nope"), ("x-api-key", T)])),
            AuthResult::Ok
        );
    }

    #[test]
    fn missing_and_wrong() {
        assert_eq!(check(T, &h(&[])), AuthResult::Missing);
        assert_eq!(
            check(T, &h(&[("authorization", "Basic abc")])),
            AuthResult::Missing
        );
        assert_eq!(check(T, &h(&[("x-api-key", "")])), AuthResult::Missing);
        assert_eq!(
            check(T, &h(&[("x-api-key", "tok_0123456789abcdeX")])),
            AuthResult::Wrong
        );
        assert_eq!(
            check(T, &h(&[("x-api-key", "tok_0123456789abcdef0")])),
            AuthResult::Wrong
        );
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
