//! Helpers for the format conformance tests (`format_responses.rs`, `format_gemini.rs`):
//! reading corpus cases, feeding them to a decoder in every chunking, and summarizing chunks.
#![allow(dead_code)]

use crate::common::{corpus_dir, files_under, Rng};
use aster::chunk::{Chunk, FinishReason, Usage};
use aster::decode::stream_decoder;
use aster::decode::{decode_stream, Decoded};
use aster::error::ProviderError;
use aster::format::WireFormat;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Files below `corpus/<rel>` whose name ends with one of `suffixes`.
pub fn corpus_files(rel: &str, suffixes: &[&str]) -> Vec<PathBuf> {
    files_under(&corpus_dir().join(rel), &|p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        suffixes.iter().any(|s| name.ends_with(s))
    })
}

/// The path relative to the corpus, for messages.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(corpus_dir())
        .unwrap_or(p)
        .display()
        .to_string()
}

/// Reads a corpus file.
pub fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A cassette exchange's `request.json` and `response.json`.
pub fn cassette_meta(body: &Path) -> (Value, Value) {
    let dir = body.parent().expect("cassette dir");
    let req = serde_json::from_slice(&read(&dir.join("request.json"))).expect("request.json");
    let resp = serde_json::from_slice(&read(&dir.join("response.json"))).expect("response.json");
    (req, resp)
}

/// The lines of a `*.chunks.txt` file (one event's JSON per line).
pub fn chunk_lines(p: &Path) -> Vec<String> {
    String::from_utf8(read(p))
        .expect("utf-8")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}

/// Re-frames decoded event lines as an SSE body, as the provider sent them: with an `event:`
/// line named after the JSON `type` when `named`, and with CRLF line ends when `crlf` (Gemini's
/// framing). A line that is not valid JSON is kept verbatim as the data.
pub fn to_sse(lines: &[String], named: bool, crlf: bool) -> Vec<u8> {
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    for l in lines {
        if named {
            let ty = serde_json::from_str::<Value>(l)
                .ok()
                .and_then(|v| v.get("type").and_then(Value::as_str).map(String::from))
                .or_else(|| type_prefix(l));
            if let Some(t) = ty {
                out.push_str(&format!("event: {t}{nl}"));
            }
        }
        out.push_str(&format!("data: {l}{nl}{nl}"));
    }
    out.into_bytes()
}

/// The `type` of a line that is not valid JSON but starts like an event object.
fn type_prefix(l: &str) -> Option<String> {
    let rest = l.strip_prefix("{\"type\":\"")?;
    Some(rest.split('"').next()?.to_string())
}

/// Decodes a stream body whole, then at 1-byte pieces, at a few fixed sizes and at random
/// chunkings, and asserts every decoding is identical. Returns the whole-body decoding.
pub fn decode_every_way(format: WireFormat, provider: &str, body: &[u8], what: &str) -> Decoded {
    let whole = decode_stream(format, provider, body, 0);
    for step in [1usize, 2, 3, 7, 64, 1000] {
        let d = decode_stream(format, provider, body, step);
        assert_eq!(
            d, whole,
            "{what}: chunks of {step} bytes decode differently"
        );
    }
    let mut rng = Rng::new(body.len() as u64 ^ 0x9e37_79b9_7f4a_7c15);
    for round in 0..4 {
        let d = decode_random(format, provider, body, &mut rng);
        assert_eq!(
            d, whole,
            "{what}: random chunking #{round} decodes differently"
        );
    }
    whole
}

fn decode_random(format: WireFormat, provider: &str, body: &[u8], rng: &mut Rng) -> Decoded {
    let mut dec = stream_decoder(format, format.default_framing(), provider);
    let mut chunks = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let n = 1 + rng.below(97);
        let end = (at + n).min(body.len());
        if let Err(e) = dec.feed(&body[at..end], &mut chunks) {
            return Decoded {
                chunks,
                error: Some(e),
            };
        }
        at = end;
    }
    let error = dec.finish(&mut chunks).err();
    Decoded { chunks, error }
}

/// A tool call as the tests compare it.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub id: String,
    pub name: String,
    pub input: Value,
}

