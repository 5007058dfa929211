//! Typed, borrowing parse of the hot Messages stream event, `content_block_delta` (text,
//! thinking, signature and tool-input pieces): no `serde_json::Value` tree per event.
//!
//! The types are strict: a field of an unexpected type fails the parse and the caller takes
//! the general `Value` path, whose lenient reading produces the same [`Delta`] through
//! [`Delta::from_value`]. So one handler reads a delta whichever path parsed it.

#[cfg(feature = "fast-decode")]
use crate::format::scan::{once, Scan};
use alloc::borrow::Cow;
use serde::Deserialize;
use serde_json::Value;

/// The fields of an event that `content_block_delta` uses.
#[derive(Debug, Deserialize)]
struct Event<'a> {
    #[serde(rename = "type", borrow, default)]
    ty: Option<Cow<'a, str>>,
    #[serde(default)]
    index: Option<u64>,
    #[serde(borrow, default)]
    delta: Option<Delta<'a>>,
}

/// A `content_block_delta`'s `delta`. Absent fields read as empty strings.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Delta<'a> {
    #[serde(rename = "type", borrow, default)]
    pub ty: Cow<'a, str>,
    #[serde(borrow, default)]
    pub text: Cow<'a, str>,
    #[serde(borrow, default)]
    pub thinking: Cow<'a, str>,
    #[serde(borrow, default)]
    pub signature: Cow<'a, str>,
    #[serde(borrow, default)]
    pub partial_json: Cow<'a, str>,
}

impl<'a> Delta<'a> {
    /// The lenient reading of a `delta` value: a missing field, or one that is not a string,
    /// is empty.
    pub(super) fn from_value(v: Option<&'a Value>) -> Self {
        let s = |key: &str| {
            Cow::Borrowed(
                v.and_then(|v| v.get(key))
                    .and_then(Value::as_str)
                    .unwrap_or(""),
            )
        };
        Delta {
            ty: s("type"),
            text: s("text"),
            thinking: s("thinking"),
            signature: s("signature"),
            partial_json: s("partial_json"),
        }
    }
}

/// `(index, delta)` when `data` is a `content_block_delta` of the shape this typed path reads;
/// `None` sends the caller to the general path. `event` is the SSE event name (empty where
/// the framing has none, as in Bedrock's frames): an event named otherwise is not parsed here,
/// so `message_start` and the other events are parsed once, not twice. (The name only saves
/// work: the general path reads the JSON `type` first.)
pub(super) fn block_delta<'a>(data: &'a str, event: &str) -> Option<(u64, Delta<'a>)> {
    if !event.is_empty() && event != "content_block_delta" {
        return None;
    }
    #[cfg(feature = "fast-decode")]
    let scanned = scan(data);
    #[cfg(not(feature = "fast-decode"))]
    let scanned: Option<Event<'_>> = None;
    let ev = match scanned {
        Some(ev) => ev,
        None => serde_json::from_str(data).ok()?,
    };
    if ev.ty.as_deref() != Some("content_block_delta") {
        return None;
    }
    Some((ev.index.unwrap_or(0), ev.delta.unwrap_or_default()))
}

/// Scans an event into the struct serde would build, or `None` when unsure (then serde reads
/// it; see [`crate::format::scan`]).
#[cfg(feature = "fast-decode")]
fn scan(data: &str) -> Option<Event<'_>> {
    let mut sc = Scan::new(data);
    let (mut ty, mut index, mut delta) = (None, None, None);
    sc.object(|sc, key| match key {
        "type" => once(&mut ty, sc.opt_string()?),
        "index" => once(&mut index, sc.opt_u64()?),
        "delta" => once(&mut delta, sc.opt(scan_delta)?),
        _ => sc.skip(),
    })?;
    sc.end()?;
    Some(Event {
        ty: ty.flatten(),
        index: index.flatten(),
        delta: delta.flatten(),
    })
}

/// The `delta` of a `content_block_delta`.
#[cfg(feature = "fast-decode")]
fn scan_delta<'a>(sc: &mut Scan<'a>) -> Option<Delta<'a>> {
    let mut d = [None, None, None, None, None];
    sc.object(|sc, key| {
        let slot = match key {
            "type" => 0,
            "text" => 1,
            "thinking" => 2,
            "signature" => 3,
            "partial_json" => 4,
            _ => return sc.skip(),
        };
        // Not optional in the struct: `null` is left to serde (which refuses it).
        once(d.get_mut(slot)?, sc.string()?)
    })?;
    let [ty, text, thinking, signature, partial_json] = d.map(Option::unwrap_or_default);
    Some(Delta {
        ty,
        text,
        thinking,
        signature,
        partial_json,
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
    use crate::decode::{assert_decodes_alike, decode_stream};
    use crate::format::WireFormat;
    use alloc::format;
    use alloc::string::String;

    fn sse(deltas: &[&str]) -> String {
        let mut s = String::from(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"c\",\"usage\":{\"input_tokens\":1}}}\n\n\
             data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
             data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}}\n\n",
        );
        for d in deltas {
            s.push_str(&format!("event: content_block_delta\ndata: {d}\n\n"));
        }
        s.push_str("data: {\"type\":\"message_stop\"}\n\n");
        s
    }

    /// Odd-shaped deltas (read by the `Value` path) decode exactly like plain ones (read by
    /// the typed path), and the typed path really reads the plain ones.
    fn same(plain: &[&str], odd: &[&str]) {
        assert!(plain.iter().all(|e| super::block_delta(e, "").is_some()));
        assert_decodes_alike(WireFormat::Anthropic, &sse(plain), &sse(odd), 3);
    }

    /// The SSE event name only decides whether the typed parse is tried.
    #[test]
    fn the_event_name_gates_the_typed_parse() {
        let d =
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#;
        assert!(super::block_delta(d, "").is_some());
        assert!(super::block_delta(d, "content_block_delta").is_some());
        assert!(super::block_delta(d, "message_start").is_none());
    }

    #[test]
    fn lenient_shapes_decode_like_plain_ones() {
        same(
            &[
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#,
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta"}}"#,
                r#"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"a\":1}"}}"#,
            ],
            &[
                // Extra fields, a null text, a null index (block 0).
                r#"{"type":"content_block_delta","index":0,"x":[{}],"delta":{"type":"text_delta","text":"Hi","y":1}}"#,
                r#"{"type":"content_block_delta","index":null,"delta":{"type":"text_delta","text":null}}"#,
                r#"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"a\":1}"}}"#,
            ],
        );
        // No JSON `type`: the SSE event name decides (the `Value` path).
        let a = decode_stream(
            WireFormat::Anthropic,
            "anthropic",
            sse(&[r#"{"index":0,"delta":{"type":"text_delta","text":"Hi"}}"#]).as_bytes(),
            0,
        );
        assert!(
            a.error.is_none()
                && a.chunks
                    .iter()
                    .any(|c| matches!(c, crate::chunk::Chunk::Text { text } if text == "Hi"))
        );
    }
}
