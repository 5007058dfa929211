//! Bedrock Converse format against the corpus: every ConverseStream capture and Converse body
//! decodes, with concrete values checked, identically under any chunking; the recorded
//! `chunks/bedrock-converse` payloads decode both as synthetic event-stream frames and as
//! JSON lines; encoded requests match the recorded ones.

use crate::common;
#[path = "format_bedrock/requests.rs"]
mod requests;
use common::claude_support as support;

use aster::codec::{EventStreamDecoder, Frame, HeaderValue};
use aster::decode::{decode_whole, Decoded};
use aster::error::ErrorKind;
use aster::format::{anthropic, bedrock_converse, Framing, WireEvent, WireFormat};
use common::{corpus_dir, files_under};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::*;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// AWS event-stream bytes.
    EventStream,
    /// One `{"eventName": payload}` per line.
    Lines,
    /// A whole Converse body.
    Body,
}

fn cases() -> Vec<(PathBuf, Kind)> {
    let root = corpus_dir();
    let mut out = Vec::new();
    for p in files_under(&root.join("cassettes/bedrock"), &|p| {
        p.file_name()
            .is_some_and(|n| n == "body.eventstream" || n == "body.json")
    }) {
        let k = if p.extension().is_some_and(|e| e == "eventstream") {
            Kind::EventStream
        } else {
            Kind::Body
        };
        out.push((p, k));
    }
    for p in files_under(&root.join("chunks/bedrock-converse"), &|_| true) {
        let n = p.to_string_lossy().into_owned();
        if n.ends_with(".chunks.txt") {
            out.push((p, Kind::Lines));
        } else if n.ends_with(".json") {
            out.push((p, Kind::Body));
        }
    }
    out
}

fn rel(p: &Path) -> String {
    p.strip_prefix(corpus_dir())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A synthetic ConverseStream frame for one recorded `{"eventName": payload}` line.
fn frames_of_line(line: &str) -> Vec<Frame> {
    let v: Value = serde_json::from_str(line).expect("JSON line");
    v.as_object()
        .into_iter()
        .flatten()
        .map(|(name, payload)| Frame {
            headers: vec![
                (":event-type".into(), HeaderValue::String(name.clone())),
                (
                    ":content-type".into(),
                    HeaderValue::String("application/json".into()),
                ),
                (":message-type".into(), HeaderValue::String("event".into())),
            ],
            payload: serde_json::to_vec(payload).unwrap_or_default(),
        })
        .collect()
}

fn decode_case(path: &Path, kind: Kind) -> Decoded {
    let bytes = std::fs::read(path).unwrap_or_default();
    match kind {
        Kind::Body => decode_whole(WireFormat::BedrockConverse, "bedrock", &bytes),
        Kind::EventStream => {
            let mut frames = Vec::new();
            let mut dec = EventStreamDecoder::new();
            dec.feed(&bytes, &mut frames).expect("valid event stream");
            dec.finish(&mut frames).expect("complete event stream");
            let wire: Vec<WireEvent<'_>> = frames.iter().map(WireEvent::Frame).collect();
            run_machine::<bedrock_converse::Stream>("bedrock", &wire)
        }
        Kind::Lines => {
            let text = String::from_utf8_lossy(&bytes);
            let frames: Vec<Frame> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .flat_map(frames_of_line)
                .collect();
            let wire: Vec<WireEvent<'_>> = frames.iter().map(WireEvent::Frame).collect();
            run_machine::<bedrock_converse::Stream>("bedrock", &wire)
        }
    }
}

const ERROR_BODIES: [&str; 3] = [
    "test_bedrock_count_tokens_error",
    "test_bedrock_error/",
    "test_bedrock_streaming_error",
];

#[test]
fn every_case_decodes() {
    let (mut streams, mut bodies) = (0, 0);
    for (path, kind) in cases() {
        let name = rel(&path);
        let d = decode_case(&path, kind);
        assert_contract(&d, &name);
        if ERROR_BODIES.iter().any(|n| name.contains(n)) {
            // `{"message": "The provided model identifier is invalid."}`
            assert_eq!(
                d.error.as_ref().map(|e| e.kind),
                Some(ErrorKind::ModelNotFound),
                "{name}"
            );
        } else {
            assert!(d.error.is_none(), "{name}: {:?}", d.error);
            assert!(finish(&d).is_some(), "{name}");
        }
        if kind == Kind::Body {
            bodies += 1;
        } else {
            streams += 1;
        }
    }
    // 7 ConverseStream captures + 12 chunk files; 9 cassette bodies + 11 chunk bodies.
    assert_eq!((streams, bodies), (19, 20));
}

#[test]
fn every_stream_decodes_identically_in_any_chunking() {
    for (path, kind) in cases() {
        let framing = match kind {
            Kind::EventStream => Framing::EventStream,
            // The same events as JSON lines (the shape AWS SDKs yield).
            Kind::Lines => Framing::Ndjson,
            Kind::Body => continue,
        };
        let name = rel(&path);
        let body = std::fs::read(&path).unwrap_or_default();
        let whole = assert_chunking_invariant(
            WireFormat::BedrockConverse,
            framing,
            "bedrock",
            &body,
            &name,
        );
        assert_same_chunks(&whole.chunks, &decode_case(&path, kind).chunks, &name);
    }
}

struct Expect {
    file: &'static str,
    /// The exact text, or [`ANY_TEXT`] for a long answer only checked to be there.
    text: &'static str,
    reasoning: &'static str,
    tools: &'static [(&'static str, &'static str, &'static str)],
    /// input (all), output, cache read, cache write; `None` when the capture has no usage.
    usage: Option<(u64, u64, u64, u64)>,
    finish: (&'static str, &'static str),
    signatures: usize,
    redacted: usize,
}

