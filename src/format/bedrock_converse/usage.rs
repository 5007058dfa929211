//! Converse usage → the normalized [`Usage`].
//!
//! Like Anthropic, Bedrock reports the prompt in disjoint parts: `inputTokens` excludes the
//! cache. The corpus shows it: `cassettes/bedrock/test_bedrock_cache_messages_with_document_as_last_content/01`
//! has `inputTokens` 3, `cacheReadInputTokens` 1712, `cacheWriteInputTokens` 236,
//! `outputTokens` 121 and `totalTokens` 2072 = 3 + 1712 + 236 + 121. aster's `inputTokens` is
//! the sum of the three.

use crate::chunk::Usage;
use serde_json::Value;

fn field(v: &Value, keys: &[&str]) -> u64 {
    keys.iter()
        .find_map(|k| crate::format::wire_util::count_field(v, k))
        .unwrap_or(0)
}

/// Normalizes a Converse `usage` object.
pub(crate) fn usage_from(v: &Value) -> Usage {
    // `cache*InputTokenCount` are older duplicates of the `cache*InputTokens` fields.
    let cache_read = field(v, &["cacheReadInputTokens", "cacheReadInputTokenCount"]);
    let cache_write = field(v, &["cacheWriteInputTokens", "cacheWriteInputTokenCount"]);
    Usage {
        input_tokens: field(v, &["inputTokens"])
            .saturating_add(cache_read)
            .saturating_add(cache_write),
        output_tokens: field(v, &["outputTokens"]),
        cache_read_tokens: cache_read,
        cache_write_tokens: cache_write,
        reasoning_tokens: 0,
        total_cost: None,
        estimated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn input_is_the_sum_of_its_parts() {
        let u = usage_from(&json!({
            "inputTokens": 3, "outputTokens": 121, "cacheReadInputTokens": 1712,
            "cacheWriteInputTokens": 236, "totalTokens": 2072
        }));
        assert_eq!(u.input_tokens + u.output_tokens, 2072);
        assert_eq!((u.cache_read_tokens, u.cache_write_tokens), (1712, 236));
    }
}
