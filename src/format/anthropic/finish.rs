//! Anthropic `stop_reason` ⇄ [`FinishReason`].
//!
//! Bedrock Converse uses the same vocabulary (it fronts Claude) plus its guardrail reasons, so
//! one table serves both formats.

use crate::chunk::FinishReason;

/// Maps a provider stop reason. The raw string is always kept beside it by the caller.
pub(crate) fn finish_reason(raw: &str) -> FinishReason {
    match raw {
        "end_turn" | "stop_sequence" => FinishReason::Stop,
        "max_tokens" | "model_context_window_exceeded" => FinishReason::Length,
        "tool_use" => FinishReason::ToolCalls,
        "refusal" | "guardrail_intervened" | "content_filtered" => FinishReason::ContentFilter,
        // `pause_turn` (a long server-tool turn the caller should continue) and anything new.
        _ => FinishReason::Other,
    }
}

/// The Anthropic stop reason to report for a normalized finish (gateway direction). The raw
/// reason is reused when it is an Anthropic one that says the same thing, so a round trip
/// keeps `stop_sequence`, `pause_turn` or `model_context_window_exceeded` exactly; otherwise
/// the normalized reason decides (a response with tool calls is always `tool_use`, so an
/// Anthropic client runs them).
pub(crate) fn to_anthropic(reason: FinishReason, raw: Option<&str>) -> &'static str {
    const NATIVE: [&str; 7] = [
        "end_turn",
        "stop_sequence",
        "max_tokens",
        "model_context_window_exceeded",
        "tool_use",
        "refusal",
        "pause_turn",
    ];
    if let Some(r) = raw.and_then(|r| NATIVE.iter().find(|n| **n == r)) {
        if finish_reason(r) == reason {
            return r;
        }
    }
    match reason {
        FinishReason::Stop | FinishReason::Error | FinishReason::Other => "end_turn",
        FinishReason::Length => "max_tokens",
        FinishReason::ToolCalls => "tool_use",
        FinishReason::ContentFilter => "refusal",
    }
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
        assert_eq!(finish_reason("refusal"), FinishReason::ContentFilter);
        assert_eq!(finish_reason("pause_turn"), FinishReason::Other);
        assert_eq!(
            to_anthropic(FinishReason::Other, Some("pause_turn")),
            "pause_turn"
        );
        assert_eq!(to_anthropic(FinishReason::Stop, Some("stop")), "end_turn");
        assert_eq!(to_anthropic(FinishReason::ToolCalls, None), "tool_use");
        assert_eq!(
            to_anthropic(FinishReason::ToolCalls, Some("end_turn")),
            "tool_use"
        );
        assert_eq!(
            to_anthropic(FinishReason::Stop, Some("stop_sequence")),
            "stop_sequence"
        );
        assert_eq!(
            to_anthropic(FinishReason::ContentFilter, Some("content_filter")),
            "refusal"
        );
    }
}
