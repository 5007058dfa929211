//! Classification of failures into a [`ProviderError`]: HTTP status + headers + body
//! ([`classify`]), error objects inside a 200 stream ([`classify_stream_error`]) and Bedrock
//! exception frames ([`classify_stream_exception`]).
//!
//! The status gives the kind; the body overrides it where it is more specific. Provider codes
//! are read into one list (see `body.rs` for the shapes) and looked up in one table
//! ([`code_hint`]): a *strong* code (`overloaded_error`, `insufficient_quota`,
//! `RESOURCE_EXHAUSTED`, `context_length_exceeded`, `ThrottlingException`, …) beats the
//! status; a *weak* one (`invalid_request_error`, `api_error`, `INVALID_ARGUMENT`, …) only
//! says again what a status says, and is used when there is no status (stream errors). Then
//! the message refines: a context-length message turns an invalid request into
//! `context_length_exceeded`, "model … does not exist" into `model_not_found`, "overloaded"
//! a server error into `overloaded`.
//!
//! Decisions worth knowing:
//! * An exhausted quota or billing problem (OpenAI `insufficient_quota`, Anthropic
//!   `billing_error`, HTTP 402) is a `rate_limit` error that is **not** retryable: waiting does
//!   not refill a prepaid balance. The code stays in `provider_code`; see
//!   [`is_quota_exhausted`], used by [`ProviderError::is_retryable`].
//! * A 404 is `model_not_found` only when its message is about a model or deployment; a bare
//!   404 (usually a wrong base URL) is `invalid_request`.
//! * Bedrock's 400 "The provided model identifier is invalid." is `model_not_found`.
//! * Retry hints: `retry-after-ms`, `retry-after`, then (for rate limits only) the provider
//!   reset headers, then Gemini's `RetryInfo.retryDelay` from the body.
//! * Messages come from the body only (never from request headers), are bounded to 2000 bytes
//!   and have key-like tokens redacted.

use super::{ErrorKind, ProviderError};
use crate::http::Headers;
use crate::retry::after::retry_after_from_headers;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

mod body;
mod text;
use body::{bedrock_type_name, inspect_json, inspect_text, BodyInfo};
pub use text::is_context_length_message;
use text::{clean_message, is_about_model, reason_phrase, says_model_unknown, says_overloaded};

/// Response headers that carry the provider's request id, in order of preference (a kind's own
/// header, `KindInfo::request_id_header`, comes before these).
const REQUEST_ID_HEADERS: [&str; 8] = [
    "request-id",
    "x-request-id",
    "apim-request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-goog-request-id",
    "x-cloud-trace-context",
    "cf-ray",
];

/// The headers of an error response a caller may act on, names lowercase: retry hints
/// (`retry-after`, `retry-after-ms`), rate-limit state (`x-ratelimit-*`,
/// `anthropic-ratelimit-*`) and request ids. Those carry no secret; nothing else is kept
/// (cookies, …).
pub fn actionable_headers(headers: &Headers) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), String::from(v)))
        .filter(|(k, _)| {
            k == "retry-after"
                || k == "retry-after-ms"
                || k.starts_with("x-ratelimit-")
                || k.starts_with("anthropic-ratelimit-")
                || REQUEST_ID_HEADERS.contains(&k.as_str())
        })
        .collect()
}

/// Classifies an HTTP error response.
///
/// `now_unix_ms` is the current time, needed for `retry-after` HTTP dates and Anthropic's
/// RFC 3339 reset timestamps (the core reads no clock).
pub fn classify(
    status: u16,
    headers: &Headers,
    body: &[u8],
    provider: &str,
    now_unix_ms: u64,
) -> ProviderError {
    let mut info = match crate::json::value(body) {
        Ok(v) => inspect_json(&v),
        Err(_) => inspect_text(&String::from_utf8_lossy(body)),
    };
    // Bedrock names the exception in a header; it is the most specific code there is.
    if let Some(t) = headers.get("x-amzn-errortype") {
        let t = bedrock_type_name(t);
        if !t.is_empty() {
            info.codes.retain(|c| c != t);
            info.codes.insert(0, String::from(t));
        }
    }
    let mut err = build(Some(status), &info, provider);
    err.request_id = request_id_from_headers(headers).or(info.request_id);
    let rate_limited = err.kind == ErrorKind::RateLimitError;
    err.retry_after_ms =
        retry_after_from_headers(headers, now_unix_ms, rate_limited).or(info.retry_delay_ms);
    err
}

