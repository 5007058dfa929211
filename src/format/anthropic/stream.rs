//! The Messages stream state machine.
//!
//! Events: `message_start`, `content_block_start` / `_delta` / `_stop`, `message_delta`,
//! `message_stop`, `ping`, `error`; unknown events and block types are ignored so new API
//! features never break a stream. The event's JSON `type` decides, so the same machine reads
//! SSE (`event:` + `data:`), bare JSON lines (NDJSON, the shape of the recorded
//! `*.chunks.txt` captures) and Bedrock `invoke-with-response-stream` frames (an event-stream
//! `chunk` whose payload is `{"bytes": base64(event JSON)}`).
//!
//! Message lifecycle:
//! * a second `message_start` with the id of the open message is a duplicate and ignored
//!   (`duplicate-message-start.chunks.txt`);
//! * a `message_start` with another id while a message is open means two responses were
//!   spliced together: a `decode` error, nothing of the second one is emitted
//!   (`spliced-message-start.chunks.txt`);
//! * a `message_start` after `message_stop` continues the stream with another message: text
//!   and tool calls accumulate, usage is summed, the last stop reason wins (recordings of
//!   programmatic tool calling and tool search hold several messages back to back);
//! * the body must end after a `message_stop`; otherwise it was cut (`network` error).

use super::error::error_from_value;
use super::event::{BlockStart, Head, Read};
use super::fast::Delta;
use super::finish::finish_reason;
use super::response::{decode_blocks, input_json, is_server_call, is_server_result, server_result};
use super::usage::RawUsage;
use crate::codec::Frame;
use crate::error::{ProviderError, Result};
use crate::format::{Emitter, StreamMachine, ToolKey, WireEvent};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Phase {
    /// No message yet.
    #[default]
    Idle,
    /// Between `message_start` and `message_stop`.
    Open,
    /// After `message_stop`.
    Stopped,
}

#[derive(Debug)]
enum Block {
    Text,
    Thinking,
    /// A client tool call; `initial` is the `input` given in `content_block_start`, used when
    /// no `input_json_delta` follows (programmatic tool calls arrive complete).
    Tool {
        had_args: bool,
        initial: Option<String>,
    },
    /// A server tool's call: its input is gathered and sent as one `provider_tool` chunk at
    /// the block's end.
    Server {
        id: String,
        name: String,
        args: String,
        initial: Value,
    },
    /// Server tool results (emitted whole at their start) and block types aster has no
    /// chunk for.
    Ignored,
}

/// The Anthropic Messages stream state machine. See the module docs.
#[derive(Debug, Default)]
pub struct Stream {
    phase: Phase,
    message_id: Option<String>,
    /// Usage of the open message.
    current: RawUsage,
    /// Usage of the messages already stopped.
    done: RawUsage,
    usage_seen: bool,
    blocks: Vec<(u64, Block)>,
    /// Server tool calls whose result block has not arrived: one `provider_tool` chunk
    /// carries a call with its result.
    server_calls: Vec<(String, String, Value)>,
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

impl Stream {
    fn block(&mut self, index: u64) -> Option<&mut Block> {
        self.blocks
            .iter_mut()
            .rev()
            .find(|(i, _)| *i == index)
            .map(|(_, b)| b)
    }

    fn report_usage(&self, em: &mut Emitter) {
        if self.usage_seen {
            let mut total = self.done;
            total.add(&self.current);
            em.set_usage(total.normalize());
        }
    }

    /// Handles one event's JSON. `fallback_type` (the SSE `event:` name) is used when the JSON
    /// has no `type`, as some proxies send `event: error` with a bare `{"error": …}`.
    fn on_json(&mut self, v: &Value, fallback_type: &str, em: &mut Emitter) -> Result<()> {
        let read = Read::from_value(v);
        self.on_read(&read, Some(v), fallback_type, em)
            .unwrap_or(Ok(()))
    }

