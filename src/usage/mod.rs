//! Usage estimation and cost (DESIGN §3.2).
//!
//! * [`cost`] prices a [`Usage`] with a [`ModelPrice`]; [`fill_cost`] does it for a finished
//!   response, consulting the caller's [`PriceOverrides`] before the model catalog and leaving a
//!   provider-reported cost (OpenRouter `usage.cost`) alone.
//! * [`UsageEstimator`] estimates the usage of a response whose provider reported none (or
//!   whose stream was cut): prompt tokens from the request ([`estimate_request_tokens`]),
//!   output tokens from the generated text ([`estimate_text_tokens`]).

use crate::chunk::Usage;
use crate::message::Request;
use crate::models::{self, ModelPrice};
use alloc::collections::BTreeMap;
use alloc::string::String;
use serde::{Deserialize, Serialize};

mod body;
mod prompt;
mod tokens;

pub use body::estimate_body_tokens;
pub use prompt::estimate_request_tokens;
pub use tokens::estimate_text_tokens;

/// Estimates tokens from a UTF-8 byte length (about four bytes a token for English text).
/// For when only a length is at hand; [`estimate_text_tokens`] is better when the text is.
pub fn estimate_tokens_from_len(bytes: u64) -> u64 {
    bytes.div_ceil(4)
}

/// The cost in USD of `usage` at `price`.
///
/// Each input kind is priced at its own rate: uncached prompt tokens at `input`, cache reads at
/// `cache_read`, cache writes at `cache_write`; output tokens (reasoning included) at `output`.
/// An unknown cache rate falls back to the input rate: for reads that assumes no discount (so
/// the cost is never under-stated), for writes it is exactly right for the providers that list
/// no write price (OpenAI, Gemini, xAI charge cache writes as plain input).
pub fn cost(usage: &Usage, price: &ModelPrice) -> f64 {
    let at = |tokens: u64, per_million: f64| tokens as f64 * per_million / 1_000_000.0;
    at(usage.uncached_input_tokens(), price.input)
        + at(
            usage.cache_read_tokens,
            price.cache_read.unwrap_or(price.input),
        )
        + at(
            usage.cache_write_tokens,
            price.cache_write.unwrap_or(price.input),
        )
        + at(usage.output_tokens, price.output)
}

/// User price overrides, consulted before the catalog: keys are `provider/model` (checked
/// first) or a bare model id. Serialized as a plain JSON/TOML map of
/// `{"input", "output", "cacheRead"?, "cacheWrite"?}` in USD per million tokens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PriceOverrides {
    prices: BTreeMap<String, ModelPrice>,
}

impl PriceOverrides {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the price for `key` (`provider/model` or a model id).
    pub fn insert(&mut self, key: impl Into<String>, price: ModelPrice) {
        self.prices.insert(key.into(), price);
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.prices.is_empty()
    }

    /// The override for `model` served by `provider`: `provider/model` first, then `model`.
    pub fn get(&self, provider: &str, model: &str) -> Option<&ModelPrice> {
        let mut key = String::with_capacity(provider.len() + 1 + model.len());
        key.push_str(provider);
        key.push('/');
        key.push_str(model);
        self.prices.get(&key).or_else(|| self.prices.get(model))
    }
}

/// The price of `model` served by `provider`: an override, else the catalog's.
pub fn price_for(
    provider: &str,
    model: &str,
    overrides: Option<&PriceOverrides>,
) -> Option<ModelPrice> {
    overrides
        .and_then(|o| o.get(provider, model).copied())
        .or_else(|| models::lookup(provider, model)?.price)
}

/// Sets `usage.total_cost` from the price of `model` served by `provider` (overrides first,
/// then the catalog), unless the provider already reported a cost, which always wins. Leaves
/// it `None` when the price is unknown. Returns the cost now in `usage`.
pub fn fill_cost(
    usage: &mut Usage,
    provider: &str,
    model: &str,
    overrides: Option<&PriceOverrides>,
) -> Option<f64> {
    if usage.total_cost.is_none() {
        usage.total_cost = price_for(provider, model, overrides).map(|p| cost(usage, &p));
    }
    usage.total_cost
}

