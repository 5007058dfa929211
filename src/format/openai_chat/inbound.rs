//! The gateway direction: an OpenAI Chat Completions request as a client sends it → the
//! canonical [`Request`].
//!
//! Mapping: `system` and `developer` messages (wherever they are) → the system prompt; user
//! parts `text`, `image_url` (a `data:` URL becomes base64), `file` (`file_data`) → blocks,
//! `input_audio` and `file_id` references → warnings; assistant `content`, `reasoning_content`
//! (→ a thinking block) and `tool_calls` (→ `tool_use`, arguments parsed); `tool` messages →
//! `tool_result` blocks merged into the following user turn (Anthropic-shaped history needs
//! them there); consecutive messages of one role are merged. Options: `max_completion_tokens`
//! (or `max_tokens`), `reasoning_effort`, `response_format`, `tools`, `tool_choice`, `stop`
//! (string or array), `stream`, `stream_options.include_usage`, `temperature`, `top_p`, `seed`,
//! `user`, `parallel_tool_calls`. Anything else is ignored with a warning.

use super::json::non_null;
use crate::error::{ProviderError, Result};
use crate::format::Inbound;
use crate::message::{
    ContentBlock, Effort, Message, Reasoning, Request, ResponseFormat, Role, Source, Tool,
    ToolChoice, ToolResultContent, Warning,
};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// Parses an OpenAI chat request body, discarding warnings.
pub fn parse_inbound(v: &Value) -> Result<Inbound> {
    parse_inbound_with_warnings(v).map(|(inbound, _)| inbound)
}

/// An `invalid_request` error naming the field at `path`.
pub(crate) fn invalid(path: &str, what: &str) -> ProviderError {
    ProviderError::invalid_request(format!("{path}: {what}"))
}

/// The body as a JSON object and its (required, non-empty) `model`: how OpenAI's chat and
/// Responses bodies both start.
pub(crate) fn object_and_model(v: &Value) -> Result<(&Map<String, Value>, String)> {
    let obj = v
        .as_object()
        .ok_or_else(|| invalid("body", "expected a JSON object"))?;
    match obj.get("model") {
        Some(Value::String(s)) if !s.is_empty() => Ok((obj, s.clone())),
        _ => Err(invalid("model", "a model name is required")),
    }
}

/// Parses an OpenAI chat request body; the warnings name what could not be carried over.
pub fn parse_inbound_with_warnings(v: &Value) -> Result<(Inbound, Vec<Warning>)> {
    let (obj, model) = object_and_model(v)?;
    let mut w = Vec::new();
    let mut req = Request::default();
    let messages = obj
        .get("messages")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("messages", "expected an array"))?;
    if messages.is_empty() {
        // As the API does: there is nothing to answer.
        return Err(invalid("messages", "at least one message is required"));
    }
    parse_messages(messages, &mut req, &mut w)?;

    let mut stream = false;
    let mut include_usage = false;
    for (key, val) in obj {
        let path = key.as_str();
        if val.is_null() {
            continue;
        }
        match path {
            "model" | "messages" => {}
            "max_tokens" | "max_completion_tokens" => {
                let n = val
                    .as_u64()
                    .ok_or_else(|| invalid(path, "expected a non-negative integer"))?;
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                // `max_completion_tokens` wins when both are present.
                if path == "max_completion_tokens" || req.max_tokens.is_none() {
                    req.max_tokens = Some(n);
                }
            }
            "temperature" => req.temperature = Some(num(val, path)?),
            "top_p" => req.top_p = Some(num(val, path)?),
            "seed" => {
                req.seed = Some(
                    val.as_i64()
                        .ok_or_else(|| invalid(path, "expected an integer"))?,
                )
            }
            "stop" => {
                req.stop_sequences = match val {
                    Value::String(s) => alloc::vec![s.clone()],
                    Value::Array(items) => items
                        .iter()
                        .map(|s| {
                            s.as_str()
                                .map(String::from)
                                .ok_or_else(|| invalid(path, "expected strings"))
                        })
                        .collect::<Result<Vec<_>>>()?,
                    _ => return Err(invalid(path, "expected a string or an array of strings")),
                }
            }
            "stream" => {
                stream = val
                    .as_bool()
                    .ok_or_else(|| invalid(path, "expected a boolean"))?
            }
            "stream_options" => {
                include_usage = val
                    .get("include_usage")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
            }
            "user" => req.user = val.as_str().map(String::from),
            "parallel_tool_calls" => req.parallel_tool_calls = val.as_bool(),
            "reasoning_effort" => req.reasoning = reasoning_of(val, path, &mut w),
            "response_format" => req.response_format = parse_response_format(val)?,
            "tools" => req.tools = parse_tools(val, &mut w)?,
            "tool_choice" => req.tool_choice = Some(parse_tool_choice(val)?),
            "n" if val.as_u64() == Some(1) => {}
            other => w.push(Warning::new(other, "not supported by the gateway; ignored")),
        }
    }
    let inbound = Inbound {
        request: req,
        model,
        stream,
        include_usage,
    };
    Ok((inbound, w))
}