    /// Handles one event from what the machine reads of it. `v` is the parsed event, or `None`
    /// for a light reading: then an event whose handling needs the `Value` (see
    /// [`super::event`]) answers `None`, before anything is changed, and the caller parses it.
    fn on_read(
        &mut self,
        r: &Read<'_>,
        v: Option<&Value>,
        fallback_type: &str,
        em: &mut Emitter,
    ) -> Option<Result<()>> {
        let ty = match r.ty.as_deref() {
            None | Some("") => fallback_type,
            Some(t) => t,
        };
        let index = r.index.unwrap_or(0);
        match ty {
            "message_start" => {
                let content = match v {
                    Some(v) => v
                        .get("message")
                        .and_then(|m| m.get("content"))
                        .and_then(Value::as_array)
                        .map(Vec::as_slice),
                    None if r.message.has_content => return None,
                    None => None,
                };
                return Some(self.message_start(&r.message, content, em));
            }
            "content_block_start" => {
                let b = &r.block;
                if v.is_none() && !b.is_whole() {
                    return None;
                }
                self.ensure_open(em);
                let block = self.block_start(index, b, v.and_then(|v| v.get("content_block")), em);
                self.blocks.push((index, block));
            }
            "content_block_delta" => {
                // A delta the typed path refused (an unnamed event whose light reading gets
                // here) is lenient JSON only the `Value` reads.
                let v = v?;
                return Some(self.on_block_delta(index, &Delta::from_value(v.get("delta")), em));
            }
            "content_block_stop" => self.block_stop(index, em),
            "message_delta" => {
                self.ensure_open(em);
                if let Some(reason) = r.stop_reason.as_deref() {
                    em.set_finish(finish_reason(reason), Some(reason));
                }
                if let Some(u) = &r.usage {
                    self.current.apply(u);
                    self.usage_seen = true;
                    self.report_usage(em);
                }
            }
            "message_stop" => {
                self.ensure_open(em);
                self.close_open_tools(em);
                self.done.add(&self.current);
                self.current = RawUsage::default();
                self.blocks.clear();
                self.phase = Phase::Stopped;
            }
            "error" => return Some(Err(error_from_value(v?))),
            // `ping` and anything new.
            _ => {}
        }
        Some(Ok(()))
    }

    /// A block event before any `message_start` (a proxy that dropped it): carry on as if the
    /// message had started, so no output is lost.
    fn ensure_open(&mut self, em: &mut Emitter) {
        if self.phase == Phase::Idle {
            self.phase = Phase::Open;
            em.metadata(None, None);
        }
    }

    fn message_start(
        &mut self,
        msg: &Head<'_>,
        content: Option<&[Value]>,
        em: &mut Emitter,
    ) -> Result<()> {
        let id = msg.id.as_deref();
        if self.phase == Phase::Open {
            return match (id, self.message_id.as_deref()) {
                (Some(new), Some(open)) if new != open => Err(ProviderError::decode(format!(
                    "message_start for {new} while message {open} is still open"
                ))),
                _ => Ok(()),
            };
        }
        self.phase = Phase::Open;
        self.message_id = id.map(String::from);
        self.blocks.clear();
        em.metadata(id, msg.model.as_deref());
        if let Some(u) = &msg.usage {
            self.current = RawUsage::default();
            self.current.apply(u);
            self.usage_seen = true;
            self.report_usage(em);
        }
        if let Some(blocks) = content {
            decode_blocks(blocks, em);
        }
        if let Some(r) = msg.stop_reason.as_deref() {
            em.set_finish(finish_reason(r), Some(r));
        }
        Ok(())
    }

    /// Opens block `index` of `content_block_start`: `b` is what the machine reads of the
    /// block, `cb` its `Value` (`None` only when `b` is all there is: `BlockStart::is_whole`).
    fn block_start(
        &mut self,
        index: u64,
        b: &BlockStart<'_>,
        cb: Option<&Value>,
        em: &mut Emitter,
    ) -> Block {
        let s = BlockStart::str;
        match s(&b.ty) {
            "text" => {
                em.text(s(&b.text));
                Block::Text
            }
            "thinking" => {
                em.reasoning(s(&b.thinking), Some(s(&b.signature)), None);
                Block::Thinking
            }
            "redacted_thinking" => {
                em.reasoning("", None, Some(s(&b.data)));
                Block::Ignored
            }
            "tool_use" => {
                em.tool_start(ToolKey::Index(index), Some(s(&b.id)), s(&b.name));
                let initial = cb
                    .and_then(|cb| cb.get("input"))
                    .filter(|_| b.has_input)
                    .map(input_json);
                Block::Tool {
                    had_args: false,
                    initial,
                }
            }
            ty if is_server_call(ty) => Block::Server {
                id: String::from(s(&b.id)),
                name: String::from(s(&b.name)),
                args: String::new(),
                initial: cb
                    .and_then(|cb| cb.get("input"))
                    .cloned()
                    .unwrap_or(Value::Null),
            },
            ty if is_server_result(ty) => {
                let cb = cb.unwrap_or(&Value::Null);
                let id = str_of(cb, "tool_use_id");
                match self.server_calls.iter().position(|(i, _, _)| i == id) {
                    Some(p) => {
                        let (id, name, input) = self.server_calls.remove(p);
                        let result = cb.get("content").cloned().unwrap_or(Value::Null);
                        em.provider_tool(&id, &name, input, Some(result));
                    }
                    None => server_result(cb, em),
                }
                Block::Ignored
            }
            _ => Block::Ignored,
        }
    }

