//! Classification of HTTP status + headers + body into a [`ProviderError`].
use super::{ErrorKind, ProviderError};
use crate::http::Headers;

/// Classifies an HTTP error response.
pub fn classify(
    status: u16,
    _headers: &Headers,
    _body: &[u8],
    provider: &str,
    _now_unix_ms: u64,
) -> ProviderError {
    ProviderError::new(ErrorKind::ServerError, "error")
        .with_status(status)
        .with_provider(provider)
}

/// Classifies an error object that arrived inside a 200 stream (Anthropic `error` event,
/// OpenAI `{"error": …}` chunk, Ollama `{"error": …}` line, Bedrock exception frame).
pub fn classify_stream_error(_error: &serde_json::Value, provider: &str) -> ProviderError {
    ProviderError::new(ErrorKind::ServerError, "error").with_provider(provider)
}

/// Whether a provider's error message says the prompt is longer than the context window.
pub fn is_context_length_message(_message: &str) -> bool {
    false
}
