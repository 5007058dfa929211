//! `finishReason` and `promptFeedback.blockReason` → [`FinishReason`].
//!
//! * `STOP` → `stop` (the emitter makes it `tool_calls` when the model called functions:
//!   Gemini says `STOP` either way);
//! * `MAX_TOKENS` → `length`;
//! * `SAFETY`, `RECITATION`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`,
//!   `IMAGE_PROHIBITED_CONTENT`, `IMAGE_RECITATION` → `content_filter`; so does a prompt
//!   blocked before generation (`promptFeedback.blockReason`, any value);
//! * `MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`,
//!   `MISSING_THOUGHT_SIGNATURE`, `MALFORMED_RESPONSE` → `error`. The model's output was
//!   unusable, but the HTTP exchange and the stream completed normally, so this is a finish
//!   (with the raw reason), not a thrown error: the caller sees whatever was produced and
//!   decides whether to ask again;
//! * `LANGUAGE`, `OTHER`, `NO_IMAGE`, `IMAGE_OTHER`, unknown values → `other`.

use crate::chunk::FinishReason;

/// Maps a candidate's `finishReason`.
pub(super) fn map(reason: &str) -> FinishReason {
    match reason {
        "STOP" => FinishReason::Stop,
        "MAX_TOKENS" => FinishReason::Length,
        "SAFETY"
        | "RECITATION"
        | "BLOCKLIST"
        | "PROHIBITED_CONTENT"
        | "SPII"
        | "IMAGE_SAFETY"
        | "IMAGE_PROHIBITED_CONTENT"
        | "IMAGE_RECITATION" => FinishReason::ContentFilter,
        "MALFORMED_FUNCTION_CALL"
        | "UNEXPECTED_TOOL_CALL"
        | "TOO_MANY_TOOL_CALLS"
        | "MISSING_THOUGHT_SIGNATURE"
        | "MALFORMED_RESPONSE" => FinishReason::Error,
        _ => FinishReason::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        assert_eq!(map("STOP"), FinishReason::Stop);
        assert_eq!(map("MAX_TOKENS"), FinishReason::Length);
        assert_eq!(map("SAFETY"), FinishReason::ContentFilter);
        assert_eq!(map("SPII"), FinishReason::ContentFilter);
        assert_eq!(map("MALFORMED_FUNCTION_CALL"), FinishReason::Error);
        assert_eq!(map("OTHER"), FinishReason::Other);
        assert_eq!(map("SOMETHING_NEW"), FinishReason::Other);
    }
}
