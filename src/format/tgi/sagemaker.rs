//! SageMaker `InvokeEndpointWithResponseStream`: unwrapping its event-stream frames.
//!
//! The response is an AWS event stream of `PayloadPart` events whose `Bytes` member carries the
//! smithy `@eventpayload` trait: the frame payload *is* the blob (here, a slice of TGI's SSE
//! text, split at arbitrary points). JSON-wrapped parts (`{"Bytes": "<base64>"}`, optionally
//! under `PayloadPart`) are accepted as well, as some proxies re-encode them that way. Exception
//! frames (`:message-type` = `exception`: `ModelStreamError`, `InternalStreamFailure`) and
//! protocol error frames (`:message-type` = `error`) become errors.

use crate::codec::Frame;
use crate::error::{ErrorKind, ProviderError, Result};
use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use base64::Engine as _;
use serde_json::Value;

const PROVIDER: &str = "sagemaker_tgi";

/// The payload bytes of a SageMaker `PayloadPart` frame, `None` for other events, or the error
/// an exception frame reports.
pub fn sagemaker_payload(frame: &Frame) -> Result<Option<Cow<'_, [u8]>>> {
    match frame.header_str(":message-type") {
        Some("exception") => Err(exception(frame)),
        Some("error") => {
            let code = frame.header_str(":error-code").unwrap_or("UnknownError");
            let msg = frame.header_str(":error-message").unwrap_or("");
            Err(stream_error(ErrorKind::ServerError, code, None, msg))
        }
        _ if frame.header_str(":event-type") == Some("PayloadPart") => Ok(Some(payload(frame)?)),
        _ => Ok(None),
    }
}

fn payload(frame: &Frame) -> Result<Cow<'_, [u8]>> {
    let raw = frame.payload.as_slice();
    if raw.first() != Some(&b'{') {
        return Ok(Cow::Borrowed(raw));
    }
    let Ok(v) = crate::json::value(raw) else {
        return Ok(Cow::Borrowed(raw));
    };
    let b64 = v
        .get("Bytes")
        .or_else(|| v.get("PayloadPart").and_then(|p| p.get("Bytes")))
        .and_then(Value::as_str);
    match b64 {
        Some(b64) => base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map(Cow::Owned)
            .map_err(|_| {
                ProviderError::decode("SageMaker PayloadPart Bytes is not valid base64")
                    .with_provider(PROVIDER)
            }),
        None => Ok(Cow::Borrowed(raw)),
    }
}

fn exception(frame: &Frame) -> ProviderError {
    let ty = frame
        .header_str(":exception-type")
        .unwrap_or("UnknownException");
    let body: Option<Value> = crate::json::value(&frame.payload).ok();
    let text = |k: &str| body.as_ref().and_then(|b| b.get(k)).and_then(Value::as_str);
    let msg = text("Message").or_else(|| text("message")).unwrap_or("");
    let code = text("ErrorCode");
    let kind = match (ty, code) {
        ("ModelStreamError", Some("ModelInvocationTimeExceeded")) => ErrorKind::Timeout,
        ("ModelStreamError", Some("StreamBroken")) => ErrorKind::NetworkError,
        ("ValidationError", _) => ErrorKind::InvalidRequest,
        _ => ErrorKind::ServerError,
    };
    stream_error(kind, ty, code, msg)
}

fn stream_error(kind: ErrorKind, ty: &str, code: Option<&str>, msg: &str) -> ProviderError {
    let mut m = String::from("SageMaker stream ");
    m.push_str(ty);
    if let Some(c) = code {
        m.push_str(&format!(" ({c})"));
    }
    if !msg.is_empty() {
        m.push_str(": ");
        m.extend(msg.chars().take(500));
    }
    let mut e = ProviderError::new(kind, m).with_provider(PROVIDER);
    e.provider_code = Some(String::from(code.unwrap_or(ty)));
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::HeaderValue;

    fn frame(headers: &[(&str, &str)], payload: &[u8]) -> Frame {
        Frame {
            headers: headers
                .iter()
                .map(|(k, v)| (String::from(*k), HeaderValue::String(String::from(*v))))
                .collect(),
            payload: payload.to_vec(),
        }
    }

    #[test]
    fn raw_payload_parts_pass_through_borrowed() {
        let f = frame(
            &[(":message-type", "event"), (":event-type", "PayloadPart")],
            b"data: {\"token\":{\"text\":\"Hi\"}}\n\n",
        );
        let p = sagemaker_payload(&f).unwrap().unwrap();
        assert!(matches!(p, Cow::Borrowed(_)));
        assert_eq!(&*p, f.payload.as_slice());
    }

    #[test]
    fn json_wrapped_parts_are_decoded() {
        let f = frame(
            &[(":message-type", "event"), (":event-type", "PayloadPart")],
            br#"{"Bytes":"ZGF0YTogeH0KCg=="}"#,
        );
        assert_eq!(&*sagemaker_payload(&f).unwrap().unwrap(), b"data: x}\n\n");
        let bad = frame(&[(":event-type", "PayloadPart")], br#"{"Bytes":"%%%"}"#);
        assert_eq!(sagemaker_payload(&bad).unwrap_err().kind, ErrorKind::Decode);
    }

    #[test]
    fn exceptions_become_errors() {
        let f = frame(
            &[
                (":message-type", "exception"),
                (":exception-type", "ModelStreamError"),
            ],
            br#"{"Message":"connection reset","ErrorCode":"StreamBroken"}"#,
        );
        let e = sagemaker_payload(&f).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NetworkError);
        assert!(e.message.contains("StreamBroken") && e.message.contains("connection reset"));
        let f = frame(
            &[
                (":message-type", "exception"),
                (":exception-type", "InternalStreamFailure"),
            ],
            b"{}",
        );
        let e = sagemaker_payload(&f).unwrap_err();
        assert_eq!(e.kind, ErrorKind::ServerError);
        assert!(e.is_retryable());
        let f = frame(&[(":message-type", "error"), (":error-code", "Boom")], b"");
        assert!(sagemaker_payload(&f).is_err());
        let other = frame(
            &[(":message-type", "event"), (":event-type", "Other")],
            b"x",
        );
        assert_eq!(sagemaker_payload(&other).unwrap(), None);
    }
}