/// An OpenAI reasoning effort (`reasoning_effort`, Responses `reasoning.effort`). Hosts add
/// levels beyond OpenAI's (`xhigh`, Z.ai `max`): the nearest is used.
pub(crate) fn reasoning_of(val: &Value, path: &str, w: &mut Vec<Warning>) -> Option<Reasoning> {
    let effort = match val.as_str().unwrap_or("") {
        "minimal" => Some(Effort::Minimal),
        "low" => Some(Effort::Low),
        "medium" => Some(Effort::Medium),
        "high" | "xhigh" | "max" => Some(Effort::High),
        "none" => None,
        other => {
            w.push(Warning::new(
                path,
                format!("unknown effort {other:?}; ignored"),
            ));
            None
        }
    };
    effort.map(|e| Reasoning {
        effort: Some(e),
        budget_tokens: None,
    })
}

pub(crate) fn num(v: &Value, path: &str) -> Result<f64> {
    v.as_f64().ok_or_else(|| invalid(path, "expected a number"))
}

/// Text of a `content` value: a string, or the `text` parts of an array.
fn text_of(content: &Value, path: &str) -> Result<String> {
    match content {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        Value::Array(parts) => {
            let mut out = String::new();
            for (i, p) in parts.iter().enumerate() {
                let t = p
                    .get("text")
                    .or_else(|| p.get("refusal"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(&format!("{path}[{i}]"), "expected a text part"))?;
                out.push_str(t);
            }
            Ok(out)
        }
        _ => Err(invalid(path, "expected a string or an array of parts")),
    }
}

/// A source from a URL: a base64 `data:` URL becomes inline data.
pub(crate) fn source_of(url: &str) -> Source {
    if let Some(rest) = url.strip_prefix("data:") {
        if let Some((meta, data)) = rest.split_once(',') {
            if let Some(media_type) = meta.strip_suffix(";base64") {
                return Source::Base64 {
                    media_type: String::from(media_type),
                    data: String::from(data),
                };
            }
        }
    }
    Source::Url {
        url: String::from(url),
    }
}

fn parse_user_parts(
    content: &Value,
    path: &str,
    w: &mut Vec<Warning>,
) -> Result<Vec<ContentBlock>> {
    let parts = match content {
        Value::String(s) => return Ok(alloc::vec![ContentBlock::text(s.clone())]),
        Value::Array(parts) => parts,
        _ => return Err(invalid(path, "expected a string or an array of parts")),
    };
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let pp = format!("{path}[{i}]");
        match p.get("type").and_then(Value::as_str).unwrap_or("") {
            "text" => {
                let t = p
                    .get("text")
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(&pp, "text part without text"))?;
                out.push(ContentBlock::text(t));
            }
            "image_url" => {
                let url = match p.get("image_url") {
                    Some(Value::String(s)) => s.as_str(),
                    Some(o) => o.get("url").and_then(Value::as_str).unwrap_or(""),
                    None => "",
                };
                if url.is_empty() {
                    return Err(invalid(&format!("{pp}.image_url.url"), "expected a URL"));
                }
                out.push(ContentBlock::Image {
                    source: source_of(url),
                    cache_control: None,
                });
            }
            "file" => {
                let file = p.get("file").unwrap_or(&Value::Null);
                match file.get("file_data").and_then(Value::as_str) {
                    Some(data) => out.push(ContentBlock::Document {
                        source: source_of(data),
                        title: file
                            .get("filename")
                            .and_then(Value::as_str)
                            .map(String::from),
                        cache_control: None,
                    }),
                    None => w.push(Warning::new(
                        pp,
                        "file references (file_id) cannot be forwarded; dropped",
                    )),
                }
            }
            "input_audio" => w.push(Warning::new(pp, "audio input is not supported; dropped")),
            other => w.push(Warning::new(
                pp,
                format!("unknown content part type {other:?}; dropped"),
            )),
        }
    }
    Ok(out)
}

