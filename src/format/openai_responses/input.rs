//! Canonical messages → the Responses `input` item list.
//!
//! * user text / images / documents → one `message` item with `input_text`, `input_image`
//!   (`image_url`: a URL or a `data:` URL) and `input_file` (`file_data` as a `data:` URL, or
//!   `file_url`) parts; a single text block is sent as a plain string `content`;
//! * assistant text → a `message` item with `output_text` parts (again a string when alone);
//! * `tool_use` → `function_call {call_id, name, arguments}` (arguments as JSON text); a
//!   `tool_use` whose input is a JSON *string* came from a custom (free-form grammar) tool and
//!   goes back as `custom_tool_call {call_id, name, input}`;
//! * `tool_result` → `function_call_output {call_id, output}` (or `custom_tool_call_output`),
//!   with the text parts joined as `output`. Images and files in a result cannot ride in the
//!   output string, so they follow in one `user` message right after the outputs;
//! * reasoning: OpenAI's `encrypted_content` reaches callers as a `redacted_thinking` block
//!   (see `stream.rs`). One that is OpenAI's own (a Fernet token, `gAAAAA…`) is replayed as
//!   `{type: "reasoning", encrypted_content, summary}`, with the unsigned `thinking` blocks just
//!   before it (the streamed summary) as its `summary`. The item `id` is left out on purpose:
//!   with `store: false` an `rs_…` id makes the API look the item up and fail ("Item … not
//!   found. Items are not persisted when `store` is set to false"); the encrypted content is
//!   self-contained. Reasoning from other providers (signed `thinking`, foreign redacted data)
//!   cannot be verified by OpenAI and is dropped with a warning. xAI's encrypted reasoning is
//!   not a Fernet token, so for provider `xai` every redacted block is replayed as is (there
//!   it cannot be told apart from another provider's). DeepSeek's Responses API
//!   wants its plain reasoning text back in tool loops, so for provider `deepseek` unsigned
//!   thinking is replayed as `{type: "reasoning", summary: [], content: [reasoning_text]}`.

use crate::format::wire_util::data_url;
use crate::message::{ContentBlock, Message, Request, Role, Source, ToolResultContent, Warning};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

/// Fernet tokens (OpenAI's and Azure's `encrypted_content`) start with version byte 0x80 and a
/// big-endian timestamp whose high bytes are zero: base64 `gAAAAA`.
const FERNET_PREFIX: &str = "gAAAAA";

/// Whether redacted reasoning data is OpenAI's own encrypted content (so it can be replayed).
pub(super) fn is_openai_encrypted(data: &str) -> bool {
    data.starts_with(FERNET_PREFIX)
}

/// Builds the `input` array. The host's `rules` (its kind's, from the `EncodeContext`) choose
/// how reasoning is replayed.
pub(super) fn build(
    req: &Request,
    rules: super::rules::ResponsesRules,
    warnings: &mut Vec<Warning>,
) -> Vec<Value> {
    let custom_calls = custom_call_ids(&req.messages);
    let mut b = Builder {
        replay_any_encrypted: rules.replay_any_encrypted,
        items: Vec::new(),
        parts: Vec::new(),
        follow_up: Vec::new(),
        summary: Vec::new(),
        warnings,
        replay_plain_reasoning: rules.plain_reasoning,
        custom_calls,
    };
    for (mi, m) in req.messages.iter().enumerate() {
        match m.role {
            Role::User => b.user(mi, m),
            Role::Assistant => b.assistant(mi, m),
        }
    }
    b.items
}

/// Ids of tool calls whose input is a string: custom tools, whose results go back as
/// `custom_tool_call_output`. A list, searched linearly: a request holds a handful of calls,
/// and a `BTreeSet<String>` would link its own copy of the B-tree code (~3 KB of wasm).
fn custom_call_ids(messages: &[Message]) -> Vec<String> {
    let mut out = Vec::new();
    for m in messages {
        for b in &m.content {
            if let ContentBlock::ToolUse {
                id,
                input: Value::String(_),
                ..
            } = b
            {
                out.push(id.clone());
            }
        }
    }
    out
}

