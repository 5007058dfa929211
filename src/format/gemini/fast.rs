//! Typed, borrowing parse of the common Gemini stream chunk (text and thought parts, their
//! signatures, `finishReason`, `usageMetadata`): no `serde_json::Value` tree per event, whose
//! thought signatures are long strings that the tree would copy.
//!
//! The types are strict and cover only that shape: a field of an unexpected type, an `error`,
//! a `promptFeedback` or any `functionCall` part fails or declines the parse, and the caller
//! takes the general `Value` path for the whole chunk. Both paths hand the same values to the
//! same handlers in `stream.rs`, so the output cannot differ.

#[cfg(feature = "fast-decode")]
use crate::format::scan::{once, Scan};
use alloc::borrow::Cow;
use alloc::vec::Vec;
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

/// A `GenerateContentResponse` of the common shape.
#[derive(Debug, Deserialize)]
pub(super) struct Chunk<'a> {
    #[serde(rename = "responseId", borrow, default)]
    pub response_id: Option<Cow<'a, str>>,
    #[serde(rename = "modelVersion", borrow, default)]
    pub model_version: Option<Cow<'a, str>>,
    /// Kept raw (the JSON text of the value): read through the one usage reader (`usage.rs`),
    /// which is lenient.
    #[serde(
        rename = "usageMetadata",
        borrow,
        default,
        deserialize_with = "raw_text"
    )]
    pub usage: Option<&'a str>,
    #[serde(rename = "promptFeedback", default)]
    prompt_feedback: Option<IgnoredAny>,
    #[serde(default)]
    error: Option<IgnoredAny>,
    #[serde(borrow, default)]
    candidates: Option<Vec<Candidate<'a>>>,
}

#[derive(Debug, Deserialize)]
struct Candidate<'a> {
    #[serde(borrow, default)]
    content: Option<Content<'a>>,
    #[serde(rename = "finishReason", borrow, default)]
    finish_reason: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize)]
struct Content<'a> {
    #[serde(borrow, default)]
    parts: Option<Vec<Part<'a>>>,
}

/// A part: text (a thought when `thought` is true) with its signature. Other part kinds have
/// no text and are skipped, as on the general path.
#[derive(Debug, Deserialize)]
pub(super) struct Part<'a> {
    #[serde(borrow, default)]
    pub text: Option<Cow<'a, str>>,
    #[serde(default)]
    pub thought: Option<bool>,
    #[serde(rename = "thoughtSignature", borrow, default)]
    pub signature: Option<Cow<'a, str>>,
    #[serde(rename = "functionCall", default)]
    function_call: Option<IgnoredAny>,
}

impl<'a> Chunk<'a> {
    /// The first candidate's parts (empty when there are none).
    pub(super) fn parts(&self) -> &[Part<'a>] {
        self.first()
            .and_then(|c| c.content.as_ref())
            .and_then(|c| c.parts.as_deref())
            .unwrap_or(&[])
    }

    /// The first candidate's `finishReason`.
    pub(super) fn finish_reason(&self) -> Option<&str> {
        self.first().and_then(|c| c.finish_reason.as_deref())
    }

    /// Whether there is a first candidate.
    pub(super) fn has_candidate(&self) -> bool {
        self.first().is_some()
    }

    fn first(&self) -> Option<&Candidate<'a>> {
        self.candidates.as_ref().and_then(|c| c.first())
    }
}

/// A value's raw JSON text, as serde_json's `RawValue` borrows it.
fn raw_text<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<&'a str>, D::Error> {
    Ok(Option::<&'de RawValue>::deserialize(d)?.map(RawValue::get))
}

/// The chunk, when it has the shape this path reads; `None` sends the caller to the general
/// path (always, without `fast-decode`: see `typed!` in `format`).
pub(super) fn parse(data: &str) -> Option<Chunk<'_>> {
    let c: Chunk<'_> = typed!(data, scan)?;
    if c.error.is_some() || c.prompt_feedback.is_some() {
        return None;
    }
    if c.parts().iter().any(|p| p.function_call.is_some()) {
        return None;
    }
    Some(c)
}

