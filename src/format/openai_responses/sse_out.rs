//! Chunks → OpenAI Responses SSE (gateway direction): the event sequence of a streamed
//! response. The non-streamed `response` object is this writer's final object
//! (`body_out.rs`), so both shapes come from one place.
//!
//! Events, as the API sends them and as the `openai` SDK and the AI SDK read them:
//! `response.created`, `response.in_progress`; per output item `response.output_item.added`,
//! then for a message `response.content_part.added`, `response.output_text.delta`…,
//! `response.output_text.done`, `response.content_part.done`; for reasoning
//! `response.reasoning_summary_part.added`, `response.reasoning_summary_text.delta`…,
//! `…text.done`, `…part.done` (encrypted reasoning rides on the item as `encrypted_content`);
//! for a call `response.function_call_arguments.delta`…, `…arguments.done`; then
//! `response.output_item.done` with the whole item. The end is `response.completed` (or
//! `response.incomplete` with `incomplete_details.reason` for `length` and `content_filter`)
//! carrying the whole response with its usage: `input_tokens` (cached included, as aster
//! counts), `input_tokens_details.cached_tokens`, `output_tokens`,
//! `output_tokens_details.reasoning_tokens`, `total_tokens`, plus the gateway's `cost` and
//! `estimated` extensions. A failure is an `error` event. Every event has an `event:` line and
//! a `sequence_number`.
//!
//! Tools the provider ran (`provider_tool`) are not written: a client would take them for
//! calls of its own.

use crate::chunk::{Chunk, FinishReason, Usage};
use crate::error::ProviderError;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A streamed text piece (`output_text.delta`, `reasoning_summary_text.delta`,
/// `function_call_arguments.delta`), typed: these are most of a stream.
#[derive(Serialize)]
struct Delta<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    sequence_number: u64,
    item_id: &'a str,
    output_index: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_index: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary_index: Option<u32>,
    delta: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    logprobs: Option<[(); 0]>,
}

#[derive(Debug)]
enum Kind {
    Message {
        text: String,
    },
    Reasoning {
        text: String,
        encrypted: Option<String>,
    },
    Call {
        index: u32,
        call_id: String,
        name: String,
        args: String,
    },
}

#[derive(Debug)]
struct Item {
    id: String,
    output_index: u32,
    kind: Kind,
}

/// Turns a chunk sequence into Responses SSE bytes. One writer per response.
#[derive(Debug)]
pub struct SseWriter {
    id: String,
    model: String,
    created: u64,
    seq: u64,
    started: bool,
    finished: bool,
    /// Items still open: at most one message or reasoning item, and the open calls.
    open: Vec<Item>,
    /// Finished items, for the final response object.
    output: Vec<Value>,
    next_index: u32,
    usage: Option<Usage>,
    /// The last event's response object (`response.completed` / `incomplete`).
    last: Option<Value>,
}

impl SseWriter {
    /// A writer for a response reported as `model` at Unix time `created`. The id comes from
    /// the `metadata` chunk.
    pub fn new(model: &str, created: u64) -> Self {
        SseWriter {
            id: String::new(),
            model: String::from(model),
            created,
            seq: 0,
            started: false,
            finished: false,
            open: Vec::new(),
            output: Vec::new(),
            next_index: 0,
            usage: None,
            last: None,
        }
    }

    /// The response object of the final event (`response.completed` / `incomplete`), once
    /// the `finish` chunk was written.
    pub(super) fn final_response(&mut self) -> Option<Value> {
        self.last.take()
    }

    fn event<T: Serialize + ?Sized>(&mut self, out: &mut Vec<u8>, name: &str, data: &T) {
        out.extend_from_slice(b"event: ");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\ndata: ");
        out.extend_from_slice(&serde_json::to_vec(data).unwrap_or_default());
        out.extend_from_slice(b"\n\n");
        self.seq += 1;
    }

    /// An event built as a `Value`, with its `type` and `sequence_number` added.
    fn value_event(&mut self, out: &mut Vec<u8>, name: &str, mut data: Value) {
        if let Some(m) = data.as_object_mut() {
            m.insert("type".into(), name.into());
            m.insert("sequence_number".into(), self.seq.into());
        }
        self.event(out, name, &data);
    }

    fn response_object(&self, status: &str) -> Value {
        json!({
            "id": self.id,
            "object": "response",
            "created_at": self.created,
            "status": status,
            "error": null,
            "incomplete_details": null,
            "model": self.model,
            "output": [],
            "parallel_tool_calls": true,
            "store": false,
            "usage": null,
        })
    }

