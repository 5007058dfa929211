//! Conformance of the `openai-chat` format on every in-scope corpus capture: cassettes whose
//! request URI ends in `/chat/completions` (groq, openrouter, deepseek, cerebras, crusoe,
//! huggingface, snowflake, zai, openai, bedrock_mantle, stream_close, ollama's `/v1`), the
//! vercel/ai chunk files (openai-chat, openai-compatible, groq, xai-chat) and the rust-genai
//! captures (openai, github_copilot, aihubmix, opencode_go `openai_*`).

use crate::common;
use crate::format_support;
use aster::chunk::{Chunk, FinishReason};
use aster::error::ErrorKind;
use aster::format::openai_chat::{self, SseWriter};
use aster::format::{Framing, WireFormat};
use aster::http::Headers;
use format_support::openai_chat_cases::{all_cases, corpus_requests, roles, ERRORS};
use format_support::openai_chat_expect::OPENAI_CHAT;
use format_support::*;

const F: WireFormat = WireFormat::OpenAiChat;

fn case(name: &str) -> Case {
    all_cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

#[test]
fn every_case_decodes_identically_at_any_chunking() {
    let cases = all_cases();
    let (mut ok, mut failed) = (0, 0);
    for case in &cases {
        let out = decode_case(F, case);
        let expected_error = ERRORS.iter().find(|(n, _)| *n == case.name);
        match (&out.error, expected_error) {
            (None, None) => {
                assert!(
                    OPENAI_CHAT.iter().any(|e| e.case == case.name),
                    "{}: no expectation",
                    case.name
                );
                ok += 1;
            }
            (Some(e), Some((_, kind))) => {
                assert_eq!(e.kind, *kind, "{}: {e:?}", case.name);
                failed += 1;
            }
            (got, want) => panic!("{}: got {got:?}, expected {want:?}", case.name),
        }
        // A non-200 body is classified from status + body as the client does.
        if case.status != 200 {
            let body = std::fs::read(&case.path).unwrap_or_default();
            let err =
                aster::error::classify(case.status, &Headers::new(), &body, &case.provider, 0);
            let (_, kind) =
                expected_error.unwrap_or_else(|| panic!("{}: HTTP error not listed", case.name));
            assert_eq!(err.kind, *kind, "{}", case.name);
            assert_eq!(err.status, Some(case.status));
        }
    }
    println!(
        "openai-chat: {} cases, {ok} decoded, {failed} errors as expected",
        cases.len()
    );
    assert_eq!((cases.len(), ok, failed), (87, 76, 11));
}

#[test]
fn aggregates_match_the_raw_data() {
    let cases = all_cases();
    assert_eq!(OPENAI_CHAT.len(), 76);
    for e in OPENAI_CHAT {
        let case = cases
            .iter()
            .find(|c| c.name == e.case)
            .unwrap_or_else(|| panic!("{}", e.case));
        check_expect(e, &decode_case(F, case));
    }
}

#[test]
fn in_band_errors_are_classified_and_keep_the_usage_of_emitted_output() {
    // Groq: `event: error` with a tool_use_failed object after reasoning output.
    let out = decode_case(
        F,
        &case("cassettes/groq/test_tool_use_failed_error_streaming/00/body.sse"),
    );
    let err = out.error.clone().unwrap_or_else(|| panic!("no error"));
    assert_eq!(err.provider_code.as_deref(), Some("tool_use_failed"));
    assert_eq!(err.provider.as_deref(), Some("groq"));
    assert!(out.reasoning().starts_with("We need to call the tool"));
    assert!(matches!(out.chunks.last(), Some(Chunk::Usage(u)) if u.estimated));
    // OpenRouter: finish_reason "length", then an error chunk carrying the usage: the stream
    // fails (as pydantic-ai's test expects) and the reported counts are kept, marked estimated.
    let out = decode_case(
        F,
        &case("cassettes/openrouter/test_openrouter_stream_error/00/body.sse"),
    );
    assert_eq!(
        out.error.as_ref().map(|e| e.message.as_str()),
        Some("Token limit reached")
    );
    match out.chunks.last() {
        Some(Chunk::Usage(u)) => assert_eq!(
            (u.input_tokens, u.output_tokens, u.estimated),
            (43, 10, true)
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn quirks_of_compatible_hosts() {
    // Azure: the first chunk has an empty id/model (prompt filter results); metadata waits.
    let out = decode_case(
        F,
        &case("chunks/openai-chat/azure-model-router.1.chunks.txt"),
    );
    assert_eq!(
        out.chunks[0],
        Chunk::Metadata {
            id: Some("chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt".into()),
            model: Some("gpt-5-nano-2025-08-07".into()),
            provider: "openai".into(),
        }
    );
    // Snowflake: no finish_reason at all, then [DONE]: complete, reason stop without raw.
    let out = decode_case(
        F,
        &case("cassettes/snowflake/test_snowflake_model_streaming/00/body.sse"),
    );
    assert_eq!(out.finish(), (FinishReason::Stop, None));
    // Snowflake bodies: finish_reason "" and a zero-valued function_call: no tool call.
    let out = decode_case(
        F,
        &case("cassettes/snowflake/test_snowflake_model_simple/00/body.json"),
    );
    assert!(out.tool_calls().is_empty());
    assert_eq!(out.finish(), (FinishReason::Stop, None));
    // An Anthropic model behind a compatible proxy starts its tool call at index 1.
    let out = decode_case(
        F,
        &case("chunks/openai-compatible/anthropic-fallback-tool-call.sse"),
    );
    assert!(out.chunks.contains(&Chunk::ToolCallStart {
        index: 0,
        id: "toolu_sanitized".into(),
        name: "read_file".into()
    }));
    // OpenRouter (Anthropic model): reasoning text, then a signature-only detail closes it.
    let out = decode_case(
        F,
        &case("cassettes/openrouter/test_openrouter_streaming_reasoning/00/body.sse"),
    );
    let thinking = thinking_of(&out.response());
    assert_eq!(thinking.len(), 1);
    assert!(thinking[0]
        .1
        .as_deref()
        .is_some_and(|s| s.starts_with("Et0BCkgIChACGAIqQA2s")));
    // OpenRouter (OpenAI model): encrypted reasoning arrives as redacted data.
    let out = decode_case(
        F,
        &case("cassettes/openrouter/test_openrouter_stream_with_reasoning/00/body.sse"),
    );
    assert!(out.chunks.iter().any(
        |c| matches!(c, Chunk::Reasoning { redacted: Some(d), .. } if d.starts_with("gAAAAABpCCSI"))
    ));
    // OpenCode: a cost chunk after [DONE] (`"cost": "0"`, a string) is still read.
    let out = decode_case(F, &case("genai/opencode_go/openai_stream/response_000.txt"));
    assert_eq!(out.usage().total_cost, Some(0.0));
}

#[test]
fn a_cut_stream_is_a_network_error_never_a_silent_end() {
    for case in all_cases().iter().filter(|c| c.stream) {
        let bytes = std::fs::read(&case.path).unwrap_or_default();
        let Some(limit) = completion_offset(&bytes) else {
            continue;
        };
        let mut rng = common::Rng::new(42);
        for _ in 0..6 {
            let cut = rng.below(limit);
            let out = decode_stream_bytes(
                F,
                case.framing,
                &case.provider,
                &bytes[..cut],
                Chunking::Whole,
            );
            check_contract(&case.name, &out);
            let kind = out.error.as_ref().map(|e| e.kind);
            assert!(
                matches!(
                    kind,
                    Some(ErrorKind::NetworkError | ErrorKind::Decode | ErrorKind::InvalidRequest)
                ),
                "{} cut at {cut}: {kind:?}",
                case.name
            );
        }
    }
}

#[test]
fn end_of_body_after_finish_reason_without_done_is_complete() {
    let c = case("cassettes/crusoe/test_crusoe_model_streaming/00/body.sse");
    let text = std::fs::read_to_string(&c.path).unwrap_or_default();
    let without_done = text.replace("data: [DONE]", "");
    let out = decode_stream_bytes(
        F,
        Framing::Sse,
        "crusoe",
        without_done.as_bytes(),
        Chunking::Bytes1,
    );
    assert!(out.error.is_none());
    assert_eq!(out.response().text, "1, 2, 3, 4, 5");
    assert_eq!(out.usage().input_tokens, 46);
}

#[test]
fn tool_call_keying_rules() {
    // Parallel calls interleaved by index, no ids (generated), arguments split anywhere.
    let body = sse(&[
        r#"{"id":"r1","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"a","arguments":"{\"x\""}},{"index":1,"function":{"name":"b","arguments":""}}]}}]}"#,
        r#"{"id":"r1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"y\":2}"}},{"index":0,"function":{"arguments":":1}"}}]}}]}"#,
        r#"{"id":"r1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
        "[DONE]",
    ]);
    let out = decode_stream_bytes(F, Framing::Sse, "p", &body, Chunking::Bytes1);
    check_contract("parallel", &out);
    let calls = out.tool_calls();
    assert_eq!(
        calls[0],
        ("call_r1_0".into(), "a".into(), serde_json::json!({"x": 1}))
    );
    assert_eq!(
        calls[1],
        ("call_r1_1".into(), "b".into(), serde_json::json!({"y": 2}))
    );
    // Every call at index 0 with distinct ids, and an id repeated on continuation deltas.
    let body = sse(&[
        r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"a","arguments":"{}"}}]}}]}"#,
        r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c2","function":{"name":"b","arguments":"{\"k\""}}]}}]}"#,
        r#"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c2","function":{"arguments":":true}"}}]}}]}"#,
        r#"{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"#,
    ]);
    let out = decode_stream_bytes(F, Framing::Sse, "p", &body, Chunking::Whole);
    check_contract("index reuse", &out);
    let calls = out.tool_calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (calls[1].0.as_str(), calls[1].2.clone()),
        ("c2", serde_json::json!({"k": true}))
    );
    // No index at all: keyed by id, continuation without id continues the last call.
    let body = sse(&[
        r#"{"choices":[{"delta":{"tool_calls":[{"id":"m1","function":{"name":"a","arguments":"{\"q\":"}}]}}]}"#,
        r#"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"\"v\"}"}}]}}]}"#,
        r#"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#,
    ]);
    let out = decode_stream_bytes(F, Framing::Sse, "p", &body, Chunking::Whole);
    assert_eq!(
        out.tool_calls(),
        vec![("m1".into(), "a".into(), serde_json::json!({"q": "v"}))]
    );
    // "stop" after tool calls is reported as tool_calls, the raw reason kept.
    assert_eq!(out.finish(), (FinishReason::ToolCalls, Some("stop".into())));
}

