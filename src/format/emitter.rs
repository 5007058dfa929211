//! [`Emitter`]: the one place that enforces the chunk contract of DESIGN §3.2 for every format.
//!
//! Format state machines report what they see (text, reasoning, tool-call pieces, usage, a
//! finish reason); the emitter turns that into chunks in the right order: `metadata` first,
//! every tool call as start → deltas → `tool_call`, and exactly one `usage` then one `finish`
//! at the end. Because the rules live here, no format can get them subtly different.

use crate::chunk::{Chunk, FinishReason, Usage};
use crate::error::ProviderError;
use crate::format::openai_responses::rules::ResponsesRules;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// How a format identifies a tool call across stream events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolKey {
    /// A numeric position the provider uses (OpenAI `tool_calls[].index`, Anthropic block index).
    Index(u64),
    /// A string id or item id (Responses `item_id`, providers that key calls by id only).
    Id(String),
}

#[derive(Debug)]
struct ToolSlot {
    key: ToolKey,
    id: String,
    name: String,
    arguments: String,
    open: bool,
}

/// Builds the normalized chunk sequence for one response. See the module docs.
#[derive(Debug)]
pub struct Emitter {
    provider: String,
    responses: ResponsesRules,
    out: Vec<Chunk>,
    metadata_sent: bool,
    response_id: Option<String>,
    model: Option<String>,
    tools: Vec<ToolSlot>,
    usage: Option<Usage>,
    finish: Option<(FinishReason, Option<String>)>,
    output_emitted: bool,
    output_chars: u64,
    input_estimate: u64,
    ended: bool,
}

impl Emitter {
    /// An emitter for a response from `provider` (the aster provider name).
    pub fn new(provider: &str) -> Self {
        Emitter {
            provider: String::from(provider),
            responses: ResponsesRules::OPENAI,
            out: Vec::new(),
            metadata_sent: false,
            response_id: None,
            model: None,
            tools: Vec::new(),
            usage: None,
            finish: None,
            output_emitted: false,
            output_chars: 0,
            input_estimate: 0,
            ended: false,
        }
    }

    /// The provider name this response comes from, as configured (a label: chunks and errors
    /// carry it).
    pub fn provider(&self) -> &str {
        &self.provider
    }

    /// The Responses host rules this response is decoded with (OpenAI's unless set): where one
    /// host gives a field another meaning (xAI runs `custom_tool_call` items server-side, OpenAI
    /// hands them to the caller).
    pub(crate) fn responses_rules(&self) -> ResponsesRules {
        self.responses
    }

    /// Sets the Responses host rules, taken from the provider kind by whoever builds the
    /// emitter (the kind travels, the label only labels).
    pub(crate) fn set_responses_rules(&mut self, rules: ResponsesRules) {
        self.responses = rules;
    }

    /// The estimated prompt tokens, used when the provider reports no usage.
    pub fn set_input_estimate(&mut self, tokens: u64) {
        self.input_estimate = tokens;
    }

    /// The estimated prompt tokens set by [`Emitter::set_input_estimate`], for formats that
    /// report output tokens but not input tokens (TGI without prefill details).
    pub fn input_estimate(&self) -> u64 {
        self.input_estimate
    }

    /// Moves the chunks produced so far into `out`.
    pub fn drain_into(&mut self, out: &mut Vec<Chunk>) {
        out.append(&mut self.out);
    }

    /// Whether any caller-visible output (text, reasoning, tool call) was produced.
    pub fn output_emitted(&self) -> bool {
        self.output_emitted
    }

    /// Whether `end` already ran.
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// The response id, once known.
    pub fn response_id(&self) -> Option<&str> {
        self.response_id.as_deref()
    }

    /// Records the response id and model; emits `metadata` the first time.
    /// Later calls fill in what was missing but never emit a second `metadata`.
    pub fn metadata(&mut self, id: Option<&str>, model: Option<&str>) {
        if self.response_id.is_none() {
            self.response_id = id.filter(|s| !s.is_empty()).map(String::from);
        }
        if self.model.is_none() {
            self.model = model.filter(|s| !s.is_empty()).map(String::from);
        }
        self.ensure_metadata();
    }

    fn ensure_metadata(&mut self) {
        if !self.metadata_sent {
            self.metadata_sent = true;
            self.out.push(Chunk::Metadata {
                id: self.response_id.clone(),
                model: self.model.clone(),
                provider: self.provider.clone(),
            });
        }
    }

    fn mark_output(&mut self, chars: usize) {
        self.ensure_metadata();
        self.output_emitted = true;
        self.output_chars += chars as u64;
    }

