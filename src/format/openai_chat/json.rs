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

/// A non-negative integer, also accepting floats (`12.0`) and numeric strings (`"12"`), which
/// some compatible hosts send.
pub(crate) fn as_count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

/// `v[key]` as a count (see [`as_count`]).
pub(crate) fn count_field(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(as_count)
}

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