#[test]
fn malformed_data_is_a_decode_error_and_never_panics() {
    let out = decode_stream_bytes(
        F,
        Framing::Sse,
        "p",
        b"data: {not json\n\n",
        Chunking::Whole,
    );
    assert_eq!(out.error.map(|e| e.kind), Some(ErrorKind::Decode));
    for body in [
        &b"data: []\n\n"[..],
        b"data: 42\n\n",
        b"data: {\"choices\":7}\n\n",
        b"data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":-1}]}}]}\n\n",
    ] {
        let out = decode_stream_bytes(F, Framing::Sse, "p", body, Chunking::Bytes1);
        assert!(out.error.is_some(), "{}", String::from_utf8_lossy(body));
    }
}

/// Round trip: chunks → [`SseWriter`] → the decoder → the same chunks. The finish chunk's raw
/// reason becomes the OpenAI name, so it is compared only where it already was one.
#[test]
fn sse_writer_round_trips_every_corpus_stream() {
    let mut n = 0;
    for case in all_cases().iter().filter(|c| c.stream) {
        let out = decode_case(F, case);
        if out.error.is_some() {
            continue;
        }
        let mut w = SseWriter::new("", "", 1_700_000_000, true);
        let mut text = String::new();
        for c in &out.chunks {
            w.write(c, &mut text);
        }
        assert!(text.ends_with("data: [DONE]\n\n"), "{}", case.name);
        let again = decode_stream_bytes(
            F,
            Framing::Sse,
            &case.provider,
            text.as_bytes(),
            Chunking::Random(3),
        );
        let norm = |chunks: &[Chunk]| -> Vec<Chunk> {
            chunks
                .iter()
                .map(|c| match c {
                    Chunk::Finish { reason, raw_reason } => Chunk::Finish {
                        reason: *reason,
                        raw_reason: raw_reason.clone().filter(|r| {
                            matches!(
                                r.as_str(),
                                "stop" | "length" | "tool_calls" | "content_filter"
                            )
                        }),
                    },
                    other => other.clone(),
                })
                .collect()
        };
        let (a, b) = (norm(&out.chunks), norm(&again.chunks));
        if a != b {
            // Only a raw reason that was not an OpenAI name may differ.
            assert_eq!(a[..a.len() - 1], b[..b.len() - 1], "{}", case.name);
            assert_eq!(out.finish().0, again.finish().0, "{}", case.name);
        }
        n += 1;
    }
    assert_eq!(n, 30);
}

