//! Retry policy: backoff with full jitter, retry-after parsing, the retry decision (DESIGN §3.4).
//!
//! Everything here is a pure function of its inputs: the caller passes the time (`now`) and a
//! random number (`jitter` in `[0, 1)`), so the policy is testable without clocks and works the
//! same natively and in wasm. The client loop is:
//!
//! ```text
//! attempt → error → classify (which reads retry-after) → decide(cfg, retries_done, &err,
//!     output_emitted, jitter) → Retry { delay_ms } (sleep, then attempt again) | GiveUp
//! ```
//!
//! Decisions, in order (first match wins):
//! 1. output was already emitted to the caller → give up: output is never duplicated;
//! 2. the error is not retryable → give up (see [`is_retryable`]);
//! 3. `max_retries` retries were already made → give up;
//! 4. the provider asked for a wait (`retry_after_ms`) longer than `max_retry_after_ms` → give
//!    up at once (fail fast); the wait stays in the error for the caller to see;
//! 5. the provider asked for a wait → wait exactly that long (never less);
//! 6. otherwise exponential backoff with full jitter: `jitter × min(max_delay, initial ×
//!    multiplier^retries_done)`.

use crate::error::{ErrorKind, ProviderError};

// A leaf (headers and numbers in, milliseconds out) that `error` reads too: error
// classification imports it directly, so error.rs → retry/after.rs and retry.rs → error.rs
// form no cycle.
pub(crate) mod after;
pub use after::{
    hint_from_headers, parse_duration_ms, parse_retry_after, parse_rfc3339_ms, reset_from_headers,
    retry_after_from_headers,
};

/// Retry settings (the seed's `RetryConfig`, plus the fail-fast cap and Ollama's retry-all).
///
/// Read from the `[retry]` TOML table, a JS object or the gateway's configuration by one parser,
/// `RetryConfig::from_value` (in `provider::config_parse`): missing fields take the general
/// defaults ([`RetryConfig::default`]), both `snake_case` and `camelCase` names are read, and
/// out-of-range values are `config` errors.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryConfig {
    /// Retries after the first attempt (`0` disables retrying).
    pub max_retries: u32,
    /// Backoff ceiling for the first retry, in milliseconds.
    pub initial_delay_ms: u64,
    /// Largest backoff delay, in milliseconds.
    pub max_delay_ms: u64,
    /// Growth factor of the backoff ceiling per retry.
    pub backoff_multiplier: f64,
    /// A provider-requested wait longer than this fails at once instead of sleeping (the wait
    /// is reported in the error's `retry_after_ms`).
    pub max_retry_after_ms: u64,
    /// Retry every error, not only transient ones (the seed's Ollama `retryAllErrors`: a local
    /// server that is still loading a model fails with arbitrary errors). Aborts and
    /// configuration errors are still never retried, and emitted output still ends retrying.
    pub retry_all_errors: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::DEFAULT
    }
}

impl RetryConfig {
    /// The general default: 3 retries, 1 s initial, 30 s cap, ×2, honour waits up to 60 s.
    pub const DEFAULT: RetryConfig = RetryConfig {
        max_retries: 3,
        initial_delay_ms: 1_000,
        max_delay_ms: 30_000,
        backoff_multiplier: 2.0,
        max_retry_after_ms: 60_000,
        retry_all_errors: false,
    };

    /// A configuration that never retries.
    pub fn none() -> Self {
        RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        }
    }
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Sleep `delay_ms`, then try again.
    Retry {
        /// How long to wait before the next attempt.
        delay_ms: u64,
    },
    /// Report the error to the caller.
    GiveUp(GiveUpReason),
}

/// Why [`decide`] gave up (for logs and tests; the caller reports the error either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GiveUpReason {
    /// Output already reached the caller; a retry would duplicate it.
    OutputEmitted,
    /// The error is permanent (bad request, credentials, quota, …).
    NotRetryable,
    /// `max_retries` retries were made.
    Exhausted,
    /// The provider asked for a wait longer than `max_retry_after_ms`: fail fast.
    RetryAfterTooLong,
}

/// Whether `err` is worth retrying under `cfg`, before attempts and emitted output are
/// considered: 408, 409, 429 (except exhausted quota/billing), 5xx, 529, network errors,
/// timeouts; with `retry_all_errors`, everything except aborts and configuration errors.
pub fn is_retryable(cfg: &RetryConfig, err: &ProviderError) -> bool {
    if cfg.retry_all_errors {
        return !matches!(err.kind, ErrorKind::Aborted | ErrorKind::Config);
    }
    err.is_retryable()
}

/// The backoff for the retry after `retries_done` retries: full jitter over an exponential
/// ceiling, `jitter × min(max_delay_ms, initial_delay_ms × multiplier^retries_done)`.
/// `jitter` is clamped to `[0, 1]` (NaN counts as 0).
pub fn backoff_delay_ms(cfg: &RetryConfig, retries_done: u32, jitter: f64) -> u64 {
    let cap = cfg.max_delay_ms as f64;
    let mult = if cfg.backoff_multiplier.is_finite() && cfg.backoff_multiplier > 0.0 {
        cfg.backoff_multiplier
    } else {
        1.0
    };
    // `powi` is not in `core`; multiply step by step and stop at the cap (which also keeps a
    // huge `retries_done` from looping long).
    let mut ceiling = cfg.initial_delay_ms as f64;
    for _ in 0..retries_done {
        if ceiling >= cap {
            break;
        }
        ceiling *= mult;
    }
    if ceiling > cap {
        ceiling = cap;
    }
    let j = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(0.0, 1.0)
    };
    // `as` saturates on overflow; the value is finite and non-negative here.
    (ceiling * j) as u64
}

/// The retry decision (see the module docs for the rules, in order).
///
/// `retries_done` counts the retries already made (0 after the first attempt failed);
/// `output_emitted` is whether any caller-visible output ([`crate::Chunk::is_output`]) was
/// emitted by the failed attempt; `jitter` is a random number in `[0, 1)`.
pub fn decide(
    cfg: &RetryConfig,
    retries_done: u32,
    err: &ProviderError,
    output_emitted: bool,
    jitter: f64,
) -> RetryDecision {
    if output_emitted {
        return RetryDecision::GiveUp(GiveUpReason::OutputEmitted);
    }
    if !is_retryable(cfg, err) {
        return RetryDecision::GiveUp(GiveUpReason::NotRetryable);
    }
    if retries_done >= cfg.max_retries {
        return RetryDecision::GiveUp(GiveUpReason::Exhausted);
    }
    match err.retry_after_ms {
        Some(wait) if wait > cfg.max_retry_after_ms => {
            RetryDecision::GiveUp(GiveUpReason::RetryAfterTooLong)
        }
        Some(wait) => RetryDecision::Retry { delay_ms: wait },
        None => RetryDecision::Retry {
            delay_ms: backoff_delay_ms(cfg, retries_done, jitter),
        },
    }
}

#[cfg(test)]
mod tests;
