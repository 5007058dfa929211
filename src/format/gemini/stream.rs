//! The Gemini stream machine: `streamGenerateContent?alt=sse`, each SSE `data` one
//! `GenerateContentResponse` (Google sends CRLF line ends; the SSE codec handles them).
//!
//! Per chunk: `responseId` / `modelVersion` → metadata; `usageMetadata` → usage (cumulative,
//! the last report wins); `promptFeedback.blockReason` → `content_filter`; an `{"error": …}`
//! object → the classified provider error; then `candidates[0]`:
//!
//! * `text` parts → text, `text` with `thought: true` → reasoning;
//! * `thoughtSignature` → the signature of a reasoning chunk. On a thought part it rides on
//!   that part's chunk. On any other part (answer text, `functionCall`, the empty closing
//!   `{"text": ""}`) a signature-only reasoning chunk is emitted *just before* that part's
//!   chunks, so the folded response has a `thinking` block (empty text, the signature)
//!   directly before the text or `tool_use` block it belongs to. The encoder puts such a
//!   signature back on the part that follows it (see `contents.rs`), which is where Gemini 3
//!   requires it for function calls;
//! * `functionCall {name, args, id?}` → one whole tool call; streamed arguments
//!   (`partialArgs`, Vertex) are rebuilt in `partial.rs`;
//! * `executableCode`, `codeExecutionResult`, `inlineData` output, server `toolCall` /
//!   `toolResponse` parts, `groundingMetadata`, `urlContextMetadata`, `citationMetadata`: no
//!   chunk type carries them; they are skipped and never break the stream. (Their
//!   signatures are dropped too: they can only be replayed with the parts they sit on.)
//!
//! `finishReason` ends the response (see `finish.rs`). A body that ends before any
//! `finishReason` (or prompt block) was cut: `network` error.

use super::partial::PartialArgs;
use super::{finish, usage};
use crate::chunk::FinishReason;
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::wire_util::{parse_event, str_of};
use crate::format::{Emitter, StreamMachine, ToolKey, WireEvent};
use alloc::string::String;
use serde_json::Value;

/// Gemini stream state machine.
#[derive(Debug, Default)]
pub struct Stream {
    /// A `finishReason` or a prompt block was seen.
    finished: bool,
    /// Calls started so far (their keys).
    calls: u64,
    /// A call whose arguments are being streamed.
    partial: Option<(ToolKey, PartialArgs)>,
}

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        let data = match event {
            WireEvent::Sse(ev) => ev.data.as_str(),
            WireEvent::Line(line) => line,
            WireEvent::Frame(_) => return Ok(()),
        };
        let data = data.trim();
        if data.is_empty() || data == "[DONE]" {
            return Ok(());
        }
        if let Some(c) = super::fast::parse(data) {
            self.on_typed(&c, em);
            return Ok(());
        }
        let v = parse_event(data, "gemini")?;
        self.on_chunk(&v, em)
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        if !self.finished {
            return Err(em.fail(ProviderError::network(
                "gemini: the stream ended before a finishReason",
            )));
        }
        self.close_partial(em);
        em.end();
        Ok(())
    }
}

impl Stream {
    /// Handles a chunk of the common shape, read by the typed path (`fast.rs`): the same
    /// handlers as [`Stream::on_chunk`] with the same values.
    fn on_typed(&mut self, c: &super::fast::Chunk<'_>, em: &mut Emitter) {
        em.metadata(c.response_id.as_deref(), c.model_version.as_deref());
        if let Some(u) = c.usage.and_then(usage::parse_text) {
            em.set_usage(u);
        }
        if !c.has_candidate() {
            return;
        }
        for p in c.parts() {
            let sig = p.signature.as_deref().filter(|s| !s.is_empty());
            if let Some(text) = p.text.as_deref() {
                Self::on_text(text, p.thought == Some(true), sig, em);
            }
        }
        if let Some(reason) = c.finish_reason() {
            self.on_finish(reason, em);
        }
    }

