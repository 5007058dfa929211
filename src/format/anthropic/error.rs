//! Anthropic error objects (an `error` stream event, an error body) → [`ProviderError`].

use crate::error::{classify_stream_error, ProviderError};
use serde_json::Value;

/// Classifies `{"type":"error","error":{"type":"overloaded_error","message":…}}`.
///
/// The classifier is told the wire format (`anthropic`), which is what decides the shape it
/// reads; the provider name is then cleared so the emitter fills in the real one (the same
/// format is served by Anthropic, Bedrock `/invoke`, Vertex …).
pub(crate) fn error_from_value(v: &Value) -> ProviderError {
    let mut e = classify_stream_error(v, "anthropic");
    e.provider = None;
    e
}
