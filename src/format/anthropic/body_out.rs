//! Non-streaming Messages bodies and error bodies (gateway direction).

use super::finish::to_anthropic;
use super::usage::to_anthropic as usage_to_anthropic;
use crate::error::{ErrorKind, ProviderError};
use crate::message::ContentBlock;
use crate::response::CompletionResponse;
use alloc::vec::Vec;
use serde_json::{json, Value};

fn block_value(b: &ContentBlock) -> Option<Value> {
    Some(match b {
        ContentBlock::Text { text, .. } => json!({"type": "text", "text": text}),
        ContentBlock::Thinking {
            thinking,
            signature,
        } => json!({
            "type": "thinking",
            "thinking": thinking,
            "signature": signature.as_deref().unwrap_or(""),
        }),
        ContentBlock::RedactedThinking { data } => {
            json!({"type": "redacted_thinking", "data": data})
        }
        ContentBlock::ToolUse {
            id, name, input, ..
        } => json!({"type": "tool_use", "id": id, "name": name, "input": input}),
        // A response never holds user-side blocks (images, documents, tool results).
        _ => return None,
    })
}

/// The Messages API body for a finished response, reported as coming from `model`.
pub fn response_body(resp: &CompletionResponse, model: &str) -> Value {
    let content: Vec<Value> = resp.content.iter().filter_map(block_value).collect();
    json!({
        "id": resp.id.as_deref().filter(|s| !s.is_empty()).unwrap_or("msg_aster"),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": to_anthropic(resp.stop_reason, resp.raw_stop_reason.as_deref()),
        "stop_sequence": null,
        "usage": usage_to_anthropic(&resp.usage),
    })
}

/// Anthropic's error `type` for an error kind.
pub(crate) fn anthropic_error_type(err: &ProviderError) -> &'static str {
    match err.kind {
        ErrorKind::AuthenticationError if err.status == Some(403) => "permission_error",
        ErrorKind::AuthenticationError => "authentication_error",
        ErrorKind::RateLimitError => "rate_limit_error",
        ErrorKind::ModelNotFound => "not_found_error",
        ErrorKind::InvalidRequest if err.status == Some(413) => "request_too_large",
        ErrorKind::InvalidRequest | ErrorKind::ContextLengthExceeded | ErrorKind::Config => {
            "invalid_request_error"
        }
        ErrorKind::Overloaded => "overloaded_error",
        ErrorKind::Timeout => "timeout_error",
        ErrorKind::ServerError
        | ErrorKind::NetworkError
        | ErrorKind::Aborted
        | ErrorKind::Decode
        | ErrorKind::InternalError => "api_error",
    }
}

fn default_status(kind: ErrorKind) -> u16 {
    match kind {
        ErrorKind::AuthenticationError => 401,
        ErrorKind::RateLimitError => 429,
        ErrorKind::ModelNotFound => 404,
        ErrorKind::InvalidRequest | ErrorKind::ContextLengthExceeded | ErrorKind::Config => 400,
        ErrorKind::Overloaded => 529,
        ErrorKind::Timeout => 504,
        ErrorKind::NetworkError | ErrorKind::Decode => 502,
        ErrorKind::Aborted => 499,
        ErrorKind::ServerError | ErrorKind::InternalError => 500,
    }
}

/// The HTTP status and Anthropic-shaped body (`{"type":"error","error":{"type","message"}}`)
/// for an error. The upstream status is kept when there was one, so clients retry the same
/// way; otherwise the status follows the kind (overloaded = 529, as Anthropic sends).
pub fn error_body(err: &ProviderError) -> (u16, Value) {
    let status = err
        .status
        .filter(|s| (400..600).contains(s))
        .unwrap_or_else(|| default_status(err.kind));
    let mut body = json!({
        "type": "error",
        "error": {"type": anthropic_error_type(err), "message": err.message},
    });
    if let (Some(id), Some(m)) = (&err.request_id, body.as_object_mut()) {
        m.insert("request_id".into(), Value::String(id.clone()));
    }
    (status, body)
}
