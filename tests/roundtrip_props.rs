//! Property tests on generated inputs (seeded, deterministic; the corpus sweeps live in
//! `codec_corpus.rs`): every decoder gives the same output however its input is split, and
//! decodes what the matching encoder wrote; chunk sequences survive the gateway's SSE writers
//! and our decoders; canonical requests survive OpenAI-chat and Anthropic encode → inbound
//! parse in every field both sides express.

use crate::common;
use aster::chunk::{Chunk, FinishReason, Usage};
use aster::codec::{decode_parts, EventStreamDecoder, NdjsonDecoder, SseDecoder};
use aster::format::{anthropic, openai_chat, EncodeContext, StreamDecoder, WireFormat};
use aster::message::{ContentBlock, Message, Request, Role, Tool, ToolChoice, ToolResultContent};
use common::eventstream::encode_frame;
use common::Rng;
use serde_json::json;

const CASES: u64 = 300;

/// Text with the characters decoders trip on: multi-byte UTF-8, quotes, backslashes, colons.
fn text(rng: &mut Rng, max: usize) -> String {
    const PIECES: [&str; 12] = [
        "a", "Z", " ", ":", "\"", "\\", "é", "日本", "🎉", "{", "data", "\t",
    ];
    (0..rng.below(max + 1))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

/// `body` cut into random pieces (some empty, many tiny).
fn split<'a>(rng: &mut Rng, body: &'a [u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let n = match rng.below(4) {
            0 => 0,
            1 => 1,
            2 => rng.below(8),
            _ => rng.below(body.len() + 1),
        };
        let end = (at + n).min(body.len());
        out.push(&body[at..end]);
        at = end;
    }
    out
}

#[test]
fn sse_decodes_generated_streams_however_split() {
    let mut rng = Rng::new(0x5e5e);
    for case in 0..CASES {
        let mut body = Vec::new();
        let mut want = Vec::new();
        if rng.below(4) == 0 {
            body.extend_from_slice("\u{feff}".as_bytes());
        }
        for _ in 0..rng.below(6) {
            // One terminator per event: a CR line followed by an LF blank line would be a CRLF.
            let eol = ["\n", "\r", "\r\n"][rng.below(3)];
            let mut push = |s: String| body.extend_from_slice((s + eol).as_bytes());
            if rng.below(3) == 0 {
                push(format!(": {}", text(&mut rng, 5)));
            }
            let event = if rng.below(2) == 0 {
                String::new()
            } else {
                format!("e{}", rng.below(9))
            };
            if !event.is_empty() {
                push(format!("event: {event}"));
            }
            let lines: Vec<String> = (0..1 + rng.below(3)).map(|_| text(&mut rng, 12)).collect();
            for l in &lines {
                push(format!("data: {l}"));
            }
            push(String::new());
            want.push((event, lines.join("\n")));
        }
        let (whole, r) = decode_parts::<SseDecoder>(&[&body]);
        assert!(r.is_ok(), "case {case}: {r:?}");
        let got: Vec<(String, String)> = whole
            .iter()
            .map(|e| (e.event.clone(), e.data.clone()))
            .collect();
        assert_eq!(got, want, "case {case}: {}", String::from_utf8_lossy(&body));
        for _ in 0..4 {
            let pieces = split(&mut rng, &body);
            assert_eq!(
                decode_parts::<SseDecoder>(&pieces),
                (whole.clone(), Ok(())),
                "case {case}: {pieces:?}"
            );
        }
    }
}

#[test]
fn ndjson_decodes_generated_streams_however_split() {
    let mut rng = Rng::new(0x9d);
    for case in 0..CASES {
        let mut body = Vec::new();
        let mut want = Vec::new();
        let n = rng.below(6);
        for i in 0..n {
            if rng.below(4) == 0 {
                body.extend_from_slice([&b"\n"[..], b"\r\n", b"  \n"][rng.below(3)]);
            }
            let line = json!({"i": i, "t": text(&mut rng, 10)}).to_string();
            body.extend_from_slice(line.as_bytes());
            // The final line may lack its newline.
            if i + 1 < n || rng.below(2) == 0 {
                body.extend_from_slice(if rng.below(2) == 0 { b"\n" } else { b"\r\n" });
            }
            want.push(line);
        }
        let run = |pieces: &[&[u8]]| {
            let (out, end) = decode_parts::<NdjsonDecoder>(pieces);
            end.expect("finish");
            out
        };
        assert_eq!(run(&[&body]), want, "case {case}");
        for _ in 0..4 {
            let pieces = split(&mut rng, &body);
            assert_eq!(run(&pieces), want, "case {case}: {pieces:?}");
        }
    }
}

