//! The gateway's output in OpenAI's wire format: [`SseWriter`] (chunks → `chat.completion.chunk`
//! SSE), [`response_body`] (non-streaming `chat.completion`) and [`error_body`].
//!
//! What the official `openai` npm client expects and gets: a first chunk with `role`, content
//! deltas, `tool_calls` deltas (the first one for a call with `index`, `id`, `type` and the
//! function name, then `arguments` pieces), a chunk with `finish_reason`, a usage chunk with
//! empty `choices` when `stream_options.include_usage` was set, and `data: [DONE]`. Reasoning
//! goes out as `reasoning_content` deltas (the DeepSeek convention most clients read);
//! signatures and redacted reasoning, which OpenAI has no field for, go out as OpenRouter-style
//! `reasoning_details`, so an aster client on the other side keeps them. Usage that aster
//! estimated carries `"estimated": true`, an extra field clients ignore.

use crate::chunk::{Chunk, FinishReason, Usage};
use crate::error::{ErrorKind, ProviderError};
use crate::message::ContentBlock;
use crate::response::CompletionResponse;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use serde_json::{json, Map, Value};

// The envelope of every `chat.completion.chunk`, typed: content deltas are most of a stream,
// and building a `Value` tree per event (maps, owned keys, hashing) cost more than the rest
// of the gateway's work per event. Field order is the wire order OpenAI sends.

/// One `chat.completion.chunk`.
#[derive(Serialize)]
struct ChunkOut<'a, C> {
    id: &'a str,
    object: &'static str,
    created: u64,
    model: &'a str,
    choices: C,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage: Option<Value>,
}

/// The one choice of a delta chunk.
#[derive(Serialize)]
struct ChoiceOut<'a, D> {
    index: u32,
    delta: D,
    finish_reason: Option<&'a str>,
}

/// `{"content": ...}`.
#[derive(Serialize)]
struct ContentDelta<'a> {
    content: &'a str,
}

/// `{"reasoning_content": ...}` (a reasoning delta without signature or redacted data).
#[derive(Serialize)]
struct ReasoningDelta<'a> {
    reasoning_content: &'a str,
}

/// Turns a chunk stream into `chat.completion.chunk` SSE text.
#[derive(Debug)]
pub struct SseWriter {
    id: String,
    model: String,
    created: u64,
    include_usage: bool,
    role_sent: bool,
    usage: Option<Usage>,
    /// Bytes of arguments sent per tool index, to complete arguments a `tool_call` extends.
    args_sent: Vec<(u32, usize)>,
    done: bool,
}

impl SseWriter {
    /// A writer for one response. An empty `id` or `model` is taken from the `metadata` chunk.
    /// `created` is the Unix time to report (the core has no clock). `include_usage` is the
    /// client's `stream_options.include_usage`.
    pub fn new(id: &str, model: &str, created: u64, include_usage: bool) -> Self {
        SseWriter {
            id: String::from(id),
            model: String::from(model),
            created,
            include_usage,
            role_sent: false,
            usage: None,
            args_sent: Vec::new(),
            done: false,
        }
    }

