//! Conformance of the `openai-responses` format against every Responses capture in the corpus:
//! `cassettes/openai_responses`, `cassettes/deepseek_responses`, the `/responses` exchanges in
//! `cassettes/openai`, `chunks/{openai,azure,xai}-responses` and `genai/openai_resp`.
//!
//! Every stream is decoded whole, at 1-byte pieces and at random chunkings (identical results),
//! and checked against an oracle read straight from its events (the `*.done` texts, the
//! finished call items, the terminal usage); every body is decoded; every error body gives the
//! right `ProviderError`. Then many cases are checked against concrete values read from the
//! raw data.

use crate::format_support;
#[path = "format_responses/cases.rs"]
mod cases;
#[path = "format_responses/conformance.rs"]
mod conformance;
#[path = "format_responses/encoder.rs"]
mod encoder;
#[path = "format_responses/hostile.rs"]
mod hostile;
#[path = "format_responses/roundtrip.rs"]
mod roundtrip;

use aster::chunk::FinishReason;
use aster::decode::{decode_whole, Decoded};
use aster::error::{classify, ErrorKind};
use aster::format::WireFormat;
use aster::http::Headers;
use format_support::responses_gemini::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const F: WireFormat = WireFormat::OpenAiResponses;

/// The aster provider a capture comes from.
fn provider_of(p: &Path) -> &'static str {
    let r = rel(p);
    if r.contains("azure") {
        "azure"
    } else if r.contains("xai-responses") {
        "xai"
    } else if r.contains("deepseek_responses") {
        "deepseek"
    } else if r.contains("openrouter") {
        "openrouter"
    } else {
        "openai"
    }
}

/// Every Responses stream in the corpus, as (label, provider, SSE body). Chunk files hold
/// several responses back to back (one per step of a multi-step test); they are split at each
/// `response.created`, one stream per response.
fn streams() -> Vec<(String, &'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut raw: Vec<PathBuf> = Vec::new();
    raw.extend(corpus_files("cassettes/openai_responses", &["body.sse"]));
    raw.extend(corpus_files("cassettes/deepseek_responses", &["body.sse"]));
    raw.extend(openai_cassettes_on_responses(&["body.sse"]));
    raw.extend(corpus_files("genai/openai_resp", &[".txt"]));
    for p in raw {
        out.push((rel(&p), provider_of(&p), read(&p)));
    }
    for dir in [
        "chunks/openai-responses",
        "chunks/azure-responses",
        "chunks/xai-responses",
    ] {
        for p in corpus_files(dir, &[".chunks.txt"]) {
            let lines = chunk_lines(&p);
            let mut parts: Vec<Vec<String>> = Vec::new();
            for l in lines {
                if l.starts_with("{\"type\":\"response.created\"") || parts.is_empty() {
                    parts.push(Vec::new());
                }
                if let Some(last) = parts.last_mut() {
                    last.push(l);
                }
            }
            let n = parts.len();
            for (i, part) in parts.iter().enumerate() {
                let label = if n > 1 {
                    format!("{} #{}", rel(&p), i + 1)
                } else {
                    rel(&p)
                };
                out.push((label, provider_of(&p), to_sse(part, true, false)));
            }
        }
    }
    out
}

/// `cassettes/openai` exchanges whose request went to a `/responses` URL.
fn openai_cassettes_on_responses(names: &[&str]) -> Vec<PathBuf> {
    corpus_files("cassettes/openai", names)
        .into_iter()
        .filter(|p| {
            let (req, _) = cassette_meta(p);
            req["uri"].as_str().unwrap_or("").contains("/responses")
        })
        .collect()
}

/// The `data` JSON of each event of an SSE body (single-line data, as Responses sends).
fn events(body: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(body)
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .filter_map(|d| serde_json::from_str(d.trim()).ok())
        .collect()
}

