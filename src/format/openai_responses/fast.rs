//! The fields of a Responses stream event that locate and carry a delta, read either by a
//! typed, borrowing parse (the hot `*.delta` events: no `serde_json::Value` tree per event) or
//! leniently from a `Value` (every other event, and deltas of an unexpected shape).
//!
//! The typed parse is strict: a field of an unexpected type fails it, and the caller then takes
//! the `Value` path, whose [`At::from_value`] reads the same fields leniently. So one set of
//! handlers sees the same [`At`] whichever path parsed the event.

#[cfg(feature = "fast-decode")]
use crate::format::scan::{once, Scan};
use alloc::borrow::Cow;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;

/// Where an event points (output item, content part) and its `delta` text.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct At<'a> {
    pub output_index: Option<u64>,
    pub item_id: Option<&'a str>,
    /// `item.id`, for events that carry the whole item.
    pub item_item_id: Option<&'a str>,
    pub summary_index: Option<u64>,
    pub content_index: Option<u64>,
    /// `delta` (empty when absent or not a string).
    pub delta: &'a str,
}

impl<'a> At<'a> {
    /// The lenient reading: a missing field or one of another type is absent.
    pub(super) fn from_value(v: &'a Value) -> Self {
        let u = |key: &str| v.get(key).and_then(Value::as_u64);
        let s = |key: &str| v.get(key).and_then(Value::as_str);
        At {
            output_index: u("output_index"),
            item_id: s("item_id"),
            item_item_id: v
                .get("item")
                .and_then(|i| i.get("id"))
                .and_then(Value::as_str),
            summary_index: u("summary_index"),
            content_index: u("content_index"),
            delta: s("delta").unwrap_or(""),
        }
    }
}

#[derive(Debug, Deserialize)]
struct Event<'a> {
    #[serde(rename = "type", borrow, default)]
    ty: Option<Cow<'a, str>>,
    #[serde(default)]
    output_index: Option<u64>,
    #[serde(borrow, default)]
    item_id: Option<Cow<'a, str>>,
    #[serde(default)]
    summary_index: Option<u64>,
    #[serde(default)]
    content_index: Option<u64>,
    #[serde(borrow, default)]
    delta: Option<Cow<'a, str>>,
    #[serde(default)]
    item: Option<IgnoredAny>,
}

/// The delta event types the typed path reads.
pub(super) const DELTAS: [&str; 6] = [
    "response.output_text.delta",
    "response.refusal.delta",
    "response.reasoning_summary_text.delta",
    "response.reasoning_text.delta",
    "response.function_call_arguments.delta",
    "response.custom_tool_call_input.delta",
];

/// A typed delta event, borrowed from the event's data.
pub(super) struct TypedDelta<'a>(Event<'a>);

impl TypedDelta<'_> {
    /// The event type.
    pub(super) fn ty(&self) -> &str {
        self.0.ty.as_deref().unwrap_or("")
    }

    /// The event's location and text.
    pub(super) fn at(&self) -> At<'_> {
        let e = &self.0;
        At {
            output_index: e.output_index,
            item_id: e.item_id.as_deref(),
            item_item_id: None,
            summary_index: e.summary_index,
            content_index: e.content_index,
            delta: e.delta.as_deref().unwrap_or(""),
        }
    }
}

/// The event, when it is one of the delta events in the shape the typed path reads; `None`
/// sends the caller to the general path. `event` is the SSE event name (empty when the stream
/// has none): an event named otherwise is not parsed here, so the large ones
/// (`response.completed` carries the whole response, `output_item.done` a whole item) are
/// parsed once, not twice. (The name only saves work: the general path reads the JSON `type`
/// first.) Without `fast-decode`, always `None` (see `typed!` in `format`).
pub(super) fn delta_event<'a>(data: &'a str, event: &str) -> Option<TypedDelta<'a>> {
    if !event.is_empty() && !DELTAS.contains(&event) {
        return None;
    }
    let e: Event<'_> = typed!(data, scan)?;
    let ty = e.ty.as_deref()?;
    if e.item.is_some() || !DELTAS.contains(&ty) {
        return None;
    }
    Some(TypedDelta(e))
}