struct Builder<'w> {
    items: Vec<Value>,
    /// Content parts of the message being built.
    parts: Vec<Value>,
    /// Images and files from tool results, sent in a user message after the outputs.
    follow_up: Vec<Value>,
    /// Unsigned reasoning text waiting for the encrypted item it summarizes.
    summary: Vec<String>,
    warnings: &'w mut Vec<Warning>,
    replay_plain_reasoning: bool,
    replay_any_encrypted: bool,
    custom_calls: Vec<String>,
}

impl Builder<'_> {
    fn warn(&mut self, setting: String, message: &str) {
        self.warnings.push(Warning::new(setting, message));
    }

    fn user(&mut self, mi: usize, m: &Message) {
        for (bi, block) in m.content.iter().enumerate() {
            let at = || format!("messages[{mi}].content[{bi}]");
            match block {
                ContentBlock::Text { text, .. } => self.parts.push(input_text(text)),
                ContentBlock::Image { source, .. } => match image_part(source) {
                    Some(p) => self.parts.push(p),
                    None => self.warn(at(), "a text source is not an image; block dropped"),
                },
                ContentBlock::Document { source, title, .. } => {
                    self.parts.push(file_part(source, title.as_deref()))
                }
                ContentBlock::ToolResult {
                    tool_use_id,
                    content,
                    ..
                } => {
                    self.flush("user");
                    self.tool_output(tool_use_id, content);
                }
                ContentBlock::ToolUse { .. }
                | ContentBlock::Thinking { .. }
                | ContentBlock::RedactedThinking { .. } => self.warn(
                    at(),
                    "this block is only valid in an assistant message; dropped",
                ),
            }
        }
        self.flush("user");
        if !self.follow_up.is_empty() {
            let parts = core::mem::take(&mut self.follow_up);
            self.items.push(json!({"role": "user", "content": parts}));
        }
    }

    fn tool_output(&mut self, call_id: &str, content: &[ToolResultContent]) {
        let mut text = String::new();
        for c in content {
            match c {
                ToolResultContent::Text { text: t } => {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(t);
                }
                ToolResultContent::Image { source } => {
                    if let Some(p) = image_part(source) {
                        self.follow_up.push(p);
                    }
                }
                ToolResultContent::Document { source } => {
                    self.follow_up.push(file_part(source, None))
                }
            }
        }
        let kind = if self.custom_calls.iter().any(|c| c == call_id) {
            "custom_tool_call_output"
        } else {
            "function_call_output"
        };
        self.items
            .push(json!({"type": kind, "call_id": call_id, "output": text}));
    }

    fn assistant(&mut self, mi: usize, m: &Message) {
        for (bi, block) in m.content.iter().enumerate() {
            let at = || format!("messages[{mi}].content[{bi}]");
            if !matches!(
                block,
                ContentBlock::Thinking {
                    signature: None,
                    ..
                }
            ) {
                // Summaries only belong to an encrypted item that follows them directly.
                if !matches!(block, ContentBlock::RedactedThinking { .. }) {
                    self.flush_summary(&at());
                }
            }
            match block {
                ContentBlock::Text { text, .. } => self.parts.push(output_text(text)),
                ContentBlock::ToolUse {
                    id, name, input, ..
                } => {
                    self.flush("assistant");
                    let item = match input {
                        Value::String(s) => json!({
                            "type": "custom_tool_call", "call_id": id, "name": name, "input": s
                        }),
                        other => json!({
                            "type": "function_call", "call_id": id, "name": name,
                            "arguments": serde_json::to_string(other).unwrap_or_default()
                        }),
                    };
                    self.items.push(item);
                }
                ContentBlock::Thinking {
                    thinking,
                    signature: None,
                } => {
                    if !thinking.is_empty() {
                        self.summary.push(thinking.clone());
                    }
                }
                ContentBlock::RedactedThinking { data }
                    if self.replay_any_encrypted || is_openai_encrypted(data) =>
                {
                    self.flush("assistant");
                    let summary: Vec<Value> = core::mem::take(&mut self.summary)
                        .into_iter()
                        .map(|t| json!({"type": "summary_text", "text": t}))
                        .collect();
                    self.items.push(json!({
                        "type": "reasoning", "encrypted_content": data, "summary": summary
                    }));
                }
                ContentBlock::Thinking { .. } | ContentBlock::RedactedThinking { .. } => self.warn(
                    at(),
                    "reasoning signed by another provider cannot be replayed to the Responses API; dropped",
                ),
                ContentBlock::Image { .. }
                | ContentBlock::Document { .. }
                | ContentBlock::ToolResult { .. } => self.warn(
                    at(),
                    "the Responses API takes no images, documents or tool results from the assistant; dropped",
                ),
            }
        }
        let end = format!("messages[{mi}]");
        self.flush_summary(&end);
        self.flush("assistant");
    }

    /// Unsigned reasoning that no encrypted item claimed.
    fn flush_summary(&mut self, at: &str) {
        if self.summary.is_empty() {
            return;
        }
        let texts = core::mem::take(&mut self.summary);
        if self.replay_plain_reasoning {
            self.flush("assistant");
            let content: Vec<Value> = texts
                .into_iter()
                .map(|t| json!({"type": "reasoning_text", "text": t}))
                .collect();
            self.items
                .push(json!({"type": "reasoning", "summary": [], "content": content}));
        } else {
            self.warn(
                String::from(at),
                "reasoning text without encrypted content cannot be replayed to the Responses API; dropped",
            );
        }
    }

    fn flush(&mut self, role: &str) {
        if self.parts.is_empty() {
            return;
        }
        let parts = core::mem::take(&mut self.parts);
        self.items
            .push(json!({"role": role, "content": compact(parts)}));
    }
}

