//! Typed, borrowing parse of a `chat.completion.chunk`: the fields the stream machine reads, as
//! borrowed strings, with unknown fields skipped and no `serde_json::Value` tree (building and
//! dropping that tree per event was most of the decode cost).
//!
//! The types are strict: a field of an unexpected type (a numeric string `index`, an object
//! `arguments`, `content` as an array of parts) fails the parse, and so does anything the
//! machine reads only through its general path (`error`, `reasoning_details`). The caller
//! then takes the `Value` path, which has the lenient rules; so a chunk is decoded the same
//! way whichever path reads it. Rare sub-objects (`usage`, `x_groq`, `cost`) are kept as raw
//! JSON and parsed only when present.

#[cfg(feature = "fast-decode")]
use crate::format::scan::{once, Scan};
use alloc::borrow::Cow;
use alloc::vec::Vec;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

/// One chunk.
#[derive(Debug, Deserialize)]
pub(super) struct Chunk<'a> {
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub model: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub choices: Option<Vec<Choice<'a>>>,
    #[serde(borrow, default)]
    pub usage: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub x_groq: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub cost: Option<&'a RawValue>,
    #[serde(default)]
    error: Option<IgnoredAny>,
}

/// One entry of `choices`.
#[derive(Debug, Deserialize)]
pub(super) struct Choice<'a> {
    #[serde(default)]
    pub index: Option<u64>,
    #[serde(borrow, default)]
    pub delta: Option<Delta<'a>>,
    #[serde(borrow, default)]
    pub finish_reason: Option<Cow<'a, str>>,
    #[serde(default)]
    error: Option<IgnoredAny>,
}

/// A choice's `delta`.
#[derive(Debug, Deserialize)]
pub(super) struct Delta<'a> {
    #[serde(borrow, default)]
    pub content: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub reasoning_content: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub reasoning: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub refusal: Option<Cow<'a, str>>,
    #[serde(default)]
    reasoning_details: Option<IgnoredAny>,
    #[serde(borrow, default)]
    pub tool_calls: Option<Vec<ToolCall<'a>>>,
}

/// One entry of `delta.tool_calls`.
#[derive(Debug, Deserialize)]
pub(super) struct ToolCall<'a> {
    #[serde(default)]
    pub index: Option<u64>,
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub function: Option<Function<'a>>,
}

/// A tool call's `function`.
#[derive(Debug, Deserialize)]
pub(super) struct Function<'a> {
    #[serde(borrow, default)]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub arguments: Option<Cow<'a, str>>,
}

/// The chunk, when it has the shape this typed path reads; `None` sends the caller to the
/// general `Value` path. The hand-written scanner reads the usual chunks; what it leaves
/// (see [`crate::format::scan`]) goes through serde into the same struct. Without
/// `fast-decode`, always `None` (see `typed!` in `format`).
pub(super) fn parse(data: &str) -> Option<Chunk<'_>> {
    accept(typed!(data, scan)?)
}

/// The typed path's own rule: chunks the stream machine reads only through the `Value` path.
fn accept(c: Chunk<'_>) -> Option<Chunk<'_>> {
    if c.error.is_some() {
        return None;
    }
    for ch in c.choices.iter().flatten() {
        if ch.error.is_some()
            || ch
                .delta
                .as_ref()
                .is_some_and(|d| d.reasoning_details.is_some())
        {
            return None;
        }
    }
    Some(c)
}

/// Scans a chunk into the struct serde would build, or `None` when unsure (then serde reads it).
#[cfg(feature = "fast-decode")]
fn scan(data: &str) -> Option<Chunk<'_>> {
    let mut sc = Scan::new(data);
    let (mut id, mut model, mut choices) = (None, None, None);
    let (mut usage, mut x_groq, mut cost, mut error) = (None, None, None, None);
    sc.object(|sc, key| match key {
        "id" => once(&mut id, sc.opt_string()?),
        "model" => once(&mut model, sc.opt_string()?),
        "choices" => once(&mut choices, sc.opt(|sc| sc.list(scan_choice))?),
        "usage" => once(&mut usage, raw(sc)?),
        "x_groq" => once(&mut x_groq, raw(sc)?),
        "cost" => once(&mut cost, raw(sc)?),
        // A non-null `error` sends the chunk to the `Value` path anyway.
        "error" => once(&mut error, sc.null().then_some(())?),
        _ => sc.skip(),
    })?;
    sc.end()?;
    Some(Chunk {
        id: id.flatten(),
        model: model.flatten(),
        choices: choices.flatten(),
        usage: usage.flatten(),
        x_groq: x_groq.flatten(),
        cost: cost.flatten(),
        error: None,
    })
}

