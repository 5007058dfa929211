//! Interim request parsing used only while `message::parse_request` is not implemented on this
//! branch (it lands with the `core` branch); removed at that merge.

use crate::error::{ErrorKind, ProviderError, Result};
use crate::message::{Message, Reasoning, Request, Tool, ToolChoice};
use alloc::string::String;
use serde_json::Value;

/// `message::parse_request`, or a minimal parse of string-content messages while that is a stub.
pub fn parse(v: &Value) -> Result<Request> {
    match crate::message::parse_request(v) {
        Err(e) if e.kind == ErrorKind::InternalError => {}
        other => return other,
    }
    let mut req = Request {
        model: v.get("model").and_then(Value::as_str).map(String::from),
        max_tokens: v.get("maxTokens").and_then(Value::as_u64).map(|n| n as u32),
        ..Request::default()
    };
    for m in v
        .get("messages")
        .and_then(Value::as_array)
        .ok_or_else(|| ProviderError::invalid_request("messages must be an array"))?
    {
        let text = m.get("content").and_then(Value::as_str).unwrap_or("");
        req.messages
            .push(match m.get("role").and_then(Value::as_str) {
                Some("assistant") => Message::assistant(text),
                _ => Message::user(text),
            });
    }
    for t in v
        .get("tools")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        req.tools.push(Tool {
            name: t.get("name").and_then(Value::as_str).unwrap_or("").into(),
            description: None,
            input_schema: t.get("input_schema").cloned().unwrap_or(Value::Null),
            cache_control: None,
        });
    }
    if v.get("toolChoice").and_then(Value::as_str) == Some("none") {
        req.tool_choice = Some(ToolChoice::None);
    }
    if v.get("reasoning").is_some() {
        req.reasoning = Some(Reasoning::default());
    }
    Ok(req)
}
