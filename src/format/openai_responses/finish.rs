//! Response `status` / `incomplete_details` → [`FinishReason`], and `failed` → error.
//!
//! * `completed` → `stop` (the emitter turns it into `tool_calls` when the model called tools);
//! * `incomplete` with `incomplete_details.reason`: `max_output_tokens` → `length`,
//!   `content_filter` → `content_filter`, anything else → `other`;
//! * a refusal (`refusal` content) in a completed response → `content_filter`;
//! * `queued`, `in_progress`, `cancelled` (a background-mode body read before it finished, or a
//!   cancelled one) → `other` with the status as the raw reason;
//! * `failed` → the response's `error`, classified like any in-band error.

use crate::chunk::FinishReason;
use crate::error::{classify_stream_error, ErrorKind, ProviderError};
use crate::format::wire_util::str_of;
use alloc::string::String;
use serde_json::Value;

/// The finish reason and raw reason of a response object that did not fail. `default_status`
/// is used when the object has no `status` (the terminal event's own name says it).
pub(super) fn reason(resp: &Value, default_status: &str, refused: bool) -> (FinishReason, String) {
    let status = str_of(resp, "status").unwrap_or(default_status);
    match status {
        "completed" if refused => (FinishReason::ContentFilter, String::from("refusal")),
        "completed" => (FinishReason::Stop, String::from("completed")),
        "incomplete" => {
            let why = resp
                .get("incomplete_details")
                .and_then(|d| str_of(d, "reason"))
                .unwrap_or("incomplete");
            let r = match why {
                "max_output_tokens" | "max_tokens" => FinishReason::Length,
                "content_filter" => FinishReason::ContentFilter,
                _ => FinishReason::Other,
            };
            (r, String::from(why))
        }
        other => (FinishReason::Other, String::from(other)),
    }
}

/// Whether a response object is a failure (`status: "failed"`).
pub(super) fn is_failed(resp: &Value) -> bool {
    str_of(resp, "status") == Some("failed")
}

/// The error of a failed response (`response.error`), classified.
pub(super) fn failure(resp: &Value, provider: &str) -> ProviderError {
    match resp.get("error").filter(|e| e.is_object()) {
        Some(err) => classify_stream_error(err, provider),
        None => ProviderError::new(
            ErrorKind::ServerError,
            "the response failed without an error",
        )
        .with_provider(provider),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statuses() {
        let r = |v: Value| reason(&v, "completed", false);
        assert_eq!(r(json!({"status": "completed"})).0, FinishReason::Stop);
        assert_eq!(
            r(
                json!({"status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"}})
            ),
            (FinishReason::Length, String::from("max_output_tokens"))
        );
        assert_eq!(
            r(json!({"status": "incomplete", "incomplete_details": {"reason": "content_filter"}}))
                .0,
            FinishReason::ContentFilter
        );
        assert_eq!(
            r(json!({"status": "queued"})),
            (FinishReason::Other, String::from("queued"))
        );
        assert_eq!(r(json!({})).0, FinishReason::Stop);
        assert_eq!(
            reason(&json!({"status": "completed"}), "completed", true).0,
            FinishReason::ContentFilter
        );
        assert!(is_failed(&json!({"status": "failed"})));
    }
}
