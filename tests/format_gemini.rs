//! Conformance of the `gemini` format against every Gemini capture in the corpus:
//! `cassettes/google`, `chunks/google` and `genai/gemini`.
//!
//! Every stream (CRLF-framed SSE, as Google sends it) is decoded whole, at 1-byte pieces and at
//! random chunkings (identical results) and checked against an oracle read straight from its
//! chunks (text and thought parts, function calls, signatures, the last usage report, the
//! finish reason); every body is decoded; the error body gives the right `ProviderError`. Then
//! many cases are checked against concrete values read from the raw data, and the encoder
//! rebuilds every recorded request.

mod common;
mod format_support;

use aster::chunk::FinishReason;
use aster::decode::{decode_whole, Decoded};
use aster::error::ErrorKind;
use aster::format::WireFormat;
use format_support::*;
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

fn map_finish(r: &str) -> FinishReason {
    match r {
        "STOP" => FinishReason::Stop,
        "MAX_TOKENS" => FinishReason::Length,
        "SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII" => {
            FinishReason::ContentFilter
        }
        "MALFORMED_FUNCTION_CALL" => FinishReason::Error,
        _ => FinishReason::Other,
    }
}

/// Checks a decoded stream against its own chunks.
fn check_against_chunks(label: &str, body: &[u8], s: &Summary) {
    let mut text = String::new();
    let mut thoughts = String::new();
    let mut calls = Vec::new();
    let mut sigs = Vec::new();
    let mut partial = false;
    let mut usage = None;
    let mut finish = None;
    for c in chunks_of(body) {
        if c["usageMetadata"].get("promptTokenCount").is_some() {
            usage = Some(c["usageMetadata"].clone());
        }
        let cand = &c["candidates"][0];
        for p in cand["content"]["parts"].as_array().into_iter().flatten() {
            let sig = p["thoughtSignature"].as_str();
            if let Some(fc) = p.get("functionCall") {
                sigs.extend(sig.map(String::from));
                if fc.get("partialArgs").is_some() || fc.get("willContinue").is_some() {
                    partial = true;
                } else if let Some(name) = fc["name"].as_str() {
                    let args = if fc["args"].is_null() {
                        json!({})
                    } else {
                        fc["args"].clone()
                    };
                    calls.push((name.to_string(), args));
                }
            } else if let Some(t) = p["text"].as_str() {
                sigs.extend(sig.map(String::from));
                if p["thought"] == true {
                    thoughts.push_str(t);
                } else {
                    text.push_str(t);
                }
            }
        }
        if let Some(r) = cand["finishReason"].as_str() {
            finish = Some(map_finish(r));
        }
    }
    assert_eq!(s.text, text, "{label}: text = the non-thought text parts");
    assert_eq!(
        s.reasoning, thoughts,
        "{label}: reasoning = the thought parts"
    );
    assert_eq!(s.signatures, sigs, "{label}: every signature, in order");
    assert!(s.redacted.is_empty(), "{label}");
    if !partial {
        let got: Vec<(String, Value)> = s
            .calls
            .iter()
            .map(|c| (c.name.clone(), c.input.clone()))
            .collect();
        assert_eq!(got, calls, "{label}: calls = the functionCall parts");
    }
    let u = usage.expect("usage reported");
    let got = s.usage.as_ref().unwrap();
    let n = |k: &str| u[k].as_u64().unwrap_or(0);
    assert_eq!(
        counts(got),
        (
            n("promptTokenCount") + n("toolUsePromptTokenCount"),
            n("candidatesTokenCount") + n("thoughtsTokenCount"),
            n("cachedContentTokenCount"),
            0,
            n("thoughtsTokenCount")
        ),
        "{label}: the last usage report"
    );
    assert!(!got.estimated);
    let want = match finish.expect("finishReason") {
        FinishReason::Stop if !s.calls.is_empty() => FinishReason::ToolCalls,
        f => f,
    };
    assert_eq!(s.finish, Some(want), "{label}: finish");
}

#[test]
fn every_stream_decodes_in_every_chunking() {
    let all = streams();
    for (label, provider, body) in &all {
        let d = decode_every_way(F, provider, body, label);
        let s = summarize(&d, label);
        assert!(s.error.is_none(), "{label}: {:?}", s.error);
        check_against_chunks(label, body, &s);
    }
    eprintln!("gemini streams: {} ok", all.len());
    assert_eq!(all.len(), 25, "all stream cases found");
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

#[test]
fn every_body_decodes() {
    let all = bodies();
    let mut errors = 0;
    for (label, provider, body) in &all {
        let d = decode_whole(F, provider, body);
        let s = summarize(&d, label);
        if label.ends_with("google-429-retry-info.json") {
            let e = s.error.expect("error body");
            assert_eq!(e.kind, ErrorKind::RateLimitError);
            assert_eq!(e.status, Some(429));
            assert_eq!(e.retry_after_ms, Some(34_400), "RetryInfo.retryDelay 34.4s");
            assert_eq!(e.provider_code.as_deref(), Some("RESOURCE_EXHAUSTED"));
            errors += 1;
            continue;
        }
        assert!(s.error.is_none(), "{label}: {:?}", s.error);
        // The oracle of the streams applies to a body too: it is one chunk.
        let v: Value = serde_json::from_slice(body).unwrap();
        let sse = format!("data: {}\r\n\r\n", serde_json::to_string(&v).unwrap());
        check_against_chunks(label, sse.as_bytes(), &s);
    }
    eprintln!(
        "gemini bodies: {} ok + {errors} errors = {}",
        all.len() - errors,
        all.len()
    );
    assert_eq!(all.len(), 11, "all body cases found");
    assert_eq!(errors, 1);
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