/// Scans a chunk into the struct serde would build, or `None` when unsure (then serde reads
/// it; see [`crate::format::scan`]). A non-null `error` or `promptFeedback`, or a part with a
/// `functionCall`, is left to serde: the typed path does not read those chunks.
#[cfg(feature = "fast-decode")]
fn scan(data: &str) -> Option<Chunk<'_>> {
    let mut sc = Scan::new(data);
    let (mut response_id, mut model_version, mut usage) = (None, None, None);
    let (mut feedback, mut error, mut candidates) = (None, None, None);
    sc.object(|sc, key| match key {
        "responseId" => once(&mut response_id, sc.opt_string()?),
        "modelVersion" => once(&mut model_version, sc.opt_string()?),
        "usageMetadata" => once(&mut usage, sc.opt(Scan::raw)?),
        "promptFeedback" => once(&mut feedback, sc.null().then_some(())?),
        "error" => once(&mut error, sc.null().then_some(())?),
        "candidates" => once(&mut candidates, sc.opt(|sc| sc.list(scan_candidate))?),
        _ => sc.skip(),
    })?;
    sc.end()?;
    Some(Chunk {
        response_id: response_id.flatten(),
        model_version: model_version.flatten(),
        usage: usage.flatten(),
        prompt_feedback: None,
        error: None,
        candidates: candidates.flatten(),
    })
}

#[cfg(feature = "fast-decode")]
fn scan_candidate<'a>(sc: &mut Scan<'a>) -> Option<Candidate<'a>> {
    let (mut content, mut finish_reason) = (None, None);
    sc.object(|sc, key| match key {
        "content" => once(&mut content, sc.opt(scan_content)?),
        "finishReason" => once(&mut finish_reason, sc.opt_string()?),
        _ => sc.skip(),
    })?;
    Some(Candidate {
        content: content.flatten(),
        finish_reason: finish_reason.flatten(),
    })
}

#[cfg(feature = "fast-decode")]
fn scan_content<'a>(sc: &mut Scan<'a>) -> Option<Content<'a>> {
    let mut parts = None;
    sc.object(|sc, key| match key {
        "parts" => once(&mut parts, sc.opt(|sc| sc.list(scan_part))?),
        _ => sc.skip(),
    })?;
    Some(Content {
        parts: parts.flatten(),
    })
}

