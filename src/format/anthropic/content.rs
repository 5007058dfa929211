//! Canonical messages and content blocks → Anthropic wire blocks.
//!
//! The canonical shapes *are* Anthropic's (DESIGN §3.1), so this is mostly a copy that also
//! enforces what the API rejects: empty text blocks, messages left without content, and
//! thinking blocks without a signature are dropped with a warning rather than sent to fail.

use crate::message::{
    CacheControl, ContentBlock, Message, Role, Source, ToolResultContent, Warning,
};
use alloc::format;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// Splits a `data:<media type>;base64,<data>` URL. Other `data:` encodings are not supported.
pub(crate) fn parse_data_url(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("data:")?;
    let (meta, data) = rest.split_once(',')?;
    let media_type = meta.strip_suffix(";base64")?;
    Some((media_type, data))
}

pub(crate) fn cache_control_value(cc: &CacheControl) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), Value::String(cc.kind.clone()));
    if let Some(ttl) = &cc.ttl {
        m.insert("ttl".into(), Value::String(ttl.clone()));
    }
    Value::Object(m)
}

fn with_cache_control(mut v: Value, cc: Option<&CacheControl>) -> Value {
    if let (Some(cc), Some(m)) = (cc, v.as_object_mut()) {
        m.insert("cache_control".into(), cache_control_value(cc));
    }
    v
}

/// An image or document source. `None` (with a warning) when the source cannot be sent.
fn source_value(src: &Source, image: bool, path: &str, w: &mut Vec<Warning>) -> Option<Value> {
    match src {
        Source::Base64 { media_type, data } => Some(json!({
            "type": "base64", "media_type": media_type, "data": data
        })),
        Source::Url { url } => match parse_data_url(url) {
            Some((media_type, data)) => Some(json!({
                "type": "base64", "media_type": media_type, "data": data
            })),
            None if url.starts_with("data:") => {
                w.push(Warning::new(
                    path,
                    "only base64 data: URLs are supported; the block was not sent",
                ));
                None
            }
            None => Some(json!({"type": "url", "url": url})),
        },
        Source::Text { data, .. } if !image => Some(json!({
            "type": "text", "media_type": "text/plain", "data": data
        })),
        Source::Text { .. } => {
            w.push(Warning::new(
                path,
                "an image cannot have a text source; the block was not sent",
            ));
            None
        }
    }
}

fn tool_result_item(item: &ToolResultContent, path: &str, w: &mut Vec<Warning>) -> Option<Value> {
    match item {
        ToolResultContent::Text { text } => Some(json!({"type": "text", "text": text})),
        ToolResultContent::Image { source } => {
            source_value(source, true, path, w).map(|s| json!({"type": "image", "source": s}))
        }
        ToolResultContent::Document { source } => {
            source_value(source, false, path, w).map(|s| json!({"type": "document", "source": s}))
        }
    }
}

/// One content block, or `None` when it cannot (or must not) be sent.
pub(crate) fn block_value(b: &ContentBlock, path: &str, w: &mut Vec<Warning>) -> Option<Value> {
    let v = match b {
        ContentBlock::Text { text, .. } => {
            if text.is_empty() {
                w.push(Warning::new(
                    path,
                    "Anthropic rejects empty text blocks; the block was not sent",
                ));
                return None;
            }
            json!({"type": "text", "text": text})
        }
        ContentBlock::Image { source, .. } => {
            json!({"type": "image", "source": source_value(source, true, path, w)?})
        }
        ContentBlock::Document { source, title, .. } => {
            let mut v =
                json!({"type": "document", "source": source_value(source, false, path, w)?});
            if let (Some(t), Some(m)) = (title, v.as_object_mut()) {
                m.insert("title".into(), Value::String(t.clone()));
            }
            v
        }
        ContentBlock::ToolUse {
            id, name, input, ..
        } => {
            let input = if input.is_null() {
                json!({})
            } else {
                input.clone()
            };
            json!({"type": "tool_use", "id": id, "name": name, "input": input})
        }
        ContentBlock::ToolResult {
            tool_use_id,
            content,
            is_error,
            ..
        } => {
            let mut m = Map::new();
            m.insert("type".into(), "tool_result".into());
            m.insert("tool_use_id".into(), Value::String(tool_use_id.clone()));
            let items: Vec<Value> = content
                .iter()
                .enumerate()
                .filter_map(|(i, c)| tool_result_item(c, &format!("{path}.content[{i}]"), w))
                .collect();
            if !items.is_empty() {
                m.insert("content".into(), Value::Array(items));
            }
            if *is_error {
                m.insert("is_error".into(), Value::Bool(true));
            }
            Value::Object(m)
        }
        ContentBlock::Thinking {
            thinking,
            signature,
        } => match signature.as_deref().filter(|s| !s.is_empty()) {
            Some(sig) => json!({"type": "thinking", "thinking": thinking, "signature": sig}),
            None => {
                w.push(Warning::new(
                    path,
                    "thinking without a signature cannot be replayed to Anthropic; it was not sent",
                ));
                return None;
            }
        },
        ContentBlock::RedactedThinking { data } => {
            json!({"type": "redacted_thinking", "data": data})
        }
    };
    Some(with_cache_control(v, b.cache_control()))
}

/// One message. `None` (with a warning) when nothing of it can be sent.
pub(crate) fn message_value(m: &Message, index: usize, w: &mut Vec<Warning>) -> Option<Value> {
    let blocks: Vec<Value> = m
        .content
        .iter()
        .enumerate()
        .filter_map(|(j, b)| block_value(b, &format!("messages[{index}].content[{j}]"), w))
        .collect();
    if blocks.is_empty() {
        w.push(Warning::new(
            format!("messages[{index}]"),
            "the message has no content Anthropic accepts; it was not sent",
        ));
        return None;
    }
    let role = match m.role {
        Role::User => "user",
        Role::Assistant => "assistant",
    };
    Some(json!({"role": role, "content": blocks}))
}

/// The `system` array: text blocks with their cache breakpoints.
pub(crate) fn system_value(system: &[ContentBlock], w: &mut Vec<Warning>) -> Option<Value> {
    let mut out = Vec::new();
    for (i, b) in system.iter().enumerate() {
        match b {
            ContentBlock::Text {
                text,
                cache_control,
            } if !text.is_empty() => out.push(with_cache_control(
                json!({"type": "text", "text": text}),
                cache_control.as_ref(),
            )),
            ContentBlock::Text { .. } => {}
            other => w.push(Warning::new(
                format!("system[{i}]"),
                format!(
                    "a system prompt holds text only; the {} block was not sent",
                    other.type_name()
                ),
            )),
        }
    }
    (!out.is_empty()).then_some(Value::Array(out))
}
