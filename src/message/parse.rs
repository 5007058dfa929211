//! Parsing of the canonical request from JSON (DESIGN §3.1).
//!
//! Input is what a caller already has: Anthropic `MessageParam` messages and options in the JS
//! camelCase spelling (`maxTokens`) or the Anthropic/OpenAI wire snake_case (`max_tokens`);
//! when both spellings are present, the camelCase one wins.
//!
//! Rules:
//! * Malformed input is an `invalid_request` error whose message starts with the path of the bad
//!   field: `messages[2].content[0].source.media_type: expected a string, got a number`.
//!   Nothing panics, whatever the input.
//! * `null` is the same as an absent optional field (JS `undefined` often arrives as `null`).
//! * Unknown keys are ignored: the JS-only `signal` and `stream` (the call decides streaming),
//!   and anything else (`metadata` beyond `user_id`, `mcp_servers`, `output_config`, …), so a
//!   body written for a newer API version still parses.
//! * Content blocks of a type aster cannot carry (`server_tool_use`, `web_search_tool_result`,
//!   `advisor_tool_result`, `container_upload`, …) and server tools (`{"type":
//!   "web_search_20250305", …}`) are rejected with the path and the type: they only mean
//!   something to the one provider that ran them, and dropping them silently would change the
//!   conversation. A tool is a custom tool: `{name, description, input_schema}` (also
//!   `inputSchema`/`parameters`, `type: "custom"`, or OpenAI's `{type: "function", function:
//!   {…}}`).

use super::{CacheControl, ContentBlock, Message, Request, Role, Source, ToolResultContent};
use crate::error::{ProviderError, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

mod options;

/// Parses a request object: `messages` plus options (camelCase or snake_case).
pub fn parse_request(v: &Value) -> Result<Request> {
    let o = as_object(v, "request")?;
    let messages = match o.get("messages") {
        Some(m) => parse_messages(m)?,
        None => return Err(missing("messages", "an array of messages")),
    };
    let mut req = Request {
        messages,
        ..Request::default()
    };
    options::parse_options(o, &mut req)?;
    Ok(req)
}

/// Parses a `messages` array (paths in errors start with `messages`).
pub fn parse_messages(v: &Value) -> Result<Vec<Message>> {
    let items = v
        .as_array()
        .ok_or_else(|| expected("messages", "an array of messages", v))?;
    items
        .iter()
        .enumerate()
        .map(|(i, m)| parse_message(m, &format!("messages[{i}]")))
        .collect()
}

fn parse_message(v: &Value, path: &str) -> Result<Message> {
    let o = as_object(v, path)?;
    let role_path = field(path, "role");
    let role = match req_str(o, path, "role")? {
        "user" => Role::User,
        "assistant" => Role::Assistant,
        other => {
            let hint = if other == "system" || other == "developer" {
                " (pass the system prompt as the `system` option)"
            } else {
                ""
            };
            return Err(one_of(&role_path, &["user", "assistant"], other, hint));
        }
    };
    let content_path = field(path, "content");
    let content = match o.get("content") {
        Some(c) if !c.is_null() => parse_content(c, &content_path)?,
        _ => return Err(missing(&content_path, CONTENT)),
    };
    Ok(Message { role, content })
}

const CONTENT: &str = "a string or an array of content blocks";

/// `content`: a string (one text block) or an array of blocks.
pub(super) fn parse_content(v: &Value, path: &str) -> Result<Vec<ContentBlock>> {
    match v {
        Value::String(s) => Ok(alloc::vec![ContentBlock::text(s.as_str())]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, b)| parse_block(b, &format!("{path}[{i}]")))
            .collect(),
        other => Err(expected(path, CONTENT, other)),
    }
}

fn parse_block(v: &Value, path: &str) -> Result<ContentBlock> {
    let o = as_object(v, path)?;
    let ty = req_str(o, path, "type")?;
    let cache_control = || parse_cache_control(o, path);
    let block = match ty {
        "text" => ContentBlock::Text {
            text: req_string(o, path, "text")?,
            cache_control: cache_control()?,
        },
        "image" => ContentBlock::Image {
            source: parse_source(
                req(o, path, "source", "an object")?,
                &field(path, "source"),
                false,
            )?,
            cache_control: cache_control()?,
        },
        "document" => ContentBlock::Document {
            source: parse_source(
                req(o, path, "source", "an object")?,
                &field(path, "source"),
                true,
            )?,
            title: opt_string(o, path, "title")?,
            cache_control: cache_control()?,
        },
        "tool_use" => ContentBlock::ToolUse {
            id: req_string(o, path, "id")?,
            name: req_string(o, path, "name")?,
            // Anthropic always sends `input`; a tool without arguments may omit it elsewhere.
            input: match o.get("input") {
                None | Some(Value::Null) => Value::Object(Map::new()),
                Some(i @ Value::Object(_)) => i.clone(),
                Some(other) => return Err(expected(&field(path, "input"), "an object", other)),
            },
            cache_control: cache_control()?,
        },
        "tool_result" => ContentBlock::ToolResult {
            tool_use_id: req_string(o, path, "tool_use_id")?,
            content: parse_tool_result_content(o.get("content"), &field(path, "content"))?,
            is_error: opt_bool(o, path, "is_error")?.unwrap_or(false),
            cache_control: cache_control()?,
        },
        "thinking" => ContentBlock::Thinking {
            thinking: req_string(o, path, "thinking")?,
            signature: opt_string(o, path, "signature")?,
        },
        "redacted_thinking" => ContentBlock::RedactedThinking {
            data: req_string(o, path, "data")?,
        },
        other => {
            return Err(ProviderError::invalid_request(format!(
                "{}: unsupported content block type \"{}\" (supported: text, image, document, \
                 tool_use, tool_result, thinking, redacted_thinking)",
                field(path, "type"),
                shorten(other)
            )))
        }
    };
    Ok(block)
}