/// A lone text part is sent as a plain string, the form every Responses host accepts.
fn compact(mut parts: Vec<Value>) -> Value {
    if let [only] = parts.as_mut_slice() {
        let is_text = matches!(
            only.get("type").and_then(Value::as_str),
            Some("input_text") | Some("output_text")
        );
        if is_text {
            if let Some(t) = only.get_mut("text") {
                return t.take();
            }
        }
    }
    Value::Array(parts)
}

fn input_text(text: &str) -> Value {
    json!({"type": "input_text", "text": text})
}

fn output_text(text: &str) -> Value {
    json!({"type": "output_text", "text": text})
}

fn image_part(source: &Source) -> Option<Value> {
    let url = match source {
        Source::Base64 { media_type, data } => data_url(media_type, data),
        Source::Url { url } => url.clone(),
        Source::Text { .. } => return None,
    };
    Some(json!({"type": "input_image", "image_url": url}))
}

fn file_part(source: &Source, title: Option<&str>) -> Value {
    match source {
        Source::Base64 { media_type, data } => {
            let filename = match title {
                Some(t) if !t.is_empty() => String::from(t),
                _ => default_filename(media_type),
            };
            json!({"type": "input_file", "filename": filename, "file_data": data_url(media_type, data)})
        }
        Source::Url { url } if url.starts_with("data:") => {
            json!({"type": "input_file", "filename": title.unwrap_or("document.pdf"), "file_data": url})
        }
        Source::Url { url } => json!({"type": "input_file", "file_url": url}),
        Source::Text { data, .. } => match title {
            Some(t) if !t.is_empty() => input_text(&format!("{t}\n\n{data}")),
            _ => input_text(data),
        },
    }
}

fn default_filename(media_type: &str) -> String {
    let ext = match media_type {
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "text/csv" => "csv",
        "application/json" => "json",
        _ => "bin",
    };
    format!("document.{ext}")
}