/// Scans a delta event into the struct serde would build, or `None` when unsure (then serde
/// reads it; see [`crate::format::scan`]). An event carrying an `item` is left to serde: the
/// typed path does not read those. (The members only [`Light`] reads are scanned too, more
/// strictly than serde reads them: that can only send an odd event to serde.)
#[cfg(feature = "fast-decode")]
fn scan(data: &str) -> Option<Event<'_>> {
    let f = scan_fields(Scan::new(data))?;
    Some(Event {
        ty: f.ty,
        output_index: f.output_index,
        item_id: f.item_id,
        summary_index: f.summary_index,
        content_index: f.content_index,
        delta: f.delta,
        // (An item, scanned or not, sends the event to the `Value`: see `delta_event`.)
        item: f.item.map(|_| IgnoredAny),
    })
}

/// The members of an event the typed readings use, scanned once for both ([`scan`], for
/// serde's [`Event`], and [`light_event`], for the `Value` reading): `None` on anything the
/// scanner leaves to its reference.
#[cfg(feature = "fast-decode")]
struct Fields<'a> {
    ty: Option<Cow<'a, str>>,
    output_index: Option<u64>,
    item_id: Option<Cow<'a, str>>,
    summary_index: Option<u64>,
    content_index: Option<u64>,
    delta: Option<Cow<'a, str>>,
    text: Option<Cow<'a, str>>,
    refusal: Option<Cow<'a, str>>,
    response: Option<Head<'a>>,
    item: Option<Item<'a>>,
}

/// What the light reading reads of an `output_item.*` event's `item`: its `type`, `id` and
/// `encrypted_content` (strings or null). The machine reads more of calls, hosted tools and
/// items not streamed before; those go to the `Value` (`Stream::on_light`).
#[cfg(feature = "fast-decode")]
pub(super) struct Item<'a> {
    pub ty: Option<Cow<'a, str>>,
    pub id: Option<Cow<'a, str>>,
    pub encrypted_content: Option<Cow<'a, str>>,
}

/// An `item` object (null: `None`, as serde's `Option` reads it).
#[cfg(feature = "fast-decode")]
fn scan_item<'a>(sc: &mut Scan<'a>) -> Option<Option<Item<'a>>> {
    sc.opt(|sc| {
        let [ty, id, encrypted_content] = sc.opt_strings(&["type", "id", "encrypted_content"])?;
        Some(Item {
            ty,
            id,
            encrypted_content,
        })
    })
}

#[cfg(feature = "fast-decode")]
fn scan_fields(mut sc: Scan<'_>) -> Option<Fields<'_>> {
    let (mut ty, mut item_id, mut delta, mut text, mut refusal) = (None, None, None, None, None);
    let (mut output_index, mut summary_index, mut content_index) = (None, None, None);
    let (mut response, mut item) = (None, None);
    sc.object(|sc, key| match key {
        "type" => once(&mut ty, sc.opt_string()?),
        "output_index" => once(&mut output_index, sc.opt_u64()?),
        "item_id" => once(&mut item_id, sc.opt_string()?),
        "summary_index" => once(&mut summary_index, sc.opt_u64()?),
        "content_index" => once(&mut content_index, sc.opt_u64()?),
        "delta" => once(&mut delta, sc.opt_string()?),
        "text" => once(&mut text, sc.opt_string()?),
        "refusal" => once(&mut refusal, sc.opt_string()?),
        "response" => once(&mut response, scan_head(sc)?),
        "item" => once(&mut item, scan_item(sc)?),
        _ => sc.skip(),
    })?;
    sc.end()?;
    Some(Fields {
        ty: ty.flatten(),
        output_index: output_index.flatten(),
        item_id: item_id.flatten(),
        summary_index: summary_index.flatten(),
        content_index: content_index.flatten(),
        delta: delta.flatten(),
        text: text.flatten(),
        refusal: refusal.flatten(),
        response,
        item: item.flatten(),
    })
}

/// The fields of an event other than a delta that the stream machine reads (the `*.done` of a
/// text part, the `response` head of `response.created`), or none at all (an event it skips),
/// read without a `serde_json::Value` tree: building one costs about six times the parse
/// itself, and a Responses stream sends a dozen such events of a kilobyte or more.
#[cfg(feature = "fast-decode")]
pub(super) struct Light<'a>(Fields<'a>);

