//! Canonical messages → Chat Completions `messages`, with the per-host differences given by a
//! [`Dialect`]. Shared by `openai_chat` and `mistral`.
//!
//! The mapping (Anthropic-shaped canonical blocks → OpenAI chat):
//!
//! * system blocks → one `system` message (`developer` for OpenAI reasoning models; a `user`
//!   message for `o1-mini`/`o1-preview`, which reject both: see the corpus case
//!   `openai/test_openai_o1_mini_system_role_developer`);
//! * user text / images → `text` / `image_url` parts (base64 becomes a `data:` URL); a lone text
//!   block is sent as a plain string, which every compatible host accepts;
//! * PDFs → OpenAI `file` parts or Mistral `document_url` parts where the host takes them, else a
//!   warning; text documents → a text part;
//! * `tool_result` blocks → `role: "tool"` messages placed before the rest of their user turn
//!   (`is_error` results are prefixed with `Error: `); tool messages take text only, so images
//!   in results go into the user message that follows, with a warning;
//! * assistant `tool_use` → `tool_calls`; thinking blocks are replayed the host's way (see
//!   [`ReasoningReplay`]) or dropped with a warning.

use crate::error::Result;
use crate::message::{ContentBlock, Message, Request, Role, Source, ToolResultContent, Warning};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// How a host accepts earlier reasoning in assistant messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReasoningReplay {
    /// Not accepted: thinking blocks are dropped with a warning (OpenAI and most hosts).
    Drop,
    /// A plain text field on the assistant message: `reasoning_content` (DeepSeek) or
    /// `reasoning` (Cerebras). Signatures are not kept.
    Field(&'static str),
    /// OpenRouter `reasoning_details` items, which keep signatures and encrypted data.
    OpenRouterDetails,
    /// Mistral `{type: "thinking", thinking: [{type: "text", text}]}` content chunks.
    ThinkingChunks,
}

/// How a host accepts PDF documents in user messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DocumentStyle {
    /// Not accepted: a warning.
    Unsupported,
    /// OpenAI `{type: "file", file: {filename, file_data}}` (base64 only).
    OpenAiFile,
    /// Mistral `{type: "document_url", document_url}` (a URL or a `data:` URL).
    DocumentUrl,
}

/// Which role carries the system prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SystemRole {
    /// `system`.
    System,
    /// `developer` (OpenAI reasoning models).
    Developer,
    /// A leading `user` message (models that accept neither).
    User,
}

/// The per-host choices of the message encoding.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dialect {
    /// How thinking blocks are replayed.
    pub reasoning_replay: ReasoningReplay,
    /// How PDFs are sent.
    pub documents: DocumentStyle,
    /// The role of the system prompt.
    pub system_role: SystemRole,
    /// Rewrites tool-call ids (Mistral requires 9 alphanumeric characters).
    pub map_tool_id: fn(&str) -> String,
}

/// Tool-call ids as they are.
pub(crate) fn same_id(id: &str) -> String {
    String::from(id)
}

/// Encodes the system prompt and the conversation.
pub(crate) fn encode_messages(
    req: &Request,
    d: &Dialect,
    w: &mut Vec<Warning>,
) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for (i, b) in req.system.iter().enumerate() {
        if !matches!(b, ContentBlock::Text { .. }) {
            w.push(Warning::new(
                format!("system[{i}]"),
                format!(
                    "{} blocks are not supported in the system prompt; dropped",
                    b.type_name()
                ),
            ));
        }
    }
    if let Some(system) = req.system_text() {
        let role = match d.system_role {
            SystemRole::System => "system",
            SystemRole::Developer => "developer",
            SystemRole::User => {
                w.push(Warning::new(
                    "system",
                    "this model accepts no system or developer message; sent as a user message",
                ));
                "user"
            }
        };
        out.push(json!({"role": role, "content": system}));
    }
    let mut dropped_thinking = false;
    for (mi, m) in req.messages.iter().enumerate() {
        match m.role {
            Role::User => encode_user(mi, m, d, w, &mut out),
            Role::Assistant => encode_assistant(mi, m, d, w, &mut dropped_thinking, &mut out),
        }
    }
    Ok(out)
}