    fn start(&mut self, id: Option<&str>, out: &mut Vec<u8>) {
        if self.started {
            return;
        }
        self.started = true;
        self.id = match id.filter(|s| !s.is_empty()) {
            Some(i) if i.starts_with("resp_") => String::from(i),
            Some(i) => format!("resp_{i}"),
            None => String::from("resp_aster"),
        };
        let r = self.response_object("in_progress");
        self.value_event(out, "response.created", json!({"response": r.clone()}));
        self.value_event(out, "response.in_progress", json!({"response": r}));
    }

    fn open_item(&mut self, prefix: &str, kind: Kind, out: &mut Vec<u8>) -> usize {
        let output_index = self.next_index;
        self.next_index += 1;
        let id = format!(
            "{prefix}_{}_{output_index}",
            self.id.trim_start_matches("resp_")
        );
        let item = Item {
            id,
            output_index,
            kind,
        };
        let added = item_value(&item, "in_progress");
        self.value_event(
            out,
            "response.output_item.added",
            json!({"output_index": output_index, "item": added}),
        );
        match &item.kind {
            Kind::Message { .. } => self.value_event(
                out,
                "response.content_part.added",
                json!({"item_id": item.id, "output_index": output_index, "content_index": 0,
                       "part": {"type": "output_text", "text": "", "annotations": []}}),
            ),
            Kind::Reasoning { .. } => self.value_event(
                out,
                "response.reasoning_summary_part.added",
                json!({"item_id": item.id, "output_index": output_index, "summary_index": 0,
                       "part": {"type": "summary_text", "text": ""}}),
            ),
            Kind::Call { .. } => {}
        }
        self.open.push(item);
        self.open.len() - 1
    }

    fn close_item(&mut self, pos: usize, out: &mut Vec<u8>) {
        let item = self.open.remove(pos);
        let (id, oi) = (item.id.as_str(), item.output_index);
        match &item.kind {
            Kind::Message { text } => {
                self.value_event(
                    out,
                    "response.output_text.done",
                    json!({"item_id": id, "output_index": oi, "content_index": 0, "text": text,
                           "logprobs": []}),
                );
                self.value_event(
                    out,
                    "response.content_part.done",
                    json!({"item_id": id, "output_index": oi, "content_index": 0,
                           "part": {"type": "output_text", "text": text, "annotations": []}}),
                );
            }
            Kind::Reasoning { text, .. } => {
                self.value_event(
                    out,
                    "response.reasoning_summary_text.done",
                    json!({"item_id": id, "output_index": oi, "summary_index": 0, "text": text}),
                );
                self.value_event(
                    out,
                    "response.reasoning_summary_part.done",
                    json!({"item_id": id, "output_index": oi, "summary_index": 0,
                           "part": {"type": "summary_text", "text": text}}),
                );
            }
            Kind::Call { args, .. } => self.value_event(
                out,
                "response.function_call_arguments.done",
                json!({"item_id": id, "output_index": oi, "arguments": args}),
            ),
        }
        let done = item_value(&item, "completed");
        self.value_event(
            out,
            "response.output_item.done",
            json!({"output_index": oi, "item": done.clone()}),
        );
        self.output.push(done);
    }

    /// Closes the open message or reasoning item unless it is of the kind wanted; returns the
    /// position of the open one of that kind, opening it if needed.
    fn prose(&mut self, reasoning: bool, out: &mut Vec<u8>) -> usize {
        let is_wanted = |k: &Kind| match k {
            Kind::Message { .. } => !reasoning,
            Kind::Reasoning { .. } => reasoning,
            Kind::Call { .. } => false,
        };
        if let Some(p) = self.open.iter().position(|i| is_wanted(&i.kind)) {
            return p;
        }
        self.close_prose(out);
        if reasoning {
            let kind = Kind::Reasoning {
                text: String::new(),
                encrypted: None,
            };
            self.open_item("rs", kind, out)
        } else {
            let kind = Kind::Message {
                text: String::new(),
            };
            self.open_item("msg", kind, out)
        }
    }

    fn close_prose(&mut self, out: &mut Vec<u8>) {
        while let Some(p) = self
            .open
            .iter()
            .position(|i| !matches!(i.kind, Kind::Call { .. }))
        {
            self.close_item(p, out);
        }
    }

    fn delta(&mut self, pos: usize, kind: &'static str, delta: &str, out: &mut Vec<u8>) {
        let item = &self.open[pos];
        let d = Delta {
            kind,
            sequence_number: self.seq,
            item_id: &item.id,
            output_index: item.output_index,
            content_index: (kind == "response.output_text.delta").then_some(0),
            summary_index: (kind == "response.reasoning_summary_text.delta").then_some(0),
            delta,
            logprobs: (kind == "response.output_text.delta").then_some([]),
        };
        // Written here rather than by `self.event`, which needs `self` mutably while `d`
        // borrows the item.
        out.extend_from_slice(b"event: ");
        out.extend_from_slice(kind.as_bytes());
        out.extend_from_slice(b"\ndata: ");
        out.extend_from_slice(&serde_json::to_vec(&d).unwrap_or_default());
        out.extend_from_slice(b"\n\n");
        self.seq += 1;
    }