#[test]
fn response_body_round_trips_every_corpus_body() {
    for case in all_cases().iter().filter(|c| !c.stream) {
        let out = decode_case(F, case);
        if out.error.is_some() {
            continue;
        }
        let resp = out.response();
        let body = openai_chat::response_body(&resp, resp.model.as_deref().unwrap_or("m"));
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let again = decode_whole_body(F, &case.provider, &bytes);
        let r2 = again.response();
        assert_eq!(r2.text, resp.text, "{}", case.name);
        assert_eq!(again.tool_calls(), out.tool_calls(), "{}", case.name);
        assert_eq!(r2.usage, resp.usage, "{}", case.name);
        assert_eq!(r2.stop_reason, resp.stop_reason, "{}", case.name);
        assert_eq!(again.reasoning(), out.reasoning(), "{}", case.name);
    }
}

#[test]
fn gateway_parses_every_corpus_request_and_re_encodes_it() {
    let requests = corpus_requests();
    assert_eq!(requests.len(), 66);
    for (name, provider, body) in &requests {
        let (inbound, _warnings) = openai_chat::parse_inbound_with_warnings(body)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            inbound.model,
            body["model"].as_str().unwrap_or(""),
            "{name}"
        );
        assert_eq!(
            inbound.stream,
            body["stream"].as_bool().unwrap_or(false),
            "{name}"
        );
        assert_eq!(
            inbound.include_usage,
            body["stream_options"]["include_usage"]
                .as_bool()
                .unwrap_or(false)
        );
        let max = body["max_completion_tokens"]
            .as_u64()
            .or(body["max_tokens"].as_u64());
        assert_eq!(inbound.request.max_tokens.map(u64::from), max, "{name}");
        let tools: Vec<&str> = body["tools"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["function"]["name"].as_str())
            .collect();
        assert_eq!(
            inbound
                .request
                .tools
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>(),
            tools,
            "{name}"
        );
        let messages = body["messages"].as_array().cloned().unwrap_or_default();
        let calls: usize = messages
            .iter()
            .map(|m| m["tool_calls"].as_array().map_or(0, Vec::len))
            .sum();
        let results = messages.iter().filter(|m| m["role"] == "tool").count();
        let blocks: Vec<&str> = inbound
            .request
            .messages
            .iter()
            .flat_map(|m| m.content.iter().map(|b| b.type_name()))
            .collect();
        assert_eq!(
            blocks.iter().filter(|b| **b == "tool_use").count(),
            calls,
            "{name}"
        );
        assert_eq!(
            blocks.iter().filter(|b| **b == "tool_result").count(),
            results,
            "{name}"
        );

        let ctx =
            aster::format::EncodeContext::new(provider, inbound.model.clone(), inbound.stream);
        let encoded =
            openai_chat::encode(&inbound.request, &ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
        let re = encoded.body["messages"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(roles(&re), roles(&messages), "{name}");
        let ids = |ms: &[serde_json::Value]| -> Vec<String> {
            ms.iter()
                .filter_map(|m| m["tool_call_id"].as_str().map(String::from))
                .collect()
        };
        assert_eq!(ids(&re), ids(&messages), "{name}");
        assert_eq!(
            encoded.body["stream"].as_bool().unwrap_or(false),
            inbound.stream,
            "{name}"
        );
    }
}

#[test]
fn gateway_rejects_malformed_requests_with_a_path() {
    let bad = [
        (serde_json::json!({"messages": []}), "model"),
        (serde_json::json!({"model": "m"}), "messages"),
        (
            serde_json::json!({"model": "m", "messages": [{"content": "x"}]}),
            "messages[0]",
        ),
        (
            serde_json::json!({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}),
            "messages[0].content[0].image_url.url",
        ),
        (
            serde_json::json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "max_tokens": -1}),
            "max_tokens",
        ),
        (
            serde_json::json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "tool_choice": 3}),
            "tool_choice",
        ),
        // As the API does: nothing to answer.
        (
            serde_json::json!({"model": "m", "messages": []}),
            "messages",
        ),
    ];
    for (body, path) in bad {
        let err = openai_chat::parse_inbound(&body)
            .err()
            .unwrap_or_else(|| panic!("{body}"));
        assert_eq!(err.kind, ErrorKind::InvalidRequest);
        assert!(err.message.starts_with(path), "{} vs {path}", err.message);
    }
}

