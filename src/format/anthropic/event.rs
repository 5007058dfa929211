//! [`Read`]: what the Messages stream machine reads of an event other than a block delta,
//! whichever way the event was parsed.
//!
//! Two readings fill it: [`Read::from_value`] from a `serde_json::Value` (every event can be
//! read this way: the reference), and, with the feature `fast-decode`, `fast::light` straight
//! from the event's text for the events every stream carries (`message_start`,
//! `content_block_start` of a text, thinking or tool block, `content_block_stop`,
//! `message_delta`, `message_stop`, `ping`). One handler (`Stream::on_read`) acts on it; the
//! few parts it needs a whole `Value` for (a `message_start` that already holds content, a
//! tool block with its input, server tool blocks, errors) send the light reading back to the
//! `Value`.

use super::usage::UsagePatch;
use alloc::borrow::Cow;
use serde_json::Value;

/// The fields of an event the machine reads. A string field is `None` when absent, null or
/// not a string; a count is `None` when absent or not a count (`Value::as_str`, `as_u64`).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Read<'a> {
    /// `type`.
    pub ty: Option<Cow<'a, str>>,
    /// `index` (block events).
    pub index: Option<u64>,
    /// `message` (`message_start`); absent and null read as an empty one.
    pub message: Head<'a>,
    /// `content_block` (`content_block_start`); absent and null read as an empty one.
    pub block: BlockStart<'a>,
    /// `delta.stop_reason` (`message_delta`).
    pub stop_reason: Option<Cow<'a, str>>,
    /// `usage` (`message_delta`), when present (null included: it counts as usage seen).
    pub usage: Option<UsagePatch>,
}

/// What the machine reads of a `message_start`'s `message`.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Head<'a> {
    pub id: Option<Cow<'a, str>>,
    pub model: Option<Cow<'a, str>>,
    pub stop_reason: Option<Cow<'a, str>>,
    /// `usage`, when present (null included).
    pub usage: Option<UsagePatch>,
    /// Whether `content` is an array with blocks in it (then the `Value` decodes them).
    pub has_content: bool,
}

/// What the machine reads of a `content_block_start`'s `content_block`.
#[derive(Debug, Default, PartialEq)]
pub(super) struct BlockStart<'a> {
    pub ty: Option<Cow<'a, str>>,
    pub text: Option<Cow<'a, str>>,
    pub thinking: Option<Cow<'a, str>>,
    pub signature: Option<Cow<'a, str>>,
    pub data: Option<Cow<'a, str>>,
    pub id: Option<Cow<'a, str>>,
    pub name: Option<Cow<'a, str>>,
    /// Whether `input` is an object with members in it (a tool call that arrives whole: the
    /// `Value` serializes it).
    pub has_input: bool,
}

impl BlockStart<'_> {
    /// A string field, empty when absent (the machine's reading of every block field).
    pub(super) fn str<'s>(f: &'s Option<Cow<'_, str>>) -> &'s str {
        f.as_deref().unwrap_or("")
    }

    /// Whether this is all the machine reads of the block: a text, thinking or redacted
    /// thinking block, or a tool call whose input is still to stream. Not a tool call that
    /// arrives whole, nor a server tool's blocks, whose `Value`s it keeps.
    pub(super) fn is_whole(&self) -> bool {
        match self.ty.as_deref() {
            Some("text" | "thinking" | "redacted_thinking") => true,
            Some("tool_use") => !self.has_input,
            _ => false,
        }
    }
}

fn text<'a>(v: &'a Value, key: &str) -> Option<Cow<'a, str>> {
    v.get(key).and_then(Value::as_str).map(Cow::Borrowed)
}

impl<'a> Read<'a> {
    /// The reading of a parsed event: the reference the light reading must agree with.
    pub(super) fn from_value(v: &'a Value) -> Self {
        let message = v.get("message").map_or_else(Head::default, |m| Head {
            id: text(m, "id"),
            model: text(m, "model"),
            stop_reason: text(m, "stop_reason"),
            usage: m.get("usage").map(UsagePatch::from_value),
            has_content: m
                .get("content")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty()),
        });
        let block = v
            .get("content_block")
            .map_or_else(BlockStart::default, |b| BlockStart {
                ty: text(b, "type"),
                text: text(b, "text"),
                thinking: text(b, "thinking"),
                signature: text(b, "signature"),
                data: text(b, "data"),
                id: text(b, "id"),
                name: text(b, "name"),
                has_input: b
                    .get("input")
                    .and_then(Value::as_object)
                    .is_some_and(|o| !o.is_empty()),
            });
        Read {
            ty: text(v, "type"),
            index: v.get("index").and_then(Value::as_u64),
            message,
            block,
            stop_reason: v.get("delta").and_then(|d| text(d, "stop_reason")),
            usage: v.get("usage").map(UsagePatch::from_value),
        }
    }
}