/// Every non-streaming body: `(label, provider, status, headers, bytes)`.
fn bodies() -> Vec<(String, &'static str, u16, Headers, Vec<u8>)> {
    let mut out = Vec::new();
    let mut cassettes = corpus_files("cassettes/openai_responses", &["body.json", "body.txt"]);
    cassettes.extend(corpus_files(
        "cassettes/deepseek_responses",
        &["body.json", "body.txt"],
    ));
    cassettes.extend(openai_cassettes_on_responses(&["body.json", "body.txt"]));
    for p in cassettes {
        let (_, resp) = cassette_meta(&p);
        let status = resp["status"].as_u64().unwrap_or(0) as u16;
        let headers: Headers = resp["headers"]
            .as_object()
            .map(|h| {
                h.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        out.push((rel(&p), provider_of(&p), status, headers, read(&p)));
    }
    for dir in [
        "chunks/openai-responses",
        "chunks/azure-responses",
        "chunks/xai-responses",
    ] {
        for p in corpus_files(dir, &[".json"]) {
            out.push((rel(&p), provider_of(&p), 200, Headers::new(), read(&p)));
        }
    }
    out
}

fn decode_body_case(provider: &str, status: u16, headers: &Headers, body: &[u8]) -> Decoded {
    if status >= 400 {
        return Decoded {
            chunks: Vec::new(),
            error: Some(classify(status, headers, body, provider, 0)),
        };
    }
    decode_whole(F, provider, body)
}

fn stream_summary(suffix: &str) -> Summary {
    let all = streams();
    let found: Vec<_> = all.iter().filter(|(l, _, _)| l.ends_with(suffix)).collect();
    assert_eq!(found.len(), 1, "one stream ends with {suffix}");
    let (label, provider, body) = found[0];
    summarize(&decode_every_way(F, provider, body, label), label)
}

fn body_summary(suffix: &str) -> Summary {
    let all = bodies();
    let found: Vec<_> = all.iter().filter(|(l, ..)| l.ends_with(suffix)).collect();
    assert_eq!(found.len(), 1, "one body ends with {suffix}");
    let (label, provider, status, headers, body) = found[0];
    summarize(&decode_body_case(provider, *status, headers, body), label)
}

fn call(name: &str, input: Value) -> (String, Value) {
    (name.to_string(), input)
}

fn calls(s: &Summary) -> Vec<(String, Value)> {
    s.calls
        .iter()
        .map(|c| (c.name.clone(), c.input.clone()))
        .collect()
}

/// The hand-written delta scanner (the decoder's fast path) reads the recorded `*.delta`
/// events into exactly the struct serde's typed parse builds, or leaves them to serde (a
/// `delta` that is not a string, as in `shell_call_output_content.delta`); it reads nearly all.
#[test]
fn the_delta_scanner_reads_every_recorded_delta_as_serde_does() {
    let bodies = streams().into_iter().map(|(label, _, body)| (label, body));
    let (scanned, left) = format_support::scan_agreement(
        format_support::sse_data(bodies),
        |data| data.contains(".delta\"") && !data.contains("\"item\":"),
        format_support::fast_decode_only!(aster::format::openai_responses::scan_check),
        |_, _| {},
    );
    println!("responses deltas scanned: {scanned}, left to serde: {left}");
    format_support::assert_scanned(scanned, left, scanned > 100 && scanned > 20 * left);
}

/// The light reading of the `response.*` events other than deltas (heads, text `*.done`,
/// `output_item.*`, skipped events: no `Value` tree) reads every recorded one exactly as the
/// `Value` reading does, and reads nearly all of them (not those with `logprobs`, whose
/// exponents it leaves to the `Value`).
#[test]
fn the_light_reading_reads_recorded_events_as_the_value_does() {
    let bodies = streams().into_iter().map(|(label, _, body)| (label, body));
    let (read, left) = format_support::scan_agreement(
        format_support::sse_data(bodies),
        |data| data.starts_with("{\"type\":\"response.") && !data.contains(".delta\""),
        format_support::fast_decode_only!(aster::format::openai_responses::light_check),
        |_, _| {},
    );
    println!("responses events read light: {read}, left to the Value: {left}");
    format_support::assert_scanned(read, left, read > 100 && read > 10 * left);
}
