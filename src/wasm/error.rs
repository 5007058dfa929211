//! Errors across the boundary: `ProviderError` → a JS `Error` with the fields of DESIGN §3.3,
//! and the `{kind, message}` objects `io.js` throws → `ProviderError`.

use super::fetch::{make_error, prop_string};
use crate::error::{ErrorKind, ProviderError};
use alloc::string::String;
use wasm_bindgen::prelude::*;

fn opt_str(s: &Option<alloc::string::String>) -> JsValue {
    s.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

/// The JS `Error` for `e`: `name` "AsterError", `code`, `status`, `provider`, `retryable`,
/// `retryAfterMs`, `requestId`, `providerCode` (absent values are `null`). The message is
/// `e`'s Display text, which never holds a credential (the client scrubs them).
pub fn to_js_error(e: &ProviderError) -> JsValue {
    to_js_error_with_headers(e, &[])
}

/// [`to_js_error`] plus `headers`: the error response's actionable headers
/// ([`crate::error::actionable_headers`]) as an object, or `null` when there are none.
pub fn to_js_error_with_headers(e: &ProviderError, headers: &[(String, String)]) -> JsValue {
    let message = alloc::format!("{e}");
    let err = make_error(
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
    );
    let obj = if headers.is_empty() {
        JsValue::NULL
    } else {
        let o = js_sys::Object::new();
        for (k, v) in headers {
            // A plain property of a fresh object: setting it cannot fail.
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        o.into()
    };
    // `err` is the Error just made: setting a property on it cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("headers"), &obj);
    err
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
