//! Chunks → Anthropic Messages SSE (gateway direction).
//!
//! The output is what the API itself sends and what `@anthropic-ai/sdk`'s `MessageStream`
//! accumulates: `message_start`, then per block `content_block_start` / `_delta` / `_stop`
//! (text, thinking with `signature_delta`, redacted thinking, `tool_use` with
//! `input_json_delta`), then `message_delta` (stop reason and usage) and `message_stop`; an
//! `error` event for a failure. Every event has an `event:` line.
//!
//! `message_start` carries the prompt's usage given by [`SseWriter::set_start_usage`] (the
//! upstream's count when it reported one before the first output, else the estimator's;
//! clients such as LangChain read the input tokens there), and `message_delta` carries the
//! final `input_tokens`, `cache_read_input_tokens`, `cache_creation_input_tokens` and
//! `output_tokens` in Anthropic's convention (input = uncached only), as the API itself does
//! on current versions.

use super::body_out::anthropic_error_type;
use super::finish::to_anthropic;
use super::usage::to_anthropic as usage_to_anthropic;
use crate::chunk::{Chunk, FinishReason, Usage};
use crate::error::ProviderError;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Debug)]
enum Kind {
    Text,
    Thinking { signed: bool },
    Tool { call: u32, sent: String },
}

#[derive(Debug)]
struct OpenBlock {
    index: u32,
    kind: Kind,
}

/// Turns a chunk sequence into Anthropic SSE bytes. One writer per response.
#[derive(Debug)]
pub struct SseWriter {
    model: String,
    started: bool,
    finished: bool,
    next_index: u32,
    open: Vec<OpenBlock>,
    usage: Option<Usage>,
    start_usage: Usage,
}

fn event<T: Serialize + ?Sized>(out: &mut Vec<u8>, name: &str, data: &T) {
    out.extend_from_slice(b"event: ");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\ndata: ");
    // serde_json writes no raw newlines, so one `data:` line always holds the event.
    out.extend_from_slice(&serde_json::to_vec(data).unwrap_or_default());
    out.extend_from_slice(b"\n\n");
}

// The per-token events, typed: they are most of a stream, and building a `Value` tree for
// each (a map, owned keys, hashing) cost more than the rest of the gateway's work per event.

/// `content_block_delta` around any delta.
#[derive(Serialize)]
struct BlockDelta<D> {
    #[serde(rename = "type")]
    kind: &'static str,
    index: u32,
    delta: D,
}

/// `text_delta`.
#[derive(Serialize)]
struct TextDelta<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
}

/// `thinking_delta`.
#[derive(Serialize)]
struct ThinkingDelta<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    thinking: &'a str,
}

/// `input_json_delta`.
#[derive(Serialize)]
struct JsonDelta<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    partial_json: &'a str,
}

fn json_delta(partial_json: &str) -> JsonDelta<'_> {
    JsonDelta {
        kind: "input_json_delta",
        partial_json,
    }
}

impl SseWriter {
    /// A writer for a response reported as coming from `model` (the name the client asked
    /// for, so its own bookkeeping matches).
    pub fn new(model: &str) -> Self {
        SseWriter {
            model: String::from(model),
            started: false,
            finished: false,
            next_index: 0,
            open: Vec::new(),
            usage: None,
            start_usage: Usage::default(),
        }
    }

    /// The prompt usage `message_start` reports (output tokens are reported as 0 there).
    pub fn set_start_usage(&mut self, usage: Usage) {
        self.start_usage = Usage {
            output_tokens: 0,
            reasoning_tokens: 0,
            ..usage
        };
    }

    fn start(&mut self, id: Option<&str>, out: &mut Vec<u8>) {
        if self.started {
            return;
        }
        self.started = true;
        let message = json!({
            "id": id.filter(|s| !s.is_empty()).unwrap_or("msg_aster"),
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": [],
            "stop_reason": null,
            "stop_sequence": null,
            "usage": usage_to_anthropic(&self.start_usage),
        });
        event(
            out,
            "message_start",
            &json!({"type": "message_start", "message": message}),
        );
    }

    fn open_block(&mut self, block: Value, kind: Kind, out: &mut Vec<u8>) -> u32 {
        let index = self.next_index;
        self.next_index += 1;
        event(
            out,
            "content_block_start",
            &json!({"type": "content_block_start", "index": index, "content_block": block}),
        );
        self.open.push(OpenBlock { index, kind });
        index
    }

    fn delta<D: Serialize>(out: &mut Vec<u8>, index: u32, delta: D) {
        let data = BlockDelta {
            kind: "content_block_delta",
            index,
            delta,
        };
        event(out, "content_block_delta", &data);
    }

    fn stop_block(out: &mut Vec<u8>, index: u32) {
        event(
            out,
            "content_block_stop",
            &json!({"type": "content_block_stop", "index": index}),
        );
    }

    /// Closes the open text or thinking block (tool blocks close on their `tool_call`).
    fn close_prose(&mut self, out: &mut Vec<u8>) {
        let mut i = 0;
        while i < self.open.len() {
            if matches!(self.open[i].kind, Kind::Tool { .. }) {
                i += 1;
            } else {
                let b = self.open.remove(i);
                Self::stop_block(out, b.index);
            }
        }
    }

    /// The open text or thinking block, if it is the one wanted.
    fn prose_index(&self, thinking: bool) -> Option<u32> {
        self.open.iter().find_map(|b| match b.kind {
            Kind::Text if !thinking => Some(b.index),
            Kind::Thinking { signed: false } if thinking => Some(b.index),
            _ => None,
        })
    }