#[cfg(feature = "fast-decode")]
fn scan_part<'a>(sc: &mut Scan<'a>) -> Option<Part<'a>> {
    let (mut text, mut thought, mut signature, mut call) = (None, None, None, None);
    sc.object(|sc, key| match key {
        "text" => once(&mut text, sc.opt_string()?),
        "thought" => once(&mut thought, sc.opt_bool()?),
        "thoughtSignature" => once(&mut signature, sc.opt_string()?),
        "functionCall" => once(&mut call, sc.null().then_some(())?),
        _ => sc.skip(),
    })?;
    Some(Part {
        text: text.flatten(),
        thought: thought.flatten(),
        signature: signature.flatten(),
        function_call: None,
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
    use super::parse;
    use crate::decode::{assert_decodes_alike, decode_stream};
    use crate::format::WireFormat;
    use alloc::format;
    use alloc::string::String;

    fn sse(events: &[&str]) -> String {
        events
            .iter()
            .map(|e| format!("data: {e}\r\n\r\n"))
            .collect()
    }

    #[test]
    fn the_common_chunk_takes_the_typed_path_and_odd_ones_do_not() {
        assert_eq!(parse(r#"{"candidates":[{"content":{"parts":[{"text":"hi","thought":true,"thoughtSignature":"c2ln"}]}}],"responseId":"r","modelVersion":"m","usageMetadata":{"promptTokenCount":3}}"#).is_some(), cfg!(feature = "fast-decode"));
        assert!(parse(
            r#"{"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{}}}]}}]}"#
        )
        .is_none());
        assert!(parse(
            r#"{"candidates":[{"content":{"parts":[{"text":"hi","thought":"true"}]}}]}"#
        )
        .is_none());
        assert!(parse(r#"{"promptFeedback":{"blockReason":"SAFETY"}}"#).is_none());
        assert!(
            parse(r#"{"error":{"code":429,"message":"x","status":"RESOURCE_EXHAUSTED"}}"#)
                .is_none()
        );
    }

    /// Usage counts whose sums overflow saturate, on both paths and in whole bodies (a fuzzing
    /// finding: `promptTokenCount + toolUsePromptTokenCount` overflowed and panicked).
    #[test]
    fn overflowing_usage_counts_saturate() {
        let usage = r#""usageMetadata":{"promptTokenCount":18446744073709551615,"toolUsePromptTokenCount":9,"candidatesTokenCount":18446744073709551615,"thoughtsTokenCount":3}"#;
        let typed = format!(
            r#"{{"candidates":[{{"content":{{"parts":[{{"text":"hi"}}]}},"finishReason":"STOP"}}],{usage}}}"#
        );
        let general = format!(
            r#"{{"candidates":[{{"content":{{"parts":[{{"text":"hi"}},{{"text":1}}]}},"finishReason":"STOP"}}],{usage}}}"#
        );
        assert!(
            parse(&typed).is_some() == cfg!(feature = "fast-decode") && parse(&general).is_none()
        );
        for body in [sse(&[&typed]), sse(&[&general])] {
            let d = decode_stream(WireFormat::Gemini, "google", body.as_bytes(), 0);
            assert!(d.error.is_none(), "{:?}", d.error);
            let u = d.chunks.iter().find_map(|c| match c {
                crate::chunk::Chunk::Usage(u) => Some(u.clone()),
                _ => None,
            });
            let u = u.expect("a usage chunk");
            assert_eq!((u.input_tokens, u.output_tokens), (u64::MAX, u64::MAX));
        }
        let whole = crate::decode::decode_body(WireFormat::Gemini, "google", typed.as_bytes());
        assert!(whole.is_ok(), "{whole:?}");
    }

    /// The same stream decodes alike whether its chunks take the typed path or, written with
    /// shapes only the general path reads, the `Value` one.
    #[test]
    fn both_paths_give_the_same_chunks() {
        let typed = sse(&[
            r#"{"candidates":[{"content":{"parts":[{"text":"plan","thought":true}],"role":"model"}}],"responseId":"r1","modelVersion":"gemini-x","usageMetadata":{"promptTokenCount":4}}"#,
            r#"{"candidates":[{"content":{"parts":[{"text":"Hello","thoughtSignature":"c2ln"}],"role":"model"}}],"responseId":"r1","modelVersion":"gemini-x"}"#,
            r#"{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP"}],"responseId":"r1","modelVersion":"gemini-x","usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2,"totalTokenCount":6}}"#,
        ]);
        // A part whose `text` is a number is not the typed shape (the general path skips it),
        // so these chunks take the general path and must give the same chunks.
        let general = sse(&[
            r#"{"candidates":[{"content":{"parts":[{"text":"plan","thought":true},{"text":42}],"role":"model"}}],"responseId":"r1","modelVersion":"gemini-x","usageMetadata":{"promptTokenCount":4}}"#,
            r#"{"candidates":[{"content":{"parts":[{"text":42},{"text":"Hello","thoughtSignature":"c2ln"}],"role":"model"}}],"responseId":"r1","modelVersion":"gemini-x"}"#,
            r#"{"candidates":[{"content":{"parts":[{"text":""},{"text":42}],"role":"model"},"finishReason":"STOP"}],"responseId":"r1","modelVersion":"gemini-x","usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":2,"totalTokenCount":6}}"#,
        ]);
        for (i, e) in general
            .split("\r\n\r\n")
            .filter(|e| !e.is_empty())
            .enumerate()
        {
            assert!(
                parse(e.trim_start_matches("data: ")).is_none(),
                "event {i} would take the typed path"
            );
        }
        assert_decodes_alike(WireFormat::Gemini, &typed, &general, 4);
    }
}
