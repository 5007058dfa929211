//! Typed, borrowing parse of the hot Messages stream event, `content_block_delta` (text,
//! thinking, signature and tool-input pieces): no `serde_json::Value` tree per event.
//!
//! The types are strict: a field of an unexpected type fails the parse and the caller takes
//! the general `Value` path, whose lenient reading produces the same [`Delta`] through
//! [`Delta::from_value`]. So one handler reads a delta whichever path parsed it.
//!
//! With `fast-decode`, [`light`] scans the other events every stream carries into the
//! [`Read`] that `Read::from_value` gives (see `event.rs`), under the same rule.

#[cfg(feature = "fast-decode")]
use super::event::{BlockStart, Head, Read};
#[cfg(feature = "fast-decode")]
use super::usage::UsagePatch;
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
/// work: the general path reads the JSON `type` first.) Without `fast-decode`, always `None`
/// (see `typed!` in `format`).
pub(super) fn block_delta<'a>(data: &'a str, event: &str) -> Option<(u64, Delta<'a>)> {
    if !event.is_empty() && event != "content_block_delta" {
        return None;
    }
    let ev: Event<'_> = typed!(data, scan)?;
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

/// The light reading of an event (see [`super::event`]): its [`Read`] scanned from the text,
/// no `Value` tree. `None` when unsure, and then the caller parses a `Value`, whose reading
/// ([`Read::from_value`]) is the reference: so a field the machine reads must be a string, a
/// plain `u64` or null here (a `Value` reading takes any other type as absent, or as a count
/// where it can), a duplicate member is left to the `Value` (which keeps the last), and the
/// JSON must be what a `Value` takes ([`Scan::as_value_would`]).
#[cfg(feature = "fast-decode")]
pub(super) fn light(data: &str) -> Option<Read<'_>> {
    let mut sc = Scan::as_value_would(data);
    let (mut ty, mut index, mut message, mut block) = (None, None, None, None);
    let (mut delta, mut usage) = (None, None);
    sc.object(|sc, key| match key {
        "type" => once(&mut ty, sc.opt_string()?),
        "index" => once(&mut index, sc.opt_u64()?),
        "message" => once(&mut message, sc.opt(scan_head)?),
        "content_block" => once(&mut block, sc.opt(scan_block)?),
        "delta" => once(&mut delta, sc.opt(|sc| sc.opt_strings(&["stop_reason"]))?),
        "usage" => once(&mut usage, scan_usage(sc)?),
        _ => sc.skip(),
    })?;
    sc.end()?;
    let [stop_reason] = delta.flatten().unwrap_or_default();
    Some(Read {
        ty: ty.flatten(),
        index: index.flatten(),
        message: message.flatten().unwrap_or_default(),
        block: block.flatten().unwrap_or_default(),
        stop_reason,
        usage,
    })
}

/// A `message` object.
#[cfg(feature = "fast-decode")]
fn scan_head<'a>(sc: &mut Scan<'a>) -> Option<Head<'a>> {
    let (mut id, mut model, mut stop_reason, mut usage) = (None, None, None, None);
    let mut has_content = None;
    sc.object(|sc, key| match key {
        "id" => once(&mut id, sc.opt_string()?),
        "model" => once(&mut model, sc.opt_string()?),
        "stop_reason" => once(&mut stop_reason, sc.opt_string()?),
        "usage" => once(&mut usage, scan_usage(sc)?),
        "content" => once(&mut has_content, scan_has_members(sc, b'[')?),
        _ => sc.skip(),
    })?;
    Some(Head {
        id: id.flatten(),
        model: model.flatten(),
        stop_reason: stop_reason.flatten(),
        usage,
        has_content: has_content.unwrap_or(false),
    })
}

/// A `content_block` object.
#[cfg(feature = "fast-decode")]
fn scan_block<'a>(sc: &mut Scan<'a>) -> Option<BlockStart<'a>> {
    const KEYS: [&str; 7] = [
        "type",
        "text",
        "thinking",
        "signature",
        "data",
        "id",
        "name",
    ];
    let mut f: [Option<Option<Cow<'a, str>>>; 7] = Default::default();
    let mut has_input = None;
    sc.object(|sc, key| match KEYS.iter().position(|k| *k == key) {
        Some(i) => once(f.get_mut(i)?, sc.opt_string()?),
        None if key == "input" => once(&mut has_input, scan_has_members(sc, b'{')?),
        None => sc.skip(),
    })?;
    let [ty, text, thinking, signature, data, id, name] = f.map(Option::flatten);
    Some(BlockStart {
        ty,
        text,
        thinking,
        signature,
        data,
        id,
        name,
        has_input: has_input.unwrap_or(false),
    })
}

/// Skips a value; whether it is an array (`open` `[`) or object (`{`) with members in it.
#[cfg(feature = "fast-decode")]
fn scan_has_members(sc: &mut Scan<'_>, open: u8) -> Option<bool> {
    let mut any = false;
    let mut member = |sc: &mut Scan<'_>| {
        any = true;
        sc.skip()
    };
    match sc.peek()? {
        b'[' if open == b'[' => sc.array(&mut member)?,
        b'{' if open == b'{' => sc.object(|sc, _| member(sc))?,
        _ => sc.skip()?,
    }
    Some(any)
}

