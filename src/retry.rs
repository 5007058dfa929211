//! Retry policy: backoff with full jitter, retry-after parsing, the retry decision (DESIGN §3.4).

/// Retry settings (the seed's `RetryConfig`).
#[derive(Clone, Debug, PartialEq)]
pub struct RetryConfig {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff delay.
    pub initial_delay_ms: u64,
    /// Largest backoff delay.
    pub max_delay_ms: u64,
    /// Growth factor per attempt.
    pub backoff_multiplier: f64,
}