#[test]
fn error_body_is_openai_shaped() {
    let body =
        std::fs::read(case("cassettes/openrouter/test_openrouter_errors_raised/00/body.json").path)
            .unwrap_or_default();
    let err = aster::error::classify(429, &Headers::new(), &body, "openrouter", 0);
    let (status, v) = openai_chat::error_body(&err);
    assert_eq!(status, 429);
    assert_eq!(v["error"]["type"], "rate_limit_error");
    assert!(v["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("rate-limited")));
    // Written into a stream, the same object ends it; the client raises it.
    let mut w = SseWriter::new("id", "m", 0, false);
    let mut text = String::new();
    w.write(
        &Chunk::Text {
            text: "partial".into(),
        },
        &mut text,
    );
    w.write_error(&err, &mut text);
    let out = decode_stream_bytes(F, Framing::Sse, "gateway", text.as_bytes(), Chunking::Whole);
    assert_eq!(out.error.map(|e| e.kind), Some(ErrorKind::RateLimitError));
}

#[test]
fn mutated_corpus_never_panics() {
    for case in all_cases() {
        mutations_never_panic(F, &case, 25);
    }
}

/// The hand-written chunk scanner (the decoder's fast path) reads every recorded chunk that
/// serde's typed parse reads, into exactly the same struct.
#[test]
fn the_chunk_scanner_reads_every_recorded_chunk_as_serde_does() {
    let bodies = all_cases()
        .into_iter()
        .filter(|c| c.stream)
        .map(|c| (c.name.clone(), std::fs::read(&c.path).unwrap_or_default()));
    let serde_reads: Option<fn(&str) -> bool> =
        format_support::fast_decode_only!(openai_chat::serde_reads);
    let (scanned, left) = format_support::scan_agreement(
        format_support::sse_data(bodies),
        |_| true,
        format_support::fast_decode_only!(openai_chat::scan_check),
        |label, data| {
            let plain = serde_reads.is_some_and(|f| f(data));
            assert!(
                !plain,
                "{label}: the scanner left a plain chunk to serde: {data}"
            );
        },
    );
    println!("openai-chat chunks: {scanned} scanned, {left} left to serde");
    format_support::assert_scanned(scanned, left, scanned > 1000);
}