/// A `usage` value: null (no counts), or an object whose counts are plain `u64`s or null.
#[cfg(feature = "fast-decode")]
fn scan_usage(sc: &mut Scan<'_>) -> Option<UsagePatch> {
    let mut p = [None, None, None, None, None];
    if sc.null() {
        return Some(UsagePatch::default());
    }
    sc.object(|sc, key| {
        let slot = match key {
            "input_tokens" => 0,
            "output_tokens" => 1,
            "cache_read_input_tokens" => 2,
            "cache_creation_input_tokens" => 3,
            "output_tokens_details" => {
                let thinking = sc.opt(|sc| {
                    let mut t = None;
                    sc.object(|sc, key| match key {
                        "thinking_tokens" => once(&mut t, sc.opt_u64()?),
                        _ => sc.skip(),
                    })?;
                    Some(t.flatten())
                })?;
                return once(p.get_mut(4)?, thinking.flatten());
            }
            _ => return sc.skip(),
        };
        once(p.get_mut(slot)?, sc.opt_u64()?)
    })?;
    let [input, output, cache_read, cache_write, reasoning] = p.map(Option::flatten);
    Some(UsagePatch {
        input,
        output,
        cache_read,
        cache_write,
        reasoning,
    })
}

/// For the fuzz target `scan_events` and the corpus tests: `None` when [`light`] leaves
/// `data` to the `Value`, else whether a `Value` parses and reads the same [`Read`].
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub fn light_check(data: &str) -> Option<bool> {
    let l = light(data)?;
    Some(serde_json::from_str::<Value>(data).is_ok_and(|v| Read::from_value(&v) == l))
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
    /// the typed path), and the typed path really reads the plain ones (in a build with
    /// `fast-decode`; without it, both go to the `Value`).
    fn same(plain: &[&str], odd: &[&str]) {
        assert!(plain
            .iter()
            .all(|e| super::block_delta(e, "").is_some() == cfg!(feature = "fast-decode")));
        assert_decodes_alike(WireFormat::Anthropic, &sse(plain), &sse(odd), 3);
    }

    /// The SSE event name only decides whether the typed parse is tried (there is none without
    /// `fast-decode`).
    #[test]
    fn the_event_name_gates_the_typed_parse() {
        let d =
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#;
        assert_eq!(
            super::block_delta(d, "").is_some(),
            cfg!(feature = "fast-decode")
        );
        assert_eq!(
            super::block_delta(d, "content_block_delta").is_some(),
            cfg!(feature = "fast-decode")
        );
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

    /// The events read without a `Value` decode exactly like the same events in a shape only
    /// the `Value` reading takes (an exponent), through every kind of block: text, thinking, a
    /// tool call streamed or arriving whole, a server tool and its result, content already in
    /// `message_start`, a second message. (In a build without `fast-decode` both go to the
    /// `Value`, and still decode alike.)
    #[test]
    fn light_events_decode_like_value_ones() {
        let events = [
            r#"{"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","model":"c","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"cache_read_input_tokens":1712,"cache_creation_input_tokens":null,"output_tokens":1}}}"#,
            r#"{"type":"ping"}"#,
            r#"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hm"}}"#,
            r#"{"type":"content_block_stop","index":0}"#,
            r#"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":"Hi"}}"#,
            r#"{"type":"content_block_stop","index":1}"#,
            r#"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{}}}"#,
            r#"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"a\":1}"}}"#,
            r#"{"type":"content_block_stop","index":2}"#,
            r#"{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"t2","name":"g","input":{"b":[2]}}}"#,
            r#"{"type":"content_block_stop","index":3}"#,
            r#"{"type":"content_block_start","index":4,"content_block":{"type":"server_tool_use","id":"s1","name":"web_search","input":{"query":"q"}}}"#,
            r#"{"type":"content_block_stop","index":4}"#,
            r#"{"type":"content_block_start","index":5,"content_block":{"type":"web_search_tool_result","tool_use_id":"s1","content":[{"type":"web_search_result","url":"u"}]}}"#,
            r#"{"type":"content_block_stop","index":5}"#,
            r#"{"type":"content_block_start","index":6,"content_block":{"type":"redacted_thinking","data":"xyz"}}"#,
            r#"{"type":"content_block_stop","index":6}"#,
            r#"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":42,"output_tokens_details":{"thinking_tokens":7}}}"#,
            r#"{"type":"message_stop"}"#,
            r#"{"type":"message_start","message":{"id":"m2","model":"c","content":[{"type":"text","text":"again"}],"usage":null}}"#,
            r#"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}"#,
            r#"{"type":"message_stop"}"#,
        ];
        let body = |odd: bool| {
            let mut s = String::new();
            for e in events {
                let e = match (odd, e.strip_suffix('}')) {
                    (true, Some(head)) if !e.contains("content_block_delta") => {
                        format!(r#"{head},"n":1e0}}"#)
                    }
                    _ => String::from(e),
                };
                // (Deltas are read by the delta path either way.)
                if !e.contains("content_block_delta") {
                    assert_eq!(
                        reads_light!(super::light, &e),
                        !odd && cfg!(feature = "fast-decode"),
                        "{e}"
                    );
                }
                s.push_str(&format!("data: {e}\n\n"));
            }
            s
        };
        assert_decodes_alike(WireFormat::Anthropic, &body(false), &body(true), 10);
        // Fields of another type, duplicates and escaped keys are left to the `Value`, and so
        // is malformed JSON (whose error it reports).
        for e in [
            r#"{"type":"message_delta","usage":{"output_tokens":"3"}}"#,
            r#"{"type":"message_delta","usage":{"output_tokens":3.0}}"#,
            r#"{"type":"message_delta","usage":7}"#,
            r#"{"type":"content_block_stop","index":1,"index":2}"#,
            r#"{"type":"content_block_start","content_block":{"t\u0079pe":"text"}}"#,
            r#"{"type":"message_start","message":{"id":5}}"#,
            r#"{"type":"message_start","message":"m"}"#,
            r#"{"type":"message_stop""#,
        ] {
            assert!(!reads_light!(super::light, e), "{e}");
        }
    }
}
