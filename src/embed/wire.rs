//! Helpers the shapes share: parsing a response body (a body cut short told apart from a
//! malformed one) and reading vectors and counts out of it.
//!
//! Bodies are read as a `serde_json::Value`, whose parser the chat decoders already link:
//! typed `Deserialize` structs for the seven shapes would add their own parser code to the
//! browser package for no gain on bodies read once.

use crate::error::{ErrorKind, ProviderError, Result};
use alloc::format;
use alloc::vec::Vec;
use serde_json::Value;

/// Parses a whole JSON response body. A body that ends inside the document was cut in
/// transit: a `network` error, retried like a truncated chat stream. Anything else that does
/// not parse is a `decode` error.
pub(super) fn parse(body: &[u8], what: &str) -> Result<Value> {
    crate::json::value(body).map_err(|e| {
        if e.is_eof() {
            ProviderError::new(
                ErrorKind::NetworkError,
                format!("{what} response body ended early (truncated)"),
            )
        } else {
            ProviderError::decode(format!("{what} response body is malformed: {e}"))
        }
    })
}

/// A `decode` error: `what` is missing or of the wrong type.
pub(super) fn bad(what: &str) -> ProviderError {
    ProviderError::decode(format!("embeddings response: {what} missing or malformed"))
}

/// `v` as a vector: an array of numbers.
pub(super) fn vector(v: &Value) -> Option<Vec<f64>> {
    v.as_array()?.iter().map(Value::as_f64).collect()
}

/// `v[key]` as an array.
pub(super) fn array<'a>(v: &'a Value, key: &str) -> Result<&'a Vec<Value>> {
    v.get(key).and_then(Value::as_array).ok_or_else(|| bad(key))
}

/// A token count: a non-negative number (Vertex writes `6.0`).
pub(super) fn count(v: Option<&Value>) -> Option<u64> {
    let v = v?;
    v.as_u64()
        .or_else(|| v.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
}

/// The items of an OpenAI-style `data` array in `index` order: each goes to the slot its
/// `index` names; without a full, valid set of indexes, the order as sent. (Placing instead of
/// sorting keeps a sort routine out of the wasm.)
pub(super) fn by_index(items: &[Value]) -> Vec<&Value> {
    let mut slots: Vec<Option<&Value>> = alloc::vec![None; items.len()];
    for item in items {
        let i = item.get("index").and_then(Value::as_u64);
        match i.and_then(|i| slots.get_mut(usize::try_from(i).ok()?)) {
            Some(slot @ None) => *slot = Some(item),
            _ => return items.iter().collect(),
        }
    }
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn truncated_is_network_and_malformed_is_decode() {
        let e = parse(b"[1.0, 2.", "x").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NetworkError);
        let e = parse(b"[1.0, \"a\"", "x").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NetworkError);
        let e = parse(b"[1.0, }", "x").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode);
        assert_eq!(count(Some(&serde_json::json!(6.0))), Some(6));
        let items = [json!({"index": 1, "v": "b"}), json!({"index": 0, "v": "a"})];
        let order: Vec<&Value> = by_index(&items);
        assert_eq!(order[0]["v"], "a");
        // A duplicate or out-of-range index: the order as sent.
        let items = [json!({"index": 1}), json!({"index": 1})];
        assert_eq!(by_index(&items).len(), 2);
    }
}
