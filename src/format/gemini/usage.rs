//! `usageMetadata` → normalized [`Usage`].
//!
//! Gemini reports the parts apart, so they are added (DESIGN §3.2):
//! * `inputTokens` = `promptTokenCount` (which already includes `cachedContentTokenCount`)
//!   plus `toolUsePromptTokenCount`. The tool-use prompt (search results, fetched pages, file
//!   search chunks the server fed back to the model) is billed as input and is *not* part of
//!   `promptTokenCount`: in the corpus `totalTokenCount` = prompt + candidates + toolUse +
//!   thoughts exactly (`test_google_model_file_search_grounding_gemini_3_True`: 427 + 122 +
//!   771 + 447 = 1767), so leaving it out would under-count the prompt;
//! * `outputTokens` = `candidatesTokenCount` + `thoughtsTokenCount` (thoughts are billed as
//!   output and reported apart);
//! * `cacheReadTokens` = `cachedContentTokenCount`, `reasoningTokens` = `thoughtsTokenCount`.
//!
//! The counts are cumulative: every chunk repeats the running totals and the last report wins.
//! A `usageMetadata` without any count (Vertex sends `{"trafficType": …}` alone on partial
//! chunks) is not a report.

use crate::chunk::Usage;
use crate::format::wire_util::u64_of;
use serde_json::Value;

const COUNTS: [&str; 6] = [
    "promptTokenCount",
    "candidatesTokenCount",
    "totalTokenCount",
    "thoughtsTokenCount",
    "cachedContentTokenCount",
    "toolUsePromptTokenCount",
];

/// Parses `usageMetadata`; `None` when it holds no token count.
pub(super) fn parse(meta: Option<&Value>) -> Option<Usage> {
    let m = meta.filter(|m| COUNTS.iter().any(|k| m.get(*k).is_some()))?;
    let thoughts = u64_of(m, "thoughtsTokenCount");
    Some(Usage {
        // Saturating: the counts are the provider's numbers, up to u64::MAX (found by fuzzing).
        input_tokens: u64_of(m, "promptTokenCount")
            .saturating_add(u64_of(m, "toolUsePromptTokenCount")),
        output_tokens: u64_of(m, "candidatesTokenCount").saturating_add(thoughts),
        cache_read_tokens: u64_of(m, "cachedContentTokenCount"),
        cache_write_tokens: 0,
        reasoning_tokens: thoughts,
        total_cost: None,
        estimated: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parts_are_added() {
        let u = parse(Some(&json!({
            "promptTokenCount": 427, "candidatesTokenCount": 122, "totalTokenCount": 1767,
            "toolUsePromptTokenCount": 771, "thoughtsTokenCount": 447,
            "cachedContentTokenCount": 100
        })))
        .unwrap();
        assert_eq!(u.input_tokens + u.output_tokens, 1767);
        assert_eq!((u.input_tokens, u.output_tokens), (1198, 569));
        assert_eq!((u.cache_read_tokens, u.reasoning_tokens), (100, 447));
        assert_eq!(parse(Some(&json!({"trafficType": "ON_DEMAND"}))), None);
        // Counts whose sum overflows saturate instead of panicking (a fuzzing finding).
        let huge = parse(Some(&json!({
            "promptTokenCount": u64::MAX, "toolUsePromptTokenCount": 5,
            "candidatesTokenCount": u64::MAX, "thoughtsTokenCount": 7
        })))
        .unwrap();
        assert_eq!(
            (huge.input_tokens, huge.output_tokens),
            (u64::MAX, u64::MAX)
        );
        assert_eq!(parse(None), None);
    }
}
