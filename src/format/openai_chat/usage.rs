//! Usage normalization for Chat Completions and its compatible hosts (DESIGN §3.2).
//!
//! OpenAI's `prompt_tokens` already includes cached tokens and `completion_tokens` already
//! includes reasoning tokens, which is aster's convention, so most hosts map field by field.
//! The differences between hosts, each seen in the corpus:
//!
//! * cache reads: `prompt_tokens_details.cached_tokens` (OpenAI and most hosts),
//!   `prompt_cache_hit_tokens` (DeepSeek, which also sends the former), or a top-level
//!   `usage.cached_tokens` (Hugging Face router → Together);
//! * cache writes: `prompt_tokens_details.cache_write_tokens` (OpenRouter);
//! * xAI reports `completion_tokens` *without* the reasoning tokens (its `total_tokens` is
//!   prompt + completion + reasoning): detected by that sum and corrected, so `outputTokens`
//!   always includes reasoning;
//! * cost: OpenRouter `usage.cost` (USD), xAI `usage.cost_in_usd_ticks` (1e-10 USD), or a
//!   top-level chunk `cost` (OpenCode, as a string). A reported cost wins over the price table.

use super::json::{as_float, count_field, non_null};
use crate::chunk::Usage;
use serde_json::Value;

/// xAI bills in ticks of 1e-10 USD.
const USD_PER_XAI_TICK: f64 = 1e-10;

/// Normalizes an OpenAI-style `usage` object. `None` when it carries no token counts at all.
pub(crate) fn usage_from(u: &Value) -> Option<Usage> {
    let prompt = count_field(u, "prompt_tokens");
    let completion = count_field(u, "completion_tokens");
    if prompt.is_none() && completion.is_none() {
        return None;
    }
    let input_tokens = prompt.unwrap_or(0);
    let mut output_tokens = completion.unwrap_or(0);
    let prompt_details = non_null(u, "prompt_tokens_details");
    let completion_details = non_null(u, "completion_tokens_details");

    let cache_read_tokens = prompt_details
        .and_then(|d| count_field(d, "cached_tokens"))
        .or_else(|| count_field(u, "prompt_cache_hit_tokens"))
        .or_else(|| count_field(u, "cached_tokens"))
        .unwrap_or(0);
    let cache_write_tokens = prompt_details
        .and_then(|d| count_field(d, "cache_write_tokens"))
        .or_else(|| count_field(u, "cache_creation_input_tokens"))
        .unwrap_or(0);
    let reasoning_tokens = completion_details
        .and_then(|d| count_field(d, "reasoning_tokens"))
        .unwrap_or(0);

    // xAI: total = prompt + completion + reasoning means completion excluded reasoning.
    if reasoning_tokens > 0 {
        if let Some(total) = count_field(u, "total_tokens") {
            let sum = input_tokens
                .saturating_add(output_tokens)
                .saturating_add(reasoning_tokens);
            if total == sum {
                output_tokens = output_tokens.saturating_add(reasoning_tokens);
            }
        }
    }

    Some(Usage {
        input_tokens,
        output_tokens,
        cache_read_tokens,
        cache_write_tokens,
        reasoning_tokens,
        total_cost: cost_from(u),
        // aster's own gateway marks estimated usage (an extra field other hosts never send).
        estimated: u.get("estimated").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// A provider-reported cost inside a usage object.
pub(crate) fn cost_from(u: &Value) -> Option<f64> {
    if let Some(c) = non_null(u, "cost").and_then(as_float) {
        return Some(c);
    }
    non_null(u, "cost_in_usd_ticks")
        .and_then(as_float)
        .map(|ticks| ticks * USD_PER_XAI_TICK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn xai_completion_tokens_exclude_reasoning() {
        let u = json!({"prompt_tokens": 12, "completion_tokens": 1, "total_tokens": 241,
            "prompt_tokens_details": {"cached_tokens": 2},
            "completion_tokens_details": {"reasoning_tokens": 228},
            "cost_in_usd_ticks": 1176500});
        let u = usage_from(&u).unwrap_or_default();
        assert_eq!(u.output_tokens, 229);
        assert_eq!(u.reasoning_tokens, 228);
        assert_eq!(u.cache_read_tokens, 2);
        let cost = u.total_cost.unwrap_or(0.0);
        assert!((cost - 0.000_117_65).abs() < 1e-12);
    }

    #[test]
    fn openai_completion_tokens_include_reasoning() {
        let u = json!({"prompt_tokens": 17, "completion_tokens": 1107, "total_tokens": 1124,
            "completion_tokens_details": {"reasoning_tokens": 963}});
        let u = usage_from(&u).unwrap_or_default();
        assert_eq!(u.output_tokens, 1107);
        assert_eq!(u.reasoning_tokens, 963);
    }

    #[test]
    fn empty_usage_is_none() {
        assert_eq!(usage_from(&json!({"queue_time": 0.1})), None);
    }
}
