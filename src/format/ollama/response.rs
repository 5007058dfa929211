//! Decoding of Ollama `/api/chat` objects, shared by the stream and the non-streaming body.

use crate::chunk::Usage;
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::openai_chat::finish::map_finish;
use crate::format::openai_chat::json::{count_field, non_null, str_field};
use crate::format::{Emitter, ToolKey};
use serde_json::Value;

/// Handles one `/api/chat` object (a stream line or the whole body). Returns whether it was the
/// final (`done: true`) object.
pub(crate) fn on_object(v: &Value, em: &mut Emitter) -> Result<bool> {
    if non_null(v, "error").is_some() {
        return Err(classify_stream_error(v, em.provider()));
    }
    if !v.is_object() {
        return Err(ProviderError::decode("Ollama chat object expected"));
    }
    if let Some(model) = str_field(v, "model") {
        em.metadata(None, Some(model));
    }
    if let Some(msg) = non_null(v, "message") {
        if let Some(thinking) = str_field(msg, "thinking") {
            em.reasoning(thinking, None, None);
        }
        if let Some(content) = str_field(msg, "content") {
            em.text(content);
        }
        for tc in msg
            .get("tool_calls")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let func = tc.get("function").unwrap_or(&Value::Null);
            let name = str_field(func, "name").unwrap_or("");
            let args = match func.get("arguments") {
                Some(Value::String(s)) => s.clone(),
                Some(v) if !v.is_null() => serde_json::to_string(v).unwrap_or_default(),
                _ => alloc::string::String::new(),
            };
            // Each call arrives whole: a fresh key per call.
            let key = ToolKey::Index(em.tool_count() as u64);
            em.tool_call(key, str_field(tc, "id"), name, &args);
        }
    }
    if v.get("done").and_then(Value::as_bool) != Some(true) {
        return Ok(false);
    }
    if let Some(raw) = str_field(v, "done_reason") {
        if let Some(reason) = map_finish(raw) {
            em.set_finish(reason, Some(raw));
        }
    }
    let output = count_field(v, "eval_count");
    let input = count_field(v, "prompt_eval_count");
    if output.is_some() || input.is_some() {
        em.set_usage(Usage {
            input_tokens: input.unwrap_or_else(|| em.input_estimate()),
            output_tokens: output.unwrap_or(0),
            estimated: input.is_none(),
            ..Usage::default()
        });
    }
    Ok(true)
}

/// Non-streaming `/api/chat` body → chunks.
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    on_object(body, em).map(|_| ())
}
