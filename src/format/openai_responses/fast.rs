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
const DELTAS: [&str; 6] = [
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
/// first.)
pub(super) fn delta_event<'a>(data: &'a str, event: &str) -> Option<TypedDelta<'a>> {
    if !event.is_empty() && !DELTAS.contains(&event) {
        return None;
    }
    #[cfg(feature = "fast-decode")]
    let scanned = scan(data);
    #[cfg(not(feature = "fast-decode"))]
    let scanned: Option<Event<'_>> = None;
    let e: Event<'_> = match scanned {
        Some(e) => e,
        None => serde_json::from_str(data).ok()?,
    };
    let ty = e.ty.as_deref()?;
    if e.item.is_some() || !DELTAS.contains(&ty) {
        return None;
    }
    Some(TypedDelta(e))
}

/// Scans a delta event into the struct serde would build, or `None` when unsure (then serde
/// reads it; see [`crate::format::scan`]). An event carrying an `item` is left to serde: the
/// typed path does not read those.
#[cfg(feature = "fast-decode")]
fn scan(data: &str) -> Option<Event<'_>> {
    let mut sc = Scan::new(data);
    let (mut ty, mut item_id, mut delta) = (None, None, None);
    let (mut output_index, mut summary_index, mut content_index) = (None, None, None);
    sc.object(|sc, key| match key {
        "type" => once(&mut ty, sc.opt_string()?),
        "output_index" => once(&mut output_index, sc.opt_u64()?),
        "item_id" => once(&mut item_id, sc.opt_string()?),
        "summary_index" => once(&mut summary_index, sc.opt_u64()?),
        "content_index" => once(&mut content_index, sc.opt_u64()?),
        "delta" => once(&mut delta, sc.opt_string()?),
        "item" => None,
        _ => sc.skip(),
    })?;
    sc.end()?;
    Some(Event {
        ty: ty.flatten(),
        output_index: output_index.flatten(),
        item_id: item_id.flatten(),
        summary_index: summary_index.flatten(),
        content_index: content_index.flatten(),
        delta: delta.flatten(),
        item: None,
    })
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

    /// The SSE event name only decides whether the typed parse is tried.
    #[test]
    fn the_event_name_gates_the_typed_parse() {
        let d = r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":"Hi"}"#;
        assert!(super::delta_event(d, "").is_some());
        assert!(super::delta_event(d, "response.output_text.delta").is_some());
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
    /// the typed path), and the typed path really reads the plain ones.
    fn same(plain: &[&str], odd: &[&str]) {
        assert!(plain.iter().all(|e| super::delta_event(e, "").is_some()));
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
}