    /// Appends the SSE text for `chunk` to `out` (nothing for chunks with no wire equivalent).
    pub fn write(&mut self, chunk: &Chunk, out: &mut String) {
        if self.done {
            return;
        }
        match chunk {
            Chunk::Metadata { id, model, .. } => {
                if self.id.is_empty() {
                    self.id = id.clone().unwrap_or_default();
                }
                if self.model.is_empty() {
                    self.model = model.clone().unwrap_or_default();
                }
                self.ensure_role(out);
            }
            Chunk::Text { text } => self.delta(ContentDelta { content: text }, out),
            Chunk::Reasoning {
                reasoning,
                signature: None,
                redacted: None,
            } if !reasoning.is_empty() => self.delta(
                ReasoningDelta {
                    reasoning_content: reasoning,
                },
                out,
            ),
            Chunk::Reasoning {
                reasoning,
                signature,
                redacted,
            } => {
                let mut d = Map::new();
                if !reasoning.is_empty() {
                    d.insert("reasoning_content".into(), reasoning.clone().into());
                }
                if let Some(data) = redacted {
                    d.insert(
                        "reasoning_details".into(),
                        json!([{"type": "reasoning.encrypted", "data": data}]),
                    );
                } else if let Some(sig) = signature {
                    d.insert(
                        "reasoning_details".into(),
                        json!([{"type": "reasoning.text", "text": reasoning, "signature": sig}]),
                    );
                }
                self.delta(Value::Object(d), out);
            }
            Chunk::ToolCallStart { index, id, name } => {
                self.args_sent.push((*index, 0));
                self.delta(
                    json!({"tool_calls": [{"index": index, "id": id, "type": "function",
                        "function": {"name": name, "arguments": ""}}]}),
                    out,
                );
            }
            Chunk::ToolCallDelta {
                index,
                arguments_delta,
                ..
            } => {
                self.add_sent(*index, arguments_delta.len());
                self.delta(json!({"tool_calls": [{"index": index, "function": {"arguments": arguments_delta}}]}), out);
            }
            Chunk::ToolCall {
                index, arguments, ..
            } => {
                let sent = self.sent(*index);
                if let Some(rest) = arguments.get(sent..).filter(|r| !r.is_empty()) {
                    let rest = String::from(rest);
                    self.add_sent(*index, rest.len());
                    self.delta(
                        json!({"tool_calls": [{"index": index, "function": {"arguments": rest}}]}),
                        out,
                    );
                }
            }
            // Run by the provider: never a `tool_calls` entry the client would answer.
            Chunk::ProviderTool { .. } => {}
            Chunk::Usage(u) => self.usage = Some(u.clone()),
            Chunk::Finish { reason, raw_reason } => {
                self.ensure_role(out);
                let finish = finish_reason_str(*reason, raw_reason.as_deref());
                self.event(
                    json!([{"index": 0, "delta": {}, "finish_reason": finish}]),
                    None,
                    out,
                );
                if self.include_usage {
                    let usage = self.usage.clone().unwrap_or_default();
                    self.event(json!([]), Some(usage_json(&usage)), out);
                }
                out.push_str("data: [DONE]\n\n");
                self.done = true;
            }
        }
    }

    /// Appends an in-stream error event (`data: {"error": {...}}`), which the `openai` client
    /// raises as an `APIError`. The stream ends there.
    pub fn write_error(&mut self, err: &ProviderError, out: &mut String) {
        if self.done {
            return;
        }
        let (_, body) = error_body(err);
        out.push_str("data: ");
        out.push_str(&serde_json::to_string(&body).unwrap_or_default());
        out.push_str("\n\n");
        self.done = true;
    }

    fn sent(&self, index: u32) -> usize {
        self.args_sent
            .iter()
            .rev()
            .find(|(i, _)| *i == index)
            .map_or(0, |(_, n)| *n)
    }

    fn add_sent(&mut self, index: u32, n: usize) {
        match self.args_sent.iter_mut().rev().find(|(i, _)| *i == index) {
            Some((_, sent)) => *sent += n,
            None => self.args_sent.push((index, n)),
        }
    }

    fn ensure_role(&mut self, out: &mut String) {
        if !self.role_sent {
            self.role_sent = true;
            self.event(json!([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]), None, out);
        }
    }

    fn delta<D: Serialize>(&mut self, delta: D, out: &mut String) {
        self.ensure_role(out);
        let choice = ChoiceOut {
            index: 0,
            delta,
            finish_reason: None,
        };
        self.event([choice], None, out);
    }

    fn event<C: Serialize>(&self, choices: C, usage: Option<Value>, out: &mut String) {
        let chunk = ChunkOut {
            id: &self.id,
            object: "chat.completion.chunk",
            created: self.created,
            model: &self.model,
            choices,
            usage,
        };
        out.push_str("data: ");
        out.push_str(&serde_json::to_string(&chunk).unwrap_or_default());
        out.push_str("\n\n");
    }
}

/// The OpenAI `finish_reason` for a normalized reason: the provider's own string when it is
/// already an OpenAI one that means the same, else the OpenAI name.
fn finish_reason_str(reason: FinishReason, raw: Option<&str>) -> String {
    if let Some(raw) = raw {
        let same = super::finish::map_finish(raw) == Some(reason);
        if same
            && matches!(
                raw,
                "stop" | "length" | "tool_calls" | "content_filter" | "function_call"
            )
        {
            return String::from(raw);
        }
        if reason == FinishReason::Other && !raw.is_empty() {
            return String::from(raw);
        }
    }
    String::from(match reason {
        FinishReason::Stop | FinishReason::Other => "stop",
        FinishReason::Length => "length",
        FinishReason::ToolCalls => "tool_calls",
        FinishReason::ContentFilter => "content_filter",
        FinishReason::Error => "error",
    })
}

