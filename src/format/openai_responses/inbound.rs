//! The gateway direction: an OpenAI Responses request (`POST /v1/responses`) as a client sends
//! it → [`Inbound`].
//!
//! * `input`: a string (one user turn) or items: messages (`role` user / assistant / system /
//!   developer, `content` a string or `input_text` / `output_text` / `input_image` /
//!   `input_file` / `refusal` parts), `function_call` → `tool_use`, `function_call_output` →
//!   `tool_result`, `reasoning` → its summary as `thinking` plus its `encrypted_content` as
//!   `redacted_thinking` (which the Responses encoder replays to OpenAI, see `input.rs`);
//! * `instructions` (and system/developer messages) → the system prompt;
//! * function `tools`, `tool_choice`, `reasoning.effort`, `max_output_tokens`, `text.format`
//!   (`json_schema`, `json_object`), `temperature`, `top_p`, `parallel_tool_calls`, `user`,
//!   `stream`.
//!
//! The gateway keeps no conversation state, so what needs it is refused with a 400 naming the
//! field: `previous_response_id`, `conversation`, `store: true`, and hosted tools
//! (`web_search`, `file_search`, …: only some upstreams could run them). `item_reference`
//! items are dropped with a warning instead: the AI SDK sends them by default for the
//! assistant's earlier text and reasoning items (its `store` defaults to true) while sending
//! the calls and their outputs in full, so a tool loop still has what it needs; refusing them
//! would break every default AI SDK tool loop. Tool outputs are merged into user turns and
//! consecutive turns of one role are merged, as in the chat parser, whose helpers this shares.

use crate::error::Result;
use crate::format::openai_chat::inbound as chat;
use crate::format::Inbound;
use crate::message::{ContentBlock, Message, Request, ResponseFormat, Role, ToolResultContent};
use crate::message::{ToolChoice, Warning};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

use chat::invalid;

/// Parses a Responses request body, discarding warnings.
pub fn parse_inbound(v: &Value) -> Result<Inbound> {
    parse_inbound_with_warnings(v).map(|(inbound, _)| inbound)
}

/// Fields that only make sense with state kept at the server.
const STATEFUL: [&str; 2] = ["previous_response_id", "conversation"];

/// Parses a Responses request body; the warnings name what could not be carried over.
pub fn parse_inbound_with_warnings(v: &Value) -> Result<(Inbound, Vec<Warning>)> {
    let (obj, model) = chat::object_and_model(v)?;
    let mut w = Vec::new();
    let mut req = Request::default();
    for key in STATEFUL {
        if obj.get(key).is_some_and(|x| !x.is_null()) {
            return Err(invalid(
                key,
                "not supported: the gateway keeps no conversation state; send the whole \
                 conversation in `input`",
            ));
        }
    }
    if obj.get("store").and_then(Value::as_bool) == Some(true) {
        return Err(invalid(
            "store",
            "`store: true` is not supported: the gateway keeps no responses; send \
             `store: false` (or leave it out)",
        ));
    }
    match obj.get("input") {
        Some(Value::String(s)) => req.messages.push(Message::user(s.as_str())),
        Some(Value::Array(items)) => parse_items(items, &mut req, &mut w)?,
        _ => {
            return Err(invalid(
                "input",
                "expected a string or an array of input items",
            ))
        }
    }
    if req.messages.is_empty() {
        return Err(invalid("input", "at least one message is required"));
    }
    if let Some(text) = obj.get("instructions").and_then(Value::as_str) {
        if !text.is_empty() {
            req.system.insert(0, ContentBlock::text(text));
        }
    }
    let mut stream = false;
    for (key, val) in obj {
        let path = key.as_str();
        if val.is_null() {
            continue;
        }
        match path {
            "model" | "input" | "instructions" | "store" | "metadata" | "include"
            | "truncation" | "service_tier" | "prompt_cache_key" | "safety_identifier"
            | "background" => {}
            "max_output_tokens" => {
                let n = val
                    .as_u64()
                    .ok_or_else(|| invalid(path, "expected a non-negative integer"))?;
                req.max_tokens = Some(u32::try_from(n).unwrap_or(u32::MAX));
            }
            "temperature" => req.temperature = Some(chat::num(val, path)?),
            "top_p" => req.top_p = Some(chat::num(val, path)?),
            "stream" => {
                stream = val
                    .as_bool()
                    .ok_or_else(|| invalid(path, "expected a boolean"))?
            }
            "user" => req.user = val.as_str().map(String::from),
            "parallel_tool_calls" => req.parallel_tool_calls = val.as_bool(),
            "reasoning" => {
                if let Some(e) = val.get("effort").filter(|e| !e.is_null()) {
                    req.reasoning = chat::reasoning_of(e, "reasoning.effort", &mut w);
                }
            }
            "text" => {
                if let Some(f) = val.get("format").filter(|f| !f.is_null()) {
                    req.response_format = text_format(f)?;
                }
            }
            "tools" => req.tools = parse_tools(val)?,
            "tool_choice" => req.tool_choice = Some(tool_choice(val)?),
            other => w.push(Warning::new(other, "not supported by the gateway; ignored")),
        }
    }
    let inbound = Inbound {
        request: req,
        model,
        stream,
        include_usage: true,
    };
    Ok((inbound, w))
}