    fn call_pos(&self, index: u32) -> Option<usize> {
        self.open
            .iter()
            .position(|i| matches!(i.kind, Kind::Call { index: c, .. } if c == index))
    }

    fn call_start(&mut self, index: u32, id: &str, name: &str, out: &mut Vec<u8>) -> usize {
        self.close_prose(out);
        let kind = Kind::Call {
            index,
            call_id: String::from(id),
            name: String::from(name),
            args: String::new(),
        };
        self.open_item("fc", kind, out)
    }

    fn call_args(&mut self, pos: usize, piece: &str, out: &mut Vec<u8>) {
        if piece.is_empty() {
            return;
        }
        if let Kind::Call { args, .. } = &mut self.open[pos].kind {
            args.push_str(piece);
        }
        self.delta(pos, "response.function_call_arguments.delta", piece, out);
    }

    /// Appends the SSE for one chunk to `out`. Chunks after the end are ignored.
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
            Chunk::Metadata { .. } | Chunk::ProviderTool { .. } => {}
            Chunk::Text { text } => {
                if text.is_empty() {
                    return;
                }
                let p = self.prose(false, out);
                if let Kind::Message { text: t } = &mut self.open[p].kind {
                    t.push_str(text);
                }
                self.delta(p, "response.output_text.delta", text, out);
            }
            Chunk::Reasoning {
                reasoning,
                redacted,
                ..
            } => {
                if reasoning.is_empty() && redacted.is_none() {
                    return; // a signature alone: the Responses API has no field for it
                }
                let p = self.prose(true, out);
                if let Kind::Reasoning { text, encrypted } = &mut self.open[p].kind {
                    text.push_str(reasoning);
                    if let Some(data) = redacted {
                        *encrypted = Some(data.clone());
                    }
                }
                if !reasoning.is_empty() {
                    self.delta(p, "response.reasoning_summary_text.delta", reasoning, out);
                }
                if redacted.is_some() {
                    // Encrypted content ends its item, as in the API.
                    self.close_item(p, out);
                }
            }
            Chunk::ToolCallStart { index, id, name } => {
                if self.call_pos(*index).is_none() {
                    self.call_start(*index, id, name, out);
                }
            }
            Chunk::ToolCallDelta {
                index,
                arguments_delta,
                ..
            } => {
                if let Some(p) = self.call_pos(*index) {
                    self.call_args(p, arguments_delta, out);
                }
            }
            Chunk::ToolCall {
                index,
                id,
                name,
                arguments,
                ..
            } => {
                let p = match self.call_pos(*index) {
                    Some(p) => p,
                    None => self.call_start(*index, id, name, out),
                };
                let sent = match &self.open[p].kind {
                    Kind::Call { args, .. } => args.len(),
                    _ => 0,
                };
                // Deltas add up to `arguments`; send what is missing if they did not.
                if let Some(rest) = arguments.get(sent..) {
                    let rest = String::from(rest);
                    self.call_args(p, &rest, out);
                }
                self.close_item(p, out);
            }
            Chunk::Usage(u) => self.usage = Some(u.clone()),
            Chunk::Finish { reason, .. } => self.finish(*reason, out),
        }
    }

    fn finish(&mut self, reason: FinishReason, out: &mut Vec<u8>) {
        while !self.open.is_empty() {
            self.close_item(0, out);
        }
        let incomplete = match reason {
            FinishReason::Length => Some("max_output_tokens"),
            FinishReason::ContentFilter => Some("content_filter"),
            _ => None,
        };
        let mut r = self.response_object(if incomplete.is_some() {
            "incomplete"
        } else {
            "completed"
        });
        r["output"] = Value::Array(core::mem::take(&mut self.output));
        r["usage"] = super::body_out::usage_json(&self.usage.take().unwrap_or_default());
        if let Some(why) = incomplete {
            r["incomplete_details"] = json!({"reason": why});
        }
        let name = if incomplete.is_some() {
            "response.incomplete"
        } else {
            "response.completed"
        };
        self.value_event(out, name, json!({"response": r.clone()}));
        self.last = Some(r);
        self.finished = true;
    }

    /// Appends an `error` event for a failed stream (the shape both the `openai` SDK and the
    /// AI SDK read); the writer is finished afterwards.
    pub fn error(&mut self, err: &ProviderError, out: &mut Vec<u8>) {
        if self.finished {
            return;
        }
        self.finished = true;
        let (_, body) = crate::format::openai_chat::error_body(err);
        let e = body.get("error").cloned().unwrap_or(Value::Null);
        let data = json!({"code": e["code"], "message": e["message"], "param": null, "error": e});
        self.value_event(out, "error", data);
    }
}