/// `null`, or a sub-object kept raw (borrowed like serde's `RawValue`).
#[cfg(feature = "fast-decode")]
fn raw<'a>(sc: &mut Scan<'a>) -> Option<Option<&'a RawValue>> {
    sc.opt(|sc| serde_json::from_str::<&RawValue>(sc.raw()?).ok())
}

#[cfg(feature = "fast-decode")]
fn scan_choice<'a>(sc: &mut Scan<'a>) -> Option<Choice<'a>> {
    let (mut index, mut delta, mut finish_reason, mut error) = (None, None, None, None);
    sc.object(|sc, key| match key {
        "index" => once(&mut index, sc.opt_u64()?),
        "delta" => once(&mut delta, sc.opt(scan_delta)?),
        "finish_reason" => once(&mut finish_reason, sc.opt_string()?),
        "error" => once(&mut error, sc.null().then_some(())?),
        _ => sc.skip(),
    })?;
    Some(Choice {
        index: index.flatten(),
        delta: delta.flatten(),
        finish_reason: finish_reason.flatten(),
        error: None,
    })
}

#[cfg(feature = "fast-decode")]
fn scan_delta<'a>(sc: &mut Scan<'a>) -> Option<Delta<'a>> {
    let (mut content, mut reasoning_content, mut reasoning, mut refusal) = (None, None, None, None);
    let (mut details, mut tool_calls) = (None, None);
    sc.object(|sc, key| match key {
        "content" => once(&mut content, sc.opt_string()?),
        "reasoning_content" => once(&mut reasoning_content, sc.opt_string()?),
        "reasoning" => once(&mut reasoning, sc.opt_string()?),
        "refusal" => once(&mut refusal, sc.opt_string()?),
        "reasoning_details" => once(&mut details, sc.null().then_some(())?),
        "tool_calls" => once(&mut tool_calls, sc.opt(|sc| sc.list(scan_tool_call))?),
        _ => sc.skip(),
    })?;
    Some(Delta {
        content: content.flatten(),
        reasoning_content: reasoning_content.flatten(),
        reasoning: reasoning.flatten(),
        refusal: refusal.flatten(),
        reasoning_details: None,
        tool_calls: tool_calls.flatten(),
    })
}

#[cfg(feature = "fast-decode")]
fn scan_function<'a>(sc: &mut Scan<'a>) -> Option<Function<'a>> {
    let (mut name, mut arguments) = (None, None);
    sc.object(|sc, key| match key {
        "name" => once(&mut name, sc.opt_string()?),
        "arguments" => once(&mut arguments, sc.opt_string()?),
        _ => sc.skip(),
    })?;
    Some(Function {
        name: name.flatten(),
        arguments: arguments.flatten(),
    })
}

#[cfg(feature = "fast-decode")]
fn scan_tool_call<'a>(sc: &mut Scan<'a>) -> Option<ToolCall<'a>> {
    let (mut index, mut id, mut function) = (None, None, None);
    sc.object(|sc, key| match key {
        "index" => once(&mut index, sc.opt_u64()?),
        "id" => once(&mut id, sc.opt_string()?),
        "function" => once(&mut function, sc.opt(scan_function)?),
        _ => sc.skip(),
    })?;
    Some(ToolCall {
        index: index.flatten(),
        id: id.flatten(),
        function: function.flatten(),
    })
}