    /// Handles one event's data: the typed path for a block delta, else the `Value` path.
    fn on_data(&mut self, data: &str, fallback_type: &str, em: &mut Emitter) -> Result<()> {
        if let Some((index, delta)) = super::fast::block_delta(data, fallback_type) {
            return self.on_block_delta(index, &delta, em);
        }
        // The SSE event name only saves work (the JSON `type` decides): an event named as a
        // delta or an error is not scanned for the light reading.
        #[cfg(feature = "fast-decode")]
        if !matches!(fallback_type, "content_block_delta" | "error") {
            if let Some(r) =
                super::fast::light(data).and_then(|r| self.on_read(&r, None, fallback_type, em))
            {
                return r;
            }
        }
        let v = parse_json(data.as_bytes())?;
        self.on_json(&v, fallback_type, em)
    }

    fn on_block_delta(&mut self, index: u64, delta: &Delta<'_>, em: &mut Emitter) -> Result<()> {
        self.ensure_open(em);
        let block = self.block(index);
        match block {
            // Never the caller's output.
            Some(Block::Ignored) => return Ok(()),
            Some(Block::Server { args, .. }) => {
                if &*delta.ty == "input_json_delta" {
                    args.push_str(&delta.partial_json);
                }
                return Ok(());
            }
            _ => {}
        }
        match &*delta.ty {
            "text_delta" => em.text(&delta.text),
            "thinking_delta" => em.reasoning(&delta.thinking, None, None),
            "signature_delta" => em.reasoning("", Some(&delta.signature), None),
            "input_json_delta" => {
                if let Some(Block::Tool { had_args, .. }) = block {
                    let part = &*delta.partial_json;
                    *had_args |= !part.is_empty();
                    em.tool_delta(&ToolKey::Index(index), part)?;
                }
            }
            // citations_delta, compaction_delta and anything new carry no chunk.
            _ => {}
        }
        Ok(())
    }

    fn block_stop(&mut self, index: u64, em: &mut Emitter) {
        if let Some(pos) = self.blocks.iter().rposition(|(i, _)| *i == index) {
            let (_, block) = self.blocks.remove(pos);
            self.finish_block(index, block, em);
        }
    }

    fn close_open_tools(&mut self, em: &mut Emitter) {
        for (index, block) in core::mem::take(&mut self.blocks) {
            self.finish_block(index, block, em);
        }
        // Calls whose result never came (a `pause_turn`): reported without one.
        for (id, name, input) in self.server_calls.drain(..) {
            em.provider_tool(&id, &name, input, None);
        }
    }

    fn finish_block(&mut self, index: u64, block: Block, em: &mut Emitter) {
        if let Block::Server {
            id,
            name,
            args,
            initial,
        } = block
        {
            let input = match serde_json::from_str::<Value>(args.trim()) {
                Ok(v) => v,
                Err(_) if args.trim().is_empty() => initial,
                Err(_) => Value::String(args),
            };
            // Held until its result block: one chunk for the call and its result.
            self.server_calls.push((id, name, input));
            return;
        }
        finish_block(index, block, em);
    }

    /// Handles a Bedrock `invoke-with-response-stream` frame.
    fn on_frame(&mut self, f: &Frame, em: &mut Emitter) -> Result<()> {
        if let Some(e) = crate::format::bedrock_converse::frame_error(f) {
            return Err(e);
        }
        if f.header_str(":event-type") != Some("chunk") {
            return Ok(());
        }
        let outer: Value = parse_json(&f.payload)?;
        let Some(b64) = outer.get("bytes").and_then(Value::as_str) else {
            return Ok(());
        };
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|e| ProviderError::decode(format!("invalid base64 in chunk: {e}")))?;
        match core::str::from_utf8(&bytes) {
            Ok(data) => self.on_data(data, "", em),
            Err(_) => self.on_json(&parse_json(&bytes)?, "", em),
        }
    }
}

fn finish_block(index: u64, block: Block, em: &mut Emitter) {
    if let Block::Tool { had_args, initial } = block {
        let key = ToolKey::Index(index);
        if let (false, Some(args)) = (had_args, initial) {
            // The key is open (it was started with this block), so this cannot fail.
            let _ = em.tool_delta(&key, &args);
        }
        em.tool_end(&key);
    }
}

fn parse_json(bytes: &[u8]) -> Result<Value> {
    crate::json::value(bytes)
        .map_err(|e| ProviderError::decode(format!("stream event is not JSON: {e}")))
}

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        match event {
            WireEvent::Sse(ev) => {
                if ev.data.trim().is_empty() {
                    return Ok(());
                }
                self.on_data(&ev.data, &ev.event, em)
            }
            WireEvent::Line(line) => {
                if line.trim().is_empty() {
                    return Ok(());
                }
                self.on_data(line, "", em)
            }
            WireEvent::Frame(f) => self.on_frame(f, em),
        }
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        if self.phase == Phase::Stopped {
            em.end();
            Ok(())
        } else {
            Err(em.fail(ProviderError::network("stream ended before message_stop")))
        }
    }
}
