//! Conformance of the `openai-responses` format against every Responses capture in the corpus:
//! `cassettes/openai_responses`, `cassettes/deepseek_responses`, the `/responses` exchanges in
//! `cassettes/openai`, `chunks/{openai,azure,xai}-responses` and `genai/openai_resp`.
//!
//! Every stream is decoded whole, at 1-byte pieces and at random chunkings (identical results),
//! and checked against an oracle read straight from its events (the `*.done` texts, the
//! finished call items, the terminal usage); every body is decoded; every error body gives the
//! right `ProviderError`. Then many cases are checked against concrete values read from the
//! raw data.

mod common;
mod format_support;

use aster::chunk::FinishReason;
use aster::decode::{decode_whole, Decoded};
use aster::error::{classify, ErrorKind};
use aster::format::WireFormat;
use aster::http::Headers;
use format_support::*;
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
    for dir in ["chunks/openai-responses", "chunks/azure-responses", "chunks/xai-responses"] {
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

/// Hand-edited fixtures whose text deltas are not the beginning of their `output_text.done`
/// text ("successfully." streamed, "successfully in the container…" done): the streamed text
/// stands, as the caller already has it.
const DELTAS_DISAGREE_WITH_DONE: [&str; 1] = ["openai-shell-container.1.chunks.txt"];

/// Checks a decoded stream against what its own events say.
fn check_against_events(label: &str, provider: &str, body: &[u8], s: &Summary) {
    let evs = events(body);
    let mut text_done = String::new();
    let mut saw_text_done = false;
    let mut calls = Vec::new();
    let mut encrypted = Vec::new();
    let mut terminal: Option<&Value> = None;
    for e in &evs {
        let ty = e["type"].as_str().unwrap_or("");
        match ty {
            "response.output_text.done" => {
                saw_text_done = true;
                text_done.push_str(e["text"].as_str().unwrap_or(""));
            }
            "response.output_item.done" => {
                let item = &e["item"];
                match item["type"].as_str() {
                    Some("function_call") => calls.push((
                        item["name"].as_str().unwrap_or("").to_string(),
                        serde_json::from_str::<Value>(item["arguments"].as_str().unwrap_or(""))
                            .unwrap_or(Value::Null),
                    )),
                    Some("custom_tool_call") if provider != "xai" => calls.push((
                        item["name"].as_str().unwrap_or("").to_string(),
                        item["input"].clone(),
                    )),
                    Some("reasoning") => {
                        if let Some(enc) = item["encrypted_content"].as_str() {
                            encrypted.push(enc.to_string());
                        }
                    }
                    _ => {}
                }
            }
            "response.completed" | "response.incomplete" => {
                terminal = Some(e);
                break;
            }
            _ => {}
        }
    }
    if saw_text_done && !DELTAS_DISAGREE_WITH_DONE.iter().any(|f| label.ends_with(f)) {
        assert_eq!(s.text, text_done, "{label}: text = the output_text.done texts");
    }
    let got: Vec<(String, Value)> = s
        .calls
        .iter()
        .map(|c| (c.name.clone(), c.input.clone()))
        .collect();
    if !calls.iter().any(|(n, _)| n == "parallel") {
        assert_eq!(got, calls, "{label}: calls = the finished call items");
    }
    assert_eq!(s.redacted, encrypted, "{label}: encrypted reasoning, from the done items");
    let Some(t) = terminal else {
        return;
    };
    let u = &t["response"]["usage"];
    let usage = s.usage.as_ref().expect("usage");
    if u.is_object() {
        assert!(!usage.estimated, "{label}: reported usage");
        assert_eq!(usage.input_tokens, u["input_tokens"].as_u64().unwrap_or(0), "{label}");
        assert_eq!(usage.output_tokens, u["output_tokens"].as_u64().unwrap_or(0), "{label}");
        assert_eq!(
            usage.cache_read_tokens,
            u["input_tokens_details"]["cached_tokens"].as_u64().unwrap_or(0),
            "{label}"
        );
        assert_eq!(
            usage.reasoning_tokens,
            u["output_tokens_details"]["reasoning_tokens"].as_u64().unwrap_or(0),
            "{label}"
        );
    } else {
        assert!(usage.estimated, "{label}: no usage reported → estimated");
    }
    if t["type"] == "response.completed" {
        let want = if s.calls.is_empty() {
            FinishReason::Stop
        } else {
            FinishReason::ToolCalls
        };
        assert_eq!(s.finish, Some(want), "{label}: finish");
    }
}

/// Streams that do not end in a successful response, and why.
fn expected_stream_error(label: &str) -> Option<ErrorKind> {
    if label.contains("openai-error.1.chunks.txt") {
        // `error` event (insufficient_quota) then response.failed.
        return Some(ErrorKind::RateLimitError);
    }
    if label.contains("parallel-tool-call-wrapper.1.chunks.txt") {
        // The fixture's response.created / response.completed lines are cut off mid-object.
        return Some(ErrorKind::Decode);
    }
    if label.contains("azure-deepseek-reasoning.1.chunks.txt") {
        // Chat Completions chunks filed under azure-responses: no Responses terminal event.
        return Some(ErrorKind::NetworkError);
    }
    None
}

#[test]
fn every_stream_decodes_in_every_chunking() {
    let all = streams();
    let mut ok = 0;
    let mut failed = 0;
    for (label, provider, body) in &all {
        let d = decode_every_way(F, provider, body, label);
        let s = summarize(&d, label);
        match (expected_stream_error(label), &s.error) {
            (None, None) => {
                check_against_events(label, provider, body, &s);
                ok += 1;
            }
            (Some(kind), Some(e)) => {
                assert_eq!(e.kind, kind, "{label}: {e}");
                assert_eq!(e.provider.as_deref(), Some(*provider), "{label}");
                failed += 1;
            }
            (want, got) => panic!("{label}: expected error {want:?}, got {got:?}"),
        }
    }
    eprintln!("openai-responses streams: {ok} ok + {failed} expected errors = {}", all.len());
    assert_eq!(ok + failed, all.len());
    assert!(all.len() >= 75, "all stream cases found ({})", all.len());
}

/// Every non-streaming body: `(label, provider, status, headers, bytes)`.
fn bodies() -> Vec<(String, &'static str, u16, Headers, Vec<u8>)> {
    let mut out = Vec::new();
    let mut cassettes = corpus_files("cassettes/openai_responses", &["body.json", "body.txt"]);
    cassettes.extend(corpus_files("cassettes/deepseek_responses", &["body.json", "body.txt"]));
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
    for dir in ["chunks/openai-responses", "chunks/azure-responses", "chunks/xai-responses"] {
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

#[test]
fn every_body_decodes() {
    let all = bodies();
    let mut ok = 0;
    let mut errors = 0;
    for (label, provider, status, headers, body) in &all {
        let d = decode_body_case(provider, *status, headers, body);
        let s = summarize(&d, label);
        let want: Option<ErrorKind> = if label.ends_with("openai-error.1.json") {
            Some(ErrorKind::RateLimitError)
        } else if label.ends_with("reasoning-model-temperature-error.json")
            || label.contains("test_openai_responses_model_http_error")
            || label.contains("rejects_interleaved_function_calls")
        {
            Some(ErrorKind::InvalidRequest)
        } else if label.ends_with("azure-deepseek-reasoning.1.json") {
            // A chat completion filed under azure-responses.
            Some(ErrorKind::Decode)
        } else {
            None
        };
        match (want, &s.error) {
            (None, None) => {
                let v: Value = serde_json::from_slice(body).expect("json");
                let u = &v["usage"];
                let usage = s.usage.as_ref().expect("usage");
                if u.is_object() {
                    assert_eq!(usage.input_tokens, u["input_tokens"].as_u64().unwrap(), "{label}");
                    assert_eq!(usage.output_tokens, u["output_tokens"].as_u64().unwrap(), "{label}");
                }
                ok += 1;
            }
            (Some(kind), Some(e)) => {
                assert_eq!(e.kind, kind, "{label}: {e}");
                errors += 1;
            }
            (want, got) => panic!("{label}: expected {want:?}, got {got:?}"),
        }
    }
    eprintln!("openai-responses bodies: {ok} ok + {errors} errors = {}", all.len());
    assert_eq!(ok + errors, all.len());
    assert!(all.len() >= 45, "all body cases found ({})", all.len());
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
    s.calls.iter().map(|c| (c.name.clone(), c.input.clone())).collect()
}
