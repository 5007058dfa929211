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
//!   top level, an `options` object is merged into `options`, and every other key (`num_ctx`,
//!   `seed`, `repeat_penalty`, …) goes into `options`. A configured `num_ctx` reaches the body
//!   this way.

use crate::error::Result;
use crate::format::openai_chat::request::effort_of;
use crate::format::{EncodeContext, Encoded};
use crate::message::{
    ContentBlock, Effort, Request, Role, Source, ToolChoice, ToolResultContent, Warning,
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
    let mut messages = Vec::new();
    if let Some(system) = req.system_text() {
        messages.push(json!({"role": "system", "content": system}));
    }
    // tool_use id → tool name, for `tool_name` on results.
    let mut names: Vec<(&str, &str)> = Vec::new();
    for (mi, m) in req.messages.iter().enumerate() {
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
                    let mut out = String::from(if *is_error { "Error: " } else { "" });
                    for c in content {
                        match c {
                            ToolResultContent::Text { text: t } => out.push_str(t),
                            ToolResultContent::Image { source: Source::Base64 { data, .. } } => {
                                w.push(Warning::new(path.clone(), "tool messages take text only; the image was sent in the following user message"));
                                result_images.push(data.clone().into());
                            }
                            _ => w.push(Warning::new(path.clone(), "only text and base64 images are supported in tool results; dropped")),
                        }
                    }
                    let mut tool = Map::new();
                    tool.insert("role".into(), "tool".into());
                    tool.insert("content".into(), out.into());
                    // The name of the call this answers, when the history has it.
                    if let Some((_, name)) = names.iter().rev().find(|(id, _)| id == tool_use_id) {
                        tool.insert("tool_name".into(), (*name).into());
                    }
                    messages.push(Value::Object(tool));
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
            continue;
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

    let mut body = Map::new();
    body.insert("model".into(), model.clone().into());
    body.insert("messages".into(), Value::Array(messages));
    body.insert("stream".into(), ctx.stream.into());
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
    if let Some(r) = &req.reasoning {
        if r.effort.is_some() || r.budget_tokens.is_some() {
            let think = if model.contains("gpt-oss") {
                let e = match effort_of(r) {
                    Effort::Minimal => Effort::Low,
                    e => e,
                };
                Value::from(e.as_str())
            } else {
                Value::Bool(true)
            };
            body.insert("think".into(), think);
        }
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
    let provider = if ctx.provider.is_empty() {
        "ollama"
    } else {
        ctx.provider.as_str()
    };
    if let Some(Value::Object(opts)) = req.provider_options.get(provider) {
        for (k, v) in opts {
            if k == "options" {
                if let Value::Object(o) = v {
                    for (ok, ov) in o {
                        options.insert(ok.clone(), ov.clone());
                    }
                }
            } else if TOP_LEVEL_KEYS.contains(&k.as_str()) {
                body.insert(k.clone(), v.clone());
            } else {
                options.insert(k.clone(), v.clone());
            }
        }
    }
    if !options.is_empty() {
        body.insert("options".into(), Value::Object(options));
    }
    Ok(Encoded {
        body: Value::Object(body),
        warnings: w,
    })
}
