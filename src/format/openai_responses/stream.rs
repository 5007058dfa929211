//! The Responses streaming state machine (SSE events, each `data` a JSON object with `type`).
//!
//! * `response.created` / `in_progress` / `queued` → metadata (id, model);
//! * `response.output_text.delta` (and `refusal.delta`) → text;
//!   `response.reasoning_summary_text.delta` and `response.reasoning_text.delta` → reasoning
//!   (summary parts of one item are joined by a blank line, as in the body decoder);
//! * calls: `output_item.added` (function_call / custom_tool_call) starts a call,
//!   `function_call_arguments.delta` / `custom_tool_call_input.delta` extend it,
//!   `…arguments.done` / `…input.done` and `output_item.done` complete it
//!   (`Emitter::tool_complete_arguments`). Calls are keyed by `output_index`, not `item_id`:
//!   calls may interleave, and some hosts (GitHub Copilot) send a fresh `item_id` on every
//!   event of the same item;
//! * `output_item.done` of a reasoning item with `encrypted_content` → a redacted reasoning
//!   chunk carrying it (the value from `done`, which differs from the one in `added`), so the
//!   caller can replay it statelessly;
//! * items that arrive only whole (no deltas) are emitted from `output_item.done`, and a
//!   `*.done` event whose final text is longer than what the deltas brought (a proxy that
//!   dropped events; the corpus fixture `openai-phase.1` keeps only the first deltas) emits
//!   the missing rest. Only byte counts are kept per part, so memory stays flat in the length
//!   of the stream;
//! * `response.completed` / `response.incomplete` → usage and finish; they end the response:
//!   anything after them is ignored. `response.failed` and `error` events → the classified
//!   provider error. A body that ends without one of those was cut: `network` error;
//! * tools the provider runs itself (hosted tools, xAI's server-side `custom_tool_call`s; see
//!   `items.rs`) become one `provider_tool` chunk each at their `output_item.done`; their
//!   progress events, annotations and unknown events are skipped; malformed JSON is a
//!   `decode` error.

use super::fast::{self, At};
use super::items::{self, CallKind};
use super::{finish, usage};
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::wire_util::{parse_event, str_of};
use crate::format::{Emitter, StreamMachine, ToolKey, WireEvent};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use serde_json::Value;

/// Responses stream state machine.
#[derive(Debug, Default)]
pub struct Stream {
    /// Per output item, by `output_index`.
    items: BTreeMap<u64, ItemState>,
    /// `item_id` → `output_index`, for events that carry only the item id.
    ids: BTreeMap<String, u64>,
    /// A terminal event was seen.
    terminal: bool,
    /// The model refused (a `refusal` part): the finish becomes `content_filter`.
    refused: bool,
    /// What was streamed per content part, keyed by (output_index, part kind, part index).
    parts: BTreeMap<(u64, Part, u64), Sent>,
    /// The `custom` tools the response declares (`items::declared_custom_tools`).
    declared: Option<alloc::vec::Vec<String>>,
}

/// Length and CRC-32 of the text streamed for one part: enough to tell whether a `*.done`
/// text extends it, without keeping the text.
#[derive(Clone, Copy, Debug, Default)]
struct Sent {
    len: usize,
    crc: u32,
}

impl Sent {
    fn add(&mut self, s: &str) {
        self.crc = crate::codec::event_stream::crc32_update(self.crc, s.as_bytes());
        self.len += s.len();
    }

    /// Whether `full` starts with exactly the streamed text.
    fn is_prefix_of(&self, full: &str) -> bool {
        full.get(..self.len)
            .is_some_and(|head| crate::codec::event_stream::crc32(head.as_bytes()) == self.crc)
    }
}

/// The streamed text kinds whose `*.done` event repeats the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Text,
    Refusal,
    Summary,
    ReasoningText,
}

#[derive(Debug, Default)]
struct ItemState {
    /// Text, reasoning or argument deltas were streamed for this item.
    streamed: bool,
    /// The reasoning summary part last streamed.
    summary_index: Option<u64>,
    call: Option<Call>,
    /// Announced as something other than a caller-executed call (a hosted tool such as xAI's
    /// server-side `custom_tool_call`s): its argument events are not ours to surface.
    not_a_call: bool,
}

