//! [`ProviderError`]: every failure aster reports, with a stable `code` for JS (DESIGN §3.3).
//!
//! The seed's enum variants (`AuthenticationError`, `RateLimitError {retry_after}`, …) become
//! [`ErrorKind`]s of one struct, because every kind needs the same context (status, provider,
//! request id, retry-after): a struct keeps that in one place instead of on thirteen variants.
//! Classification of HTTP status + headers + body lives in `error/classify.rs`.

use alloc::string::String;
use core::fmt;

mod classify;
pub use classify::{
    actionable_headers, classify, classify_stream_error, classify_stream_exception,
    is_context_length_message, is_quota_exhausted,
};

/// What went wrong, as a closed set. [`ErrorKind::code`] gives the JS `code` string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Missing, invalid or unauthorized credentials (401, 403).
    AuthenticationError,
    /// Too many requests (429, quota).
    RateLimitError,
    /// Unknown model or deployment (404 on a model).
    ModelNotFound,
    /// The request was rejected as invalid (400, 413, 422).
    InvalidRequest,
    /// The prompt (plus max tokens) exceeds the model's context window.
    ContextLengthExceeded,
    /// The provider is overloaded (Anthropic 529, 503 "overloaded").
    Overloaded,
    /// Another 5xx from the provider.
    ServerError,
    /// Connection failed or was reset; the stream ended early.
    NetworkError,
    /// No first byte, or no data for too long.
    Timeout,
    /// Cancelled by the caller (AbortSignal, stream cancelled).
    Aborted,
    /// Upstream data could not be decoded (malformed SSE, JSON, frame, CRC).
    Decode,
    /// aster was configured wrongly (missing key, bad TOML, unknown provider).
    Config,
    /// A bug or an unexpected state inside aster.
    InternalError,
}

impl ErrorKind {
    /// The stable JS `code` string.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::AuthenticationError => "authentication",
            ErrorKind::RateLimitError => "rate_limit",
            ErrorKind::ModelNotFound => "model_not_found",
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::ContextLengthExceeded => "context_length_exceeded",
            ErrorKind::Overloaded => "overloaded",
            ErrorKind::ServerError => "server_error",
            ErrorKind::NetworkError => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Decode => "decode",
            ErrorKind::Config => "config",
            ErrorKind::InternalError => "internal",
        }
    }

    /// Every kind, for tests and documentation.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::AuthenticationError,
        ErrorKind::RateLimitError,
        ErrorKind::ModelNotFound,
        ErrorKind::InvalidRequest,
        ErrorKind::ContextLengthExceeded,
        ErrorKind::Overloaded,
        ErrorKind::ServerError,
        ErrorKind::NetworkError,
        ErrorKind::Timeout,
        ErrorKind::Aborted,
        ErrorKind::Decode,
        ErrorKind::Config,
        ErrorKind::InternalError,
    ];

    /// Whether an error of this kind is worth retrying at all (the retry decision also looks
    /// at the status and whether output was already emitted; see `retry::decide`).
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimitError
                | ErrorKind::Overloaded
                | ErrorKind::ServerError
                | ErrorKind::NetworkError
                | ErrorKind::Timeout
        )
    }
}

/// A failure, with everything a caller needs to react to it. Never contains a credential.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderError {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Human-readable message (the provider's own message where there is one).
    pub message: String,
    /// HTTP status, when the error came from a response.
    pub status: Option<u16>,
    /// aster provider name, when known.
    pub provider: Option<String>,
    /// The provider's request id (`request-id`, `x-request-id`, `x-amzn-requestid`, …).
    pub request_id: Option<String>,
    /// How long the provider asked us to wait before retrying, in milliseconds.
    pub retry_after_ms: Option<u64>,
    /// The provider's own error type/code string (`overloaded_error`, `RESOURCE_EXHAUSTED`, …).
    pub provider_code: Option<String>,
}

impl ProviderError {
    /// An error of `kind` with `message` and no other context.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ProviderError {
            kind,
            message: message.into(),
            status: None,
            provider: None,
            request_id: None,
            retry_after_ms: None,
            provider_code: None,
        }
    }

    /// A `config` error.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// An `invalid_request` error.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidRequest, message)
    }

    /// A `decode` error (malformed upstream data).
    pub fn decode(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Decode, message)
    }

    /// A `network` error.
    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NetworkError, message)
    }

    /// An `internal` error.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InternalError, message)
    }

    /// Sets the provider name.
    pub fn with_provider(mut self, provider: impl Into<String>) -> Self {
        self.provider = Some(provider.into());
        self
    }

    /// Sets the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the retry-after hint in milliseconds.
    pub fn with_retry_after_ms(mut self, ms: u64) -> Self {
        self.retry_after_ms = Some(ms);
        self
    }

    /// The stable JS `code` string.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Whether retrying could help (before considering emitted output and attempts).
    pub fn is_retryable(&self) -> bool {
        // An exhausted quota or billing problem is a rate limit that waiting cannot fix.
        if is_quota_exhausted(self) {
            return false;
        }
        if self.kind.is_retryable() {
            return true;
        }
        // 408 Request Timeout and 409 Conflict are transient whatever their body says.
        matches!(self.status, Some(408) | Some(409))
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.provider {
            write!(f, "{p}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(s) = self.status {
            write!(f, " (HTTP {s})")?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ProviderError {}

/// Result alias used across the crate.
pub type Result<T, E = ProviderError> = core::result::Result<T, E>;
