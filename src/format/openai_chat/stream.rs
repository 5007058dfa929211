//! The `chat.completion.chunk` stream state machine.
//!
//! Completion rule: a stream is complete once a `finish_reason` or the `[DONE]` sentinel
//! arrived. Hosts differ on both: some omit `[DONE]` (the vercel/ai captures end after the
//! finish chunk), Snowflake Cortex never sends a `finish_reason` but does send `[DONE]`, and
//! the usage chunk of `stream_options.include_usage` comes *after* the finish chunk. So the
//! stream ends at end of body, and end of body is accepted when either marker was seen; a body
//! that ends with neither was cut, and fails with a `network` error. Events after `[DONE]` are
//! still read (OpenCode sends a trailing `{"choices":[],"cost":"0"}`).
//!
//! Tool calls are keyed by `index`; a call without `index` is keyed by its `id` (Mistral), and
//! a continuation with neither continues the last call. A delta that reuses an open `index`
//! with a *different* id starts a new call (hosts that put every call at index 0). Repeated ids
//! and names on continuation deltas are ignored, empty names never overwrite a known one, and
//! calls without ids get one from the [`Emitter`].
//!
//! An error object inside the stream (a chunk with `error`, an SSE `event: error`, or a choice
//! with `error`) fails the stream through [`classify_stream_error`], even after a
//! `finish_reason` (OpenRouter sends `finish_reason: "length"` and then the error chunk).

use super::json::{as_float, count_field, non_null, str_field};
use super::response::{arguments_text, emit_content, emit_reasoning, is_first_choice, set_finish};
use super::usage::usage_from;
use crate::chunk::Usage;
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::{Emitter, StreamMachine, ToolKey, WireEvent};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

#[derive(Debug)]
struct Call {
    key: ToolKey,
    id: Option<String>,
}

/// Stream state machine for Chat Completions (and, through the wrappers, Mistral).
#[derive(Debug, Default)]
pub struct Stream {
    /// `[DONE]` arrived.
    done: bool,
    /// A `finish_reason` arrived.
    finished: bool,
    /// A non-empty `refusal` arrived (the finish becomes `content_filter`).
    refused: bool,
    calls: Vec<Call>,
    last_key: Option<ToolKey>,
    usage: Option<Usage>,
    /// A cost reported outside the usage object (OpenCode's top-level `cost`).
    cost: Option<f64>,
}

impl Stream {
    /// Handles one event's data: `[DONE]`, or a JSON chunk. `event` is the SSE event name.
    fn on_data(&mut self, event: &str, data: &str, em: &mut Emitter) -> Result<()> {
        let data = data.trim();
        if data.is_empty() {
            return Ok(());
        }
        if data == "[DONE]" {
            self.done = true;
            return Ok(());
        }
        if event != "error" {
            if let Some(c) = super::fast::parse(data) {
                return self.on_typed(&c, em);
            }
        }
        let v: Value = match serde_json::from_str(data) {
            Ok(v) => v,
            Err(_) if event == "error" => {
                let err = classify_stream_error(&Value::String(String::from(data)), em.provider());
                return Err(em.fail(err));
            }
            Err(e) => {
                let err = ProviderError::decode(alloc::format!("stream chunk is not JSON: {e}"));
                return Err(em.fail(err));
            }
        };
        self.on_chunk(&v, event == "error", em)
    }

    /// Handles one parsed `chat.completion.chunk`.
    pub(crate) fn on_chunk(
        &mut self,
        v: &Value,
        is_error_event: bool,
        em: &mut Emitter,
    ) -> Result<()> {
        // Usage first: an error chunk may carry the usage of what was generated.
        self.on_usage(
            non_null(v, "usage"),
            non_null(v, "x_groq"),
            non_null(v, "cost"),
            em,
        );
        if is_error_event || non_null(v, "error").is_some() {
            return Err(em.fail(classify_stream_error(v, em.provider())));
        }
        let id = str_field(v, "id");
        let model = str_field(v, "model");
        // Azure's first chunk (prompt filter results) has an empty id and model: wait for one
        // that names them, so `metadata` carries them.
        if id.is_some() || model.is_some() {
            em.metadata(id, model);
        }
        let choices = v.get("choices").and_then(Value::as_array);
        for choice in choices.into_iter().flatten().filter(|c| is_first_choice(c)) {
            if non_null(choice, "error").is_some() {
                return Err(em.fail(classify_stream_error(choice, em.provider())));
            }
            if let Some(delta) = non_null(choice, "delta") {
                self.on_delta(delta, em)?;
            }
            if let Some(raw) = str_field(choice, "finish_reason") {
                self.on_finish(raw, em);
            }
        }
        Ok(())
    }