/// For the fuzz target `scan_events` and the corpus test: `None` when the scanner leaves
/// `data` to serde, else whether serde reads it into exactly the same struct (`Some(false)`:
/// the scanner disagrees, a bug). `Some` is also returned when serde refuses what the scanner
/// read, as `Some(false)`.
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub fn scan_check(data: &str) -> Option<bool> {
    crate::format::scan::agrees_with_serde(data, scan(data))
}

/// Whether serde's typed path takes `data` (for the corpus test: every such chunk of a
/// recording must take the scanner).
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub fn serde_reads(data: &str) -> bool {
    serde_json::from_str::<Chunk<'_>>(data)
        .ok()
        .and_then(accept)
        .is_some()
}

/// A non-empty string field.
pub(super) fn non_empty<'s>(s: &'s Option<Cow<'_, str>>) -> Option<&'s str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// A raw sub-object as a `Value` (it was valid JSON when the chunk parsed).
pub(super) fn value_of(raw: Option<&RawValue>) -> Option<serde_json::Value> {
    raw.and_then(|r| serde_json::from_str(r.get()).ok())
}

#[cfg(test)]
mod tests {
    use crate::decode::{assert_decodes_alike, decode_stream};
    use crate::format::WireFormat;
    use alloc::format;
    use alloc::string::String;

    fn sse(events: &[&str]) -> String {
        events.iter().map(|e| format!("data: {e}\n\n")).collect()
    }

    /// A stream whose chunks have odd shapes (read by the `Value` path) decodes exactly like
    /// its plain twin (read by the typed path), and the typed path really reads the plain one
    /// (in a build with `fast-decode`; without it, both go to the `Value`).
    fn same(plain: &[&str], odd: &[&str]) {
        assert!(plain
            .iter()
            .all(|e| *e == "[DONE]" || super::parse(e).is_some() == cfg!(feature = "fast-decode")));
        assert_decodes_alike(WireFormat::OpenAiChat, &sse(plain), &sse(odd), 3);
    }

    #[test]
    fn lenient_shapes_decode_like_plain_ones() {
        let fin = r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#;
        same(
            &[
                r#"{"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"Hi"}}]}"#,
                fin,
            ],
            // A numeric string index, an unknown nested object, nulls.
            &[
                r#"{"id":"c1","model":"m","x":{"y":[1]},"choices":[{"index":"0","delta":{"content":"Hi","role":null}}]}"#,
                fin,
            ],
        );
        same(
            &[r#"{"id":"c1","choices":[{"delta":{"content":"a"}}]}"#, fin],
            // `content` as an array of parts.
            &[
                r#"{"id":"c1","choices":[{"delta":{"content":[{"type":"text","text":"a"}]}}]}"#,
                fin,
            ],
        );
        same(
            &[
                r#"{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0,"id":"t","function":{"name":"f","arguments":"{\"a\":1}"}}]}}]}"#,
                fin,
            ],
            // Object arguments (serialized) and a float index.
            &[
                r#"{"id":"c1","choices":[{"delta":{"tool_calls":[{"index":0.0,"id":"t","function":{"name":"f","arguments":{"a":1}}}]}}]}"#,
                fin,
            ],
        );
        same(
            &[
                r#"{"id":"c1","choices":[{"delta":{"reasoning":"r","content":null}}]}"#,
                r#"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2},"cost":0.5}"#,
                fin,
            ],
            // An empty `reasoning_content`, a non-string `content`, `cost` as a string.
            &[
                r#"{"id":"c1","choices":[{"delta":{"reasoning_content":"","reasoning":"r","content":7}}]}"#,
                r#"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2},"cost":"0.5"}"#,
                fin,
            ],
        );
    }

    #[test]
    fn error_chunks_and_bad_json_keep_their_errors() {
        let err = r#"{"error":{"message":"overloaded","code":503}}"#;
        assert!(super::parse(err).is_none());
        let d = decode_stream(WireFormat::OpenAiChat, "openai", sse(&[err]).as_bytes(), 0);
        assert!(d.error.is_some());
        let d = decode_stream(
            WireFormat::OpenAiChat,
            "openai",
            sse(&["{\"id\":"]).as_bytes(),
            0,
        );
        assert!(d.error.is_some());
    }
}