/// What the machine reads of an event's `response` object: `id`, `model` and `status` when
/// they are strings (or null), and the JSON text of `tools`, `usage` and
/// `incomplete_details`.
#[cfg(feature = "fast-decode")]
pub(super) struct Head<'a> {
    id: Option<Cow<'a, str>>,
    model: Option<Cow<'a, str>>,
    status: Option<Cow<'a, str>>,
    tools: Option<&'a str>,
    usage: Option<&'a str>,
    incomplete_details: Option<&'a str>,
}

#[cfg(feature = "fast-decode")]
impl Head<'_> {
    /// The `response` object with only the members the machine reads: what its handlers see
    /// of the whole one.
    pub(super) fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        for (k, v) in [
            ("id", &self.id),
            ("model", &self.model),
            ("status", &self.status),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), Value::String(v.as_ref().into()));
            }
        }
        let raw = [
            ("tools", self.tools),
            ("usage", self.usage),
            ("incomplete_details", self.incomplete_details),
        ];
        for (k, text) in raw {
            // Scanned, so valid JSON a `Value` takes (`Scan::as_value_would`).
            if let Some(v) = text.and_then(|t| serde_json::from_str(t).ok()) {
                m.insert(k.into(), v);
            }
        }
        Value::Object(m)
    }
}

#[cfg(feature = "fast-decode")]
impl Light<'_> {
    /// The event type (a light event always has one).
    pub(super) fn ty(&self) -> &str {
        self.0.ty.as_deref().unwrap_or("")
    }

    /// The event's location (its `delta` is empty: these are not deltas).
    pub(super) fn at(&self) -> At<'_> {
        let f = &self.0;
        At {
            output_index: f.output_index,
            item_id: f.item_id.as_deref(),
            item_item_id: f.item.as_ref().and_then(|i| i.id.as_deref()),
            summary_index: f.summary_index,
            content_index: f.content_index,
            delta: "",
        }
    }

    /// A string field the machine reads: `text` or `refusal` (empty when absent or null).
    pub(super) fn field(&self, name: &str) -> &str {
        let f = match name {
            "text" => &self.0.text,
            "refusal" => &self.0.refusal,
            _ => &None,
        };
        f.as_deref().unwrap_or("")
    }

    /// The `response` object's head, when the event has one.
    pub(super) fn response(&self) -> Option<&Head<'_>> {
        self.0.response.as_ref()
    }

    /// The `item` of an `output_item.*` event, when it has one (not null).
    pub(super) fn item(&self) -> Option<&Item<'_>> {
        self.0.item.as_ref()
    }
}

/// Scans an event for [`Light`], or `None` when unsure: then the caller parses a `Value`, whose
/// reading is the reference (`Value::as_str`, `as_u64`: a field of another type reads as
/// absent). So a field the machine reads must be a string, a plain `u64` or null here, an
/// event without a `type` is left to the `Value`, and numbers a `Value` might refuse too
/// ([`Scan::as_value_would`]).
#[cfg(feature = "fast-decode")]
pub(super) fn light_event(data: &str) -> Option<Light<'_>> {
    let f = scan_fields(Scan::as_value_would(data))?;
    f.ty.as_ref()?;
    Some(Light(f))
}

/// A `response` object's [`Head`] (any other value: `None`).
#[cfg(feature = "fast-decode")]
fn scan_head<'a>(sc: &mut Scan<'a>) -> Option<Head<'a>> {
    let (mut id, mut model, mut status) = (None, None, None);
    let (mut tools, mut usage, mut incomplete_details) = (None, None, None);
    sc.object(|sc, key| match key {
        "id" => once(&mut id, sc.opt_string()?),
        "model" => once(&mut model, sc.opt_string()?),
        "status" => once(&mut status, sc.opt_string()?),
        "tools" => once(&mut tools, sc.raw()?),
        "usage" => once(&mut usage, sc.raw()?),
        "incomplete_details" => once(&mut incomplete_details, sc.raw()?),
        _ => sc.skip(),
    })?;
    Some(Head {
        id: id.flatten(),
        model: model.flatten(),
        status: status.flatten(),
        tools,
        usage,
        incomplete_details,
    })
}

