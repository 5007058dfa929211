//! Typed, borrowing parse of the hot Messages stream event, `content_block_delta` (text,
//! thinking, signature and tool-input pieces): no `serde_json::Value` tree per event.
//!
//! The types are strict: a field of an unexpected type fails the parse and the caller takes
//! the general `Value` path, whose lenient reading produces the same [`Delta`] through
//! [`Delta::from_value`]. So one handler reads a delta whichever path parsed it.

use alloc::borrow::Cow;
use serde::Deserialize;
use serde_json::Value;

/// The fields of an event that `content_block_delta` uses.
#[derive(Deserialize)]
struct Event<'a> {
    #[serde(rename = "type", borrow, default)]
    ty: Option<Cow<'a, str>>,
    #[serde(default)]
    index: Option<u64>,
    #[serde(borrow, default)]
    delta: Option<Delta<'a>>,
}

/// A `content_block_delta`'s `delta`. Absent fields read as empty strings.
#[derive(Default, Deserialize)]
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
/// `None` sends the caller to the general path.
pub(super) fn block_delta(data: &str) -> Option<(u64, Delta<'_>)> {
    let ev: Event<'_> = serde_json::from_str(data).ok()?;
    if ev.ty.as_deref() != Some("content_block_delta") {
        return None;
    }
    Some((ev.index.unwrap_or(0), ev.delta.unwrap_or_default()))
}
