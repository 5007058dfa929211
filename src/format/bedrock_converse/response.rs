//! Converse (non-streaming) bodies → chunks.
//!
//! `{"output": {"message": {"content": [...]}}, "stopReason", "usage"}` with blocks `text`,
//! `reasoningContent` (`reasoningText {text, signature}` or `redactedContent`) and `toolUse`.
//! An error body (`{"message": …}` without `output`) becomes its [`ProviderError`].

use super::error::exception_error;
use super::finish::finish_reason;
use super::usage::usage_from;
use crate::error::{ProviderError, Result};
use crate::format::anthropic::input_json;
use crate::format::{Emitter, ToolKey};
use alloc::format;
use alloc::string::String;
use serde_json::Value;

fn decode_block(i: usize, b: &Value, em: &mut Emitter) {
    if let Some(t) = b.get("text").and_then(Value::as_str) {
        em.text(t);
    } else if let Some(r) = b.get("reasoningContent") {
        if let Some(rt) = r.get("reasoningText") {
            let s = |k: &str| rt.get(k).and_then(Value::as_str);
            em.reasoning(s("text").unwrap_or(""), s("signature"), None);
        } else if let Some(data) = r.get("redactedContent").and_then(Value::as_str) {
            em.reasoning("", None, Some(data));
        }
    } else if let Some(tu) = b.get("toolUse") {
        let s = |k: &str| tu.get(k).and_then(Value::as_str).unwrap_or("");
        let id = s("toolUseId");
        let key = if id.is_empty() {
            ToolKey::Id(format!("#{i}"))
        } else {
            ToolKey::Id(String::from(id))
        };
        let input = tu.get("input").unwrap_or(&Value::Null);
        em.tool_call(key, Some(id), s("name"), &input_json(input));
    }
    // Images, citations and guardrail blocks carry no chunk.
}

/// Decodes a Converse response body.
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    let Some(message) = body.get("output").and_then(|o| o.get("message")) else {
        if body.get("message").is_some() || body.get("Message").is_some() {
            // A `{"message"}` body without a type is a client error (Bedrock answers these
            // with 400), e.g. "The provided model identifier is invalid.".
            let kind = body
                .get("__type")
                .and_then(Value::as_str)
                .unwrap_or("ValidationException");
            return Err(exception_error(kind, body));
        }
        return Err(ProviderError::decode(
            "not a Converse response: no `output.message`",
        ));
    };
    em.metadata(None, None);
    if let Some(blocks) = message.get("content").and_then(Value::as_array) {
        for (i, b) in blocks.iter().enumerate() {
            decode_block(i, b, em);
        }
    }
    if let Some(u) = body.get("usage") {
        em.set_usage(usage_from(u));
    }
    if let Some(r) = body.get("stopReason").and_then(Value::as_str) {
        em.set_finish(finish_reason(r), Some(r));
    }
    Ok(())
}
