//! Conformance of the `gemini` format against every Gemini capture in the corpus:
//! `cassettes/google`, `chunks/google` and `genai/gemini`.
//!
//! Every stream (CRLF-framed SSE, as Google sends it) is decoded whole, at 1-byte pieces and at
//! random chunkings (identical results) and checked against an oracle read straight from its
//! chunks (text and thought parts, function calls, signatures, the last usage report, the
//! finish reason); every body is decoded; the error body gives the right `ProviderError`. Then
//! many cases are checked against concrete values read from the raw data, and the encoder
//! rebuilds every recorded request.

use crate::format_support;
#[path = "format_gemini/cases.rs"]
mod cases;
#[path = "format_gemini/conformance.rs"]
mod conformance;
#[path = "format_gemini/encoder.rs"]
mod encoder;
#[path = "format_gemini/hostile.rs"]
mod hostile;

use aster::chunk::FinishReason;
use aster::decode::{decode_whole, Decoded};
use aster::error::ErrorKind;
use aster::format::WireFormat;
use format_support::responses_gemini::*;
use serde_json::{json, Value};
use std::path::Path;

const F: WireFormat = WireFormat::Gemini;

fn provider_of(p: &Path) -> &'static str {
    if rel(p).contains("vertex") {
        "vertex"
    } else {
        "google"
    }
}

/// Every Gemini stream: (label, provider, SSE body). Chunk files are re-framed with CRLF line
/// ends, as Google frames them.
fn streams() -> Vec<(String, &'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let mut raw = corpus_files("cassettes/google", &["body.sse"]);
    raw.extend(corpus_files("genai/gemini", &[".txt"]));
    for p in raw {
        out.push((rel(&p), provider_of(&p), read(&p)));
    }
    for p in corpus_files("chunks/google", &[".chunks.txt"]) {
        out.push((
            rel(&p),
            provider_of(&p),
            to_sse(&chunk_lines(&p), false, true),
        ));
    }
    out
}

/// The `data` JSON of each event (Gemini data is one line).
fn chunks_of(body: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(body)
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .map(|d| serde_json::from_str(d.trim()).expect("chunk JSON"))
        .collect()
}

/// Every body: (label, provider, bytes).
fn bodies() -> Vec<(String, &'static str, Vec<u8>)> {
    let mut files = corpus_files("cassettes/google", &["body.json"]);
    files.extend(corpus_files("chunks/google", &[".json"]));
    files
        .into_iter()
        .map(|p| (rel(&p), provider_of(&p), read(&p)))
        .collect()
}

fn body_decoded(suffix: &str) -> Decoded {
    let all = bodies();
    let found: Vec<_> = all.iter().filter(|(l, ..)| l.ends_with(suffix)).collect();
    assert_eq!(found.len(), 1, "one body ends with {suffix}");
    decode_whole(F, found[0].1, &found[0].2)
}

fn stream_summary(suffix: &str) -> Summary {
    let all = streams();
    let found: Vec<_> = all.iter().filter(|(l, ..)| l.ends_with(suffix)).collect();
    assert_eq!(found.len(), 1, "one stream ends with {suffix}");
    let (label, provider, body) = found[0];
    summarize(&decode_every_way(F, provider, body, label), label)
}

fn calls(s: &Summary) -> Vec<(String, Value)> {
    s.calls
        .iter()
        .map(|c| (c.name.clone(), c.input.clone()))
        .collect()
}

fn call(name: &str, input: Value) -> (String, Value) {
    (name.to_string(), input)
}

fn encode_req(req: aster::message::Request, model: &str) -> aster::format::Encoded {
    let ctx = aster::format::EncodeContext::new("google", model, true);
    aster::format::encode(F, &req, &ctx).unwrap()
}

/// The hand-written chunk scanner (the decoder's fast path) reads the recorded chunks into
/// exactly the struct serde's typed parse builds; the ones it leaves to serde are those the
/// typed path does not read (a `functionCall` part, an `error`, a `promptFeedback`).
#[test]
fn the_chunk_scanner_reads_recorded_chunks_as_serde_does() {
    let bodies = streams().into_iter().map(|(label, _, body)| (label, body));
    let untyped = ["\"functionCall\"", "\"error\"", "\"promptFeedback\""];
    let (scanned, left) = format_support::scan_agreement(
        format_support::sse_data(bodies),
        |_| true,
        format_support::fast_decode_only!(aster::format::gemini::scan_check),
        |label, data| {
            let why = untyped.iter().any(|k| data.contains(k));
            assert!(why, "{label}: left to serde: {data}");
        },
    );
    println!("gemini chunks scanned: {scanned}, left to serde: {left}");
    format_support::assert_scanned(scanned, left, scanned > 50);
}