fn item_value(item: &Item, status: &str) -> Value {
    match &item.kind {
        Kind::Message { text } => {
            let content = if status == "completed" {
                json!([{"type": "output_text", "text": text, "annotations": [], "logprobs": []}])
            } else {
                json!([])
            };
            json!({"id": item.id, "type": "message", "status": status, "role": "assistant",
                   "content": content})
        }
        Kind::Reasoning { text, encrypted } => {
            let summary = if status == "completed" && !text.is_empty() {
                json!([{"type": "summary_text", "text": text}])
            } else {
                json!([])
            };
            let mut m = Map::new();
            m.insert("id".into(), item.id.clone().into());
            m.insert("type".into(), "reasoning".into());
            m.insert("summary".into(), summary);
            if let Some(e) = encrypted {
                m.insert("encrypted_content".into(), e.clone().into());
            }
            Value::Object(m)
        }
        Kind::Call {
            call_id,
            name,
            args,
            ..
        } => json!({"id": item.id, "type": "function_call", "status": status,
                    "call_id": call_id, "name": name, "arguments": args}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(chunks: &[Chunk]) -> Vec<Value> {
        let mut w = SseWriter::new("mock/echo", 7);
        let mut out = Vec::new();
        for c in chunks {
            w.push(c, &mut out);
        }
        let text = String::from_utf8(out).unwrap();
        text.split("\n\n")
            .filter(|e| !e.is_empty())
            .map(|e| {
                let mut lines = e.lines();
                let name = lines.next().unwrap().strip_prefix("event: ").unwrap();
                let data = lines.next().unwrap().strip_prefix("data: ").unwrap();
                let v: Value = serde_json::from_str(data).unwrap();
                assert_eq!(v["type"], name);
                v
            })
            .collect()
    }

    #[test]
    fn documented_event_sequence() {
        let chunks = [
            Chunk::Metadata {
                id: Some("abc".into()),
                model: None,
                provider: "mock".into(),
            },
            Chunk::Reasoning {
                reasoning: "hmm".into(),
                signature: None,
                redacted: None,
            },
            Chunk::Text { text: "Hi".into() },
            Chunk::ToolCallStart {
                index: 0,
                id: "call_1".into(),
                name: "f".into(),
            },
            Chunk::ToolCallDelta {
                index: 0,
                id: "call_1".into(),
                arguments_delta: "{\"a\":".into(),
            },
            Chunk::ToolCall {
                index: 0,
                id: "call_1".into(),
                name: "f".into(),
                arguments: "{\"a\":1}".into(),
                input: json!({"a": 1}),
                error: None,
            },
            Chunk::Usage(Usage {
                input_tokens: 10,
                output_tokens: 5,
                cache_read_tokens: 4,
                reasoning_tokens: 2,
                ..Usage::default()
            }),
            Chunk::Finish {
                reason: FinishReason::ToolCalls,
                raw_reason: None,
            },
        ];
        let ev = events(&chunks);
        let types: Vec<&str> = ev.iter().map(|e| e["type"].as_str().unwrap()).collect();
        assert_eq!(
            types,
            [
                "response.created",
                "response.in_progress",
                "response.output_item.added",
                "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done",
                "response.reasoning_summary_part.done",
                "response.output_item.done",
                "response.output_item.added",
                "response.content_part.added",
                "response.output_text.delta",
                "response.output_text.done",
                "response.content_part.done",
                "response.output_item.done",
                "response.output_item.added",
                "response.function_call_arguments.delta",
                "response.function_call_arguments.delta",
                "response.function_call_arguments.done",
                "response.output_item.done",
                "response.completed",
            ]
        );
        for (i, e) in ev.iter().enumerate() {
            assert_eq!(e["sequence_number"], i as u64);
        }
        let done = &ev[19]["response"];
        assert_eq!(done["id"], "resp_abc");
        assert_eq!(done["status"], "completed");
        assert_eq!(done["usage"]["input_tokens_details"]["cached_tokens"], 4);
        assert_eq!(
            done["usage"]["output_tokens_details"]["reasoning_tokens"],
            2
        );
        assert_eq!(done["output"][2]["arguments"], "{\"a\":1}");
        assert_eq!(done["output"][2]["call_id"], "call_1");
        assert_eq!(done["output"][1]["content"][0]["text"], "Hi");
    }
}
