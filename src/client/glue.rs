//! The client's links to the retry policy and the price table.

use crate::chunk::Usage;
use crate::error::ProviderError;
use crate::retry::{decide, RetryConfig, RetryDecision};

/// `Some(delay)` when a new attempt may run after `retries_done` retries, after `delay` ms
/// (DESIGN §3.4, `retry::decide`). Only called while no output reached the caller.
pub(super) fn retry_delay(
    cfg: &RetryConfig,
    retries_done: u32,
    e: &ProviderError,
    jitter: f64,
) -> Option<u64> {
    match decide(cfg, retries_done, e, false, jitter) {
        RetryDecision::Retry { delay_ms } => Some(delay_ms),
        RetryDecision::GiveUp(_) => None,
    }
}

/// Fills in `totalCost` from the price table when the provider did not report it.
pub(super) fn fill_cost(provider: &str, model: &str, usage: &mut Usage) {
    if !model.is_empty() {
        crate::usage::fill_cost(usage, provider, model, None);
    }
}
