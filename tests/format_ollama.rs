//! Conformance of the `ollama` format (native `/api/chat`, NDJSON): the corpus capture
//! `genai/ollama_cloud/simple_stream` and aster's own fixtures (`tests/fixtures/ollama`, written
//! from Ollama's API documentation). The corpus's `cassettes/ollama` captures are Ollama's
//! OpenAI-compatible `/v1/chat/completions` endpoint and are decoded in `format_openai_chat`.

use crate::format_support;
use aster::chunk::{Chunk, FinishReason};
use aster::error::ErrorKind;
use aster::format::{ollama, EncodeContext, Framing, WireFormat};
use aster::message::parse_request;
use format_support::*;
use serde_json::json;
use std::path::Path;

const F: WireFormat = WireFormat::Ollama;

fn fixture(name: &str) -> Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ollama")
        .join(name);
    Case {
        name: name.to_string(),
        path,
        provider: "ollama".into(),
        status: 200,
        stream: name.ends_with(".ndjson"),
        framing: Framing::Ndjson,
    }
}

fn all_cases() -> Vec<Case> {
    let mut cases = genai_cases("ollama_cloud", "ollama", Framing::Ndjson);
    for f in [
        "tool_call_stream.ndjson",
        "two_calls_body.json",
        "cached_prompt_stream.ndjson",
        "error_stream.ndjson",
        "cut_stream.ndjson",
        "length_stream.ndjson",
    ] {
        cases.push(fixture(f));
    }
    cases
}

#[test]
fn every_case_decodes_identically_at_any_chunking() {
    let cases = all_cases();
    let mut ok = 0;
    for case in &cases {
        let out = decode_case(F, case);
        let expected = match case.name.as_str() {
            "error_stream.ndjson" => Some(ErrorKind::ServerError),
            "cut_stream.ndjson" => Some(ErrorKind::NetworkError),
            _ => None,
        };
        assert_eq!(
            out.error.as_ref().map(|e| e.kind),
            expected,
            "{}",
            case.name
        );
        ok += usize::from(expected.is_none());
    }
    println!(
        "ollama: {} cases, {ok} decoded, {} errors as expected",
        cases.len(),
        cases.len() - ok
    );
    assert_eq!((cases.len(), ok), (7, 5));
}

#[test]
fn corpus_simple_stream() {
    let case = all_cases().remove(0);
    assert_eq!(
        case.name,
        "genai/ollama_cloud/simple_stream/response_000.txt"
    );
    let out = decode_case(F, &case);
    let r = out.response();
    assert!(r
        .text
        .starts_with("The sky appears blue due to a phenomenon called Rayleigh scattering"));
    assert!(r.text.ends_with("longer wavelengths like red and orange."));
    assert_eq!(r.model.as_deref(), Some("gemma3:4b"));
    let u = out.usage();
    assert_eq!(
        (u.input_tokens, u.output_tokens, u.estimated),
        (21, 40, false)
    );
    assert_eq!(out.finish(), (FinishReason::Stop, Some("stop".into())));
}

#[test]
fn fixtures_aggregate_as_documented() {
    let out = decode_case(F, &fixture("tool_call_stream.ndjson"));
    assert_eq!(out.reasoning(), "The user wants the weather in Toronto.");
    let calls = out.tool_calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].0, "call_0", "Ollama sends no id: generated");
    assert_eq!(
        (calls[0].1.as_str(), &calls[0].2),
        (
            "get_current_weather",
            &json!({"format": "celsius", "location": "Toronto"})
        )
    );
    assert_eq!(out.finish(), (FinishReason::ToolCalls, Some("stop".into())));
    assert_eq!(
        (out.usage().input_tokens, out.usage().output_tokens),
        (231, 41)
    );

    let out = decode_case(F, &fixture("two_calls_body.json"));
    let calls = out.tool_calls();
    assert_eq!(
        calls.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["call_k1fx2c3d", "call_1"]
    );
    assert_eq!(calls[1].2, json!({"timezone": "Europe/Paris"}));

    // Prompt served from the cache: no prompt_eval_count, so the input is the estimate.
    let case = fixture("cached_prompt_stream.ndjson");
    let bytes = std::fs::read(&case.path).unwrap_or_default();
    let mut dec = aster::format::StreamDecoder::new(F, Framing::Ndjson, "ollama");
    dec.set_input_estimate(17);
    let mut chunks = Vec::new();
    dec.feed(&bytes, &mut chunks)
        .unwrap_or_else(|e| panic!("{e}"));
    dec.finish(&mut chunks).unwrap_or_else(|e| panic!("{e}"));
    let usage = chunks.iter().find_map(|c| match c {
        Chunk::Usage(u) => Some(u.clone()),
        _ => None,
    });
    let usage = usage.unwrap_or_default();
    assert_eq!(
        (usage.input_tokens, usage.output_tokens, usage.estimated),
        (17, 3, true)
    );

    let out = decode_case(F, &fixture("error_stream.ndjson"));
    assert!(out
        .error
        .as_ref()
        .is_some_and(|e| e.message.contains("unexpected EOF")));
    assert_eq!(out.response().text, "Once upon");

    let out = decode_case(F, &fixture("length_stream.ndjson"));
    assert_eq!(out.finish(), (FinishReason::Length, Some("length".into())));
}

#[test]
fn encoder_maps_the_documented_fields() {
    let req = parse_request(&json!({
        "system": "Be brief.",
        "messages": [
            {"role": "user", "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "QUJD"}},
                {"type": "image", "source": {"type": "url", "url": "https://x/y.png"}},
            ]},
            {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "Look it up.", "signature": "s"},
                {"type": "tool_use", "id": "t1", "name": "lookup", "input": {"q": "abc"}},
            ]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "a cat"}]},
        ],
        "tools": [{"name": "lookup", "description": "Look up", "input_schema": {"type": "object"}}],
        "maxTokens": 200, "temperature": 0.3, "topK": 20, "stopSequences": ["\n\n"],
        "reasoning": {"effort": "medium"},
        "responseFormat": {"type": "json_schema", "name": "r", "schema": {"type": "object"}},
        "providerOptions": {"ollama": {"num_ctx": 8192, "keep_alive": "10m", "options": {"seed": 1}}},
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    let ctx = EncodeContext::new("ollama", "qwen3", true);
    let e = ollama::encode(&req, &ctx).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        e.body,
        json!({
            "model": "qwen3",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "What is this?", "images": ["QUJD"]},
                {"role": "assistant", "content": "", "thinking": "Look it up.",
                 "tool_calls": [{"function": {"name": "lookup", "arguments": {"q": "abc"}}}]},
                {"role": "tool", "content": "a cat", "tool_name": "lookup"},
            ],
            "stream": true,
            "tools": [{"type": "function", "function": {"name": "lookup", "description": "Look up", "parameters": {"type": "object"}}}],
            "think": true,
            "format": {"type": "object"},
            "keep_alive": "10m",
            "options": {"num_predict": 200, "temperature": 0.3, "top_k": 20, "stop": ["\n\n"], "num_ctx": 8192, "seed": 1},
        })
    );
    assert!(e
        .warnings
        .iter()
        .any(|w| w.setting == "messages[0].content[2]"));
    // gpt-oss takes an effort level; stream is explicit even when false.
    let ctx = EncodeContext::new("ollama", "gpt-oss:20b", false);
    let e = ollama::encode(&req, &ctx).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (e.body["think"].clone(), e.body["stream"].clone()),
        (json!("medium"), json!(false))
    );
}

#[test]
fn mutated_cases_never_panic() {
    for case in all_cases() {
        mutations_never_panic(F, &case, 100);
    }
}