/// Classifies an error object that arrived inside a 200 stream: an Anthropic `error` event
/// payload, an OpenAI/OpenRouter/Groq `{"error": {…}}` chunk, an Ollama `{"error": "…"}`
/// line, a Responses `error` or `response.failed` event. The status is the one the body
/// carries, if any (Groq `status_code`, OpenRouter `code`); without a status or a known code
/// the error is a (retryable) `server_error`.
pub fn classify_stream_error(error: &Value, provider: &str) -> ProviderError {
    let info = inspect_json(error);
    let mut err = build(None, &info, provider);
    err.request_id = info.request_id;
    err.retry_after_ms = info.retry_delay_ms;
    err
}

/// Classifies a Bedrock event-stream exception frame: `exception_type` is the frame's
/// `:exception-type` header (`throttlingException`, `modelStreamErrorException`, …; the case
/// of the first letter does not matter) and `payload` its JSON (`{"message": …}`).
pub fn classify_stream_exception(
    exception_type: &str,
    payload: &Value,
    provider: &str,
) -> ProviderError {
    let mut info = inspect_json(payload);
    let name = upper_first(bedrock_type_name(exception_type));
    if !name.is_empty() {
        info.codes.retain(|c| *c != name);
        info.codes.insert(0, name);
    }
    let mut err = build(None, &info, provider);
    err.request_id = info.request_id;
    err
}

/// Whether `err` is an exhausted quota or a billing problem, which retrying cannot fix
/// (OpenAI `insufficient_quota`, Anthropic `billing_error`, HTTP 402 Payment Required).
pub fn is_quota_exhausted(err: &ProviderError) -> bool {
    err.status == Some(402)
        || matches!(
            err.provider_code.as_deref(),
            Some("insufficient_quota" | "billing_error")
        )
}

/// What a provider code says about the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hint {
    /// More specific than any status: wins.
    Strong(ErrorKind),
    /// Says what a status would say: used only when there is no status.
    Weak(ErrorKind),
}

/// The kind, status, message and provider code from a status and what the body says.
fn build(http_status: Option<u16>, info: &BodyInfo, provider: &str) -> ProviderError {
    let message = info.message.as_deref().unwrap_or("");
    let status = http_status
        .filter(|s| *s >= 400)
        .or(info.status.filter(|s| *s >= 400))
        .or(http_status);

    let hints: Vec<(usize, Hint)> = info
        .codes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| code_hint(c, message).map(|h| (i, h)))
        .collect();
    let strong = hints.iter().find_map(|(i, h)| match h {
        Hint::Strong(k) => Some((*i, *k)),
        Hint::Weak(_) => None,
    });
    let weak = hints.iter().find_map(|(_, h)| match h {
        Hint::Weak(k) => Some(*k),
        Hint::Strong(_) => None,
    });
    let mut kind = match (strong, status) {
        (Some((_, k)), _) => k,
        (None, Some(s)) => status_kind(s, message),
        (None, None) => weak.unwrap_or(ErrorKind::ServerError),
    };

    // The message refines a generic kind.
    if matches!(kind, ErrorKind::InvalidRequest | ErrorKind::ServerError)
        && is_context_length_message(message)
    {
        kind = ErrorKind::ContextLengthExceeded;
    } else if kind == ErrorKind::InvalidRequest && says_model_unknown(message) {
        kind = ErrorKind::ModelNotFound;
    } else if kind == ErrorKind::ServerError && says_overloaded(message) {
        kind = ErrorKind::Overloaded;
    }

    // The code that decided the kind is the most useful one to report.
    let provider_code = strong
        .and_then(|(i, _)| info.codes.get(i))
        .or(info.codes.first())
        .cloned();
    let message = if message.is_empty() {
        String::from(match status {
            Some(s) if s >= 400 => reason_phrase(s),
            _ => "the provider reported an error",
        })
    } else {
        clean_message(message)
    };
    let mut err = ProviderError::new(kind, message).with_provider(provider);
    err.status = status;
    err.provider_code = provider_code;
    err
}