    /// A text delta. Empty text is ignored.
    pub fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.mark_output(text.len());
        self.out.push(Chunk::Text {
            text: String::from(text),
        });
    }

    /// A reasoning delta, optionally with a signature or as redacted data. A chunk with nothing
    /// in it is ignored.
    pub fn reasoning(&mut self, text: &str, signature: Option<&str>, redacted: Option<&str>) {
        let signature = signature.filter(|s| !s.is_empty());
        let redacted = redacted.filter(|s| !s.is_empty());
        if text.is_empty() && signature.is_none() && redacted.is_none() {
            return;
        }
        self.mark_output(text.len());
        self.out.push(Chunk::Reasoning {
            reasoning: String::from(text),
            signature: signature.map(String::from),
            redacted: redacted.map(String::from),
        });
    }

    /// A tool the provider ran itself (DESIGN §3.2 `provider_tool`): never a client tool call,
    /// so it opens no tool slot and does not turn the finish into `tool_calls`.
    pub fn provider_tool(&mut self, id: &str, name: &str, input: Value, result: Option<Value>) {
        self.mark_output(0);
        self.out.push(Chunk::ProviderTool {
            id: String::from(id),
            name: String::from(name),
            input,
            result,
        });
    }

    fn slot(&self, key: &ToolKey) -> Option<usize> {
        // The most recent call with this key: providers reuse numeric keys across turns of
        // a multi-step response (e.g. after a server tool), and the newest one is meant.
        self.tools.iter().rposition(|t| &t.key == key)
    }

    /// Whether a call with `key` was started and is not finished.
    pub fn tool_is_open(&self, key: &ToolKey) -> bool {
        self.slot(key).map(|i| self.tools[i].open).unwrap_or(false)
    }

    /// Starts a tool call. A provider without call ids gets a generated one. Starting a key
    /// that is already open is a no-op (some providers repeat the id/name on every delta).
    /// Returns the call's index.
    pub fn tool_start(&mut self, key: ToolKey, id: Option<&str>, name: &str) -> u32 {
        if let Some(i) = self.slot(&key) {
            if self.tools[i].open {
                return i as u32;
            }
        }
        let index = self.tools.len() as u32;
        let id = match id.filter(|s| !s.is_empty()) {
            Some(id) => String::from(id),
            None => match &self.response_id {
                Some(r) => format!("call_{r}_{index}"),
                None => format!("call_{index}"),
            },
        };
        self.mark_output(name.len());
        self.out.push(Chunk::ToolCallStart {
            index,
            id: id.clone(),
            name: String::from(name),
        });
        self.tools.push(ToolSlot {
            key,
            id,
            name: String::from(name),
            arguments: String::new(),
            open: true,
        });
        index
    }

    /// Appends to a started call's arguments. A delta for an unknown or finished call is a
    /// `decode` error: the provider broke its own protocol.
    pub fn tool_delta(&mut self, key: &ToolKey, delta: &str) -> Result<(), ProviderError> {
        let i = self
            .slot(key)
            .filter(|&i| self.tools[i].open)
            .ok_or_else(|| {
                ProviderError::decode(format!("tool-call delta for unknown call {key:?}"))
            })?;
        if delta.is_empty() {
            return Ok(());
        }
        self.mark_output(delta.len());
        let slot = &mut self.tools[i];
        slot.arguments.push_str(delta);
        self.out.push(Chunk::ToolCallDelta {
            index: i as u32,
            id: slot.id.clone(),
            arguments_delta: String::from(delta),
        });
        Ok(())
    }

    /// Sets a call's name if it was started without one (some providers send it late).
    pub fn tool_set_name(&mut self, key: &ToolKey, name: &str) {
        if let Some(i) = self.slot(key) {
            if self.tools[i].name.is_empty() {
                self.tools[i].name = String::from(name);
            }
        }
    }

    /// Finishes a call and emits `tool_call` with the parsed input. Finishing an unknown or
    /// already finished call is a no-op.
    pub fn tool_end(&mut self, key: &ToolKey) {
        if let Some(i) = self.slot(key) {
            self.close_tool(i);
        }
    }

    /// Replaces a started call's arguments with the complete text when the provider sends the
    /// whole arguments at the end (Responses `function_call_arguments.done`) and they differ.
    /// The difference is emitted as a delta when it extends what was sent, so deltas always
    /// add up to `arguments`.
    pub fn tool_complete_arguments(
        &mut self,
        key: &ToolKey,
        full: &str,
    ) -> Result<(), ProviderError> {
        let Some(i) = self.slot(key).filter(|&i| self.tools[i].open) else {
            return Ok(());
        };
        let have = self.tools[i].arguments.clone();
        if have == full {
            return Ok(());
        }
        if let Some(rest) = full.strip_prefix(have.as_str()) {
            return self.tool_delta(key, rest);
        }
        // Inconsistent: trust the final text.
        self.tools[i].arguments = String::from(full);
        Ok(())
    }

    /// A whole tool call at once (Gemini, Ollama, non-streaming bodies): start, one delta with
    /// the arguments, end.
    pub fn tool_call(&mut self, key: ToolKey, id: Option<&str>, name: &str, arguments: &str) {
        self.tool_start(key.clone(), id, name);
        // The key was just started, so the delta cannot fail.
        let _ = self.tool_delta(&key, arguments);
        self.tool_end(&key);
    }

    /// Number of tool calls started so far.
    pub fn tool_count(&self) -> usize {
        self.tools.len()
    }

    fn close_tool(&mut self, i: usize) {
        let slot = &mut self.tools[i];
        if !slot.open {
            return;
        }
        slot.open = false;
        let trimmed = slot.arguments.trim();
        let (input, error) = if trimmed.is_empty() {
            // A call with no arguments (Anthropic sends none for an empty input object).
            (Value::Object(serde_json::Map::new()), None)
        } else {
            match serde_json::from_str::<Value>(trimmed) {
                Ok(v) => (v, None),
                Err(e) => (Value::Null, Some(format!("invalid JSON arguments: {e}"))),
            }
        };
        self.out.push(Chunk::ToolCall {
            index: i as u32,
            id: slot.id.clone(),
            name: slot.name.clone(),
            arguments: slot.arguments.clone(),
            input,
            error,
        });
    }

    /// Records the usage reported so far (already normalized by the format). The last report
    /// wins: formats pass their running total.
    pub fn set_usage(&mut self, usage: Usage) {
        self.usage = Some(usage);
    }

    /// The usage recorded so far.
    pub fn usage(&self) -> Option<&Usage> {
        self.usage.as_ref()
    }

    /// Records the finish reason. The first non-`Other` reason is kept over a later `Other`.
    pub fn set_finish(&mut self, reason: FinishReason, raw: Option<&str>) {
        if let Some((prev, _)) = &self.finish {
            if reason == FinishReason::Other && *prev != FinishReason::Other {
                return;
            }
        }
        self.finish = Some((reason, raw.map(String::from)));
    }

    /// The finish reason recorded so far.
    pub fn finish_reason(&self) -> Option<FinishReason> {
        self.finish.as_ref().map(|(r, _)| *r)
    }

    fn estimated_usage(&self) -> Usage {
        Usage {
            input_tokens: self.input_estimate,
            output_tokens: crate::usage::estimate_tokens_from_len(self.output_chars),
            estimated: true,
            ..Usage::default()
        }
    }

    /// Ends a successful response: closes open tool calls, then emits one `usage` (estimated
    /// when none was reported) and one `finish`. Calling it twice is a no-op.
    pub fn end(&mut self) {
        if self.ended {
            return;
        }
        self.ended = true;
        self.ensure_metadata();
        for i in 0..self.tools.len() {
            self.close_tool(i);
        }
        let usage = match self.usage.take() {
            Some(u) => u,
            None => self.estimated_usage(),
        };
        self.out.push(Chunk::Usage(usage));
        let (mut reason, raw) = self.finish.take().unwrap_or((FinishReason::Stop, None));
        // A response that called tools finished to get their results, whatever the provider
        // called it (Gemini says STOP, some compatible hosts say "stop").
        if reason == FinishReason::Stop && !self.tools.is_empty() {
            reason = FinishReason::ToolCalls;
        }
        self.out.push(Chunk::Finish {
            reason,
            raw_reason: raw,
        });
    }

    /// Ends a failed response. When output was already emitted the caller keeps it, so the
    /// usage of what was consumed is emitted (marked estimated) before the error; when nothing
    /// was emitted the request may be retried and no usage is emitted. Returns `err` with the
    /// provider name filled in.
    pub fn fail(&mut self, mut err: ProviderError) -> ProviderError {
        if err.provider.is_none() {
            err.provider = Some(self.provider.clone());
        }
        if !self.ended && self.output_emitted {
            self.ended = true;
            let mut usage = self.usage.take().unwrap_or_else(|| self.estimated_usage());
            usage.estimated = true;
            self.out.push(Chunk::Usage(usage));
        }
        self.ended = true;
        err
    }
}