fn parse_tool_result_content(v: Option<&Value>, path: &str) -> Result<Vec<ToolResultContent>> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(s)) => {
            return Ok(alloc::vec![ToolResultContent::Text { text: s.clone() }])
        }
        Some(Value::Array(items)) => items,
        Some(other) => return Err(expected(path, CONTENT, other)),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let o = as_object(item, &p)?;
        // Cache breakpoints inside a tool result are not representable; the block-level one
        // on the tool_result itself is.
        out.push(match req_str(o, &p, "type")? {
            "text" => ToolResultContent::Text {
                text: req_string(o, &p, "text")?,
            },
            "image" => ToolResultContent::Image {
                source: parse_source(
                    req(o, &p, "source", "an object")?,
                    &field(&p, "source"),
                    false,
                )?,
            },
            "document" => ToolResultContent::Document {
                source: parse_source(
                    req(o, &p, "source", "an object")?,
                    &field(&p, "source"),
                    true,
                )?,
            },
            other => {
                return Err(one_of(
                    &field(&p, "type"),
                    &["text", "image", "document"],
                    other,
                    "",
                ))
            }
        });
    }
    Ok(out)
}

/// An image or document source: `base64`, `url`, and for documents `text`.
fn parse_source(v: &Value, path: &str, document: bool) -> Result<Source> {
    let o = as_object(v, path)?;
    match req_str(o, path, "type")? {
        "base64" => Ok(Source::Base64 {
            media_type: req_string(o, path, "media_type")?,
            data: req_string(o, path, "data")?,
        }),
        "url" => Ok(Source::Url {
            url: req_string(o, path, "url")?,
        }),
        "text" if document => Ok(Source::Text {
            media_type: opt_string(o, path, "media_type")?
                .unwrap_or_else(|| String::from("text/plain")),
            data: req_string(o, path, "data")?,
        }),
        other => {
            let allowed: &[&str] = if document {
                &["base64", "url", "text"]
            } else {
                &["base64", "url"]
            };
            Err(one_of(&field(path, "type"), allowed, other, ""))
        }
    }
}

/// `cache_control: {type: "ephemeral", ttl?: "5m" | "1h"}` on a block, a system block or a
/// tool.
pub(super) fn parse_cache_control(
    o: &Map<String, Value>,
    path: &str,
) -> Result<Option<CacheControl>> {
    let p = field(path, "cache_control");
    match o.get("cache_control") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(c)) => Ok(Some(CacheControl {
            kind: req_string(c, &p, "type")?,
            ttl: opt_string(c, &p, "ttl")?,
        })),
        Some(other) => Err(expected(&p, "an object", other)),
    }
}

// ---- small JSON accessors with paths (shared with `options.rs`) ----

/// `parent.key` (or `key` at the top level).
pub(super) fn field(parent: &str, key: &str) -> String {
    if parent.is_empty() || parent == "request" {
        String::from(key)
    } else {
        format!("{parent}.{key}")
    }
}

pub(super) fn as_object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| expected(path, "an object", v))
}

/// A required field (present and not null).
pub(super) fn req<'a>(
    o: &'a Map<String, Value>,
    path: &str,
    key: &str,
    what: &str,
) -> Result<&'a Value> {
    match o.get(key) {
        Some(v) if !v.is_null() => Ok(v),
        _ => Err(missing(&field(path, key), what)),
    }
}

pub(super) fn req_str<'a>(o: &'a Map<String, Value>, path: &str, key: &str) -> Result<&'a str> {
    let v = req(o, path, key, "a string")?;
    v.as_str()
        .ok_or_else(|| expected(&field(path, key), "a string", v))
}

pub(super) fn req_string(o: &Map<String, Value>, path: &str, key: &str) -> Result<String> {
    req_str(o, path, key).map(String::from)
}

pub(super) fn opt_string(o: &Map<String, Value>, path: &str, key: &str) -> Result<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(expected(&field(path, key), "a string", other)),
    }
}

pub(super) fn opt_bool(o: &Map<String, Value>, path: &str, key: &str) -> Result<Option<bool>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(expected(&field(path, key), "a boolean", other)),
    }
}

/// `{path}: expected {what}, got {kind of value}`.
pub(super) fn expected(path: &str, what: &str, got: &Value) -> ProviderError {
    ProviderError::invalid_request(format!("{path}: expected {what}, got {}", describe(got)))
}

/// `{path}: expected {what}, but it is missing`.
pub(super) fn missing(path: &str, what: &str) -> ProviderError {
    ProviderError::invalid_request(format!("{path}: expected {what}, but it is missing"))
}

/// `{path}: expected one of "a", "b", got "c"{hint}`.
pub(super) fn one_of(path: &str, allowed: &[&str], got: &str, hint: &str) -> ProviderError {
    let list: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
    ProviderError::invalid_request(format!(
        "{path}: expected one of {}, got \"{}\"{hint}",
        list.join(", "),
        shorten(got)
    ))
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Caller strings quoted in errors are cut short: an error message is no place for a payload.
pub(super) fn shorten(s: &str) -> &str {
    const MAX: usize = 60;
    if s.len() <= MAX {
        return s;
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests;