/// Estimates the usage of a response the provider reported none for (DESIGN §3.2): the prompt
/// from the request, the output from the text seen so far, the cost from a price.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsageEstimator {
    /// Estimated prompt tokens.
    pub input_tokens: u64,
    /// Estimated generated tokens (text, reasoning and tool-call arguments).
    pub output_tokens: u64,
    /// Estimated cost in USD, once priced with [`UsageEstimator::price`].
    pub estimated_cost: Option<f64>,
}

impl UsageEstimator {
    /// An estimator with nothing counted.
    pub fn new() -> Self {
        Self::default()
    }

    /// An estimator whose prompt is `req` sent to `model`.
    pub fn for_request(req: &Request, model: &str) -> Self {
        UsageEstimator {
            input_tokens: estimate_request_tokens(req, model),
            ..Self::default()
        }
    }

    /// Counts generated text (a text, reasoning or tool-argument delta).
    pub fn add_output(&mut self, text: &str) {
        self.output_tokens += estimate_text_tokens(text);
        self.estimated_cost = None;
    }

    /// Prices the estimate.
    pub fn price(&mut self, price: &ModelPrice) -> f64 {
        let c = cost(&self.usage_without_cost(), price);
        self.estimated_cost = Some(c);
        c
    }

    /// The estimate as a [`Usage`] marked `estimated`.
    pub fn usage(&self) -> Usage {
        Usage {
            total_cost: self.estimated_cost,
            ..self.usage_without_cost()
        }
    }

    fn usage_without_cost(&self) -> Usage {
        Usage {
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            estimated: true,
            ..Usage::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(input: u64, read: u64, write: u64, output: u64) -> Usage {
        Usage {
            input_tokens: input,
            cache_read_tokens: read,
            cache_write_tokens: write,
            output_tokens: output,
            ..Usage::default()
        }
    }

    #[test]
    fn prices_each_input_kind_at_its_rate() {
        let p = ModelPrice {
            input: 3.0,
            output: 15.0,
            cache_read: Some(0.3),
            cache_write: Some(3.75),
        };
        // 1M uncached + 1M read + 1M write + 1M out.
        let c = cost(&usage(3_000_000, 1_000_000, 1_000_000, 1_000_000), &p);
        assert!((c - (3.0 + 0.3 + 3.75 + 15.0)).abs() < 1e-9);
    }

    #[test]
    fn unknown_cache_rates_fall_back_to_input() {
        let c = cost(
            &usage(2_000_000, 1_000_000, 1_000_000, 0),
            &ModelPrice::new(2.0, 8.0),
        );
        assert!((c - 4.0).abs() < 1e-9);
    }

    #[test]
    fn inconsistent_usage_does_not_underflow() {
        let c = cost(&usage(10, 20, 20, 0), &ModelPrice::new(1.0, 1.0));
        assert!((c - 40.0 / 1e6).abs() < 1e-12);
    }

    #[test]
    fn reported_cost_wins_and_overrides_beat_the_catalog() {
        let mut u = usage(1_000_000, 0, 0, 0);
        u.total_cost = Some(0.5);
        assert_eq!(fill_cost(&mut u, "openai", "gpt-4o", None), Some(0.5));

        let mut o = PriceOverrides::new();
        o.insert("openai/gpt-4o", ModelPrice::new(1.0, 1.0));
        o.insert("gpt-4o", ModelPrice::new(7.0, 7.0));
        let mut u = usage(1_000_000, 0, 0, 0);
        assert_eq!(fill_cost(&mut u, "openai", "gpt-4o", Some(&o)), Some(1.0));
        let mut u = usage(1_000_000, 0, 0, 0);
        assert_eq!(fill_cost(&mut u, "azure", "gpt-4o", Some(&o)), Some(7.0));
        let mut u = usage(1_000_000, 0, 0, 0);
        assert_eq!(
            fill_cost(&mut u, "sagemaker_tgi", "my-endpoint", Some(&o)),
            None
        );
    }

    #[test]
    fn estimator_counts_and_prices() {
        let mut e = UsageEstimator::new();
        e.input_tokens = 1_000_000;
        e.add_output("Hello, world!");
        assert_eq!(e.output_tokens, 4);
        let c = e.price(&ModelPrice::new(1.0, 1_000_000.0));
        assert!((c - 5.0).abs() < 1e-9);
        let u = e.usage();
        assert!(u.estimated);
        assert_eq!(u.total_cost, Some(c));
    }
}