#[derive(Debug)]
struct Call {
    kind: CallKind,
    key: ToolKey,
    /// Arguments of a `multi_tool_use.parallel` wrapper, held back until it is complete.
    buffered: Option<String>,
    /// A custom tool's opening quote was sent.
    quote_open: bool,
}

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        let (data, name) = match event {
            WireEvent::Sse(ev) => (ev.data.as_str(), ev.event.as_str()),
            WireEvent::Line(line) => (line, ""),
            WireEvent::Frame(_) => return Ok(()),
        };
        let data = data.trim();
        if self.terminal || data.is_empty() || data == "[DONE]" {
            return Ok(());
        }
        if let Some(d) = fast::delta_event(data, name) {
            return self.on_delta(d.ty(), &d.at(), em).unwrap_or(Ok(()));
        }
        // The SSE event name only saves work (the JSON `type` decides): an event named as one
        // the light reading leaves to the `Value` (a whole item, an error) is not scanned first.
        #[cfg(feature = "fast-decode")]
        if name.is_empty() || Kind::read_light(name) {
            if let Some(r) = fast::light_event(data).and_then(|l| self.on_light(&l, em)) {
                return r;
            }
        }
        let v = parse_event(data, "openai-responses")?;
        let ty = str_of(&v, "type").unwrap_or(name);
        if let Some(r) = self.on_delta(ty, &At::from_value(&v), em) {
            return r;
        }
        let Some(kind) = Kind::of(ty) else {
            return Ok(());
        };
        match kind {
            Kind::Head => {
                if let Some(r) = v.get("response") {
                    self.on_head(r, em);
                }
            }
            Kind::Added => self.on_added(&v, em)?,
            Kind::TextDone(part, field) => {
                let full = str_of(&v, field).unwrap_or("");
                self.on_text_done(&At::from_value(&v), full, part, em)
            }
            Kind::ArgsDone(CallKind::Function) => {
                let full = String::from(str_of(&v, "arguments").unwrap_or(""));
                self.on_args_done(&v, CallKind::Function, full, em)?
            }
            Kind::ArgsDone(CallKind::Custom) => {
                let full = items::json_string(str_of(&v, "input").unwrap_or(""));
                self.on_args_done(&v, CallKind::Custom, full, em)?
            }
            Kind::Done => self.on_done(&v, em)?,
            Kind::Terminal(status) => {
                let empty = Value::Null;
                self.on_terminal(v.get("response").unwrap_or(&empty), status, em)
            }
            Kind::Failed => {
                let empty = Value::Null;
                let resp = v.get("response").unwrap_or(&empty);
                return Err(finish::failure(resp, em.provider()));
            }
            Kind::Error => {
                // OpenAI nests the details (`{"type":"error","error":{…}}`); the API reference
                // shows them flat (`{"type":"error","code":…,"message":…}`). Accept both.
                let err = v.get("error").filter(|e| e.is_object()).unwrap_or(&v);
                return Err(classify_stream_error(err, em.provider()));
            }
        }
        Ok(())
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        if self.terminal {
            em.end();
            return Ok(());
        }
        Err(em.fail(ProviderError::network(
            "openai-responses: the stream ended before response.completed",
        )))
    }
}