    /// A text part: reasoning when it is a thought, else a signature-only reasoning chunk (when
    /// signed) and the text.
    fn on_text(text: &str, thought: bool, sig: Option<&str>, em: &mut Emitter) {
        if thought {
            em.reasoning(text, sig, None);
        } else {
            em.reasoning("", sig, None);
            em.text(text);
        }
    }

    fn on_finish(&mut self, reason: &str, em: &mut Emitter) {
        self.close_partial(em);
        em.set_finish(finish::map(reason), Some(reason));
        self.finished = true;
    }

    /// Handles one `GenerateContentResponse` (a stream chunk, or an element of a body).
    pub(super) fn on_chunk(&mut self, v: &Value, em: &mut Emitter) -> Result<()> {
        if let Some(err) = v.get("error").filter(|e| e.is_object()) {
            return Err(classify_stream_error(err, em.provider()));
        }
        if !v.is_object() {
            return Err(ProviderError::decode(
                "gemini: a stream chunk is not a GenerateContentResponse object",
            ));
        }
        em.metadata(str_of(v, "responseId"), str_of(v, "modelVersion"));
        if let Some(u) = usage::parse(v.get("usageMetadata")) {
            em.set_usage(u);
        }
        if let Some(reason) = v
            .get("promptFeedback")
            .and_then(|f| str_of(f, "blockReason"))
        {
            em.set_finish(FinishReason::ContentFilter, Some(reason));
            self.finished = true;
        }
        let Some(cand) = v
            .get("candidates")
            .and_then(Value::as_array)
            .and_then(|c| c.first())
        else {
            return Ok(());
        };
        let parts = cand
            .get("content")
            .and_then(|c| c.get("parts"))
            .and_then(Value::as_array);
        for p in parts.into_iter().flatten() {
            self.on_part(p, em);
        }
        if let Some(reason) = str_of(cand, "finishReason") {
            self.on_finish(reason, em);
        }
        Ok(())
    }

    fn on_part(&mut self, p: &Value, em: &mut Emitter) {
        let sig = str_of(p, "thoughtSignature").filter(|s| !s.is_empty());
        if let Some(fc) = p.get("functionCall") {
            self.on_function_call(fc, sig, em);
            return;
        }
        let Some(text) = str_of(p, "text") else {
            return;
        };
        let thought = p.get("thought").and_then(Value::as_bool) == Some(true);
        Self::on_text(text, thought, sig, em);
    }

    fn on_function_call(&mut self, fc: &Value, sig: Option<&str>, em: &mut Emitter) {
        let name = str_of(fc, "name").filter(|n| !n.is_empty());
        let partials = fc.get("partialArgs").and_then(Value::as_array);
        let continues = fc.get("willContinue").and_then(Value::as_bool) == Some(true);
        let Some(name) = name else {
            // A piece of the call being streamed; without one open there is nothing to add to.
            if let Some((_, args)) = &mut self.partial {
                for p in partials.into_iter().flatten() {
                    args.apply(p);
                }
                if !continues {
                    self.close_partial(em);
                }
            }
            return;
        };
        self.close_partial(em);
        em.reasoning("", sig, None);
        let key = ToolKey::Index(self.calls);
        self.calls += 1;
        let id = str_of(fc, "id");
        if continues || partials.is_some() {
            em.tool_start(key.clone(), id, name);
            let mut args = PartialArgs::new(fc.get("args"));
            for p in partials.into_iter().flatten() {
                args.apply(p);
            }
            self.partial = Some((key, args));
            if !continues {
                self.close_partial(em);
            }
        } else {
            let args = match fc.get("args") {
                Some(a) if !a.is_null() => serde_json::to_string(a).unwrap_or_default(),
                _ => String::from("{}"),
            };
            em.tool_call(key, id, name, &args);
        }
    }

    /// Sends the rebuilt arguments of the streamed call and closes it.
    pub(super) fn close_partial(&mut self, em: &mut Emitter) {
        if let Some((key, args)) = self.partial.take() {
            // The call was started with this key just before, so the delta cannot fail.
            let _ = em.tool_delta(&key, &args.finish());
            em.tool_end(&key);
        }
    }
}