/// `data:` URL of base64 data.
pub(crate) fn data_url(media_type: &str, data: &str) -> String {
    format!("data:{media_type};base64,{data}")
}

fn image_part(source: &Source) -> Option<Value> {
    let url = match source {
        Source::Base64 { media_type, data } => data_url(media_type, data),
        Source::Url { url } => url.clone(),
        Source::Text { .. } => return None,
    };
    Some(json!({"type": "image_url", "image_url": {"url": url}}))
}

fn document_part(
    path: &str,
    source: &Source,
    title: Option<&str>,
    d: &Dialect,
    w: &mut Vec<Warning>,
) -> Option<Value> {
    if let Source::Text { data, .. } = source {
        let text = match title {
            Some(t) => format!("{t}\n\n{data}"),
            None => data.clone(),
        };
        return Some(json!({"type": "text", "text": text}));
    }
    match (d.documents, source) {
        (DocumentStyle::OpenAiFile, Source::Base64 { media_type, data }) => {
            let filename = title
                .map(String::from)
                .unwrap_or_else(|| String::from("document.pdf"));
            Some(json!({"type": "file", "file": {
                "filename": filename, "file_data": data_url(media_type, data)}}))
        }
        (DocumentStyle::DocumentUrl, Source::Base64 { media_type, data }) => Some(json!({
            "type": "document_url", "document_url": data_url(media_type, data)})),
        (DocumentStyle::DocumentUrl, Source::Url { url }) => {
            Some(json!({"type": "document_url", "document_url": url}))
        }
        (DocumentStyle::OpenAiFile, _) => {
            w.push(Warning::new(
                path,
                "document URLs are not supported by this API (send the PDF as base64); dropped",
            ));
            None
        }
        _ => {
            w.push(Warning::new(
                path,
                "documents are not supported by this provider; dropped",
            ));
            None
        }
    }
}

fn encode_user(mi: usize, m: &Message, d: &Dialect, w: &mut Vec<Warning>, out: &mut Vec<Value>) {
    let mut parts: Vec<Value> = Vec::new();
    let mut result_images: Vec<Value> = Vec::new();
    for (bi, b) in m.content.iter().enumerate() {
        let path = format!("messages[{mi}].content[{bi}]");
        match b {
            ContentBlock::Text { text, .. } => parts.push(json!({"type": "text", "text": text})),
            ContentBlock::Image { source, .. } => match image_part(source) {
                Some(p) => parts.push(p),
                None => w.push(Warning::new(
                    path,
                    "text image sources are not supported; dropped",
                )),
            },
            ContentBlock::Document { source, title, .. } => {
                if let Some(p) = document_part(&path, source, title.as_deref(), d, w) {
                    parts.push(p);
                }
            }
            ContentBlock::ToolResult {
                tool_use_id,
                content,
                is_error,
                ..
            } => {
                let mut text = String::new();
                if *is_error {
                    text.push_str("Error: ");
                }
                for (ci, c) in content.iter().enumerate() {
                    match c {
                        ToolResultContent::Text { text: t } => {
                            if !text.is_empty() && !text.ends_with(": ") {
                                text.push('\n');
                            }
                            text.push_str(t);
                        }
                        ToolResultContent::Image { source } => {
                            if let Some(p) = image_part(source) {
                                w.push(Warning::new(
                                    format!("{path}.content[{ci}]"),
                                    "tool messages take text only; the image was sent in the following user message",
                                ));
                                result_images.push(p);
                            }
                        }
                        ToolResultContent::Document { .. } => w.push(Warning::new(
                            format!("{path}.content[{ci}]"),
                            "documents in tool results are not supported; dropped",
                        )),
                    }
                }
                out.push(json!({
                    "role": "tool",
                    "tool_call_id": (d.map_tool_id)(tool_use_id),
                    "content": text,
                }));
            }
            other => w.push(Warning::new(
                path,
                format!(
                    "{} blocks are not allowed in user messages; dropped",
                    other.type_name()
                ),
            )),
        }
    }
    if !result_images.is_empty() {
        let mut all = alloc::vec![json!({"type": "text", "text": "Images returned by the tool:"})];
        all.append(&mut result_images);
        all.append(&mut parts);
        parts = all;
    }
    if parts.is_empty() {
        return;
    }
    let content = match parts.as_slice() {
        [only] if only.get("type").and_then(Value::as_str) == Some("text") => {
            only.get("text").cloned().unwrap_or(Value::Null)
        }
        _ => Value::Array(parts),
    };
    out.push(json!({"role": "user", "content": content}));
}