    fn tool_pos(&self, call: u32) -> Option<usize> {
        self.open
            .iter()
            .position(|b| matches!(b.kind, Kind::Tool { call: c, .. } if c == call))
    }

    fn tool_start(&mut self, call: u32, id: &str, name: &str, out: &mut Vec<u8>) -> usize {
        self.close_prose(out);
        self.open_block(
            json!({"type": "tool_use", "id": id, "name": name, "input": {}}),
            Kind::Tool {
                call,
                sent: String::new(),
            },
            out,
        );
        self.open.len() - 1
    }

    fn reasoning(&mut self, text: &str, sig: Option<&str>, red: Option<&str>, out: &mut Vec<u8>) {
        if let Some(data) = red {
            self.close_prose(out);
            let index = self.open_block(
                json!({"type": "redacted_thinking", "data": data}),
                Kind::Text,
                out,
            );
            self.open.retain(|b| b.index != index);
            Self::stop_block(out, index);
            return;
        }
        let index = match self.prose_index(true) {
            Some(i) => i,
            None => {
                self.close_prose(out);
                let block = json!({"type": "thinking", "thinking": "", "signature": ""});
                self.open_block(block, Kind::Thinking { signed: false }, out)
            }
        };
        if !text.is_empty() {
            Self::delta(
                out,
                index,
                ThinkingDelta {
                    kind: "thinking_delta",
                    thinking: text,
                },
            );
        }
        if let Some(sig) = sig {
            Self::delta(
                out,
                index,
                json!({"type": "signature_delta", "signature": sig}),
            );
            // A signature ends the block: more reasoning starts a new one.
            for b in &mut self.open {
                if b.index == index {
                    b.kind = Kind::Thinking { signed: true };
                }
            }
        }
    }

    /// Appends the SSE for one chunk to `out`. Chunks after the `finish` are ignored.
    pub fn push(&mut self, chunk: &Chunk, out: &mut Vec<u8>) {
        if self.finished {
            return;
        }
        if let Chunk::Metadata { id, .. } = chunk {
            self.start(id.as_deref(), out);
            return;
        }
        self.start(None, out);
        match chunk {
            Chunk::Metadata { .. } => {}
            Chunk::Text { text } => {
                if text.is_empty() {
                    return;
                }
                let index = match self.prose_index(false) {
                    Some(i) => i,
                    None => {
                        self.close_prose(out);
                        self.open_block(json!({"type": "text", "text": ""}), Kind::Text, out)
                    }
                };
                let delta = TextDelta {
                    kind: "text_delta",
                    text,
                };
                Self::delta(out, index, delta);
            }
            Chunk::Reasoning {
                reasoning,
                signature,
                redacted,
            } => self.reasoning(reasoning, signature.as_deref(), redacted.as_deref(), out),
            Chunk::ToolCallStart { index, id, name } => {
                if self.tool_pos(*index).is_none() {
                    self.tool_start(*index, id, name, out);
                }
            }
            Chunk::ToolCallDelta {
                index,
                arguments_delta,
                ..
            } => {
                if let Some(pos) = self.tool_pos(*index) {
                    let b = &mut self.open[pos];
                    if let Kind::Tool { sent, .. } = &mut b.kind {
                        sent.push_str(arguments_delta);
                    }
                    Self::delta(out, b.index, json_delta(arguments_delta));
                }
            }
            Chunk::ToolCall {
                index,
                id,
                name,
                arguments,
                ..
            } => {
                let pos = match self.tool_pos(*index) {
                    Some(p) => p,
                    None => self.tool_start(*index, id, name, out),
                };
                let b = self.open.remove(pos);
                if let Kind::Tool { sent, .. } = &b.kind {
                    // Deltas always add up to `arguments`; send what is missing if they did not.
                    if let Some(rest) = arguments.strip_prefix(sent.as_str()) {
                        if !rest.is_empty() {
                            Self::delta(out, b.index, json_delta(rest));
                        }
                    }
                }
                Self::stop_block(out, b.index);
            }
            // Run by the provider: never a `tool_use` block the client would answer.
            Chunk::ProviderTool { .. } => {}
            Chunk::Usage(u) => self.usage = Some(u.clone()),
            Chunk::Finish { reason, raw_reason } => {
                self.finish(*reason, raw_reason.as_deref(), out)
            }
        }
    }

    fn finish(&mut self, reason: FinishReason, raw: Option<&str>, out: &mut Vec<u8>) {
        for b in core::mem::take(&mut self.open) {
            Self::stop_block(out, b.index);
        }
        let usage = usage_to_anthropic(&self.usage.take().unwrap_or_default());
        let delta = json!({
            "type": "message_delta",
            "delta": {"stop_reason": to_anthropic(reason, raw), "stop_sequence": null},
            "usage": usage,
        });
        event(out, "message_delta", &delta);
        event(out, "message_stop", &json!({"type": "message_stop"}));
        self.finished = true;
    }

    /// Appends an `error` event for a failed stream; the writer is finished afterwards.
    pub fn error(&mut self, err: &ProviderError, out: &mut Vec<u8>) {
        if self.finished {
            return;
        }
        self.finished = true;
        let body = json!({
            "type": "error",
            "error": {"type": anthropic_error_type(err), "message": err.message},
        });
        event(out, "error", &body);
    }

    /// Whether the stream was ended (by a `finish` chunk or an error).
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}