/// Usage in OpenAI's convention (which is aster's: prompt includes cached, completion includes
/// reasoning), with the cost when known.
fn usage_json(u: &Usage) -> Value {
    let mut prompt_details = Map::new();
    prompt_details.insert("cached_tokens".into(), u.cache_read_tokens.into());
    if u.cache_write_tokens > 0 {
        prompt_details.insert("cache_write_tokens".into(), u.cache_write_tokens.into());
    }
    let mut v = Map::new();
    v.insert("prompt_tokens".into(), u.input_tokens.into());
    v.insert("completion_tokens".into(), u.output_tokens.into());
    v.insert(
        "total_tokens".into(),
        u.input_tokens.saturating_add(u.output_tokens).into(),
    );
    v.insert(
        "prompt_tokens_details".into(),
        Value::Object(prompt_details),
    );
    v.insert(
        "completion_tokens_details".into(),
        json!({"reasoning_tokens": u.reasoning_tokens}),
    );
    if let Some(c) = u.total_cost {
        v.insert("cost".into(), c.into());
    }
    if u.estimated {
        v.insert("estimated".into(), true.into());
    }
    Value::Object(v)
}

/// A non-streaming `chat.completion` body for `resp`, reporting `model`, with `created` 0.
pub fn response_body(resp: &CompletionResponse, model: &str) -> Value {
    response_body_at(resp, model, 0)
}

/// [`response_body`] with the Unix time to report in `created`.
pub fn response_body_at(resp: &CompletionResponse, model: &str, created: u64) -> Value {
    let mut reasoning = String::new();
    let mut calls = Vec::new();
    for b in &resp.content {
        match b {
            ContentBlock::Thinking { thinking, .. } => reasoning.push_str(thinking),
            ContentBlock::ToolUse {
                id, name, input, ..
            } => {
                let raw = resp
                    .tool_errors
                    .iter()
                    .any(|(eid, _)| eid == id)
                    .then(|| input.get("_raw").and_then(Value::as_str).map(String::from))
                    .flatten();
                let arguments =
                    raw.unwrap_or_else(|| serde_json::to_string(input).unwrap_or_default());
                calls.push(json!({"id": id, "type": "function", "function": {"name": name, "arguments": arguments}}));
            }
            _ => {}
        }
    }
    let mut msg = Map::new();
    msg.insert("role".into(), "assistant".into());
    let content = if resp.text.is_empty() && !calls.is_empty() {
        Value::Null
    } else {
        resp.text.clone().into()
    };
    msg.insert("content".into(), content);
    if !reasoning.is_empty() {
        msg.insert("reasoning_content".into(), reasoning.into());
    }
    if !calls.is_empty() {
        msg.insert("tool_calls".into(), Value::Array(calls));
    }
    let finish = finish_reason_str(resp.stop_reason, resp.raw_stop_reason.as_deref());
    json!({
        "id": resp.id.clone().unwrap_or_else(|| String::from("chatcmpl-aster")),
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "message": msg, "finish_reason": finish, "logprobs": null}],
        "usage": usage_json(&resp.usage),
    })
}

/// The HTTP status and OpenAI-shaped error body (`{"error": {message, type, code, param}}`)
/// for `err`. The status is the upstream one when known, else the usual one for the kind.
pub fn error_body(err: &ProviderError) -> (u16, Value) {
    let (status, kind, code) = match err.kind {
        ErrorKind::AuthenticationError => (401, "authentication_error", "invalid_api_key"),
        ErrorKind::RateLimitError => (429, "rate_limit_error", "rate_limit_exceeded"),
        ErrorKind::ModelNotFound => (404, "invalid_request_error", "model_not_found"),
        ErrorKind::InvalidRequest => (400, "invalid_request_error", "invalid_request"),
        ErrorKind::ContextLengthExceeded => {
            (400, "invalid_request_error", "context_length_exceeded")
        }
        ErrorKind::Overloaded => (503, "server_error", "overloaded"),
        ErrorKind::ServerError => (502, "server_error", "upstream_error"),
        ErrorKind::NetworkError => (502, "server_error", "network_error"),
        ErrorKind::Timeout => (504, "server_error", "timeout"),
        ErrorKind::Aborted => (499, "server_error", "aborted"),
        ErrorKind::Decode => (502, "server_error", "decode_error"),
        ErrorKind::Config => (500, "server_error", "config_error"),
        ErrorKind::InternalError => (500, "server_error", "internal_error"),
    };
    let status = err
        .status
        .filter(|s| (400..600).contains(s))
        .unwrap_or(status);
    (
        status,
        json!({"error": {"message": err.message, "type": kind, "code": code, "param": null}}),
    )
}
