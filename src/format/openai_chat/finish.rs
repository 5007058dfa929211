//! Finish-reason normalization, shared by every chat-style format (OpenAI chat and its hosts,
//! Mistral, Ollama `done_reason`, TGI `details.finish_reason`).

use crate::chunk::FinishReason;

/// Maps a provider's finish reason to the normalized one; `None` for an empty string (Snowflake
/// Cortex sends `"finish_reason": ""`), which means "not reported".
///
/// The table covers every spelling seen in the corpus and the documented ones: OpenAI (`stop`,
/// `length`, `tool_calls`, `function_call`, `content_filter`), Mistral (`model_length`, `error`),
/// Ollama (`stop`, `length`, `load`, `unload`), TGI (`eos_token`, `stop_sequence`, `length`) and
/// hosts that pass Anthropic's through (`end_turn`, `max_tokens`, `tool_use`, `refusal`).
pub(crate) fn map_finish(raw: &str) -> Option<FinishReason> {
    let reason = match raw {
        "" => return None,
        "stop" | "end_turn" | "eos" | "eos_token" | "stop_sequence" => FinishReason::Stop,
        "length" | "max_tokens" | "model_length" | "max_output_tokens" => FinishReason::Length,
        "tool_calls" | "function_call" | "tool_use" => FinishReason::ToolCalls,
        "content_filter" | "safety" | "refusal" | "recitation" => FinishReason::ContentFilter,
        "error" => FinishReason::Error,
        _ => FinishReason::Other,
    };
    Some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_known_and_unknown_reasons() {
        assert_eq!(map_finish("stop"), Some(FinishReason::Stop));
        assert_eq!(map_finish("eos_token"), Some(FinishReason::Stop));
        assert_eq!(map_finish("length"), Some(FinishReason::Length));
        assert_eq!(map_finish("model_length"), Some(FinishReason::Length));
        assert_eq!(map_finish("function_call"), Some(FinishReason::ToolCalls));
        assert_eq!(
            map_finish("content_filter"),
            Some(FinishReason::ContentFilter)
        );
        assert_eq!(map_finish("load"), Some(FinishReason::Other));
        assert_eq!(map_finish(""), None);
    }
}
