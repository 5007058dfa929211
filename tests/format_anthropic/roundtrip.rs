//! Gateway direction: chunks → `SseWriter` → our own stream decoder → the same chunks.

use super::support::*;
use super::{cases, decode_case, split_sse, Kind};
use aster::chunk::{Chunk, FinishReason};
use aster::error::{ErrorKind, ProviderError};
use aster::format::{anthropic, Framing, WireEvent, WireFormat};
use aster::response::Accumulator;
use serde_json::Value;

/// Chunks without metadata, and usage without the parts Anthropic's SSE has no field for.
fn comparable(chunks: &[Chunk]) -> Vec<Chunk> {
    chunks
        .iter()
        // Tools the provider ran are not written back: a client would take a `server_tool_use`
        // block it did not ask for as something to answer.
        .filter(|c| !matches!(c, Chunk::Metadata { .. } | Chunk::ProviderTool { .. }))
        .map(|c| match c {
            Chunk::Usage(u) => {
                let mut u = u.clone();
                u.reasoning_tokens = 0;
                Chunk::Usage(u)
            }
            // A response with tool calls goes out as `tool_use` whatever its raw reason was
            // (recordings of several messages end in `end_turn`); other raw reasons survive.
            Chunk::Finish {
                reason: FinishReason::ToolCalls,
                ..
            } => Chunk::Finish {
                reason: FinishReason::ToolCalls,
                raw_reason: None,
            },
            c => c.clone(),
        })
        .collect()
}

fn write_sse(chunks: &[Chunk]) -> Vec<u8> {
    let mut w = anthropic::SseWriter::new("claude-test");
    let mut out = Vec::new();
    for c in chunks {
        w.push(c, &mut out);
    }
    assert!(w.is_finished());
    out
}

#[test]
fn every_stream_round_trips_through_the_sse_writer() {
    let mut n = 0;
    for (path, kind) in cases() {
        if kind == Kind::Body {
            continue;
        }
        let d = decode_case(&path, kind);
        if d.error.is_some() {
            continue; // the spliced capture: nothing complete to write back
        }
        let bytes = write_sse(&d.chunks);
        let text = String::from_utf8(bytes.clone()).expect("UTF-8");
        // Every event has an `event:` line naming its JSON type.
        let events = split_sse(&text);
        for ev in &events {
            let v: Value = serde_json::from_str(&ev.data).expect("JSON data");
            assert_eq!(v["type"], ev.event.as_str());
        }
        let wire: Vec<WireEvent<'_>> = events.iter().map(WireEvent::Sse).collect();
        let back = run_machine::<anthropic::Stream>("anthropic", &wire);
        assert!(back.error.is_none(), "{}: {:?}", path.display(), back.error);
        assert_same_chunks(
            &comparable(&back.chunks),
            &comparable(&d.chunks),
            &path.display().to_string(),
        );
        // And through the real SSE codec, in pieces.
        let piecewise = run_pieces(
            WireFormat::Anthropic,
            Framing::Sse,
            "anthropic",
            &bytes,
            &[7],
        );
        assert_same_chunks(&piecewise.chunks, &back.chunks, &path.display().to_string());
        n += 1;
    }
    assert_eq!(n, 45);
}

#[test]
fn usage_goes_back_to_anthropic_convention() {
    let d = decode_case(
        &super::common::corpus_dir().join("genai/anthropic/usage_cache_stream/response_000.txt"),
        Kind::Sse,
    );
    let text = String::from_utf8(write_sse(&d.chunks)).unwrap_or_default();
    let delta = split_sse(&text)
        .into_iter()
        .find(|e| e.event == "message_delta")
        .expect("message_delta");
    let v: Value = serde_json::from_str(&delta.data).unwrap_or_default();
    assert_eq!(v["usage"]["input_tokens"], 9);
    assert_eq!(v["usage"]["cache_read_input_tokens"], 4202);
    assert_eq!(v["usage"]["cache_creation_input_tokens"], 0);
    assert_eq!(v["usage"]["output_tokens"], 5);
    assert_eq!(v["delta"]["stop_reason"], "end_turn");
}

#[test]
fn response_body_matches_the_accumulated_stream() {
    let d = decode_case(
        &super::common::corpus_dir()
            .join("cassettes/anthropic/test_anthropic_model_thinking_part_stream/00/body.sse"),
        Kind::Sse,
    );
    let mut acc = Accumulator::new();
    acc.extend(&d.chunks);
    let body = anthropic::response_body(acc.response(), "claude-test");
    assert_eq!(body["type"], "message");
    assert_eq!(body["model"], "claude-test");
    assert_eq!(body["id"], "msg_01ALwQ87pTS7hH1PjSdC9wJD");
    assert_eq!(body["content"][0]["type"], "thinking");
    assert!(body["content"][0]["signature"]
        .as_str()
        .is_some_and(|s| s.starts_with("EvMCCkYI")));
    assert_eq!(body["content"][1]["type"], "text");
    assert_eq!(body["usage"]["input_tokens"], 43);
    assert_eq!(body["usage"]["output_tokens"], 282);
    // The body decodes back to the same content.
    let again = aster::decode::decode_whole(
        WireFormat::Anthropic,
        "anthropic",
        body.to_string().as_bytes(),
    );
    assert_eq!(text(&again), text(&d));
    assert_eq!(reasoning(&again), reasoning(&d));
    assert_eq!(usage(&again), usage(&d));
}

