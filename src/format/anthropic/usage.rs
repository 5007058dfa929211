//! Anthropic usage ⇄ the normalized [`Usage`].
//!
//! Anthropic reports the prompt in three disjoint parts: `input_tokens` (uncached),
//! `cache_read_input_tokens` and `cache_creation_input_tokens`. aster's `inputTokens` is their
//! sum (DESIGN §3.2); the gateway converts back.
//!
//! `usage.iterations` (compaction, advisor and server-side fallback steps, see
//! `chunks/anthropic/anthropic-compaction.1.json`, `anthropic-fallback.json`) is not added in:
//! those steps can run on other models at other prices, and the top-level numbers are what the
//! message itself consumed.

use crate::chunk::Usage;
use serde_json::{json, Value};

/// One message's usage as Anthropic reports it, before normalization.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RawUsage {
    /// Uncached prompt tokens.
    pub input: u64,
    /// Generated tokens.
    pub output: u64,
    /// Prompt tokens read from the cache.
    pub cache_read: u64,
    /// Prompt tokens written to the cache.
    pub cache_write: u64,
    /// Thinking tokens (`output_tokens_details.thinking_tokens`), part of `output`.
    pub reasoning: u64,
}

fn field(v: &Value, key: &str) -> Option<u64> {
    crate::format::wire_util::count_field(v, key)
}

/// The counts a `usage` object holds (each `None` when absent or not a count): what
/// [`RawUsage::apply`] overrides. Read from a `Value` here, or by the stream's light scan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct UsagePatch {
    pub input: Option<u64>,
    pub output: Option<u64>,
    pub cache_read: Option<u64>,
    pub cache_write: Option<u64>,
    /// `output_tokens_details.thinking_tokens`.
    pub reasoning: Option<u64>,
}

impl UsagePatch {
    /// The counts of a `usage` value (any value: one that is not an object holds none).
    pub fn from_value(v: &Value) -> UsagePatch {
        UsagePatch {
            input: field(v, "input_tokens"),
            output: field(v, "output_tokens"),
            cache_read: field(v, "cache_read_input_tokens"),
            cache_write: field(v, "cache_creation_input_tokens"),
            reasoning: v
                .get("output_tokens_details")
                .and_then(|d| field(d, "thinking_tokens")),
        }
    }
}

impl RawUsage {
    /// Reads a `usage` object. Missing fields are zero.
    pub fn parse(v: &Value) -> RawUsage {
        let mut u = RawUsage::default();
        u.update(v);
        u
    }

    /// Overrides the fields present in `v` (a `message_delta` usage carries the final output
    /// count and, on newer API versions, the final input/cache counts:
    /// `chunks/anthropic/anthropic-message-delta-input-tokens.chunks.txt`).
    pub fn update(&mut self, v: &Value) {
        self.apply(&UsagePatch::from_value(v));
    }

    /// Overrides the fields `p` holds.
    pub fn apply(&mut self, p: &UsagePatch) {
        let fields = [
            (&mut self.input, p.input),
            (&mut self.output, p.output),
            (&mut self.cache_read, p.cache_read),
            (&mut self.cache_write, p.cache_write),
            (&mut self.reasoning, p.reasoning),
        ];
        for (field, n) in fields {
            if let Some(n) = n {
                *field = n;
            }
        }
    }

    /// Adds another message's usage (a stream that carries several messages back to back).
    pub fn add(&mut self, o: &RawUsage) {
        self.input = self.input.saturating_add(o.input);
        self.output = self.output.saturating_add(o.output);
        self.cache_read = self.cache_read.saturating_add(o.cache_read);
        self.cache_write = self.cache_write.saturating_add(o.cache_write);
        self.reasoning = self.reasoning.saturating_add(o.reasoning);
    }

    /// The normalized usage: `input_tokens` is uncached + cache read + cache write.
    pub fn normalize(&self) -> Usage {
        Usage {
            input_tokens: self
                .input
                .saturating_add(self.cache_read)
                .saturating_add(self.cache_write),
            output_tokens: self.output,
            cache_read_tokens: self.cache_read,
            cache_write_tokens: self.cache_write,
            reasoning_tokens: self.reasoning,
            total_cost: None,
            estimated: false,
        }
    }
}

/// A normalized usage written back in Anthropic's convention (`input_tokens` = uncached only).
pub fn to_anthropic(u: &Usage) -> Value {
    json!({
        "input_tokens": u.uncached_input_tokens(),
        "cache_creation_input_tokens": u.cache_write_tokens,
        "cache_read_input_tokens": u.cache_read_tokens,
        "output_tokens": u.output_tokens,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cache_parts_into_input() {
        let u = RawUsage::parse(&json!({
            "input_tokens": 3, "cache_read_input_tokens": 1712,
            "cache_creation_input_tokens": 236, "output_tokens": 121
        }))
        .normalize();
        assert_eq!(u.input_tokens, 3 + 1712 + 236);
        assert_eq!(u.uncached_input_tokens(), 3);
        assert_eq!(to_anthropic(&u)["input_tokens"], 3);
        assert_eq!(to_anthropic(&u)["cache_read_input_tokens"], 1712);
    }

    #[test]
    fn delta_overrides_only_present_fields() {
        let mut u = RawUsage::parse(&json!({"input_tokens": 17, "output_tokens": 1}));
        u.update(&json!({"output_tokens": 227}));
        assert_eq!((u.input, u.output), (17, 227));
    }
}