/// For the fuzz target `scan_events`: `None` when [`light_event`] leaves `data` to the `Value`
/// reading, else whether a `Value` parses and reads the same fields: the type, the location,
/// `text` and `refusal`, the `response` head (`tools` as the same value), the `item`'s type,
/// id and encrypted content.
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub fn light_check(data: &str) -> Option<bool> {
    let l = light_event(data)?;
    let Ok(v) = serde_json::from_str::<Value>(data) else {
        return Some(false);
    };
    let s = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(alloc::string::String::from)
    };
    let own = |c: &Option<Cow<'_, str>>| c.as_deref().map(alloc::string::String::from);
    let at = l.at();
    let want = At::from_value(&v);
    let item_agrees = match (l.item(), v.get("item").filter(|i| !i.is_null())) {
        (None, None) => true,
        (Some(i), Some(w)) => {
            own(&i.ty) == s(w, "type")
                && own(&i.id) == s(w, "id")
                && own(&i.encrypted_content) == s(w, "encrypted_content")
        }
        _ => false,
    };
    let head_agrees = match (l.response(), v.get("response")) {
        (None, None) => true,
        (Some(h), Some(r)) => {
            let h = h.to_value();
            ["id", "model", "status"]
                .iter()
                .all(|k| s(&h, k) == s(r, k))
                && ["tools", "usage", "incomplete_details"]
                    .iter()
                    .all(|k| h.get(*k) == r.get(*k))
        }
        _ => false,
    };
    Some(
        s(&v, "type").as_deref() == Some(l.ty())
            && (
                at.output_index,
                at.item_id,
                at.summary_index,
                at.content_index,
            ) == (
                want.output_index,
                want.item_id,
                want.summary_index,
                want.content_index,
            )
            && at.item_item_id == want.item_item_id
            && item_agrees
            && own(&l.0.text) == s(&v, "text")
            && own(&l.0.refusal) == s(&v, "refusal")
            && head_agrees,
    )
}

/// For the fuzz target `scan_events` and the corpus tests: `None` when the scanner leaves
/// `data` to serde, else whether serde reads it into exactly the same struct.
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub fn scan_check(data: &str) -> Option<bool> {
    crate::format::scan::agrees_with_serde(data, scan(data))
}

#[cfg(test)]
mod tests {
    use crate::decode::assert_decodes_alike;
    use crate::format::WireFormat;
    use alloc::format;
    use alloc::string::String;

    /// The SSE event name only decides whether the typed parse is tried (there is none without
    /// `fast-decode`).
    #[test]
    fn the_event_name_gates_the_typed_parse() {
        let d = r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hi"}"#;
        assert_eq!(
            super::delta_event(d, "").is_some(),
            cfg!(feature = "fast-decode")
        );
        assert_eq!(
            super::delta_event(d, "response.output_text.delta").is_some(),
            cfg!(feature = "fast-decode")
        );
        assert!(super::delta_event(d, "response.completed").is_none());
    }

    fn sse(events: &[&str]) -> String {
        let mut s = String::from(
            "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"model\":\"m\"}}\n\n",
        );
        for e in events {
            s.push_str(&format!("data: {e}\n\n"));
        }
        s.push_str("data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\"}}\n\n");
        s
    }

    /// Odd-shaped deltas (read by the `Value` path) decode exactly like plain ones (read by
    /// the typed path), and the typed path really reads the plain ones (in a build with
    /// `fast-decode`; without it, both go to the `Value`).
    fn same(plain: &[&str], odd: &[&str]) {
        assert!(plain
            .iter()
            .all(|e| super::delta_event(e, "").is_some() == cfg!(feature = "fast-decode")));
        assert_decodes_alike(WireFormat::OpenAiResponses, &sse(plain), &sse(odd), 3);
    }

    #[test]
    fn lenient_shapes_decode_like_plain_ones() {
        same(
            &[
                r#"{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":0,"delta":"a"}"#,
                r#"{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":1,"delta":"b"}"#,
                r#"{"type":"response.output_text.delta","item_id":"x","content_index":0,"delta":"Hi"}"#,
                r#"{"type":"response.output_text.delta","item_id":"x","content_index":0,"delta":"!"}"#,
            ],
            &[
                // Nulls, an unknown object, a string index (ignored: the item id decides),
                // a null delta.
                r#"{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":null,"delta":"a","obfuscation":{"k":1}}"#,
                r#"{"type":"response.reasoning_summary_text.delta","output_index":0,"summary_index":1,"delta":"b"}"#,
                r#"{"type":"response.output_text.delta","item_id":"x","output_index":"9","content_index":0,"delta":"Hi"}"#,
                r#"{"type":"response.output_text.delta","item_id":"x","content_index":0,"delta":"!"}"#,
                r#"{"type":"response.output_text.delta","item_id":"x","content_index":0,"delta":null}"#,
            ],
        );
    }

