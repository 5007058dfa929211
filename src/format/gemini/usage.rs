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
use crate::format::wire_util::as_count;
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
    let m = meta?;
    from_counts(|k| m.get(k).map(|v| as_count(v).unwrap_or(0)))
}

/// Parses the JSON text of a `usageMetadata`, as [`parse`] reads its value. With `fast-decode`,
/// an object whose counts are all `null` or plain integers is scanned; anything else (and
/// any doubt) is parsed as a `Value`, so [`parse`]'s lenient rules decide.
pub(super) fn parse_text(raw: &str) -> Option<Usage> {
    #[cfg(feature = "fast-decode")]
    if let Some(counts) = scan_counts(raw) {
        return from_counts(|k| {
            let i = COUNTS.iter().position(|c| *c == k)?;
            counts.get(i).copied().flatten()
        });
    }
    let meta: Option<Value> = serde_json::from_str(raw).ok();
    parse(meta.as_ref())
}

/// The [`COUNTS`] of a `usageMetadata` object (`Some(0)` for a `null` one, as [`as_count`]
/// leaves it unread), or `None` when the text is anything but an object of plain counts.
#[cfg(feature = "fast-decode")]
fn scan_counts(raw: &str) -> Option<[Option<u64>; 6]> {
    // The reference is a `Value`, which refuses numbers and strings a skip lets pass.
    let mut sc = crate::format::scan::Scan::as_value_would(raw);
    let mut counts = [None; 6];
    sc.object(|sc, key| match COUNTS.iter().position(|c| *c == key) {
        // A repeated key is left to `Value` (whose last occurrence wins).
        Some(i) => crate::format::scan::once(counts.get_mut(i)?, sc.opt_u64()?.unwrap_or(0)),
        None => sc.skip(),
    })?;
    sc.end()?;
    Some(counts)
}

/// For the fuzz target `scan_events`: whether [`parse_text`] reads `raw` as [`parse`] reads its
/// `Value` (the scanned counts against serde's).
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub fn usage_check(raw: &str) -> bool {
    let v: Option<Value> = serde_json::from_str(raw).ok();
    parse_text(raw) == parse(v.as_ref())
}

/// The usage from a reader of counts: `count(key)` is `None` when `key` is absent, else the
/// count (0 when unreadable).
fn from_counts(count: impl Fn(&str) -> Option<u64>) -> Option<Usage> {
    if !COUNTS.iter().any(|k| count(k).is_some()) {
        return None;
    }
    let c = |k: &str| count(k).unwrap_or(0);
    let thoughts = c("thoughtsTokenCount");
    Some(Usage {
        // Saturating: the counts are the provider's numbers, up to u64::MAX (found by fuzzing).
        input_tokens: c("promptTokenCount").saturating_add(c("toolUsePromptTokenCount")),
        output_tokens: c("candidatesTokenCount").saturating_add(thoughts),
        cache_read_tokens: c("cachedContentTokenCount"),
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

    /// The text reader agrees with the `Value` one, scanned or not.
    #[test]
    fn text_and_value_readers_agree() {
        for raw in [
            r#"{"promptTokenCount":3,"candidatesTokenCount":2,"totalTokenCount":5}"#,
            r#"{"promptTokenCount":null,"trafficType":"ON_DEMAND"}"#,
            r#"{"trafficType":"ON_DEMAND"}"#,
            r#"{"promptTokenCount":"7","thoughtsTokenCount":2.0}"#,
            r#"{"promptTokenCount":1,"promptTokenCount":9}"#,
            r#"{"promptTokenCount":-1,"candidatesTokenCount":[1]}"#,
            r#"{"promptTokenCount":18446744073709551615,"toolUsePromptTokenCount":9}"#,
            "[]",
            "7",
        ] {
            let v: Value = serde_json::from_str(raw).unwrap();
            assert_eq!(parse_text(raw), parse(Some(&v)), "{raw}");
        }
        // What a `Value` refuses beside the counts (found by fuzzing): no usage either way.
        for raw in [
            r#"{"candidatesTokenCount": 11,"x":57117e01111111110}"#,
            r#"{"candidatesTokenCount": 11,"x":"\ud800"}"#,
        ] {
            assert!(serde_json::from_str::<Value>(raw).is_err(), "{raw}");
            assert_eq!(parse_text(raw), None, "{raw}");
        }
    }
}