fn text_format(f: &Value) -> Result<Option<ResponseFormat>> {
    match f.get("type").and_then(Value::as_str).unwrap_or("") {
        "text" => Ok(Some(ResponseFormat::Text)),
        "json_object" => Ok(Some(ResponseFormat::JsonObject)),
        "json_schema" => Ok(Some(chat::json_schema_of(f))),
        other => Err(invalid(
            "text.format.type",
            &format!("unknown type {other:?}"),
        )),
    }
}

fn parse_tools(v: &Value) -> Result<Vec<crate::message::Tool>> {
    let items = v
        .as_array()
        .ok_or_else(|| invalid("tools", "expected an array"))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, t) in items.iter().enumerate() {
        let path = format!("tools[{i}]");
        match t.get("type").and_then(Value::as_str).unwrap_or("function") {
            "function" => out.push(chat::function_tool(t, &path)?),
            other => {
                return Err(invalid(
                    &format!("{path}.type"),
                    &format!(
                        "hosted tool {other:?} is not supported by the gateway: only function \
                         tools, which the client runs, work with every provider"
                    ),
                ))
            }
        }
    }
    Ok(out)
}

fn tool_choice(v: &Value) -> Result<ToolChoice> {
    match v {
        Value::String(s) => chat::tool_choice_word(s, "tool_choice"),
        Value::Object(_) => match v.get("type").and_then(Value::as_str) {
            Some("function") => v
                .get("name")
                .and_then(Value::as_str)
                .map(|n| ToolChoice::Tool(n.into()))
                .ok_or_else(|| invalid("tool_choice.name", "a function name is required")),
            Some("allowed_tools") => match v.get("mode").and_then(Value::as_str) {
                Some("required") => Ok(ToolChoice::Any),
                _ => Ok(ToolChoice::Auto),
            },
            other => Err(invalid(
                "tool_choice.type",
                &format!("unsupported tool choice {other:?}"),
            )),
        },
        _ => Err(invalid("tool_choice", "expected a string or an object")),
    }
}

/// The text of a `content` value: a string or text parts.
fn content_blocks(content: &Value, path: &str, w: &mut Vec<Warning>) -> Result<Vec<ContentBlock>> {
    let parts = match content {
        Value::String(s) => return Ok(alloc::vec![ContentBlock::text(s.as_str())]),
        Value::Array(p) => p,
        Value::Null => return Ok(Vec::new()),
        _ => return Err(invalid(path, "expected a string or an array of parts")),
    };
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let pp = format!("{path}[{i}]");
        let s = |k: &str| p.get(k).and_then(Value::as_str);
        match s("type").unwrap_or("") {
            "input_text" | "output_text" | "text" => {
                let t = s("text").ok_or_else(|| invalid(&pp, "a text part needs `text`"))?;
                out.push(ContentBlock::text(t));
            }
            "refusal" => out.push(ContentBlock::text(s("refusal").unwrap_or(""))),
            "input_image" => match s("image_url") {
                Some(url) => out.push(ContentBlock::Image {
                    source: chat::source_of(url),
                    cache_control: None,
                }),
                None => w.push(Warning::new(
                    pp,
                    "image file references (file_id) cannot be forwarded; dropped",
                )),
            },
            "input_file" => match s("file_data").or_else(|| s("file_url")) {
                Some(data) => out.push(ContentBlock::Document {
                    source: chat::source_of(data),
                    title: s("filename").map(String::from),
                    cache_control: None,
                }),
                None => w.push(Warning::new(
                    pp,
                    "file references (file_id) cannot be forwarded; dropped",
                )),
            },
            other => w.push(Warning::new(
                pp,
                format!("unknown content part type {other:?}; dropped"),
            )),
        }
    }
    Ok(out)
}

