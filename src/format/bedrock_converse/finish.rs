//! Converse `stopReason` → [`FinishReason`].
//!
//! Converse fronts Claude and shares its vocabulary (`end_turn`, `stop_sequence`,
//! `max_tokens`, `tool_use`, `model_context_window_exceeded`) and adds
//! `guardrail_intervened` and `content_filtered`, which the shared table maps to
//! `content_filter`.

use crate::chunk::FinishReason;

/// Maps a Converse stop reason. The raw string is always kept beside it by the caller.
pub(crate) fn finish_reason(raw: &str) -> FinishReason {
    crate::format::anthropic::finish_reason(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(finish_reason("end_turn"), FinishReason::Stop);
        assert_eq!(finish_reason("stop_sequence"), FinishReason::Stop);
        assert_eq!(finish_reason("max_tokens"), FinishReason::Length);
        assert_eq!(
            finish_reason("model_context_window_exceeded"),
            FinishReason::Length
        );
        assert_eq!(finish_reason("tool_use"), FinishReason::ToolCalls);
        assert_eq!(
            finish_reason("guardrail_intervened"),
            FinishReason::ContentFilter
        );
        assert_eq!(
            finish_reason("content_filtered"),
            FinishReason::ContentFilter
        );
    }
}