fn parse_assistant(m: &Value, path: &str, w: &mut Vec<Warning>) -> Result<Vec<ContentBlock>> {
    let mut blocks = Vec::new();
    let reasoning = m
        .get("reasoning_content")
        .or_else(|| m.get("reasoning"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    if let Some(r) = reasoning {
        blocks.push(ContentBlock::Thinking {
            thinking: String::from(r),
            signature: None,
        });
    }
    let text = text_of(
        m.get("content").unwrap_or(&Value::Null),
        &format!("{path}.content"),
    )?;
    if !text.is_empty() {
        blocks.push(ContentBlock::text(text));
    }
    let calls = m
        .get("tool_calls")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    for (i, tc) in calls.iter().enumerate() {
        let tp = format!("{path}.tool_calls[{i}]");
        let id = tc
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(&tp, "tool call without id"))?;
        let func = tc.get("function").unwrap_or(&Value::Null);
        let name = func
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(&tp, "tool call without name"))?;
        let input = parse_arguments(func, &format!("{tp}.function"), w);
        blocks.push(ContentBlock::ToolUse {
            id: id.into(),
            name: name.into(),
            input,
            cache_control: None,
        });
    }
    Ok(blocks)
}

/// Tool-call arguments (`func.arguments`) as a JSON object. Invalid JSON is kept as
/// `{"_raw": text}` (the accumulator's convention) with a warning, never dropped.
pub(crate) fn parse_arguments(func: &Value, path: &str, w: &mut Vec<Warning>) -> Value {
    match func.get("arguments") {
        Some(Value::String(s)) if s.trim().is_empty() => Value::Object(Map::new()),
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(v) => v,
            Err(_) => {
                w.push(Warning::new(
                    format!("{path}.arguments"),
                    "not valid JSON; kept as _raw",
                ));
                json!({"_raw": s})
            }
        },
        Some(v @ Value::Object(_)) => v.clone(),
        _ => Value::Object(Map::new()),
    }
}

fn parse_messages(messages: &[Value], req: &mut Request, w: &mut Vec<Warning>) -> Result<()> {
    let mut out: Vec<Message> = Vec::new();
    let mut pending_results: Vec<ContentBlock> = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let path = format!("messages[{i}]");
        let role = m
            .get("role")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(&path, "message without role"))?;
        let content = m.get("content").unwrap_or(&Value::Null);
        match role {
            "system" | "developer" => {
                let text = text_of(content, &format!("{path}.content"))?;
                req.system.push(ContentBlock::text(text));
            }
            "tool" => {
                let id = m
                    .get("tool_call_id")
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(&path, "tool message without tool_call_id"))?;
                let text = text_of(content, &format!("{path}.content"))?;
                pending_results.push(ContentBlock::ToolResult {
                    tool_use_id: id.into(),
                    content: alloc::vec![ToolResultContent::Text { text }],
                    is_error: false,
                    cache_control: None,
                });
            }
            "user" => {
                let mut blocks = core::mem::take(&mut pending_results);
                blocks.extend(parse_user_parts(content, &format!("{path}.content"), w)?);
                push_merged(&mut out, Role::User, blocks);
            }
            "assistant" => {
                if !pending_results.is_empty() {
                    push_merged(&mut out, Role::User, core::mem::take(&mut pending_results));
                }
                let blocks = parse_assistant(m, &path, w)?;
                push_merged(&mut out, Role::Assistant, blocks);
            }
            other => {
                w.push(Warning::new(
                    path,
                    format!("unsupported role {other:?}; message dropped"),
                ));
            }
        }
    }
    if !pending_results.is_empty() {
        push_merged(&mut out, Role::User, pending_results);
    }
    req.messages = out;
    Ok(())
}

