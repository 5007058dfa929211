//! Conformance over the recorded corpus (issue: every wire format, proven on real traffic).
//!
//! Every cassette whose URI maps to an in-scope format, every `chunks/` fixture of an in-scope
//! provider and every `genai/` body is decoded through the public pipeline
//! (`aster::decode`, i.e. codec → format state machine → emitter), and:
//! 1. the result is identical at every chunk size we feed (1..=8 bytes, then larger primes);
//! 2. text, client tool calls, usage and the raw finish reason agree with an independent oracle
//!    derived straight from the raw events (`tests/common/oracle.rs`);
//! 3. the whole aggregate equals the reviewed snapshot in `tests/expect/conformance.jsonl`
//!    (regenerate with `ASTER_UPDATE_EXPECT=1 cargo test --test integration conformance`, then review the
//!    diff).
//!
//! Non-200 cassettes are classified with `aster::error::classify` and the error code is
//! snapshotted too. Nothing in scope is skipped; out-of-scope exchanges (token counting,
//! Cohere, model metadata, transcription bodies) are listed with their reason.

use crate::common;
use aster::decode::{aggregate, decode_stream, decode_whole, Decoded};
use aster::format::WireFormat;
use common::oracle::{self, Expect};
use common::{corpus_dir, files_under};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CHUNK_SIZES: [usize; 13] = [1, 2, 3, 4, 5, 6, 7, 8, 13, 64, 127, 509, 4093];

#[derive(Debug)]
enum Body {
    Stream(Vec<u8>),
    Whole(Vec<u8>),
    /// A non-200 response: status, headers, body.
    Error(u16, aster::http::Headers, Vec<u8>),
}

struct Case {
    name: String,
    format: WireFormat,
    provider: String,
    body: Body,
    /// Raw events for the oracle (None for error responses).
    events: Option<Vec<Value>>,
}

/// The aster provider name for a corpus folder (hosts aster has no kind for keep their name,
/// as a custom OpenAI-compatible provider would).
fn aster_provider(dir: &str) -> String {
    let d = dir.to_ascii_lowercase();
    let name = if d.starts_with("xai") {
        "xai"
    } else if d.starts_with("azure") {
        "azure"
    } else if d.starts_with("openai") {
        "openai"
    } else if d == "google" || d == "gemini" {
        "google"
    } else if d.starts_with("bedrock") {
        "bedrock"
    } else if d.starts_with("ollama") {
        "ollama"
    } else {
        return d;
    };
    name.to_string()
}

fn format_for_uri(uri: &str, host_dir: &str) -> Result<WireFormat, &'static str> {
    let path = uri
        .split("://")
        .nth(1)
        .and_then(|r| r.find('/').map(|i| &r[i..]))
        .unwrap_or(uri);
    if path.contains("count_tokens") || path.contains("count-tokens") {
        return Err("token counting endpoint");
    }
    if path.starts_with("/v2/chat") {
        return Err("Cohere (out of scope)");
    }
    if path.starts_with("/api/models/") {
        return Err("Hugging Face model metadata, not a completion");
    }
    if path.contains("/messages")
        || path.ends_with("/invoke")
        || path.contains("/invoke-with-response-stream")
    {
        return Ok(WireFormat::Anthropic);
    }
    if path.contains("/chat/completions") {
        return Ok(if host_dir == "mistral" {
            WireFormat::Mistral
        } else {
            WireFormat::OpenAiChat
        });
    }
    if path.contains("/responses") {
        return Ok(WireFormat::OpenAiResponses);
    }
    if path.contains(":generateContent") || path.contains(":streamGenerateContent") {
        return Ok(WireFormat::Gemini);
    }
    if path.ends_with("/converse") || path.ends_with("/converse-stream") {
        return Ok(WireFormat::BedrockConverse);
    }
    if path.contains("/api/chat") {
        return Ok(WireFormat::Ollama);
    }
    Err("unmapped URI")
}

fn chunks_dir_format(dir: &str) -> Option<WireFormat> {
    Some(match dir {
        "anthropic" => WireFormat::Anthropic,
        "azure-responses" | "openai-responses" | "xai-responses" => WireFormat::OpenAiResponses,
        "bedrock-converse" => WireFormat::BedrockConverse,
        "google" => WireFormat::Gemini,
        "groq" | "openai-chat" | "openai-compatible" | "xai-chat" => WireFormat::OpenAiChat,
        "mistral" => WireFormat::Mistral,
        _ => return None,
    })
}

