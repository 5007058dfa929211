//! Non-generic JSON builders for the request encoders.
//!
//! `serde_json::json!` expands every field into an inlined map insert plus a generic
//! `to_value(..).unwrap()`; in the size-first `.wasm` that is most of each encoder's code.
//! Here a field costs one call with an already-built `Value`.

use alloc::string::String;
use serde_json::{Map, Value};

/// An object from `(key, value)` pairs, in order; the values are moved out (left `Null`).
pub(crate) fn object(fields: &mut [(&str, Value)]) -> Value {
    let mut map = Map::new();
    for (k, v) in fields.iter_mut() {
        map.insert(String::from(*k), core::mem::take(v));
    }
    Value::Object(map)
}

/// A string value (borrowed text copied once).
pub(crate) fn text(s: &str) -> Value {
    Value::String(String::from(s))
}