const ANY_TEXT: &str = "<any non-empty text>";

const PARIS: &str = "The capital of France is Paris. Paris is not only the capital city but also the most populous city in France, and it is a major center for culture, commerce, fashion, and international diplomacy. Known for its historical landmarks, such as the Eiffel Tower, the Louvre Museum, and Notre-Dame Cathedral, Paris is often referred to as \"The City of Light\" or \"The City of Love.\"";

const EXPECT: &[Expect] = &[
    Expect { file: "cassettes/bedrock/test_bedrock_model_stream/00/body.eventstream", text: PARIS, reasoning: "", tools: &[], usage: Some((13, 82, 0, 0)), finish: ("stop", "end_turn"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_model_iter_stream/00/body.eventstream", text: "<thinking> To find the temperature of the capital of France, I need to first determine the capital of France and then get the current temperature in that city. The capital of France is Paris. I will use the \"get_temperature\" tool to find the current temperature in Paris.</thinking>\n", reasoning: "", tools: &[("tooluse_lAG_zP8QRHmSYOwZzzaCqA", "get_temperature", r#"{"city":"Paris"}"#)], usage: Some((471, 91, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_model_iter_stream/01/body.eventstream", text: "The current temperature in Paris, the capital of France, is 30°C.", reasoning: "", tools: &[], usage: Some((577, 18, 0, 0)), finish: ("stop", "end_turn"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_model_stream_empty_text_delta/00/body.eventstream", text: "Hello! How can I help you today?", reasoning: "The user just says \"Hi\". We need to respond appropriately, friendly greeting. No special instructions. Should be short.", tools: &[], usage: Some((70, 43, 0, 0)), finish: ("stop", "end_turn"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_model_stream_with_extra_headers/00/body.eventstream", text: "Hello! How can I assist you today? Whether you have a question, need information, or just want to chat, I'm here to help.", reasoning: "", tools: &[], usage: Some((2, 32, 0, 0)), finish: ("stop", "end_turn"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_model_thinking_part_redacted_stream/00/body.eventstream", text: "I notice you've sent what appears to be some kind of command or trigger string, but I don't respond to special codes or triggers. That string doesn't have any special meaning to me.\n\nIf you have a question you'd like to discuss or need assistance with something, I'd be happy to help in a straightforward conversation. What would you like to talk about today?", reasoning: "", tools: &[], usage: Some((92, 253, 0, 0)), finish: ("stop", "end_turn"), signatures: 0, redacted: 2 },
    Expect { file: "cassettes/bedrock/test_bedrock_model_thinking_part_stream/00/body.eventstream", text: "Hello! It's nice to meet you. How can I help you today?", reasoning: "The user has greeted me with a simple \"Hello\". I should respond in a friendly and welcoming manner. This is a straightforward greeting, so I'll respond warmly and ask how I can help them today.", tools: &[], usage: Some((36, 73, 0, 0)), finish: ("stop", "end_turn"), signatures: 1, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-json-only-text-first.1.chunks.txt", text: "Here is your data:", reasoning: "", tools: &[("json-tool-1", "json", r#"{"name":"John"}"#)], usage: Some((100, 20, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-json-tool-text-then-weather-then-json.1.chunks.txt", text: "2 + 2 equals 4. Now let me check the weather for you.", reasoning: "", tools: &[("weather-tool-1", "weather", r#"{"location":"San Francisco"}"#), ("weather-tool-2", "weather", r#"{"location":"London"}"#)], usage: Some((500, 100, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-json-tool.3.chunks.txt", text: "First text block.Second text block.Third block.", reasoning: "", tools: &[("json-tool-id", "json", r#"{"result":42}"#)], usage: None, finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-json-with-tools.1.chunks.txt", text: "Multiple tools.Final JSON.", reasoning: "", tools: &[("tool-1", "tool-a", r#"{"a":"1"}"#), ("tool-2", "tool-b", r#"{"b":"2"}"#), ("json-tool-id", "json", r#"{"final":"result"}"#)], usage: None, finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-reasoning.chunks.txt", text: "There are **3** r's in \"strawberry\":\n\n1. st**r**awbe**r****r**y", reasoning: "Let me count the r's in \"strawberry\":\n\ns-t-r-a-w-b-e-r-r-y\n\nr appears at positions 3, 8, and 9.\n\nSo there are 3 r's.", tools: &[], usage: Some((51, 94, 0, 0)), finish: ("stop", "end_turn"), signatures: 1, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-text.chunks.txt", text: "Let me count the \"r\"s in \"strawberry\":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r's in \"strawberry.\"", reasoning: "", tools: &[], usage: Some((22, 55, 0, 0)), finish: ("stop", "end_turn"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-tool-call.1.chunks.txt", text: "", reasoning: "", tools: &[("tool-use-id", "test-tool", r#"{"value":"Sparkle Day"}"#)], usage: Some((125, 45, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-tool-no-args.chunks.txt", text: "I'll update the issue list for you.", reasoning: "", tools: &[("tool-use-id", "updateIssueList", "{}")], usage: Some((100, 25, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-reasoning.json", text: "There are **3** r's in \"strawberry\":\n\n1. st**r**awbe**r****r**y", reasoning: "Let me count the r's in \"strawberry\":\n\ns-t-r-a-w-b-e-r-r-y\n\nThere are 3 r's.", tools: &[], usage: Some((51, 78, 0, 0)), finish: ("stop", "end_turn"), signatures: 1, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-json-tool.1.json", text: "", reasoning: "", tools: &[("json-tool-id", "json", r#"{"elements":[{"location":"San Francisco","temperature":-5,"condition":"snowy"},{"location":"London","temperature":0,"condition":"snowy"}]}"#)], usage: Some((15, 42, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "chunks/bedrock-converse/amazon-bedrock-json-with-tools.1.json", text: "Calling multiple tools.Finally the JSON response.", reasoning: "", tools: &[("tool-1", "tool-a", r#"{"param":"a"}"#), ("tool-2", "tool-b", r#"{"param":"b"}"#), ("json-tool-id", "json", r#"{"final":"result"}"#)], usage: Some((28, 62, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_cache_messages_with_document_as_last_content/00/body.json", text: ANY_TEXT, reasoning: "", tools: &[], usage: Some((3 + 1712, 227, 0, 1712)), finish: ("stop", "end_turn"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_cache_messages_with_document_as_last_content/01/body.json", text: ANY_TEXT, reasoning: "", tools: &[], usage: Some((3 + 1712 + 236, 121, 1712, 236)), finish: ("stop", "end_turn"), signatures: 0, redacted: 0 },
    Expect { file: "cassettes/bedrock/test_bedrock_anthropic_tool_with_thinking/00/body.json", text: "I'll need to check what country you're from to answer that question.", reasoning: "The user is asking for the largest city in their country. To answer this, I first need to determine what country the user is from. I can use the `get_user_country` function to retrieve this information.\n\nOnce I have the user's country, I can then provide information about the largest city in that country.", tools: &[("tooluse_W9DaUFg4Tj2cRPpndqxWSg", "get_user_country", "{}")], usage: Some((397, 130, 0, 0)), finish: ("tool_calls", "tool_use"), signatures: 1, redacted: 0 },
];

#[test]
fn concrete_values() {
    let all = cases();
    for e in EXPECT {
        let (path, kind) = all
            .iter()
            .find(|(p, _)| rel(p) == e.file)
            .unwrap_or_else(|| panic!("{} missing", e.file));
        let d = decode_case(path, *kind);
        assert!(d.error.is_none(), "{}: {:?}", e.file, d.error);
        if e.text == ANY_TEXT {
            assert!(!text(&d).is_empty(), "{}", e.file);
        } else {
            assert_eq!(text(&d), e.text, "{}", e.file);
        }
        assert_eq!(reasoning(&d), e.reasoning, "{}", e.file);
        let want: Vec<(String, String, Value)> = e
            .tools
            .iter()
            .map(|(i, n, a)| {
                (
                    i.to_string(),
                    n.to_string(),
                    serde_json::from_str(a).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(tool_calls(&d), want, "{}", e.file);
        let u = usage(&d).unwrap_or_default();
        match e.usage {
            Some(x) => {
                assert!(!u.estimated, "{}", e.file);
                assert_eq!(
                    (
                        u.input_tokens,
                        u.output_tokens,
                        u.cache_read_tokens,
                        u.cache_write_tokens
                    ),
                    x,
                    "{}",
                    e.file
                );
            }
            None => assert!(
                u.estimated,
                "{}: no usage reported, so it is estimated",
                e.file
            ),
        }
        let (reason, raw) = finish(&d).unwrap_or_default();
        assert_eq!(
            (reason.as_str(), raw.as_deref()),
            (e.finish.0, Some(e.finish.1)),
            "{}",
            e.file
        );
        let (sigs, red) = signatures(&d);
        assert_eq!(
            (sigs.len(), red.len()),
            (e.signatures, e.redacted),
            "{}",
            e.file
        );
    }
}

#[test]
fn reasoning_signature_and_redacted_content_are_kept_verbatim() {
    let all = cases();
    let find = |f: &str| {
        all.iter()
            .find(|(p, _)| rel(p) == f)
            .map(|(p, k)| decode_case(p, *k))
            .expect("case")
    };
    let d = find("cassettes/bedrock/test_bedrock_model_thinking_part_stream/00/body.eventstream");
    let (sigs, _) = signatures(&d);
    assert!(sigs[0].starts_with("Eu0CCkgIBxABGAIqQJDccbDQkr81n7QjZ0Fi43umSvw0YvnGkMPEpaGAa2btYHyWw06KhwckvsnKzpKcxiRJT35meoG4"));
    let d = find(
        "cassettes/bedrock/test_bedrock_model_thinking_part_redacted_stream/00/body.eventstream",
    );
    let (_, red) = signatures(&d);
    // Bedrock base64-encodes Anthropic's (already base64) redacted data once more.
    assert!(red[0].starts_with("RXRrRUNrZ0lCeEFCR0FJcVFKVGZxUy9QWXVBRlplT2xzNlI4dUdOMDE0WU5UN1lESUZ1aE55eXdvWDFDamY5b0lZVGhYMXVj"));
    assert!(red[1].starts_with("RXFBRENrZ0lCeEFCR0FJcVFCM2g1R3lISkQ0aG9jUmNoVXEySTQwQ2hSTGRweGpWbDB4Wmt5Vlpycms2SklKV2VJbnVS"));
}

fn frame(message_type: &str, name_header: (&str, &str), payload: &str) -> Frame {
    Frame {
        headers: vec![
            (
                ":message-type".into(),
                HeaderValue::String(message_type.into()),
            ),
            (
                name_header.0.into(),
                HeaderValue::String(name_header.1.into()),
            ),
        ],
        payload: payload.as_bytes().to_vec(),
    }
}

#[test]
fn exception_frames_fail_the_stream() {
    for (ex, kind) in [
        ("throttlingException", ErrorKind::RateLimitError),
        ("modelStreamErrorException", ErrorKind::ServerError),
        ("internalServerException", ErrorKind::ServerError),
        ("validationException", ErrorKind::InvalidRequest),
        ("serviceUnavailableException", ErrorKind::Overloaded),
    ] {
        let start = frame(
            "event",
            (":event-type", "messageStart"),
            r#"{"role":"assistant"}"#,
        );
        let text = frame(
            "event",
            (":event-type", "contentBlockDelta"),
            r#"{"contentBlockIndex":0,"delta":{"text":"Hi"}}"#,
        );
        let exc = frame(
            "exception",
            (":exception-type", ex),
            r#"{"message":"boom"}"#,
        );
        let d = run_machine::<bedrock_converse::Stream>(
            "bedrock",
            &[
                WireEvent::Frame(&start),
                WireEvent::Frame(&text),
                WireEvent::Frame(&exc),
            ],
        );
        let e = d.error.clone().expect("error");
        assert_eq!(e.kind, kind, "{ex}");
        assert_eq!(e.message, "boom");
        assert_eq!(e.provider.as_deref(), Some("bedrock"));
        // Output was emitted: an estimated usage precedes the error, and no finish.
        assert!(usage(&d).is_some_and(|u| u.estimated));
        assert!(finish(&d).is_none());
    }
    // The same exception as an SDK-shaped JSON line.
    let d = run_machine::<bedrock_converse::Stream>(
        "bedrock",
        &[WireEvent::Line(
            r#"{"throttlingException":{"message":"slow down"}}"#,
        )],
    );
    assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::RateLimitError));
}

#[test]
fn a_stream_without_message_stop_is_cut() {
    let path = corpus_dir().join("cassettes/bedrock/test_bedrock_model_stream/00/body.eventstream");
    let bytes = std::fs::read(path).unwrap_or_default();
    let mut frames = Vec::new();
    let mut dec = EventStreamDecoder::new();
    dec.feed(&bytes, &mut frames).expect("frames");
    frames.retain(|f| f.header_str(":event-type") != Some("messageStop"));
    let wire: Vec<WireEvent<'_>> = frames.iter().map(WireEvent::Frame).collect();
    let d = run_machine::<bedrock_converse::Stream>("bedrock", &wire);
    assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::NetworkError));
    // Usage after messageStop is still part of the stream: it ends at the end of the body.
    let all: Vec<Frame> = {
        let mut f = Vec::new();
        let mut dec = EventStreamDecoder::new();
        dec.feed(&bytes, &mut f).expect("frames");
        f
    };
    assert_eq!(
        all.last().and_then(|f| f.header_str(":event-type")),
        Some("metadata")
    );
}

#[test]
fn bedrock_chunks_cross_into_the_anthropic_gateway_output() {
    // A Converse stream served to an Anthropic client: chunks → SSE → Anthropic decoder.
    let all = cases();
    for (path, kind) in all.iter().filter(|(_, k)| *k != Kind::Body) {
        let d = decode_case(path, *kind);
        let mut w = anthropic::SseWriter::new("bedrock/claude");
        let mut out = Vec::new();
        for c in &d.chunks {
            w.push(c, &mut out);
        }
        let back = run_pieces(
            WireFormat::Anthropic,
            Framing::Sse,
            "bedrock",
            &out,
            &[out.len().max(1)],
        );
        assert!(back.error.is_none(), "{}", rel(path));
        assert_eq!(text(&back), text(&d), "{}", rel(path));
        assert_eq!(reasoning(&back), reasoning(&d), "{}", rel(path));
        assert_eq!(tool_calls(&back), tool_calls(&d), "{}", rel(path));
        let (u1, u2) = (
            usage(&back).unwrap_or_default(),
            usage(&d).unwrap_or_default(),
        );
        assert_eq!(
            (u1.input_tokens, u1.output_tokens),
            (u2.input_tokens, u2.output_tokens)
        );
        assert_eq!(
            finish(&back).map(|f| f.0),
            finish(&d).map(|f| f.0),
            "{}",
            rel(path)
        );
    }
}

#[test]
fn invoke_with_response_stream_frames_feed_the_anthropic_machine() {
    // Claude through Bedrock `/invoke-with-response-stream`: `chunk` frames whose payload is
    // `{"bytes": base64(Anthropic event)}` (built here from a recorded Anthropic stream).
    use base64::Engine;
    let text =
        std::fs::read_to_string(corpus_dir().join("chunks/anthropic/anthropic-text.chunks.txt"))
            .unwrap_or_default();
    let frames: Vec<Frame> = text
        .lines()
        .map(|l| {
            let b64 = base64::engine::general_purpose::STANDARD.encode(l.as_bytes());
            frame(
                "event",
                (":event-type", "chunk"),
                &json!({ "bytes": b64 }).to_string(),
            )
        })
        .collect();
    let wire: Vec<WireEvent<'_>> = frames.iter().map(WireEvent::Frame).collect();
    let d = run_machine::<anthropic::Stream>("bedrock", &wire);
    assert!(d.error.is_none());
    assert_eq!(support::text(&d), "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    let exc = frame(
        "exception",
        (":exception-type", "throttlingException"),
        r#"{"message":"Too many tokens"}"#,
    );
    let d = run_machine::<anthropic::Stream>("bedrock", &[WireEvent::Frame(&exc)]);
    assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::RateLimitError));
}

#[test]
fn malformed_events_never_panic() {
    let events: [(&str, &str); 9] = [
        ("messageStart", "5"),
        (
            "contentBlockStart",
            r#"{"contentBlockIndex":"x","start":{"toolUse":7}}"#,
        ),
        (
            "contentBlockStart",
            r#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":3}}}"#,
        ),
        (
            "contentBlockDelta",
            r#"{"contentBlockIndex":1,"delta":{"toolUse":{"input":5}}}"#,
        ),
        (
            "contentBlockDelta",
            r#"{"delta":{"reasoningContent":{"text":1,"signature":[]}}}"#,
        ),
        ("contentBlockStop", r#"{"contentBlockIndex":-4}"#),
        ("messageStop", r#"{"stopReason":9}"#),
        (
            "metadata",
            r#"{"usage":{"inputTokens":-1,"outputTokens":"x"}}"#,
        ),
        ("somethingNew", "null"),
    ];
    let frames: Vec<Frame> = events
        .iter()
        .map(|(n, p)| frame("event", (":event-type", n), p))
        .collect();
    for n in 0..=frames.len() {
        let wire: Vec<WireEvent<'_>> = frames[..n].iter().map(WireEvent::Frame).collect();
        let d = run_machine::<bedrock_converse::Stream>("bedrock", &wire);
        assert_contract(&d, &format!("first {n} malformed events"));
    }
    let bad = frame("event", (":event-type", "contentBlockDelta"), "{not json");
    let d = run_machine::<bedrock_converse::Stream>("bedrock", &[WireEvent::Frame(&bad)]);
    assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::Decode));
    // A tool-use delta for a call never started breaks the protocol: a decode error.
    let orphan = frame(
        "event",
        (":event-type", "contentBlockDelta"),
        r#"{"contentBlockIndex":4,"delta":{"toolUse":{"input":"{}"}}}"#,
    );
    let d = run_machine::<bedrock_converse::Stream>("bedrock", &[WireEvent::Frame(&orphan)]);
    assert_eq!(d.error.map(|e| e.kind), Some(ErrorKind::Decode));
    for body in [&b"{}"[..], b"[]", b"{\"output\": 5}", b"\xff"] {
        assert!(decode_whole(WireFormat::BedrockConverse, "bedrock", body)
            .error
            .is_some());
    }
}