fn genai_dir_format(dir: &str) -> Option<WireFormat> {
    Some(match dir {
        "anthropic" => WireFormat::Anthropic,
        "gemini" => WireFormat::Gemini,
        "openai_resp" => WireFormat::OpenAiResponses,
        "ollama_cloud" => WireFormat::Ollama,
        "openai" | "github_copilot" | "aihubmix" | "opencode_go" => WireFormat::OpenAiChat,
        _ => return None,
    })
}

fn oracle_for(format: WireFormat, provider: &str, events: &[Value]) -> Expect {
    match format {
        WireFormat::OpenAiChat | WireFormat::Mistral | WireFormat::Tgi => {
            oracle::openai_chat(events)
        }
        WireFormat::Anthropic => oracle::anthropic(events),
        WireFormat::Gemini => oracle::gemini(events),
        WireFormat::OpenAiResponses => oracle::responses(events, provider),
        WireFormat::BedrockConverse => oracle::bedrock(events),
        WireFormat::Ollama => oracle::ollama(events),
    }
}

/// Raw events of a body for the oracle.
fn raw_events(
    format: WireFormat,
    body: &Body,
    chunks_txt: bool,
    frames: Option<Vec<Value>>,
) -> Option<Vec<Value>> {
    if let Some(f) = frames {
        return Some(f);
    }
    match body {
        Body::Whole(b) => serde_json::from_slice(b).ok().map(|v| vec![v]),
        Body::Stream(b) => {
            let text = String::from_utf8_lossy(b);
            if format == WireFormat::Ollama {
                Some(
                    text.lines()
                        .filter_map(|l| serde_json::from_str(l.trim()).ok())
                        .collect(),
                )
            } else {
                Some(oracle::payloads(&text, chunks_txt))
            }
        }
        Body::Error(..) => None,
    }
}