/// The kind an HTTP status alone implies.
fn status_kind(status: u16, message: &str) -> ErrorKind {
    match status {
        400 | 413 | 422 => ErrorKind::InvalidRequest,
        401 | 403 => ErrorKind::AuthenticationError,
        // Payment required (OpenRouter credits, …): a quota problem, not retried.
        402 => ErrorKind::RateLimitError,
        404 if is_about_model(message) => ErrorKind::ModelNotFound,
        408 => ErrorKind::Timeout,
        // A conflict is transient (a concurrent request on the same resource).
        409 => ErrorKind::ServerError,
        429 => ErrorKind::RateLimitError,
        503 if says_overloaded(message) => ErrorKind::Overloaded,
        529 => ErrorKind::Overloaded,
        400..=499 => ErrorKind::InvalidRequest,
        500..=599 => ErrorKind::ServerError,
        // classify() is for error responses; anything else is an upstream we cannot read.
        _ => ErrorKind::Decode,
    }
}

/// The one table of provider error codes (Anthropic types, OpenAI codes/types, Gemini
/// `google.rpc.Code` names, Bedrock exception names, TGI `error_type`s).
fn code_hint(code: &str, message: &str) -> Option<Hint> {
    use ErrorKind::*;
    use Hint::{Strong, Weak};
    let hint = match code {
        "overloaded_error"
        | "overloaded"
        | "ServiceUnavailableException"
        | "ModelNotReadyException" => Strong(Overloaded),
        "rate_limit_error"
        | "rate_limit_exceeded"
        | "RESOURCE_EXHAUSTED"
        | "ThrottlingException"
        | "TooManyRequestsException"
        | "ServiceQuotaExceededException"
        | "insufficient_quota"
        | "billing_error" => Strong(RateLimitError),
        "authentication_error"
        | "permission_error"
        | "invalid_api_key"
        | "UNAUTHENTICATED"
        | "PERMISSION_DENIED"
        | "AccessDeniedException"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "IncompleteSignatureException"
        | "ExpiredTokenException"
        | "InvalidClientTokenId"
        | "MissingAuthenticationTokenException" => Strong(AuthenticationError),
        "context_length_exceeded" => Strong(ContextLengthExceeded),
        "model_not_found"
        | "invalid_model"
        | "DeploymentNotFound"
        | "ResourceNotFoundException" => Strong(ModelNotFound),
        "timeout_error" | "ModelTimeoutException" | "DEADLINE_EXCEEDED" => Strong(Timeout),
        "InternalServerException"
        | "ModelErrorException"
        | "ModelStreamErrorException"
        | "ConflictException" => Strong(ServerError),
        "UNIMPLEMENTED" => Strong(InvalidRequest),
        // Gemini `google.rpc.ErrorInfo.reason` for a bad key, sent with 400 INVALID_ARGUMENT.
        "API_KEY_INVALID" | "API_KEY_EXPIRED" => Strong(AuthenticationError),
        "not_found_error" | "NOT_FOUND" | "not_found" => Weak(if is_about_model(message) {
            ModelNotFound
        } else {
            InvalidRequest
        }),
        "invalid_request_error"
        | "request_too_large"
        | "ValidationException"
        | "INVALID_ARGUMENT"
        | "FAILED_PRECONDITION"
        | "OUT_OF_RANGE"
        | "ALREADY_EXISTS"
        | "validation"
        | "tool_use_failed"
        | "content_filter"
        | "content_policy_violation" => Weak(InvalidRequest),
        "api_error"
        | "server_error"
        | "INTERNAL"
        | "UNKNOWN"
        | "DATA_LOSS"
        | "ABORTED"
        | "CANCELLED"
        | "UNAVAILABLE"
        | "generation"
        | "incomplete_generation" => Weak(ServerError),
        "vector_store_timeout" => Weak(Timeout),
        c if c.starts_with("invalid_") || c.starts_with("unsupported_") => Weak(InvalidRequest),
        _ => return None,
    };
    Some(hint)
}

/// The request id in `headers`, from the first of the usual headers that is set.
pub(crate) fn request_id_from_headers(headers: &Headers) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|h| {
        let v = headers.get(h)?.trim();
        // `x-cloud-trace-context: TRACE_ID/SPAN_ID;o=1`: the trace id identifies the request.
        let v = if h.eq_ignore_ascii_case("x-cloud-trace-context") {
            v.split('/').next().unwrap_or(v)
        } else {
            v
        };
        if v.is_empty() {
            None
        } else {
            Some(String::from(v))
        }
    })
}

/// `throttlingException` → `ThrottlingException` (event-stream headers use lower camel case,
/// the HTTP API upper).
fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => {
            let mut out = String::with_capacity(s.len());
            out.push(c.to_ascii_uppercase());
            out.push_str(chars.as_str());
            out
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
