//! Non-streaming Messages bodies → chunks, and the content-block decoding shared with the
//! stream (a `message_start` can carry finished blocks: the programmatic-tool-calling capture
//! `chunks/anthropic/anthropic-programmatic-tool-calling.1.chunks.txt` does).

use super::error::error_from_value;
use super::finish::finish_reason;
use super::usage::RawUsage;
use crate::error::{ProviderError, Result};
use crate::format::{Emitter, ToolKey};
use alloc::format;
use alloc::string::String;
use serde_json::Value;

/// Whether `v` is an Anthropic error object (`{"type":"error","error":{…}}`).
pub(crate) fn is_error(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("error")
        || (v.get("error").is_some_and(Value::is_object) && v.get("content").is_none())
}

/// The JSON text of a tool input as it goes into a `tool_call` chunk.
pub(crate) fn input_json(input: &Value) -> String {
    match input {
        Value::Null => String::from("{}"),
        v => serde_json::to_string(v).unwrap_or_else(|_| String::from("{}")),
    }
}

/// Whether a block type is a server tool's call (run at Anthropic, not by the caller).
pub(super) fn is_server_call(ty: &str) -> bool {
    matches!(ty, "server_tool_use" | "mcp_tool_use")
}

/// Whether a block type is a server tool's result (`web_search_tool_result`, …).
pub(super) fn is_server_result(ty: &str) -> bool {
    ty.ends_with("_tool_result") && ty != "tool_result"
}

/// A server tool's result block whose call was not seen → a `provider_tool` chunk of its own
/// (the call's id, the block type as name, no input).
pub(super) fn server_result(b: &Value, em: &mut Emitter) {
    let s = |k: &str| b.get(k).and_then(Value::as_str).unwrap_or("");
    let result = b.get("content").cloned().unwrap_or(Value::Null);
    em.provider_tool(s("tool_use_id"), s("type"), Value::Null, Some(result));
}

/// Emits finished content blocks. Client tool calls (`tool_use`) become tool calls; server
/// tools (`server_tool_use`, `mcp_tool_use`) and their results run at Anthropic and are not
/// the caller's to execute: they become `provider_tool` chunks. `compaction` and `fallback`
/// markers are skipped: no chunk type carries them.
pub(crate) fn decode_blocks(blocks: &[Value], em: &mut Emitter) {
    for (i, b) in blocks.iter().enumerate() {
        let s = |k: &str| b.get(k).and_then(Value::as_str).unwrap_or("");
        match s("type") {
            "text" => em.text(s("text")),
            "thinking" => em.reasoning(s("thinking"), Some(s("signature")), None),
            "redacted_thinking" => em.reasoning("", None, Some(s("data"))),
            "tool_use" => {
                let id = s("id");
                // Keyed by id, so it cannot collide with streamed blocks keyed by index.
                let key = if id.is_empty() {
                    ToolKey::Id(format!("#{i}"))
                } else {
                    ToolKey::Id(String::from(id))
                };
                let input = b.get("input").unwrap_or(&Value::Null);
                em.tool_call(key, Some(id), s("name"), &input_json(input));
            }
            ty if is_server_call(ty) => {
                let input = b.get("input").cloned().unwrap_or(Value::Null);
                // One chunk for the call and its result, when the result block follows.
                let result = blocks.get(i + 1..).unwrap_or(&[]).iter().find(|r| {
                    is_server_result(r.get("type").and_then(Value::as_str).unwrap_or(""))
                        && r.get("tool_use_id").and_then(Value::as_str) == Some(s("id"))
                });
                let result = result.map(|r| r.get("content").cloned().unwrap_or(Value::Null));
                em.provider_tool(s("id"), s("name"), input, result);
            }
            ty if is_server_result(ty) => {
                let id = s("tool_use_id");
                let has_call = blocks.get(..i).unwrap_or(&[]).iter().any(|c| {
                    is_server_call(c.get("type").and_then(Value::as_str).unwrap_or(""))
                        && c.get("id").and_then(Value::as_str) == Some(id)
                });
                if !has_call {
                    server_result(b, em);
                }
            }
            _ => {}
        }
    }
}

/// Decodes a non-streaming Messages body. An error body becomes its [`ProviderError`].
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    if is_error(body) {
        return Err(error_from_value(body));
    }
    let Some(content) = body.get("content").and_then(Value::as_array) else {
        return Err(ProviderError::decode(
            "not an Anthropic message: no `content` array",
        ));
    };
    let str_of = |k: &str| body.get(k).and_then(Value::as_str);
    em.metadata(str_of("id"), str_of("model"));
    decode_blocks(content, em);
    if let Some(u) = body.get("usage") {
        em.set_usage(RawUsage::parse(u).normalize());
    }
    if let Some(r) = str_of("stop_reason") {
        em.set_finish(finish_reason(r), Some(r));
    }
    Ok(())
}