fn collect_cases(skipped: &mut Vec<(String, String)>) -> Vec<Case> {
    let root = corpus_dir();
    assert!(
        root.is_dir(),
        "corpus not found at {} (set ASTER_CORPUS)",
        root.display()
    );
    let mut cases = Vec::new();
    // cassettes/PROVIDER/CASE/NN/
    for req in files_under(&root.join("cassettes"), &|p| p.ends_with("request.json")) {
        let dir = req.parent().expect("exchange dir");
        let name = dir
            .strip_prefix(&root)
            .expect("under root")
            .display()
            .to_string();
        let host_dir = dir
            .components()
            .rev()
            .nth(2)
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        let request: Value = serde_json::from_slice(&std::fs::read(&req).expect("read request"))
            .expect("request json");
        let response: Value = serde_json::from_slice(
            &std::fs::read(dir.join("response.json")).expect("read response"),
        )
        .expect("response json");
        let uri = request["uri"].as_str().unwrap_or("");
        let format = match format_for_uri(uri, &host_dir) {
            Ok(f) => f,
            Err(why) => {
                skipped.push((name, why.to_string()));
                continue;
            }
        };
        let body_path = [
            "body.sse",
            "body.eventstream",
            "body.ndjson",
            "body.json",
            "body.txt",
        ]
        .iter()
        .map(|b| dir.join(b))
        .find(|p| p.exists())
        .expect("a body file");
        let bytes = std::fs::read(&body_path).expect("read body");
        let status = response["status"].as_u64().unwrap_or(0) as u16;
        let body = if status != 200 {
            let headers = response["headers"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                        .collect()
                })
                .unwrap_or_default();
            Body::Error(status, headers, bytes)
        } else if body_path.extension().is_some_and(|e| e == "json") {
            Body::Whole(bytes)
        } else {
            Body::Stream(bytes)
        };
        let frames = match (&body, format == WireFormat::BedrockConverse) {
            (Body::Stream(b), true) => Some(common::eventstream::payload_events(b)),
            _ => None,
        };
        let events = raw_events(format, &body, false, frames);
        cases.push(Case {
            name,
            format,
            provider: aster_provider(&host_dir),
            body,
            events,
        });
    }
    // chunks/PROVIDER/*.chunks.txt | *.json | *.sse
    for f in files_under(&root.join("chunks"), &|_| true) {
        let name = f
            .strip_prefix(&root)
            .expect("under root")
            .display()
            .to_string();
        let dir = f
            .parent()
            .and_then(Path::file_name)
            .map(|d| d.to_string_lossy().to_string())
            .unwrap_or_default();
        let file = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(format) = chunks_dir_format(&dir) else {
            skipped.push((name, "provider not in scope".into()));
            continue;
        };
        if file.contains("transcription") {
            skipped.push((
                name,
                "audio transcription body, not a chat completion".into(),
            ));
            continue;
        }
        let bytes = std::fs::read(&f).expect("read chunks file");
        let (body, chunks_txt, frames) = if file.ends_with(".chunks.txt") {
            let text = String::from_utf8_lossy(&bytes).to_string();
            if format == WireFormat::BedrockConverse {
                let events: Vec<Value> = text
                    .lines()
                    .filter_map(|l| serde_json::from_str(l).ok())
                    .collect();
                (
                    Body::Stream(common::eventstream::frames_from_payload_lines(&events)),
                    true,
                    Some(events),
                )
            } else {
                let sse: String = text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| format!("data: {l}\n\n"))
                    .collect();
                (Body::Stream(sse.into_bytes()), true, None)
            }
        } else if file.ends_with(".json") {
            (Body::Whole(bytes), false, None)
        } else {
            (Body::Stream(bytes), false, None)
        };
        let events = match (&body, chunks_txt) {
            (Body::Stream(_), true) if frames.is_none() => Some(oracle::payloads(
                &String::from_utf8_lossy(&std::fs::read(&f).expect("re-read")),
                true,
            )),
            _ => raw_events(format, &body, chunks_txt, frames),
        };
        cases.push(Case {
            name,
            format,
            provider: aster_provider(&dir),
            body,
            events,
        });
    }
    // genai/PROVIDER/CASE/response_NNN.txt
    for f in files_under(&root.join("genai"), &|p| {
        p.extension().is_some_and(|e| e == "txt")
    }) {
        let name = f
            .strip_prefix(&root)
            .expect("under root")
            .display()
            .to_string();
        let dir = f
            .components()
            .rev()
            .nth(2)
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        // opencode_go serves MiniMax models through the Anthropic Messages format.
        let minimax = f.to_string_lossy().contains("/minimax_");
        let Some(format) = (if minimax {
            Some(WireFormat::Anthropic)
        } else {
            genai_dir_format(&dir)
        }) else {
            skipped.push((name, "provider not in scope".into()));
            continue;
        };
        let bytes = std::fs::read(&f).expect("read genai body");
        let trimmed = String::from_utf8_lossy(&bytes).trim_start().to_string();
        let body = if trimmed.starts_with('{') && format != WireFormat::Ollama {
            Body::Whole(bytes)
        } else {
            Body::Stream(bytes)
        };
        let events = raw_events(format, &body, false, None);
        cases.push(Case {
            name,
            format,
            provider: aster_provider(&dir),
            body,
            events,
        });
    }
    cases
}

fn decode_case(c: &Case, chunk: usize) -> Decoded {
    match &c.body {
        Body::Stream(b) => decode_stream(c.format, &c.provider, b, chunk),
        Body::Whole(b) => decode_whole(c.format, &c.provider, b),
        Body::Error(..) => unreachable!("error cases are classified, not decoded"),
    }
}

fn check_oracle(c: &Case, d: &Decoded, agg: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(events) = &c.events else {
        return problems;
    };
    if d.error.is_some() {
        return problems; // in-band error bodies: the snapshot pins the error code
    }
    let want = oracle_for(c.format, &c.provider, events);
    if agg["text"].as_str().unwrap_or("") != want.text {
        problems.push(format!(
            "text differs:\n  got  {:?}\n  want {:?}",
            agg["text"], want.text
        ));
    }
    let got_calls: Vec<(String, Value)> = agg["toolCalls"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or("").to_string(),
                t["arguments"].clone(),
            )
        })
        .collect();
    let names = |v: &[(String, Value)]| v.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
    let calls_differ = if want.args_unchecked {
        names(&got_calls) != names(&want.tool_calls)
    } else {
        got_calls != want.tool_calls
    };
    if calls_differ {
        problems.push(format!(
            "tool calls differ:\n  got  {got_calls:?}\n  want {:?}",
            want.tool_calls
        ));
    }
    if let Some((i, o)) = want.usage {
        let gi = agg["usage"]["inputTokens"].as_u64();
        let go = agg["usage"]["outputTokens"].as_u64();
        if (gi, go) != (Some(i), Some(o)) {
            problems.push(format!(
                "usage differs: got ({gi:?}, {go:?}) want ({i}, {o})"
            ));
        }
    }
    if let Some(raw) = &want.raw_finish {
        let got = d.chunks.iter().rev().find_map(|ch| match ch {
            aster::Chunk::Finish { raw_reason, .. } => Some(raw_reason.clone()),
            _ => None,
        });
        let got = got.flatten();
        if got.as_deref() != Some(raw.as_str()) {
            problems.push(format!("raw finish differs: got {got:?} want {raw:?}"));
        }
    }
    problems
}