/// Appends a message, merging it into the previous one of the same role.
pub(crate) fn push_merged(out: &mut Vec<Message>, role: Role, blocks: Vec<ContentBlock>) {
    if blocks.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.role == role => last.content.extend(blocks),
        _ => out.push(Message {
            role,
            content: blocks,
        }),
    }
}

fn parse_response_format(v: &Value) -> Result<Option<ResponseFormat>> {
    let path = "response_format";
    match v.get("type").and_then(Value::as_str).unwrap_or("") {
        "text" => Ok(Some(ResponseFormat::Text)),
        "json_object" => Ok(Some(ResponseFormat::JsonObject)),
        "json_schema" => {
            let js = non_null(v, "json_schema")
                .ok_or_else(|| invalid(path, "json_schema is missing"))?;
            Ok(Some(json_schema_of(js)))
        }
        other => Err(invalid(path, &format!("unknown type {other:?}"))),
    }
}

/// A JSON-schema response format from `{name, schema, strict}` (chat's `json_schema` object,
/// Responses' flat `text.format`).
pub(crate) fn json_schema_of(js: &Value) -> ResponseFormat {
    ResponseFormat::JsonSchema {
        name: js
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("response")
            .into(),
        schema: js.get("schema").cloned().unwrap_or_else(|| json!({})),
        strict: js.get("strict").and_then(Value::as_bool).unwrap_or(false),
    }
}

fn parse_tools(v: &Value, w: &mut Vec<Warning>) -> Result<Vec<Tool>> {
    let items = v
        .as_array()
        .ok_or_else(|| invalid("tools", "expected an array"))?;
    let mut tools = Vec::new();
    for (i, t) in items.iter().enumerate() {
        let path = format!("tools[{i}]");
        if t.get("type").and_then(Value::as_str).unwrap_or("function") != "function" {
            w.push(Warning::new(
                path,
                "only function tools are supported; dropped",
            ));
            continue;
        }
        let f = t
            .get("function")
            .ok_or_else(|| invalid(&path, "function is missing"))?;
        tools.push(function_tool(f, &format!("{path}.function"))?);
    }
    Ok(tools)
}

/// A function tool from `{name, description, parameters}` (chat's `function` object,
/// Responses' flat tool).
pub(crate) fn function_tool(f: &Value, path: &str) -> Result<Tool> {
    let name = f
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(&format!("{path}.name"), "a tool name is required"))?;
    Ok(Tool {
        name: name.into(),
        description: f
            .get("description")
            .and_then(Value::as_str)
            .map(String::from),
        input_schema: non_null(f, "parameters")
            .cloned()
            .unwrap_or_else(|| json!({"type": "object", "properties": {}})),
        cache_control: None,
    })
}

/// A tool choice given as a string (`auto`, `required`, `none`).
pub(crate) fn tool_choice_word(s: &str, path: &str) -> Result<ToolChoice> {
    match s {
        "auto" => Ok(ToolChoice::Auto),
        "required" | "any" => Ok(ToolChoice::Any),
        "none" => Ok(ToolChoice::None),
        other => Err(invalid(path, &format!("unknown value {other:?}"))),
    }
}

fn parse_tool_choice(v: &Value) -> Result<ToolChoice> {
    match v {
        Value::String(s) => tool_choice_word(s, "tool_choice"),
        Value::Object(_) => v
            .get("function")
            .and_then(|f| f.get("name"))
            .and_then(Value::as_str)
            .map(|n| ToolChoice::Tool(n.into()))
            .ok_or_else(|| {
                invalid(
                    "tool_choice",
                    "expected {type: \"function\", function: {name}}",
                )
            }),
        _ => Err(invalid("tool_choice", "expected a string or an object")),
    }
}
