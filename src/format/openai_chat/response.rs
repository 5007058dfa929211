//! Non-streaming `chat.completion` bodies, and the message-part decoding shared with the
//! stream state machine (a stream `delta` and a body `message` have the same fields).

use super::finish::map_finish;
use super::json::{as_float, non_null, str_field};
use super::usage::usage_from;
use crate::chunk::FinishReason;
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::{Emitter, ToolKey};
use alloc::borrow::Cow;
use alloc::string::String;
use serde_json::Value;

/// Decodes a `chat.completion` body (or an error body) into chunks. The caller ends the
/// emitter. A body without `choices` that is not an error body is a `decode` error: it is not
/// a Chat Completions response (e.g. a transcription).
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    if non_null(body, "error").is_some() && non_null(body, "choices").is_none() {
        return Err(classify_stream_error(body, em.provider()));
    }
    let choices = body
        .get("choices")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            ProviderError::decode("not a chat.completion body: it has no `choices` array")
        })?;
    em.metadata(str_field(body, "id"), str_field(body, "model"));
    if let Some(choice) = choices.iter().find(|c| is_first_choice(c)) {
        if non_null(choice, "error").is_some() {
            return Err(classify_stream_error(choice, em.provider()));
        }
        let msg = choice.get("message").unwrap_or(&Value::Null);
        emit_reasoning(msg, em);
        let mut refused = false;
        if let Some(content) = msg.get("content") {
            emit_content(content, em);
        }
        if let Some(refusal) = str_field(msg, "refusal") {
            em.text(refusal);
            refused = true;
        }
        if let Some(calls) = msg.get("tool_calls").and_then(Value::as_array) {
            for (i, tc) in calls.iter().enumerate() {
                let func = tc.get("function").unwrap_or(&Value::Null);
                let name = str_field(func, "name").unwrap_or("");
                let args = arguments_text(func);
                em.tool_call(ToolKey::Index(i as u64), str_field(tc, "id"), name, &args);
            }
        }
        // The legacy single `function_call` (before `tool_calls` existed). Snowflake Cortex
        // sends an empty one (`{"name": "", "arguments": ""}`) on every message: ignored.
        let legacy = non_null(msg, "function_call").and_then(|f| Some((f, str_field(f, "name")?)));
        if let Some((func, name)) = legacy {
            let args = arguments_text(func);
            let key = ToolKey::Index(em.tool_count() as u64);
            em.tool_call(key, None, name, &args);
        }
        if let Some(raw) = str_field(choice, "finish_reason") {
            set_finish(em, raw, refused);
        }
    }
    if let Some(mut usage) = non_null(body, "usage").and_then(usage_from) {
        if usage.total_cost.is_none() {
            usage.total_cost = non_null(body, "cost").and_then(as_float);
        }
        em.set_usage(usage);
    }
    Ok(())
}

/// Only the first choice is decoded (aster never asks for `n > 1`); a choice without an
/// `index` counts as the first.
pub(crate) fn is_first_choice(choice: &Value) -> bool {
    choice
        .get("index")
        .and_then(Value::as_u64)
        .is_none_or(|i| i == 0)
}

/// Records a finish reason. A refusal that ended "normally" is reported as `content_filter`,
/// the normalized reason for refusals; the raw reason is kept.
pub(crate) fn set_finish(em: &mut Emitter, raw: &str, refused: bool) {
    if let Some(mut reason) = map_finish(raw) {
        if refused && reason == FinishReason::Stop {
            reason = FinishReason::ContentFilter;
        }
        em.set_finish(reason, Some(raw));
    }
}

/// A function's `arguments` as text. Hosts normally send a JSON string; some send the object
/// itself, which is serialized.
pub(crate) fn arguments_text(func: &Value) -> Cow<'_, str> {
    match func.get("arguments") {
        Some(Value::String(s)) => Cow::Borrowed(s.as_str()),
        Some(v @ (Value::Object(_) | Value::Array(_))) => {
            Cow::Owned(serde_json::to_string(v).unwrap_or_default())
        }
        _ => Cow::Borrowed(""),
    }
}

/// Emits the reasoning of a `delta` or `message`.
///
/// Hosts spell it three ways: `reasoning_content` (DeepSeek, xAI, Z.ai, vLLM),
/// `reasoning` (Groq, OpenRouter, Cerebras, Ollama's compatible endpoint) and
/// `reasoning_details` (OpenRouter: typed items carrying text, a signature or encrypted data).
/// OpenRouter sends the same text in `reasoning` and `reasoning_details`, so when the details
/// carry text they are the only source; otherwise the plain field gives the text and the details
/// only add signatures and encrypted data.
pub(crate) fn emit_reasoning(obj: &Value, em: &mut Emitter) {
    let details = obj.get("reasoning_details").and_then(Value::as_array);
    let details_have_text = details.is_some_and(|items| {
        items.iter().any(|d| {
            str_field(d, "text")
                .or_else(|| str_field(d, "summary"))
                .is_some()
        })
    });
    if !details_have_text {
        if let Some(text) =
            str_field(obj, "reasoning_content").or_else(|| str_field(obj, "reasoning"))
        {
            em.reasoning(text, None, None);
        }
    }
    for d in details.into_iter().flatten() {
        match d.get("type").and_then(Value::as_str).unwrap_or("") {
            "reasoning.encrypted" => em.reasoning("", None, str_field(d, "data")),
            "reasoning.summary" => em.reasoning(str_field(d, "summary").unwrap_or(""), None, None),
            _ => em.reasoning(
                str_field(d, "text").unwrap_or(""),
                str_field(d, "signature"),
                None,
            ),
        }
    }
}

/// Emits a `content` value: a string, or (Mistral and some hosts) an array of typed chunks:
/// `text`, `thinking` (Magistral: `{thinking: [{type: "text", text}]}`) and `refusal`. Other
/// chunk types (images, references) carry no text and are skipped.
pub(crate) fn emit_content(content: &Value, em: &mut Emitter) {
    match content {
        Value::String(s) => em.text(s),
        Value::Array(parts) => {
            for part in parts {
                match part.get("type").and_then(Value::as_str).unwrap_or("") {
                    "text" => em.text(str_field(part, "text").unwrap_or("")),
                    "refusal" => em.text(str_field(part, "refusal").unwrap_or("")),
                    "thinking" => emit_thinking_chunk(part, em),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

fn emit_thinking_chunk(part: &Value, em: &mut Emitter) {
    let signature = str_field(part, "signature");
    match part.get("thinking") {
        Some(Value::String(s)) => em.reasoning(s, signature, None),
        Some(Value::Array(items)) => {
            let mut text = String::new();
            for item in items {
                if let Some(t) = item.as_str().or_else(|| str_field(item, "text")) {
                    text.push_str(t);
                }
            }
            em.reasoning(&text, signature, None);
        }
        _ => em.reasoning("", signature, None),
    }
}