    /// [`Stream::on_chunk`] for a chunk read by the typed path (`fast`): the same steps, in
    /// the same order, over the borrowed fields.
    fn on_typed(&mut self, c: &super::fast::Chunk<'_>, em: &mut Emitter) -> Result<()> {
        use super::fast::{non_empty, value_of};
        if c.usage.is_some() || c.x_groq.is_some() || c.cost.is_some() {
            let (usage, x_groq, cost) = (value_of(c.usage), value_of(c.x_groq), value_of(c.cost));
            self.on_usage(usage.as_ref(), x_groq.as_ref(), cost.as_ref(), em);
        } else {
            self.on_usage(None, None, None, em);
        }
        let (id, model) = (non_empty(&c.id), non_empty(&c.model));
        if id.is_some() || model.is_some() {
            em.metadata(id, model);
        }
        let choices = c.choices.iter().flatten();
        for choice in choices.filter(|c| c.index.is_none_or(|i| i == 0)) {
            if let Some(d) = &choice.delta {
                let reasoning = non_empty(&d.reasoning_content).or_else(|| non_empty(&d.reasoning));
                if let Some(text) = reasoning {
                    em.reasoning(text, None, None);
                }
                if let Some(text) = &d.content {
                    em.text(text);
                }
                if let Some(refusal) = non_empty(&d.refusal) {
                    em.text(refusal);
                    self.refused = true;
                }
                for (pos, tc) in d.tool_calls.iter().flatten().enumerate() {
                    let func = tc.function.as_ref();
                    let name = func.and_then(|f| non_empty(&f.name));
                    let args = func.and_then(|f| f.arguments.as_deref()).unwrap_or("");
                    self.on_tool_delta(pos, tc.index, non_empty(&tc.id), name, args, em)?;
                }
            }
            if let Some(raw) = non_empty(&choice.finish_reason) {
                self.on_finish(raw, em);
            }
        }
        Ok(())
    }

    fn on_finish(&mut self, raw: &str, em: &mut Emitter) {
        self.finished = true;
        set_finish(em, raw, self.refused);
        // The calls are complete: emit them now rather than at the end of the body.
        for c in &self.calls {
            em.tool_end(&c.key);
        }
    }

    /// Records the chunk's `usage`, `x_groq` and `cost` (each already non-null), and reports
    /// the running usage.
    fn on_usage(
        &mut self,
        usage: Option<&Value>,
        x_groq: Option<&Value>,
        cost: Option<&Value>,
        em: &mut Emitter,
    ) {
        let usage = usage
            .and_then(usage_from)
            // Groq repeats the usage under `x_groq.usage`; older Groq sent it only there.
            .or_else(|| {
                x_groq
                    .and_then(|x| non_null(x, "usage"))
                    .and_then(usage_from)
            });
        if let Some(u) = usage {
            self.usage = Some(u);
        }
        if let Some(c) = cost.and_then(as_float) {
            self.cost = Some(c);
        }
        if let Some(u) = &self.usage {
            let mut u = u.clone();
            if u.total_cost.is_none() {
                u.total_cost = self.cost;
            }
            em.set_usage(u);
        }
    }

    fn on_delta(&mut self, delta: &Value, em: &mut Emitter) -> Result<()> {
        emit_reasoning(delta, em);
        if let Some(content) = delta.get("content") {
            emit_content(content, em);
        }
        if let Some(refusal) = str_field(delta, "refusal") {
            em.text(refusal);
            self.refused = true;
        }
        if let Some(calls) = delta.get("tool_calls").and_then(Value::as_array) {
            for (pos, tc) in calls.iter().enumerate() {
                let func = tc.get("function").unwrap_or(&Value::Null);
                let args = arguments_text(func);
                let (index, id) = (count_field(tc, "index"), str_field(tc, "id"));
                self.on_tool_delta(pos, index, id, str_field(func, "name"), &args, em)?;
            }
        }
        Ok(())
    }

    /// One `tool_calls` entry at position `pos` of its delta: its `index`, non-empty `id` and
    /// `function.name`, and `function.arguments` as text.
    fn on_tool_delta(
        &mut self,
        pos: usize,
        index: Option<u64>,
        id: Option<&str>,
        name: Option<&str>,
        args: &str,
        em: &mut Emitter,
    ) -> Result<()> {
        let key = self.key_for(index, id, pos);
        if em.tool_is_open(&key) {
            let known = self.id_of(&key);
            if let (Some(new), Some(known)) = (id, known) {
                if new != known {
                    em.tool_end(&key);
                }
            }
        }
        if !em.tool_is_open(&key) {
            if name.is_none() && id.is_none() && args.is_empty() {
                // Nothing to start (an empty keep-alive delta for a finished call).
                return Ok(());
            }
            em.tool_start(key.clone(), id, name.unwrap_or(""));
            self.calls.push(Call {
                key: key.clone(),
                id: id.map(String::from),
            });
        } else if let Some(name) = name {
            em.tool_set_name(&key, name);
        }
        em.tool_delta(&key, args).map_err(|e| em.fail(e))?;
        self.last_key = Some(key);
        Ok(())
    }

    fn key_for(&self, index: Option<u64>, id: Option<&str>, pos: usize) -> ToolKey {
        if let Some(i) = index {
            return ToolKey::Index(i);
        }
        if let Some(id) = id {
            // A host that sends the index on the first delta only, and the id on every one.
            if let Some(c) = self
                .calls
                .iter()
                .rev()
                .find(|c| c.id.as_deref() == Some(id))
            {
                return c.key.clone();
            }
            return ToolKey::Id(String::from(id));
        }
        match &self.last_key {
            Some(k) => k.clone(),
            None => ToolKey::Index(pos as u64),
        }
    }

    fn id_of(&self, key: &ToolKey) -> Option<&str> {
        self.calls
            .iter()
            .rev()
            .find(|c| &c.key == key)
            .and_then(|c| c.id.as_deref())
    }
}

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        match event {
            WireEvent::Sse(ev) => self.on_data(&ev.event, &ev.data, em),
            // One JSON chunk per line: the same chunks framed as NDJSON.
            WireEvent::Line(line) => self.on_data("", line, em),
            WireEvent::Frame(_) => Err(em.fail(ProviderError::decode(
                "unexpected binary frame in a chat completions stream",
            ))),
        }
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        if self.finished || self.done {
            em.end();
            return Ok(());
        }
        Err(em.fail(ProviderError::network(
            "chat completions stream ended before a finish_reason or [DONE]",
        )))
    }
}