#[test]
fn event_stream_decodes_generated_frames_however_split() {
    let mut rng = Rng::new(0xe5);
    for case in 0..CASES {
        let mut body = Vec::new();
        let mut want = Vec::new();
        let mut boundaries = vec![0];
        for _ in 0..rng.below(5) {
            let payload = text(&mut rng, 40).into_bytes();
            let kind = format!("k{}", rng.below(5));
            body.extend(encode_frame(
                &[(":event-type", &kind), (":message-type", "event")],
                &payload,
            ));
            want.push((kind, payload));
            boundaries.push(body.len());
        }
        let run = |pieces: &[&[u8]]| {
            let (out, end) = decode_parts::<EventStreamDecoder>(pieces);
            end.expect("decode");
            out.into_iter()
                .map(|f| {
                    (
                        f.header_str(":event-type").unwrap_or("").to_string(),
                        f.payload,
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(&[&body]), want, "case {case}");
        for _ in 0..4 {
            let pieces = split(&mut rng, &body);
            assert_eq!(run(&pieces), want, "case {case}");
        }
        // A truncated stream is an error from finish(), never silence; a cut between two
        // frames is a shorter complete stream.
        if !body.is_empty() {
            let cut = rng.below(body.len());
            let mut d = EventStreamDecoder::new();
            let mut out = Vec::new();
            let r = d
                .feed(&body[..cut], &mut out)
                .and_then(|()| d.finish(&mut out));
            assert_eq!(
                r.is_ok(),
                boundaries.contains(&cut),
                "case {case}: cut at {cut}"
            );
        }
    }
}

/// A well-formed chunk sequence: metadata, text and reasoning, tool calls, usage, finish.
fn chunk_sequence(rng: &mut Rng) -> Vec<Chunk> {
    let mut out = vec![Chunk::Metadata {
        id: Some("resp_1".into()),
        model: Some("m".into()),
        provider: "p".into(),
    }];
    for _ in 0..rng.below(6) {
        let s = text(rng, 8);
        out.push(if rng.below(2) == 0 {
            Chunk::Text { text: s }
        } else {
            Chunk::Reasoning {
                reasoning: s,
                signature: None,
                redacted: None,
            }
        });
    }
    let calls = rng.below(3) as u32;
    for index in 0..calls {
        let id = format!("call_{index}");
        let name = format!("tool_{index}");
        let args = json!({"q": text(rng, 6), "n": index}).to_string();
        out.push(Chunk::ToolCallStart {
            index,
            id: id.clone(),
            name: name.clone(),
        });
        let cut = args
            .char_indices()
            .map(|(i, _)| i)
            .nth(rng.below(args.chars().count()))
            .unwrap_or(0);
        for piece in [&args[..cut], &args[cut..]] {
            out.push(Chunk::ToolCallDelta {
                index,
                id: id.clone(),
                arguments_delta: piece.into(),
            });
        }
        let input = serde_json::from_str(&args).unwrap_or_default();
        out.push(Chunk::ToolCall {
            index,
            id,
            name,
            arguments: args,
            input,
            error: None,
        });
    }
    out.push(Chunk::Usage(Usage {
        input_tokens: 7,
        output_tokens: 11,
        ..Usage::default()
    }));
    let reason = match (calls, rng.below(2)) {
        (1.., _) => FinishReason::ToolCalls,
        (0, 0) => FinishReason::Stop,
        _ => FinishReason::Length,
    };
    out.push(Chunk::Finish {
        reason,
        raw_reason: None,
    });
    out
}

/// What a client sees: text, reasoning, complete tool calls (without ids: Anthropic's writer
/// makes its own), usage tokens, finish reason.
#[derive(Debug, Default, PartialEq)]
struct Folded {
    text: String,
    reasoning: String,
    calls: Vec<(String, String)>,
    usage: Option<(u64, u64)>,
    finish: Option<FinishReason>,
}

fn folded(chunks: &[Chunk]) -> Folded {
    let mut f = Folded::default();
    for c in chunks {
        match c {
            Chunk::Text { text } => f.text.push_str(text),
            Chunk::Reasoning { reasoning, .. } => f.reasoning.push_str(reasoning),
            Chunk::ToolCall {
                name, arguments, ..
            } => f.calls.push((name.clone(), arguments.clone())),
            Chunk::Usage(u) => f.usage = Some((u.input_tokens, u.output_tokens)),
            Chunk::Finish { reason, .. } => f.finish = Some(*reason),
            _ => {}
        }
    }
    f
}

fn decode_split(format: WireFormat, pieces: &[&[u8]]) -> Vec<Chunk> {
    let mut d = StreamDecoder::for_format(format, "p");
    let mut out = Vec::new();
    for p in pieces {
        d.feed(p, &mut out).expect("feed");
    }
    d.finish(&mut out).expect("finish");
    out
}

#[test]
fn chunks_survive_the_gateway_writers_and_our_decoders_however_split() {
    let mut rng = Rng::new(0xc4);
    for case in 0..CASES {
        let input = chunk_sequence(&mut rng);
        let want = folded(&input);

        let mut w = openai_chat::SseWriter::new("", "", 0, true);
        let mut oa = String::new();
        input.iter().for_each(|c| w.write(c, &mut oa));
        let mut w = anthropic::SseWriter::new("m");
        let mut an = Vec::new();
        input.iter().for_each(|c| w.push(c, &mut an));

        for (format, body) in [
            (WireFormat::OpenAiChat, oa.as_bytes()),
            (WireFormat::Anthropic, &an[..]),
        ] {
            let whole = decode_split(format, &[body]);
            assert_eq!(
                folded(&whole),
                want,
                "case {case} {format:?}\n{}",
                String::from_utf8_lossy(body)
            );
            for _ in 0..3 {
                let pieces = split(&mut rng, body);
                assert_eq!(
                    decode_split(format, &pieces),
                    whole,
                    "case {case} {format:?}"
                );
            }
        }
    }
}

/// A canonical request using only what both the OpenAI chat and the Anthropic shapes express.
fn request(rng: &mut Rng) -> Request {
    let mut messages = vec![Message::user(format!("q {}", text(rng, 10)))];
    for turn in 0..rng.below(3) {
        let id = format!("call_{turn}");
        messages.push(Message {
            role: Role::Assistant,
            content: vec![
                ContentBlock::text(format!("a {}", text(rng, 6))),
                ContentBlock::ToolUse {
                    id: id.clone(),
                    name: "lookup".into(),
                    input: json!({"q": text(rng, 5)}),
                    cache_control: None,
                },
            ],
        });
        messages.push(Message {
            role: Role::User,
            content: vec![ContentBlock::ToolResult {
                tool_use_id: id,
                content: vec![ToolResultContent::Text {
                    text: format!("r {}", text(rng, 6)),
                }],
                is_error: false,
                cache_control: None,
            }],
        });
        messages.push(Message::user(format!("more {}", text(rng, 4))));
    }
    let tools = if rng.below(2) == 0 {
        vec![Tool {
            name: "lookup".into(),
            description: Some(format!("d {}", text(rng, 5))),
            input_schema: json!({"type": "object", "properties": {"q": {"type": "string"}}}),
            cache_control: None,
        }]
    } else {
        Vec::new()
    };
    let tool_choice = match (tools.is_empty(), rng.below(4)) {
        (true, _) => None,
        (false, 0) => Some(ToolChoice::Auto),
        (false, 1) => Some(ToolChoice::Any),
        (false, 2) => Some(ToolChoice::Tool("lookup".into())),
        _ => None,
    };
    Request {
        messages,
        system: if rng.below(2) == 0 {
            vec![ContentBlock::text(format!("sys {}", text(rng, 8)))]
        } else {
            Vec::new()
        },
        tools,
        tool_choice,
        max_tokens: Some(1 + rng.below(4000) as u32),
        temperature: (rng.below(2) == 0).then(|| rng.below(10) as f64 / 10.0),
        top_p: (rng.below(2) == 0).then(|| rng.below(10) as f64 / 10.0),
        stop_sequences: (0..rng.below(3)).map(|i| format!("STOP{i}")).collect(),
        ..Request::default()
    }
}

#[test]
fn requests_survive_openai_chat_and_anthropic_encode_then_inbound_parse() {
    let mut rng = Rng::new(0x7e9);
    for case in 0..CASES {
        let req = request(&mut rng);
        for stream in [false, true] {
            let ctx = EncodeContext::new("", "m-1", stream);
            let oa = openai_chat::encode(&req, &ContextFor::openai(&ctx)).expect("openai encode");
            let back = openai_chat::parse_inbound(&oa.body).expect("openai inbound");
            assert_eq!((back.model.as_str(), back.stream), ("m-1", stream));
            // OpenAI carries tool results as `tool` messages: the user text after them comes back
            // merged into the same user turn, which means the same conversation.
            assert_eq!(
                merged(back.request),
                merged(req.clone()),
                "case {case}: openai_chat\n{:#}",
                oa.body
            );

            let an =
                anthropic::encode(&req, &ContextFor::anthropic(&ctx)).expect("anthropic encode");
            let back = anthropic::parse_inbound(&an.body).expect("anthropic inbound");
            assert_eq!((back.model.as_str(), back.stream), ("m-1", stream));
            assert_eq!(
                merged(back.request),
                merged(req.clone()),
                "case {case}: anthropic\n{:#}",
                an.body
            );
        }
    }
}

/// `req` with adjacent messages of the same role joined into one.
fn merged(mut req: Request) -> Request {
    let mut out: Vec<Message> = Vec::new();
    for m in req.messages {
        match out.last_mut() {
            Some(last) if last.role == m.role => last.content.extend(m.content),
            _ => out.push(m),
        }
    }
    req.messages = out;
    req
}

/// Encode contexts naming the provider whose native shape is being written.
struct ContextFor;

impl ContextFor {
    fn openai(ctx: &EncodeContext) -> EncodeContext {
        EncodeContext::new("openai", ctx.model.clone(), ctx.stream)
    }
    fn anthropic(ctx: &EncodeContext) -> EncodeContext {
        EncodeContext::new("anthropic", ctx.model.clone(), ctx.stream)
    }
}

/// Regression (found by the `stream_decoder` fuzz target): events framed before a framing
/// error in the same read were dropped, so the output before a corrupted frame depended on
/// how the network split the body.
#[test]
fn output_before_a_corrupted_frame_does_not_depend_on_the_split() {
    let mut body = encode_frame(
        &[(":event-type", "messageStart"), (":message-type", "event")],
        br#"{"role":"assistant"}"#,
    );
    body.extend(encode_frame(
        &[
            (":event-type", "contentBlockDelta"),
            (":message-type", "event"),
        ],
        br#"{"contentBlockIndex":0,"delta":{"text":"Hi"}}"#,
    ));
    let good = body.len();
    let mut bad = encode_frame(
        &[(":event-type", "messageStop")],
        br#"{"stopReason":"end_turn"}"#,
    );
    let last = bad.len() - 1;
    bad[last] ^= 0xff; // message CRC
    body.extend(bad);
    let run = |pieces: &[&[u8]]| {
        let mut d = StreamDecoder::for_format(WireFormat::BedrockConverse, "p");
        let mut out = Vec::new();
        let mut err = None;
        for p in pieces {
            if let Err(e) = d.feed(p, &mut out) {
                err = Some(e.kind);
                break;
            }
        }
        (out, err)
    };
    let whole = run(&[&body]);
    assert!(
        whole.0.contains(&Chunk::Text { text: "Hi".into() }),
        "{whole:?}"
    );
    assert_eq!(whole.1, Some(aster::ErrorKind::Decode));
    assert_eq!(run(&[&body[..good], &body[good..]]), whole);
}
