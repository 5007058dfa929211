//! Bedrock exceptions (event-stream exception frames, `{"throttlingException": …}` events,
//! error bodies) → [`ProviderError`], through the shared classifier so a stream error is
//! classified like the same error returned as an HTTP response.

use crate::codec::Frame;
use crate::error::{classify_stream_exception, ProviderError};
use serde_json::{json, Value};

/// An error for exception `kind` (`throttlingException`, `ValidationException`, …; may be
/// empty) with its JSON payload (`{"message": …}`).
///
/// The provider name is cleared so the emitter fills in the real one.
pub(crate) fn exception_error(kind: &str, payload: &Value) -> ProviderError {
    let mut e = classify_stream_exception(kind, payload, "bedrock");
    e.provider = None;
    e
}

/// The error an event-stream frame carries, if it is an exception or error frame.
pub fn frame_error(f: &Frame) -> Option<ProviderError> {
    match f.header_str(":message-type")? {
        "exception" => {
            let kind = f.header_str(":exception-type").unwrap_or("");
            let payload = crate::json::value(&f.payload).unwrap_or_else(
                |_| json!({"message": core::str::from_utf8(&f.payload).unwrap_or("")}),
            );
            Some(exception_error(kind, &payload))
        }
        "error" => {
            let code = f.header_str(":error-code").unwrap_or("");
            let text = f.header_str(":error-message").unwrap_or("");
            Some(exception_error(code, &json!({"message": text})))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::HeaderValue;
    use crate::error::ErrorKind;

    fn exception(kind: &str, payload: &str) -> Frame {
        Frame {
            headers: alloc::vec![
                (
                    ":message-type".into(),
                    HeaderValue::String("exception".into())
                ),
                (":exception-type".into(), HeaderValue::String(kind.into())),
            ],
            payload: payload.as_bytes().to_vec(),
        }
    }

    #[test]
    fn kinds() {
        let k = |kind: &str| frame_error(&exception(kind, r#"{"message":"m"}"#)).map(|e| e.kind);
        assert_eq!(k("throttlingException"), Some(ErrorKind::RateLimitError));
        assert_eq!(
            k("serviceUnavailableException"),
            Some(ErrorKind::Overloaded)
        );
        assert_eq!(k("modelStreamErrorException"), Some(ErrorKind::ServerError));
        assert_eq!(k("internalServerException"), Some(ErrorKind::ServerError));
        assert_eq!(k("validationException"), Some(ErrorKind::InvalidRequest));
        let e = frame_error(&exception(
            "throttlingException",
            r#"{"message":"Too many requests"}"#,
        ));
        assert_eq!(e.map(|e| e.message), Some("Too many requests".into()));
        let event = Frame {
            headers: alloc::vec![(":message-type".into(), HeaderValue::String("event".into()))],
            payload: alloc::vec![],
        };
        assert!(frame_error(&event).is_none());
    }
}
