//! Small lenient accessors for provider JSON, shared by the chat-style formats.
//!
//! Compatible hosts disagree on types at the edges (numbers sent as strings, `null` for absent
//! fields, empty strings for "no value"), so every accessor treats `null`, a missing key and a
//! value of the wrong type alike: as absent. None of them can panic.

use serde_json::Value;

/// `v[key]` as a non-empty string.
pub(crate) fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

pub(crate) use crate::format::wire_util::count_field;

/// A float, also accepting numeric strings (OpenCode sends `"cost": "0"`).
pub(crate) fn as_float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => crate::float::parse_f64(s),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// `v[key]` when it is present and not `null`.
pub(crate) fn non_null<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| !x.is_null())
}
