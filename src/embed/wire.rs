//! Helpers the shapes share: parsing a response body, with a body cut short told apart from a
//! malformed one.

use crate::error::{ErrorKind, ProviderError, Result};
use serde::de::DeserializeOwned;

/// Parses a whole JSON response body into `T`. A body that ends inside the document was cut
/// in transit: a `network` error, retried like a truncated chat stream. Anything else that does
/// not parse is a `decode` error.
pub(super) fn parse<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| {
        let kind = if e.is_eof() {
            ErrorKind::NetworkError
        } else {
            ErrorKind::Decode
        };
        let msg = if e.is_eof() {
            alloc::format!("{what} response body ended early (truncated)")
        } else {
            alloc::format!("{what} response body is malformed: {e}")
        };
        ProviderError::new(kind, msg)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn truncated_is_network_and_malformed_is_decode() {
        let e = parse::<Vec<f32>>(b"[1.0, 2.", "x").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NetworkError);
        let e = parse::<Vec<f32>>(b"[1.0, \"a\"]", "x").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
    }
}