/// What a decoded response adds up to.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub id: Option<String>,
    pub model: Option<String>,
    pub text: String,
    pub reasoning: String,
    pub signatures: Vec<String>,
    pub redacted: Vec<String>,
    pub calls: Vec<Call>,
    /// Names of the `provider_tool` chunks (tools the provider ran itself).
    pub provider_tools: Vec<String>,
    pub usage: Option<Usage>,
    pub finish: Option<FinishReason>,
    pub raw_finish: Option<String>,
    pub error: Option<ProviderError>,
}

/// Summarizes chunks, checking the chunk contract on the way: metadata first and once, every
/// call start → deltas → `tool_call` with deltas adding up to the arguments, and a successful
/// stream ending with exactly one `usage` then one `finish`.
pub fn summarize(d: &Decoded, what: &str) -> Summary {
    if let Err(e) = aster::chunk::check_contract(&d.chunks, d.error.is_some()) {
        panic!("{what}: {e}");
    }
    let mut s = Summary {
        error: d.error.clone(),
        ..Summary::default()
    };
    let mut args: Vec<(String, String)> = Vec::new();
    let mut usages = 0;
    let mut finishes = 0;
    for (i, c) in d.chunks.iter().enumerate() {
        match c {
            Chunk::Metadata { id, model, .. } => {
                assert_eq!(i, 0, "{what}: metadata must come first");
                s.id = id.clone();
                s.model = model.clone();
            }
            Chunk::Text { text } => s.text.push_str(text),
            Chunk::Reasoning {
                reasoning,
                signature,
                redacted,
            } => {
                s.reasoning.push_str(reasoning);
                s.signatures.extend(signature.clone());
                s.redacted.extend(redacted.clone());
            }
            Chunk::ToolCallStart { index, id, .. } => {
                assert_eq!(
                    *index as usize,
                    args.len(),
                    "{what}: call indices in start order"
                );
                args.push((id.clone(), String::new()));
            }
            Chunk::ToolCallDelta {
                index,
                id,
                arguments_delta,
            } => {
                let slot = &mut args[*index as usize];
                assert_eq!(&slot.0, id, "{what}: delta id");
                slot.1.push_str(arguments_delta);
            }
            Chunk::ToolCall {
                index,
                id,
                name,
                arguments,
                input,
                error,
            } => {
                let slot = &args[*index as usize];
                assert_eq!(&slot.0, id, "{what}: call id");
                assert_eq!(
                    &slot.1, arguments,
                    "{what}: deltas must add up to the arguments"
                );
                assert!(
                    error.is_none(),
                    "{what}: call {name} has invalid JSON: {error:?}"
                );
                s.calls.push(Call {
                    id: id.clone(),
                    name: name.clone(),
                    input: input.clone(),
                });
            }
            Chunk::ProviderTool { name, .. } => s.provider_tools.push(name.clone()),
            Chunk::Usage(u) => {
                usages += 1;
                s.usage = Some(u.clone());
            }
            Chunk::Finish { reason, raw_reason } => {
                finishes += 1;
                assert_eq!(i + 1, d.chunks.len(), "{what}: finish must be last");
                assert!(
                    matches!(d.chunks.get(i - 1), Some(Chunk::Usage(_))),
                    "{what}: usage right before finish"
                );
                s.finish = Some(*reason);
                s.raw_finish = raw_reason.clone();
            }
            other => panic!("{what}: a chunk this check does not know: {other:?}"),
        }
    }
    assert!(usages <= 1, "{what}: at most one usage");
    if d.error.is_none() {
        assert_eq!(
            finishes, 1,
            "{what}: a successful stream ends with one finish"
        );
        assert_eq!(usages, 1, "{what}: a successful stream has one usage");
    } else {
        assert_eq!(finishes, 0, "{what}: a failed stream has no finish");
    }
    s
}

/// Usage with the four counts, for compact comparisons.
pub fn counts(u: &Usage) -> (u64, u64, u64, u64, u64) {
    (
        u.input_tokens,
        u.output_tokens,
        u.cache_read_tokens,
        u.cache_write_tokens,
        u.reasoning_tokens,
    )
}

/// Finds the one file in `files` whose corpus-relative path ends with `suffix`.
pub fn pick<'a>(files: &'a [PathBuf], suffix: &str) -> &'a Path {
    let found: Vec<&PathBuf> = files.iter().filter(|p| rel(p).ends_with(suffix)).collect();
    assert_eq!(found.len(), 1, "exactly one corpus file ends with {suffix}");
    found[0]
}