fn encode_assistant(
    mi: usize,
    m: &Message,
    d: &Dialect,
    w: &mut Vec<Warning>,
    dropped_thinking: &mut bool,
    out: &mut Vec<Value>,
) {
    let mut text = String::new();
    let mut reasoning = String::new();
    let mut details: Vec<Value> = Vec::new();
    let mut calls: Vec<Value> = Vec::new();
    for (bi, b) in m.content.iter().enumerate() {
        match b {
            ContentBlock::Text { text: t, .. } => text.push_str(t),
            ContentBlock::ToolUse { id, name, input, .. } => calls.push(json!({
                "id": (d.map_tool_id)(id),
                "type": "function",
                "function": {"name": name, "arguments": serde_json::to_string(input).unwrap_or_default()},
            })),
            ContentBlock::Thinking { thinking, signature } => {
                reasoning.push_str(thinking);
                let mut item = Map::new();
                item.insert("type".into(), "reasoning.text".into());
                item.insert("text".into(), thinking.clone().into());
                if let Some(sig) = signature {
                    item.insert("signature".into(), sig.clone().into());
                }
                details.push(Value::Object(item));
            }
            ContentBlock::RedactedThinking { data } => {
                details.push(json!({"type": "reasoning.encrypted", "data": data}));
            }
            other => w.push(Warning::new(
                format!("messages[{mi}].content[{bi}]"),
                format!("{} blocks are not supported in assistant messages; dropped", other.type_name()),
            )),
        }
    }
    let mut msg = Map::new();
    msg.insert("role".into(), "assistant".into());
    let has_thinking = !details.is_empty();
    match d.reasoning_replay {
        ReasoningReplay::ThinkingChunks if has_thinking => {
            let mut chunks = Vec::new();
            if !reasoning.is_empty() {
                chunks.push(
                    json!({"type": "thinking", "thinking": [{"type": "text", "text": reasoning}]}),
                );
            }
            if !text.is_empty() {
                chunks.push(json!({"type": "text", "text": text}));
            }
            msg.insert("content".into(), Value::Array(chunks));
        }
        _ => {
            let content = if text.is_empty() && !calls.is_empty() {
                Value::Null
            } else {
                Value::String(text)
            };
            msg.insert("content".into(), content);
        }
    }
    if has_thinking {
        match d.reasoning_replay {
            ReasoningReplay::Field(field) => {
                msg.insert(field.into(), reasoning.into());
            }
            ReasoningReplay::OpenRouterDetails => {
                msg.insert("reasoning_details".into(), Value::Array(details));
            }
            ReasoningReplay::ThinkingChunks => {}
            ReasoningReplay::Drop => {
                if !*dropped_thinking {
                    *dropped_thinking = true;
                    w.push(Warning::new(
                        format!("messages[{mi}]"),
                        "this provider cannot replay reasoning; thinking blocks were dropped",
                    ));
                }
            }
        }
    }
    if !calls.is_empty() {
        msg.insert("tool_calls".into(), Value::Array(calls));
    }
    // A turn that held only dropped thinking would be an empty assistant message: omitted.
    let empty = msg.get("content").is_none_or(|c| c.as_str() == Some(""));
    if empty && msg.len() == 2 {
        return;
    }
    out.push(Value::Object(msg));
}