fn text_only(blocks: Vec<ContentBlock>) -> String {
    let mut out = String::new();
    for b in blocks {
        if let ContentBlock::Text { text, .. } = b {
            out.push_str(&text);
        }
    }
    out
}

fn parse_items(items: &[Value], req: &mut Request, w: &mut Vec<Warning>) -> Result<()> {
    let mut out: Vec<Message> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("input[{i}]");
        let s = |k: &str| item.get(k).and_then(Value::as_str);
        let role = s("role");
        let ty = s("type").unwrap_or(if role.is_some() { "message" } else { "" });
        match ty {
            "message" => {
                let cp = format!("{path}.content");
                let content = item.get("content").unwrap_or(&Value::Null);
                match role.unwrap_or("") {
                    "system" | "developer" => {
                        let text = text_only(content_blocks(content, &cp, w)?);
                        req.system.push(ContentBlock::text(text));
                    }
                    "user" => {
                        let blocks = content_blocks(content, &cp, w)?;
                        chat::push_merged(&mut out, Role::User, blocks);
                    }
                    "assistant" => {
                        let blocks = content_blocks(content, &cp, w)?;
                        chat::push_merged(&mut out, Role::Assistant, blocks);
                    }
                    other => {
                        return Err(invalid(
                            &format!("{path}.role"),
                            &format!("unknown role {other:?}"),
                        ))
                    }
                }
            }
            "function_call" => {
                let id = s("call_id").ok_or_else(|| invalid(&path, "call_id is required"))?;
                let name = s("name").ok_or_else(|| invalid(&path, "name is required"))?;
                let input = chat::parse_arguments(item, &path, w);
                let block = ContentBlock::ToolUse {
                    id: id.into(),
                    name: name.into(),
                    input,
                    cache_control: None,
                };
                chat::push_merged(&mut out, Role::Assistant, alloc::vec![block]);
            }
            "function_call_output" => {
                let id = s("call_id").ok_or_else(|| invalid(&path, "call_id is required"))?;
                let output = match item.get("output") {
                    Some(Value::String(t)) => t.clone(),
                    Some(o @ Value::Array(_)) => {
                        text_only(content_blocks(o, &format!("{path}.output"), w)?)
                    }
                    _ => return Err(invalid(&format!("{path}.output"), "expected a string")),
                };
                let block = ContentBlock::ToolResult {
                    tool_use_id: id.into(),
                    content: alloc::vec![ToolResultContent::Text { text: output }],
                    is_error: false,
                    cache_control: None,
                };
                chat::push_merged(&mut out, Role::User, alloc::vec![block]);
            }
            "reasoning" => {
                let mut blocks = Vec::new();
                let summary = super::items::reasoning_text(item);
                if !summary.is_empty() {
                    blocks.push(ContentBlock::Thinking {
                        thinking: summary,
                        signature: None,
                    });
                }
                if let Some(data) = super::items::encrypted(item) {
                    blocks.push(ContentBlock::RedactedThinking { data: data.into() });
                }
                chat::push_merged(&mut out, Role::Assistant, blocks);
            }
            "item_reference" => w.push(Warning::new(
                path,
                "the gateway keeps no items, so a reference to one is dropped: send the item \
                 itself (AI SDK: providerOptions.openai.store = false)",
            )),
            other => {
                return Err(invalid(
                    &format!("{path}.type"),
                    &format!("unsupported input item type {other:?}"),
                ))
            }
        }
    }
    req.messages = out;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_input_instructions_and_options() {
        let v = json!({
            "model": "mock/echo", "input": "Hi", "instructions": "Be brief",
            "max_output_tokens": 50, "reasoning": {"effort": "low"}, "stream": true,
            "text": {"format": {"type": "json_schema", "name": "out", "strict": true,
                     "schema": {"type": "object"}}},
            "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}],
            "tool_choice": {"type": "function", "name": "f"},
        });
        let i = parse_inbound(&v).unwrap();
        assert_eq!(i.model, "mock/echo");
        assert!(i.stream);
        let r = &i.request;
        assert_eq!(r.messages, [Message::user("Hi")]);
        assert_eq!(r.system, [ContentBlock::text("Be brief")]);
        assert_eq!(r.max_tokens, Some(50));
        assert!(r.reasoning.is_some());
        assert!(matches!(
            r.response_format,
            Some(ResponseFormat::JsonSchema { strict: true, .. })
        ));
        assert_eq!(r.tools[0].name, "f");
        assert_eq!(r.tool_choice, Some(ToolChoice::Tool("f".into())));
    }

    #[test]
    fn items_become_a_tool_loop_history() {
        let v = json!({"model": "m", "input": [
            {"role": "developer", "content": "sys"},
            {"role": "user", "content": [{"type": "input_text", "text": "weather?"}]},
            {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "think"}],
             "encrypted_content": "gAAAAAxyz"},
            {"type": "function_call", "call_id": "c1", "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"},
            {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
        ]});
        let r = parse_inbound(&v).unwrap().request;
        assert_eq!(r.system, [ContentBlock::text("sys")]);
        assert_eq!(r.messages.len(), 3);
        assert_eq!(r.messages[1].role, Role::Assistant);
        assert!(
            matches!(&r.messages[1].content[1], ContentBlock::RedactedThinking { data } if data == "gAAAAAxyz")
        );
        assert!(
            matches!(&r.messages[1].content[2], ContentBlock::ToolUse { input, .. } if input["city"] == "Paris")
        );
        assert!(
            matches!(&r.messages[2].content[0], ContentBlock::ToolResult { tool_use_id, .. } if tool_use_id == "c1")
        );
    }

    #[test]
    fn encrypted_reasoning_goes_back_to_openai() {
        let v = json!({"model": "m", "input": [
            {"role": "user", "content": "hi"},
            {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "gAAAAAsecret"},
            {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "ok"},
        ]});
        let req = parse_inbound(&v).unwrap().request;
        let ctx = crate::format::EncodeContext::new("openai", "gpt-5", true);
        let body = super::super::encode(&req, &ctx).unwrap().body;
        let items = body["input"].as_array().unwrap();
        let r = items.iter().find(|i| i["type"] == "reasoning").unwrap();
        assert_eq!(r["encrypted_content"], "gAAAAAsecret");
        assert!(items.iter().any(|i| i["type"] == "function_call_output"));
    }

    #[test]
    fn stateful_and_hosted_features_name_the_field() {
        let base = json!({"model": "m", "input": "x"});
        for (key, val, field) in [
            (
                "previous_response_id",
                json!("resp_1"),
                "previous_response_id",
            ),
            ("store", json!(true), "store"),
            ("tools", json!([{"type": "web_search"}]), "tools[0].type"),
            ("input", json!([]), "input"),
            (
                "input",
                json!([{"type": "item_reference", "id": "msg_1"}]),
                "input",
            ),
        ] {
            let mut v = base.clone();
            v[key] = val;
            let e = parse_inbound(&v).unwrap_err();
            assert!(e.message.starts_with(field), "{key}: {}", e.message);
        }
        let mut ok = base.clone();
        ok["store"] = json!(false);
        assert!(parse_inbound(&ok).is_ok());
        // A reference is dropped with a warning; the rest of the history stays.
        ok["input"] = json!([{"role": "user", "content": "hi"},
                             {"type": "item_reference", "id": "rs_1"}]);
        let (i, w) = parse_inbound_with_warnings(&ok).unwrap();
        assert_eq!(i.request.messages.len(), 1);
        assert_eq!(w[0].setting, "input[1]");
    }
}
