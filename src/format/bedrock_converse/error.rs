//! Bedrock exceptions (event-stream exception frames, `{"throttlingException": …}` events,
//! error bodies) → [`ProviderError`].
//!
//! The kind and HTTP status follow the Bedrock Runtime API reference for each exception, so a
//! stream error is classified like the same error returned as an HTTP response.

use crate::codec::Frame;
use crate::error::{is_context_length_message, ErrorKind, ProviderError};
use alloc::string::String;
use serde_json::Value;

/// An error for exception `kind` (`throttlingException`, `ValidationException`, …).
pub(crate) fn exception_error(kind: &str, message: &str) -> ProviderError {
    let lower = kind.to_ascii_lowercase();
    let (k, status) = match lower.trim_end_matches("exception") {
        "throttling" => (ErrorKind::RateLimitError, 429),
        "servicequotaexceeded" => (ErrorKind::RateLimitError, 400),
        "serviceunavailable" => (ErrorKind::Overloaded, 503),
        "modelnotready" => (ErrorKind::Overloaded, 429),
        "internalserver" => (ErrorKind::ServerError, 500),
        "modelstreamerror" | "modelerror" => (ErrorKind::ServerError, 424),
        "modeltimeout" => (ErrorKind::Timeout, 408),
        "accessdenied" | "unrecognizedclient" => (ErrorKind::AuthenticationError, 403),
        "resourcenotfound" => (ErrorKind::ModelNotFound, 404),
        "validation" if is_context_length_message(message) => {
            (ErrorKind::ContextLengthExceeded, 400)
        }
        "validation" => (ErrorKind::InvalidRequest, 400),
        _ => (ErrorKind::ServerError, 500),
    };
    let message = if message.is_empty() {
        String::from(kind)
    } else {
        String::from(message)
    };
    let mut e = ProviderError::new(k, message).with_status(status);
    e.provider_code = Some(String::from(kind));
    e
}

/// The `message` of an exception payload (`{"message": …}`, sometimes `Message`).
pub(crate) fn payload_message(v: &Value) -> &str {
    v.get("message")
        .or_else(|| v.get("Message"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The error an event-stream frame carries, if it is an exception or error frame.
pub fn frame_error(f: &Frame) -> Option<ProviderError> {
    match f.header_str(":message-type")? {
        "exception" => {
            let kind = f.header_str(":exception-type").unwrap_or("exception");
            let v: Value = serde_json::from_slice(&f.payload).unwrap_or(Value::Null);
            let text = match payload_message(&v) {
                "" => core::str::from_utf8(&f.payload).unwrap_or(""),
                m => m,
            };
            Some(exception_error(kind, text))
        }
        "error" => {
            let code = f.header_str(":error-code").unwrap_or("error");
            let text = f.header_str(":error-message").unwrap_or("");
            Some(exception_error(code, text))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let e = exception_error("throttlingException", "Too many requests");
        assert_eq!((e.kind, e.status), (ErrorKind::RateLimitError, Some(429)));
        assert_eq!(e.provider_code.as_deref(), Some("throttlingException"));
        assert_eq!(
            exception_error("ServiceUnavailableException", "").kind,
            ErrorKind::Overloaded
        );
        assert_eq!(
            exception_error("modelStreamErrorException", "x").kind,
            ErrorKind::ServerError
        );
        assert_eq!(
            exception_error("validationException", "bad").kind,
            ErrorKind::InvalidRequest
        );
        assert_eq!(
            exception_error("internalServerException", "x").status,
            Some(500)
        );
    }
}
