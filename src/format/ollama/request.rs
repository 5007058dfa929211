//! Canonical request → Ollama `/api/chat` body.
//!
//! * system → a `system` message; user/assistant text blocks → `content` (joined with blank
//!   lines); base64 images → `images` (URL images are a warning: Ollama takes base64 only);
//!   text documents → text; PDFs → a warning;
//! * assistant `tool_use` → `tool_calls: [{function: {name, arguments: {...}}}]`, thinking →
//!   `thinking` (signatures have no place and are dropped);
//! * `tool_result` → `{role: "tool", content, tool_name}` (the name looked up from the call);
//!   images in results go into a following user message, with a warning;
//! * `think`: `true`, or the effort string for `gpt-oss` models; `format`: the JSON schema, or
//!   `"json"`; `options`: `num_predict` (max tokens), `temperature`, `top_p`, `top_k`, `stop`;
//!   `stream` is always explicit (Ollama streams by default);
//! * `providerOptions.ollama`: `keep_alive`, `format`, `think`, `tools` and `messages` go to the
//!   top level, an `options` object into `options`, and every other key (`num_ctx`, `seed`,
//!   `repeat_penalty`, …) into `options` too; then the one merge of every format applies
//!   (objects recurse, `tools` append, `null` removes). A configured `num_ctx` reaches the body
//!   this way.

use crate::error::Result;
use crate::format::openai_chat::request::effort_of;
use crate::format::wire_util::merge_patch;
use crate::format::{EncodeContext, Encoded};
use crate::message::{
    ContentBlock, Effort, Message, Request, Role, Source, ToolChoice, ToolResultContent, Warning,
};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

const TOP_LEVEL_KEYS: [&str; 5] = ["keep_alive", "format", "think", "tools", "messages"];

fn push_text(buf: &mut String, t: &str) {
    if !buf.is_empty() {
        buf.push_str("\n\n");
    }
    buf.push_str(t);
}

/// Encodes an Ollama `/api/chat` request.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let model = req.model.clone().unwrap_or_else(|| ctx.model.clone());
    let mut w = Vec::new();
    let mut body = Map::new();
    body.insert("model".into(), model.clone().into());
    body.insert("messages".into(), Value::Array(messages(req, &mut w)));
    body.insert("stream".into(), ctx.stream.into());
    tools(req, &mut body, &mut w);
    if let Some(think) = think(req, &model) {
        body.insert("think".into(), think);
    }
    match &req.response_format {
        Some(crate::message::ResponseFormat::JsonSchema { schema, .. }) => {
            body.insert("format".into(), schema.clone());
        }
        Some(crate::message::ResponseFormat::JsonObject) => {
            body.insert("format".into(), "json".into());
        }
        _ => {}
    }
    if req.user.is_some() {
        w.push(Warning::new("user", "not supported by Ollama; dropped"));
    }
    let options = options(req);
    if !options.is_empty() {
        body.insert("options".into(), Value::Object(options));
    }
    let provider = if ctx.provider.is_empty() {
        "ollama"
    } else {
        ctx.provider.as_str()
    };
    if let Some(Value::Object(opts)) = req.provider_options.get(provider) {
        merge_patch(&mut body, &routed(opts));
    }
    Ok(Encoded {
        body: Value::Object(body),
        warnings: w,
    })
}

/// The conversation as Ollama messages: a `system` message, then one per canonical message
/// (tool results become `tool` messages of their own).
fn messages<'a>(req: &'a Request, w: &mut Vec<Warning>) -> Vec<Value> {
    let mut messages = Vec::new();
    if let Some(system) = req.system_text() {
        messages.push(json!({"role": "system", "content": system}));
    }
    // tool_use id → tool name, for `tool_name` on results.
    let mut names: Vec<(&'a str, &'a str)> = Vec::new();
    for (mi, m) in req.messages.iter().enumerate() {
        message(m, mi, &mut names, &mut messages, w);
    }
    messages
}

/// One canonical message: its `tool` messages, then the message itself (skipped when empty).
fn message<'a>(
    m: &'a Message,
    mi: usize,
    names: &mut Vec<(&'a str, &'a str)>,
    messages: &mut Vec<Value>,
    w: &mut Vec<Warning>,
) {
    let mut text = String::new();
    let mut thinking = String::new();
    let mut images: Vec<Value> = Vec::new();
    let mut result_images: Vec<Value> = Vec::new();
    let mut calls: Vec<Value> = Vec::new();
    for (bi, b) in m.content.iter().enumerate() {
        let path = format!("messages[{mi}].content[{bi}]");
        match b {
            ContentBlock::Text { text: t, .. } => push_text(&mut text, t),
            ContentBlock::Image {
                source: Source::Base64 { data, .. },
                ..
            } => images.push(data.clone().into()),
            ContentBlock::Image { .. } => w.push(Warning::new(
                path,
                "Ollama takes base64 images only; dropped",
            )),
            ContentBlock::Document {
                source: Source::Text { data, .. },
                ..
            } => push_text(&mut text, data),
            ContentBlock::Document { .. } => w.push(Warning::new(
                path,
                "documents are not supported by Ollama; dropped",
            )),
            ContentBlock::ToolUse {
                id, name, input, ..
            } => {
                names.push((id.as_str(), name.as_str()));
                calls.push(json!({"function": {"name": name, "arguments": input}}));
            }
            ContentBlock::ToolResult {
                tool_use_id,
                content,
                is_error,
                ..
            } => {
                let tool = tool_message(tool_use_id, content, *is_error, names, &path, w);
                result_images.extend(tool.1);
                messages.push(tool.0);
            }
            ContentBlock::Thinking { thinking: t, .. } => thinking.push_str(t),
            ContentBlock::RedactedThinking { .. } => w.push(Warning::new(
                path,
                "redacted reasoning cannot be replayed to Ollama; dropped",
            )),
        }
    }
    images.append(&mut result_images);
    if text.is_empty() && images.is_empty() && calls.is_empty() && thinking.is_empty() {
        return;
    }
    let mut msg = Map::new();
    msg.insert(
        "role".into(),
        if m.role == Role::User {
            "user"
        } else {
            "assistant"
        }
        .into(),
    );
    msg.insert("content".into(), text.into());
    if !images.is_empty() {
        msg.insert("images".into(), Value::Array(images));
    }
    if !thinking.is_empty() {
        msg.insert("thinking".into(), thinking.into());
    }
    if !calls.is_empty() {
        msg.insert("tool_calls".into(), Value::Array(calls));
    }
    messages.push(Value::Object(msg));
}