/// What the machine does with an event type other than a delta; `None`: nothing (progress
/// events, annotations, unknown types).
#[derive(Clone, Copy)]
enum Kind {
    /// `response.created` / `in_progress` / `queued`: metadata and the declared tools.
    Head,
    Added,
    /// A text part's `*.done`, and the field holding its full text.
    TextDone(Part, &'static str),
    ArgsDone(CallKind),
    Done,
    Terminal(&'static str),
    Failed,
    Error,
}

impl Kind {
    fn of(ty: &str) -> Option<Kind> {
        Some(match ty {
            "response.created" | "response.in_progress" | "response.queued" => Kind::Head,
            "response.output_item.added" => Kind::Added,
            "response.output_text.done" => Kind::TextDone(Part::Text, "text"),
            "response.refusal.done" => Kind::TextDone(Part::Refusal, "refusal"),
            "response.reasoning_summary_text.done" => Kind::TextDone(Part::Summary, "text"),
            "response.reasoning_text.done" => Kind::TextDone(Part::ReasoningText, "text"),
            "response.function_call_arguments.done" => Kind::ArgsDone(CallKind::Function),
            "response.custom_tool_call_input.done" => Kind::ArgsDone(CallKind::Custom),
            "response.output_item.done" => Kind::Done,
            "response.completed" => Kind::Terminal("completed"),
            "response.incomplete" => Kind::Terminal("incomplete"),
            "response.failed" => Kind::Failed,
            "error" => Kind::Error,
            _ => return None,
        })
    }

    /// Whether an event of type `ty` is read without a `Value` when its shape allows
    /// ([`fast::light_event`]): one the machine skips, a `response` head, a text part's
    /// `*.done`, an `output_item.*` (whose handler still sends calls, hosted tools and items
    /// not streamed to the `Value`). Not the deltas (their own typed path) nor the kinds whose
    /// handlers read a whole item or error.
    #[cfg(feature = "fast-decode")]
    fn read_light(ty: &str) -> bool {
        match Kind::of(ty) {
            None => !fast::DELTAS.contains(&ty),
            Some(k) => matches!(
                k,
                Kind::Head | Kind::Terminal(_) | Kind::TextDone(..) | Kind::Added | Kind::Done
            ),
        }
    }
}

impl Stream {
    /// An event read without a `Value` ([`fast::light_event`]): one the machine skips, a
    /// `response` head, a text part's `*.done`, an `output_item.*` of a message or reasoning
    /// item (see [`Stream::on_item_light`]). `None` for every other kind (and a delta the typed
    /// delta path declined): the caller parses the `Value`.
    #[cfg(feature = "fast-decode")]
    fn on_light(&mut self, l: &fast::Light<'_>, em: &mut Emitter) -> Option<Result<()>> {
        if !Kind::read_light(l.ty()) {
            return None;
        }
        match Kind::of(l.ty()) {
            Some(Kind::Head) => self.on_head(&l.response()?.to_value(), em),
            Some(Kind::Terminal(status)) => self.on_terminal(&l.response()?.to_value(), status, em),
            Some(Kind::TextDone(part, field)) => {
                self.on_text_done(&l.at(), l.field(field), part, em)
            }
            Some(kind @ (Kind::Added | Kind::Done)) => {
                return self.on_item_light(l, matches!(kind, Kind::Added), em)
            }
            _ => {}
        }
        Some(Ok(()))
    }

    /// `output_item.added` / `.done` read without a `Value`, for the items whose handlers read
    /// only the item's type, id and encrypted content: a message or reasoning item, at an
    /// `output_index`, announced, or done after its text was streamed. `None` (before any
    /// change) for the rest, which [`Stream::on_added`] and [`Stream::on_done`] read from the
    /// `Value`: calls, hosted tools, items whose text only the item holds.
    #[cfg(feature = "fast-decode")]
    fn on_item_light(
        &mut self,
        l: &fast::Light<'_>,
        added: bool,
        em: &mut Emitter,
    ) -> Option<Result<()>> {
        let item = l.item()?;
        let ty = item.ty.as_deref()?;
        let at = l.at();
        // Without one, `index_of` may record a new id: only the `Value` path changes state.
        at.output_index?;
        if !matches!(ty, "message" | "reasoning") {
            return None;
        }
        let index = self.index_of(&at);
        if added {
            self.added(index, item.id.as_deref(), true);
            return Some(Ok(()));
        }
        if !self.items.get(&index).is_some_and(|st| st.streamed) {
            return None;
        }
        if ty == "reasoning" {
            let encrypted = item.encrypted_content.as_deref().filter(|s| !s.is_empty());
            em.reasoning("", None, encrypted);
        }
        Some(Ok(()))
    }

    /// Handles the `*.delta` events (text, refusal, reasoning, call arguments); `None` for
    /// any other event type.
    fn on_delta(&mut self, ty: &str, at: &At<'_>, em: &mut Emitter) -> Option<Result<()>> {
        match ty {
            "response.output_text.delta" => self.on_text(at, Part::Text, em),
            "response.refusal.delta" => {
                self.refused = true;
                self.on_text(at, Part::Refusal, em);
            }
            "response.reasoning_summary_text.delta" => {
                let part = at.summary_index.unwrap_or(0);
                let st = self.item(at);
                let new_part = st.summary_index.is_some_and(|p| p != part);
                st.summary_index = Some(part);
                if new_part {
                    em.reasoning("\n\n", None, None);
                }
                self.on_text(at, Part::Summary, em);
            }
            "response.reasoning_text.delta" => self.on_text(at, Part::ReasoningText, em),
            "response.function_call_arguments.delta" => {
                return Some(self.on_args_delta(at, CallKind::Function, em));
            }
            "response.custom_tool_call_input.delta" => {
                return Some(self.on_args_delta(at, CallKind::Custom, em));
            }
            _ => return None,
        }
        Some(Ok(()))
    }

    /// The `output_index` an event refers to: its own, else the one recorded for its
    /// `item_id`, else a fresh one for that id (hosts that omit `output_index`).
    fn index_of(&mut self, at: &At<'_>) -> u64 {
        if let Some(i) = at.output_index {
            return i;
        }
        let id = at.item_id.or(at.item_item_id).unwrap_or("");
        if let Some(i) = self.ids.get(id) {
            return *i;
        }
        // Synthetic indices count down from the top so they never meet real ones.
        let i = u64::MAX - self.ids.len() as u64;
        self.ids.insert(String::from(id), i);
        i
    }

    fn item(&mut self, at: &At<'_>) -> &mut ItemState {
        let i = self.index_of(at);
        self.items.entry(i).or_default()
    }

    fn part_key(&mut self, at: &At<'_>, kind: Part) -> (u64, Part, u64) {
        let index = self.index_of(at);
        let part = match kind {
            Part::Summary => at.summary_index,
            _ => at.content_index,
        };
        (index, kind, part.unwrap_or(0))
    }

    fn on_text(&mut self, at: &At<'_>, kind: Part, em: &mut Emitter) {
        let delta = at.delta;
        self.item(at).streamed = true;
        let key = self.part_key(at, kind);
        self.parts.entry(key).or_default().add(delta);
        emit_text(em, kind, delta);
    }

    /// A part's final text: emits what the deltas did not bring, when the deltas are its
    /// beginning. Text that disagrees with what was streamed is not "corrected": what the
    /// caller already has cannot be taken back, and appending would garble it.
    fn on_text_done(&mut self, at: &At<'_>, full: &str, kind: Part, em: &mut Emitter) {
        let key = self.part_key(at, kind);
        let sent = self.parts.entry(key).or_default();
        if full.len() <= sent.len || !sent.is_prefix_of(full) {
            return;
        }
        let rest = full.get(sent.len..).unwrap_or("");
        sent.add(rest);
        self.item(at).streamed = true;
        emit_text(em, kind, rest);
    }

    /// What `output_item.added` records of any item: its id's index, and whether it is not a
    /// call (then its argument events are not the caller's).
    fn added(&mut self, index: u64, id: Option<&str>, not_a_call: bool) {
        if let Some(id) = id {
            self.ids.insert(String::from(id), index);
        }
        if not_a_call {
            self.items.entry(index).or_default().not_a_call = true;
        }
    }

    fn on_added(&mut self, v: &Value, em: &mut Emitter) -> Result<()> {
        let Some(item) = v.get("item") else {
            return Ok(());
        };
        let index = self.index_of(&At::from_value(v));
        let kind = items::call_kind(item, em.responses_rules(), self.declared.as_deref());
        self.added(index, str_of(item, "id"), kind.is_none());
        let Some(kind) = kind else {
            return Ok(());
        };
        let key = ToolKey::Index(index);
        let name = str_of(item, "name").unwrap_or("");
        let mut call = Call {
            kind,
            key: key.clone(),
            buffered: None,
            quote_open: false,
        };
        if kind == CallKind::Function && items::is_parallel_wrapper(name) {
            call.buffered = Some(String::new());
        } else {
            em.tool_start(key.clone(), items::call_id(item), name);
            // Some hosts put (part of) the input in the `added` item already.
            let initial = match kind {
                CallKind::Function => str_of(item, "arguments").unwrap_or(""),
                CallKind::Custom => str_of(item, "input").unwrap_or(""),
            };
            if !initial.is_empty() {
                let piece = call.piece(initial);
                em.tool_delta(&key, &piece)?;
            }
        }
        self.items.entry(index).or_default().call = Some(call);
        Ok(())
    }

    /// The call an argument event belongs to, started without a name if `added` was missed;
    /// `None` for the arguments of a hosted tool.
    fn call_for(&mut self, at: &At<'_>, kind: CallKind, em: &mut Emitter) -> Option<&mut Call> {
        let index = self.index_of(at);
        let st = self.items.entry(index).or_default();
        if st.not_a_call {
            return None;
        }
        st.streamed = true;
        Some(st.call.get_or_insert_with(|| {
            let key = ToolKey::Index(index);
            em.tool_start(key.clone(), at.item_id, "");
            Call {
                kind,
                key,
                buffered: None,
                quote_open: false,
            }
        }))
    }

    fn on_args_delta(&mut self, at: &At<'_>, kind: CallKind, em: &mut Emitter) -> Result<()> {
        let delta = at.delta;
        let Some(call) = self.call_for(at, kind, em) else {
            return Ok(());
        };
        if let Some(buf) = &mut call.buffered {
            buf.push_str(delta);
            return Ok(());
        }
        if delta.is_empty() {
            return Ok(());
        }
        let piece = call.piece(delta);
        em.tool_delta(&call.key, &piece)
    }

    fn on_args_done(
        &mut self,
        v: &Value,
        kind: CallKind,
        full: String,
        em: &mut Emitter,
    ) -> Result<()> {
        let Some(call) = self.call_for(&At::from_value(v), kind, em) else {
            return Ok(());
        };
        if let Some(buf) = &mut call.buffered {
            *buf = full;
            return Ok(());
        }
        em.tool_complete_arguments(&call.key, &full)
    }

    fn on_done(&mut self, v: &Value, em: &mut Emitter) -> Result<()> {
        let Some(item) = v.get("item") else {
            return Ok(());
        };
        let index = self.index_of(&At::from_value(v));
        let st = self.items.entry(index).or_default();
        let key = ToolKey::Index(index);
        if let Some(kind) = items::call_kind(item, em.responses_rules(), self.declared.as_deref()) {
            let name = str_of(item, "name").unwrap_or("");
            match &mut st.call {
                Some(Call {
                    buffered: Some(buf),
                    ..
                }) => {
                    let args = if buf.is_empty() {
                        items::call_arguments(item, kind)
                    } else {
                        core::mem::take(buf)
                    };
                    st.call = None;
                    items::emit_call(em, key, items::call_id(item), name, &args);
                }
                Some(call) => {
                    let full = items::call_arguments(item, kind);
                    // An empty final value means the host left it out, not that it is empty.
                    if !full.is_empty() {
                        em.tool_complete_arguments(&call.key, &full)?;
                    }
                    em.tool_set_name(&call.key, name);
                    em.tool_end(&call.key);
                }
                None => {
                    items::emit_item(item, key, self.declared.as_deref(), em);
                }
            }
            return Ok(());
        }
        match str_of(item, "type") {
            Some("message") if !st.streamed => {
                let (text, refused) = items::message_text(item);
                self.refused |= refused;
                em.text(&text);
            }
            Some("reasoning") => {
                if !st.streamed {
                    em.reasoning(&items::reasoning_text(item), None, None);
                }
                em.reasoning("", None, items::encrypted(item));
            }
            _ => items::emit_provider_tool(item, em),
        }
        Ok(())
    }

    /// `response.created` / `in_progress` / `queued`: the response's id and model, and the
    /// custom tools it declares.
    fn on_head(&mut self, resp: &Value, em: &mut Emitter) {
        em.metadata(str_of(resp, "id"), str_of(resp, "model"));
        if self.declared.is_none() {
            self.declared = items::declared_custom_tools(resp.get("tools"));
        }
    }

    /// `response.completed` / `incomplete`, its `response` object: usage and finish.
    fn on_terminal(&mut self, resp: &Value, status: &str, em: &mut Emitter) {
        self.terminal = true;
        em.metadata(str_of(resp, "id"), str_of(resp, "model"));
        if let Some(u) = usage::parse(resp.get("usage")) {
            em.set_usage(u);
        }
        let (reason, raw) = finish::reason(resp, status, self.refused);
        em.set_finish(reason, Some(&raw));
    }
}

fn emit_text(em: &mut Emitter, kind: Part, s: &str) {
    match kind {
        Part::Text | Part::Refusal => em.text(s),
        Part::Summary | Part::ReasoningText => em.reasoning(s, None, None),
    }
}

impl Call {
    /// The arguments text for an input piece: custom tool input is streamed as the inside of
    /// a JSON string, opened by the first piece and closed by the completed value.
    fn piece(&mut self, s: &str) -> String {
        match self.kind {
            CallKind::Function => String::from(s),
            CallKind::Custom => {
                let inner = items::json_string_piece(s);
                if self.quote_open {
                    inner
                } else {
                    self.quote_open = true;
                    format!("\"{inner}")
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Sent;

    #[test]
    fn running_crc_matches_the_whole() {
        let mut s = Sent::default();
        s.add("Got");
        s.add(" it — ");
        assert!(s.is_prefix_of("Got it — I’ll check"));
        assert!(!s.is_prefix_of("Got it, I’ll check"));
        assert!(!s.is_prefix_of("Got"));
        assert!(Sent::default().is_prefix_of("anything"));
    }
}