#[test]
fn tool_calls_and_redacted_thinking_in_a_response_body() {
    let d = decode_case(
        &super::common::corpus_dir().join("chunks/anthropic/anthropic-tool-no-args.chunks.txt"),
        Kind::Lines,
    );
    let mut acc = Accumulator::new();
    acc.extend(&d.chunks);
    let body = anthropic::response_body(acc.response(), "m");
    assert_eq!(body["stop_reason"], "tool_use");
    assert_eq!(body["content"][1]["type"], "tool_use");
    assert_eq!(body["content"][1]["id"], "toolu_01QE1WLsSVp5hy5Q3GmGTmjP");
    assert_eq!(body["content"][1]["input"], serde_json::json!({}));
}

#[test]
fn errors_in_anthropic_shape() {
    let mut e = ProviderError::new(ErrorKind::Overloaded, "Overloaded");
    e.request_id = Some("req_1".into());
    let (status, body) = anthropic::error_body(&e);
    assert_eq!(status, 529);
    assert_eq!(body["type"], "error");
    assert_eq!(body["error"]["type"], "overloaded_error");
    assert_eq!(body["request_id"], "req_1");
    let (status, body) = anthropic::error_body(
        &ProviderError::new(ErrorKind::RateLimitError, "slow").with_status(429),
    );
    assert_eq!(
        (status, body["error"]["type"].as_str()),
        (429, Some("rate_limit_error"))
    );
    let (status, _) = anthropic::error_body(
        &ProviderError::new(ErrorKind::AuthenticationError, "no").with_status(403),
    );
    assert_eq!(status, 403);

    let mut w = anthropic::SseWriter::new("m");
    let mut out = Vec::new();
    w.push(
        &Chunk::Metadata {
            id: Some("msg_x".into()),
            model: None,
            provider: "openai".into(),
        },
        &mut out,
    );
    w.push(
        &Chunk::Text {
            text: "partial".into(),
        },
        &mut out,
    );
    w.error(&ProviderError::network("connection reset"), &mut out);
    w.push(
        &Chunk::Text {
            text: "ignored".into(),
        },
        &mut out,
    );
    let text = String::from_utf8(out).unwrap_or_default();
    let events = split_sse(&text);
    let names: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(
        names,
        [
            "message_start",
            "content_block_start",
            "content_block_delta",
            "error"
        ]
    );
    let v: Value = serde_json::from_str(&events[3].data).unwrap_or_default();
    assert_eq!(v["error"]["type"], "api_error");
    assert_eq!(v["error"]["message"], "connection reset");
}

#[test]
fn interleaved_tool_calls_and_a_signed_thinking_block() {
    // What an OpenAI-style upstream can produce: two calls whose deltas interleave, and
    // reasoning whose signature arrives with its text.
    let chunks = vec![
        Chunk::Metadata {
            id: None,
            model: None,
            provider: "openai".into(),
        },
        Chunk::Reasoning {
            reasoning: "think".into(),
            signature: Some("sig".into()),
            redacted: None,
        },
        Chunk::Reasoning {
            reasoning: "".into(),
            signature: None,
            redacted: Some("opaque".into()),
        },
        Chunk::ToolCallStart {
            index: 0,
            id: "a".into(),
            name: "f".into(),
        },
        Chunk::ToolCallStart {
            index: 1,
            id: "b".into(),
            name: "g".into(),
        },
        Chunk::ToolCallDelta {
            index: 0,
            id: "a".into(),
            arguments_delta: "{\"x\":".into(),
        },
        Chunk::ToolCallDelta {
            index: 1,
            id: "b".into(),
            arguments_delta: "{}".into(),
        },
        Chunk::ToolCallDelta {
            index: 0,
            id: "a".into(),
            arguments_delta: "1}".into(),
        },
        Chunk::ToolCall {
            index: 1,
            id: "b".into(),
            name: "g".into(),
            arguments: "{}".into(),
            input: serde_json::json!({}),
            error: None,
        },
        Chunk::ToolCall {
            index: 0,
            id: "a".into(),
            name: "f".into(),
            arguments: "{\"x\":1}".into(),
            input: serde_json::json!({"x": 1}),
            error: None,
        },
        Chunk::Usage(Default::default()),
        Chunk::Finish {
            reason: aster::FinishReason::ToolCalls,
            raw_reason: Some("tool_calls".into()),
        },
    ];
    let bytes = write_sse(&chunks);
    let text = String::from_utf8(bytes).unwrap_or_default();
    let events = split_sse(&text);
    let wire: Vec<WireEvent<'_>> = events.iter().map(WireEvent::Sse).collect();
    let back = run_machine::<anthropic::Stream>("anthropic", &wire);
    assert!(back.error.is_none());
    let calls = tool_calls(&back);
    let mut names: Vec<_> = calls
        .iter()
        .map(|(id, _, input)| (id.clone(), input.clone()))
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        names,
        [
            ("a".to_string(), serde_json::json!({"x": 1})),
            ("b".to_string(), serde_json::json!({}))
        ]
    );
    let (sigs, red) = signatures(&back);
    assert_eq!(
        (sigs, red),
        (vec!["sig".to_string()], vec!["opaque".to_string()])
    );
    assert_eq!(
        finish(&back).map(|f| f.1),
        Some(Some("tool_use".to_string()))
    );
}