/// A `tool_result` → a `tool` message, and the images it carried (which go into the following
/// user message: tool messages take text only).
fn tool_message(
    tool_use_id: &str,
    content: &[ToolResultContent],
    is_error: bool,
    names: &[(&str, &str)],
    path: &str,
    w: &mut Vec<Warning>,
) -> (Value, Vec<Value>) {
    let mut images = Vec::new();
    let mut out = String::from(if is_error { "Error: " } else { "" });
    for c in content {
        match c {
            ToolResultContent::Text { text: t } => out.push_str(t),
            ToolResultContent::Image {
                source: Source::Base64 { data, .. },
            } => {
                w.push(Warning::new(
                    path,
                    "tool messages take text only; the image was sent in the following user message",
                ));
                images.push(data.clone().into());
            }
            _ => w.push(Warning::new(
                path,
                "only text and base64 images are supported in tool results; dropped",
            )),
        }
    }
    let mut tool = Map::new();
    tool.insert("role".into(), "tool".into());
    tool.insert("content".into(), out.into());
    // The name of the call this answers, when the history has it.
    if let Some((_, name)) = names.iter().rev().find(|(id, _)| *id == tool_use_id) {
        tool.insert("tool_name".into(), (*name).into());
    }
    (Value::Object(tool), images)
}

/// `tools` (unless the choice is `none`), and warnings for what Ollama cannot choose.
fn tools(req: &Request, body: &mut Map<String, Value>, w: &mut Vec<Warning>) {
    let tools_allowed = !matches!(req.tool_choice, Some(ToolChoice::None));
    if !req.tools.is_empty() && tools_allowed {
        let tools: Vec<Value> = req
            .tools
            .iter()
            .map(|t| {
                json!({"type": "function", "function": {
                "name": t.name, "description": t.description.clone().unwrap_or_default(),
                "parameters": t.input_schema}})
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
    }
    if matches!(req.tool_choice, Some(ToolChoice::Any | ToolChoice::Tool(_))) {
        w.push(Warning::new(
            "toolChoice",
            "Ollama cannot force a tool call; the model decides",
        ));
    }
    if req.parallel_tool_calls.is_some() {
        w.push(Warning::new(
            "parallelToolCalls",
            "not supported by Ollama; ignored",
        ));
    }
}

/// `think`: the effort string for `gpt-oss` models (minimal → low), `true` for the others.
fn think(req: &Request, model: &str) -> Option<Value> {
    let r = req.reasoning.as_ref()?;
    if r.effort.is_none() && r.budget_tokens.is_none() {
        return None;
    }
    Some(if model.contains("gpt-oss") {
        let e = match effort_of(r) {
            Effort::Minimal => Effort::Low,
            e => e,
        };
        Value::from(e.as_str())
    } else {
        Value::Bool(true)
    })
}

/// The sampling settings Ollama takes in `options`.
fn options(req: &Request) -> Map<String, Value> {
    let mut options = Map::new();
    if let Some(n) = req.max_tokens {
        options.insert("num_predict".into(), n.into());
    }
    if let Some(t) = req.temperature {
        options.insert("temperature".into(), t.into());
    }
    if let Some(p) = req.top_p {
        options.insert("top_p".into(), p.into());
    }
    if let Some(k) = req.top_k {
        options.insert("top_k".into(), k.into());
    }
    if let Some(seed) = req.seed {
        options.insert("seed".into(), seed.into());
    }
    if !req.stop_sequences.is_empty() {
        options.insert("stop".into(), req.stop_sequences.clone().into());
    }
    options
}

/// `providerOptions.ollama` in the body's shape: the top-level keys stay, an `options` object
/// and every other key go under `options`. The result is merged with the one merge of every
/// format.
fn routed(opts: &Map<String, Value>) -> Map<String, Value> {
    let mut top = Map::new();
    let mut options = Map::new();
    for (k, v) in opts {
        match (k.as_str(), v) {
            ("options", Value::Object(o)) => options.extend(o.clone()),
            ("options", _) => {}
            (k, _) if TOP_LEVEL_KEYS.contains(&k) => {
                top.insert(k.into(), v.clone());
            }
            _ => {
                options.insert(k.clone(), v.clone());
            }
        }
    }
    if !options.is_empty() {
        top.insert("options".into(), Value::Object(options));
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_options_are_routed_then_merged_like_every_format() {
        let mut req = Request {
            temperature: Some(0.5),
            top_p: Some(0.9),
            ..Request::default()
        };
        req.provider_options.insert(
            "ollama".into(),
            json!({"num_ctx": 8192, "keep_alive": "5m",
                   "options": {"seed": 1, "temperature": null}}),
        );
        let ctx = EncodeContext::new("ollama", "llama3.2", true);
        let body = encode(&req, &ctx).unwrap().body;
        assert_eq!(body["keep_alive"], "5m");
        assert_eq!(
            body["options"],
            json!({"top_p": 0.9, "num_ctx": 8192, "seed": 1})
        );
    }
}