fn expect_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expect/conformance.jsonl")
}

#[test]
fn corpus_conformance() {
    let mut skipped = Vec::new();
    let cases = collect_cases(&mut skipped);
    let mut failures: Vec<String> = Vec::new();
    let mut results: BTreeMap<String, Value> = BTreeMap::new();
    let mut per_format: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let now = 1_767_225_600_000u64; // 2026-01-01T00:00:00Z: a fixed clock for retry-after dates
    for c in &cases {
        let entry = per_format.entry(c.format.name()).or_default();
        entry.1 += 1;
        if let Body::Error(status, headers, body) = &c.body {
            let e = aster::error::classify(*status, headers, body, &c.provider, now);
            results.insert(c.name.clone(), json!({"format": c.format.name(), "status": status, "error": e.code(), "retryAfterMs": e.retry_after_ms}));
            entry.0 += 1;
            continue;
        }
        let whole = decode_case(c, 0);
        let mut ok = true;
        if matches!(c.body, Body::Stream(_)) {
            for size in CHUNK_SIZES {
                let d = decode_case(c, size);
                if d != whole {
                    failures.push(format!(
                        "{}: decoding in {size}-byte pieces differs from whole",
                        c.name
                    ));
                    ok = false;
                    break;
                }
            }
        }
        if let Err(e) = aster::chunk::check_contract(&whole.chunks, whole.error.is_some()) {
            failures.push(format!(
                "{} [{}]: chunk contract: {e}",
                c.name,
                c.format.name()
            ));
            ok = false;
        }
        let agg = aggregate(&whole);
        for p in check_oracle(c, &whole, &agg) {
            failures.push(format!("{} [{}]: {p}", c.name, c.format.name()));
            ok = false;
        }
        if ok {
            entry.0 += 1;
        }
        results.insert(
            c.name.clone(),
            json!({"format": c.format.name(), "aggregate": agg}),
        );
    }
    // Snapshot comparison.
    let path = expect_path();
    let rendered: String = results
        .iter()
        .map(|(k, v)| format!("{}\n", json!({"case": k, "result": v})))
        .collect();
    if std::env::var("ASTER_UPDATE_EXPECT").is_ok() {
        std::fs::write(&path, &rendered).expect("write snapshot");
    } else {
        let saved = std::fs::read_to_string(&path).unwrap_or_default();
        let saved: BTreeMap<String, Value> = saved
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|v| {
                (
                    v["case"].as_str().unwrap_or("").to_string(),
                    v["result"].clone(),
                )
            })
            .collect();
        for (k, v) in &results {
            match saved.get(k) {
                None => failures.push(format!(
                    "{k}: no reviewed snapshot (run with ASTER_UPDATE_EXPECT=1 and review)"
                )),
                Some(s) if s != v => failures.push(format!(
                    "{k}: differs from snapshot\n  got  {v}\n  want {s}"
                )),
                _ => {}
            }
        }
        for k in saved.keys().filter(|k| !results.contains_key(*k)) {
            failures.push(format!("{k}: in the snapshot but no longer decoded"));
        }
    }
    let total: usize = per_format.values().map(|v| v.1).sum();
    for (f, (ok, n)) in &per_format {
        println!("conformance {f}: {ok}/{n} cases");
    }
    println!(
        "conformance total: {}/{} cases in scope; {} out of scope:",
        total - failures.len().min(total),
        total,
        skipped.len()
    );
    for (n, why) in &skipped {
        println!("  out of scope: {n} ({why})");
    }
    assert!(
        failures.is_empty(),
        "{} conformance failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
