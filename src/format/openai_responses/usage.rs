//! Responses `usage` → normalized [`Usage`].
//!
//! OpenAI already reports in the normalized shape: `input_tokens` includes cached tokens
//! (`input_tokens_details.cached_tokens`) and cache writes (`cache_write_tokens`, where a host
//! reports them), and `output_tokens` includes `output_tokens_details.reasoning_tokens`. So the
//! numbers pass through unchanged; only the parts are picked out. A provider-reported cost wins
//! over the price table: xAI's `cost_in_usd_ticks` (10^10 ticks per USD) and OpenRouter's `cost`
//! (USD).

use crate::chunk::Usage;
use crate::format::wire_util::u64_of;
use serde_json::Value;

/// xAI bills in ticks: 1 USD = 10,000,000,000 ticks (docs.x.ai, "Cost Tracking").
const XAI_TICKS_PER_USD: f64 = 1e10;

/// Parses a `usage` object; `None` when the response carries none (`null`, absent).
pub(super) fn parse(usage: Option<&Value>) -> Option<Usage> {
    let u = usage.filter(|u| u.is_object())?;
    let empty = Value::Null;
    let input_details = u.get("input_tokens_details").unwrap_or(&empty);
    let output_details = u.get("output_tokens_details").unwrap_or(&empty);
    let total_cost = match u.get("cost_in_usd_ticks").and_then(Value::as_f64) {
        Some(ticks) => Some(ticks / XAI_TICKS_PER_USD),
        None => u.get("cost").and_then(Value::as_f64),
    };
    Some(Usage {
        input_tokens: u64_of(u, "input_tokens"),
        output_tokens: u64_of(u, "output_tokens"),
        cache_read_tokens: u64_of(input_details, "cached_tokens"),
        cache_write_tokens: u64_of(input_details, "cache_write_tokens"),
        reasoning_tokens: u64_of(output_details, "reasoning_tokens"),
        total_cost,
        estimated: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parts_are_picked_out_of_inclusive_totals() {
        let u = parse(Some(&json!({
            "input_tokens": 216, "input_tokens_details": {"cached_tokens": 192},
            "output_tokens": 863, "output_tokens_details": {"reasoning_tokens": 237},
            "total_tokens": 1079
        })))
        .unwrap();
        assert_eq!(u.input_tokens, 216);
        assert_eq!(u.cache_read_tokens, 192);
        assert_eq!(u.output_tokens, 863);
        assert_eq!(u.reasoning_tokens, 237);
        assert_eq!(u.total_cost, None);
        assert!(!u.estimated);
    }

    #[test]
    fn provider_costs() {
        let x = parse(Some(
            &json!({"input_tokens": 1, "cost_in_usd_ticks": 37756000}),
        ))
        .unwrap();
        assert!((x.total_cost.unwrap() - 0.0037756).abs() < 1e-12);
        let o = parse(Some(&json!({"input_tokens": 1, "cost": 1.13e-05}))).unwrap();
        assert_eq!(o.total_cost, Some(1.13e-05));
        assert_eq!(parse(Some(&Value::Null)), None);
        assert_eq!(parse(None), None);
    }
}
