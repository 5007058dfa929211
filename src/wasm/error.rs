//! Errors across the boundary: `ProviderError` → a JS `Error` with the fields of DESIGN §3.3,
//! and the `{kind, message}` objects `io.js` throws → `ProviderError`.

use super::io::{make_error, prop_string};
use crate::error::{ErrorKind, ProviderError};
use wasm_bindgen::prelude::*;

fn opt_str(s: &Option<alloc::string::String>) -> JsValue {
    s.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

/// The JS `Error` for `e`: `name` "AsterError", `code`, `status`, `provider`, `retryable`,
/// `retryAfterMs`, `requestId`, `providerCode` (absent values are `null`). The message is
/// `e`'s Display text, which never holds a credential (the client scrubs them).
pub fn to_js_error(e: &ProviderError) -> JsValue {
    let message = alloc::format!("{e}");
    make_error(
        &message,
        e.code(),
        e.status.map(JsValue::from).unwrap_or(JsValue::NULL),
        opt_str(&e.provider),
        e.is_retryable(),
        e.retry_after_ms
            .map(|ms| JsValue::from(ms as f64))
            .unwrap_or(JsValue::NULL),
        opt_str(&e.request_id),
        opt_str(&e.provider_code),
    )
}

/// The error for a failure `io.js` reported.
pub fn from_io_error(v: &JsValue) -> ProviderError {
    let kind = match prop_string(v, "kind").as_str() {
        "timeout" => ErrorKind::Timeout,
        "aborted" => ErrorKind::Aborted,
        "network" => ErrorKind::NetworkError,
        "config" => ErrorKind::Config,
        // Anything else is a JS exception inside the helpers: a bug, not the network.
        _ => ErrorKind::InternalError,
    };
    let mut message = prop_string(v, "message");
    if message.is_empty() {
        message = v.as_string().unwrap_or_else(|| "unknown error".into());
    }
    ProviderError::new(kind, message)
}