    /// Events read without a `Value` (a skipped one, a `response` head, a text `*.done`)
    /// decode exactly like the same events in shapes only the `Value` reading takes: an
    /// exponent, an `item` id that is a number, a number where a string goes. (In a build
    /// without `fast-decode` both shapes go to the `Value`, and still decode alike.)
    #[test]
    fn light_events_decode_like_value_ones() {
        let created = |extra: &str| {
            format!(
                r#"{{"type":"response.created","response":{{"id":"r","model":"m","temperature":1.0{extra},"tools":[{{"type":"custom","name":"sql"}}]}}}}"#
            )
        };
        let plain = [
            created(""),
            String::from(
                r#"{"type":"response.content_part.added","output_index":0,"part":{"type":"output_text","text":""}}"#,
            ),
            String::from(
                r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hi"}"#,
            ),
            String::from(
                r#"{"type":"response.output_text.done","output_index":0,"content_index":0,"text":"Hi there"}"#,
            ),
            String::from(
                r#"{"type":"response.reasoning_summary_text.done","output_index":1,"summary_index":0,"text":"why"}"#,
            ),
        ];
        let odd = [
            created(r#","top_p":1e0"#),
            String::from(
                r#"{"type":"response.content_part.added","output_index":0,"part":{"type":"output_text","text":""},"n":1E2}"#,
            ),
            String::from(
                r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hi"}"#,
            ),
            String::from(
                r#"{"type":"response.output_text.done","output_index":0,"content_index":0,"text":"Hi there","item":{"id":7}}"#,
            ),
            String::from(
                r#"{"type":"response.reasoning_summary_text.done","output_index":1,"summary_index":0,"text":"why","obfuscation":12345678901234567890}"#,
            ),
        ];
        // (The delta between them is read by the delta path either way.)
        for (p, o) in plain.iter().zip(&odd).filter(|(p, o)| p != o) {
            assert_eq!(
                reads_light!(super::light_event, p),
                cfg!(feature = "fast-decode"),
                "{p}"
            );
            assert!(!reads_light!(super::light_event, o), "{o}");
        }
        let p: alloc::vec::Vec<&str> = plain.iter().map(String::as_str).collect();
        let o: alloc::vec::Vec<&str> = odd.iter().map(String::as_str).collect();
        assert_decodes_alike(WireFormat::OpenAiResponses, &sse(&p), &sse(&o), 3);
        // Fields of another type read as absent, duplicates and escaped keys are left to the
        // `Value`, and so is malformed JSON (whose error it reports).
        for e in [
            r#"{"type":"response.output_text.done","text":7}"#,
            r#"{"type":"response.output_text.done","text":"a","text":"b"}"#,
            r#"{"type":"response.output_text.done","te\u0078t":"a"}"#,
            r#"{"type":"response.created","response":null}"#,
            r#"{"type":"response.content_part.added","part":{"text":"\ud800"}}"#,
            r#"{"output_index":0}"#,
            r#"{"type":"response.content_part.added","part":{"#,
        ] {
            assert!(!reads_light!(super::light_event, e), "{e}");
        }
    }

    /// A terminal event read without a `Value` (its usage, status and incomplete details)
    /// decodes like the same event the `Value` reads.
    #[test]
    fn a_light_terminal_event_decodes_like_a_value_one() {
        let body = |extra: &str| {
            let done = format!(
                r#"{{"type":"response.incomplete","response":{{"id":"r","model":"m","status":"incomplete","incomplete_details":{{"reason":"max_output_tokens"}},"usage":{{"input_tokens":5,"output_tokens":7,"output_tokens_details":{{"reasoning_tokens":2}},"total_tokens":12}},"output":[{{"type":"message","content":[]}}]{extra}}}}}"#
            );
            assert_eq!(
                reads_light!(super::light_event, &done),
                extra.is_empty() && cfg!(feature = "fast-decode")
            );
            format!(
                "data: {{\"type\":\"response.created\",\"response\":{{\"id\":\"r\",\"model\":\"m\"}}}}\n\n\
                 data: {{\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}}\n\n\
                 data: {done}\n\n"
            )
        };
        assert_decodes_alike(
            WireFormat::OpenAiResponses,
            &body(""),
            &body(r#","temperature":1e0"#),
            3,
        );
    }

    /// `output_item.added` / `.done` of message and reasoning items read without a `Value`
    /// decode like the same events the `Value` reads (an exponent sends them there), through
    /// every case the light handler leaves to the `Value`: a call, a hosted tool, a message
    /// and a reasoning item whose text only the item holds, an event without `output_index`.
    #[test]
    fn light_output_items_decode_like_value_ones() {
        let events = [
            r#"{"type":"response.output_item.added","output_index":0,"item":{"id":"rs_1","type":"reasoning","encrypted_content":"enc-added","summary":[]}}"#,
            r#"{"type":"response.reasoning_summary_text.delta","output_index":0,"item_id":"rs_1","summary_index":0,"delta":"why"}"#,
            r#"{"type":"response.output_item.done","output_index":0,"item":{"id":"rs_1","type":"reasoning","encrypted_content":"enc-done","summary":[{"type":"summary_text","text":"why"}]}}"#,
            r#"{"type":"response.output_item.added","output_index":1,"item":{"id":"msg_1","type":"message","status":"in_progress","content":[],"role":"assistant"}}"#,
            r#"{"type":"response.output_text.delta","output_index":1,"item_id":"msg_1","content_index":0,"delta":"Hi"}"#,
            r#"{"type":"response.output_item.done","output_index":1,"item":{"id":"msg_1","type":"message","status":"completed","content":[{"type":"output_text","text":"Hi","annotations":[]}]}}"#,
            r#"{"type":"response.output_item.added","output_index":2,"item":{"id":"fc_1","type":"function_call","call_id":"c1","name":"f","arguments":""}}"#,
            r#"{"type":"response.function_call_arguments.delta","output_index":2,"item_id":"fc_1","delta":"{\"a\":1}"}"#,
            r#"{"type":"response.output_item.done","output_index":2,"item":{"id":"fc_1","type":"function_call","call_id":"c1","name":"f","arguments":"{\"a\":1}"}}"#,
            r#"{"type":"response.output_item.added","output_index":3,"item":{"id":"ws_1","type":"web_search_call","status":"in_progress"}}"#,
            r#"{"type":"response.output_item.done","output_index":3,"item":{"id":"ws_1","type":"web_search_call","status":"completed","action":{"query":"q"}}}"#,
            r#"{"type":"response.output_item.done","output_index":4,"item":{"id":"msg_2","type":"message","content":[{"type":"output_text","text":"whole"}]}}"#,
            r#"{"type":"response.output_item.done","output_index":5,"item":{"id":"rs_2","type":"reasoning","summary":[{"type":"summary_text","text":"whole why"}]}}"#,
            r#"{"type":"response.output_item.added","item":{"id":"msg_3","type":"message","content":[]}}"#,
            r#"{"type":"response.output_text.delta","item_id":"msg_3","content_index":0,"delta":"late"}"#,
            r#"{"type":"response.output_item.done","item":{"id":"msg_3","type":"message","content":[{"type":"output_text","text":"late"}]}}"#,
        ];
        let body = |odd: bool| {
            let list: alloc::vec::Vec<String> = events
                .iter()
                .map(
                    |e| match (odd, e.contains("output_item"), e.strip_suffix('}')) {
                        (true, true, Some(head)) => format!(r#"{head},"n":1e0}}"#),
                        _ => String::from(*e),
                    },
                )
                .collect();
            for e in list.iter().filter(|e| e.contains("output_item")) {
                assert_eq!(
                    reads_light!(super::light_event, e),
                    !odd && cfg!(feature = "fast-decode"),
                    "{e}"
                );
            }
            let refs: alloc::vec::Vec<&str> = list.iter().map(String::as_str).collect();
            sse(&refs)
        };
        assert_decodes_alike(WireFormat::OpenAiResponses, &body(false), &body(true), 8);
    }
}
