//! The codecs against real data: the aws-sdk-go event-stream vectors, every SSE / NDJSON /
//! event-stream body in the corpus, and a split-everywhere sweep over all of them.

use crate::common;
use aster::codec::{
    decode_parts, CodecError, Decoder, EventStreamDecoder, Frame, HeaderValue, NdjsonDecoder,
    SseDecoder, SseEvent,
};
use base64::Engine;
use common::{corpus_dir, files_under};
use serde_json::Value;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// The crate's `Decoder`, plus what the sweep needs: state that can be cloned and compared,
/// and where a body can be cut into independent segments (lines, frames).
trait Codec: Decoder<Event: Clone + PartialEq + Debug> + Clone + PartialEq + Debug {
    fn segment_ends(body: &[u8]) -> Vec<usize>;
}

impl Codec for SseDecoder {
    fn segment_ends(body: &[u8]) -> Vec<usize> {
        line_ends(body)
    }
}

impl Codec for NdjsonDecoder {
    fn segment_ends(body: &[u8]) -> Vec<usize> {
        line_ends(body)
    }
}

impl Codec for EventStreamDecoder {
    fn segment_ends(body: &[u8]) -> Vec<usize> {
        frame_ends(body)
    }
}

/// Ends of lines: the position after every LF (CRLF and LF bodies).
fn line_ends(body: &[u8]) -> Vec<usize> {
    let mut ends: Vec<usize> = (0..body.len())
        .filter(|&i| body[i] == b'\n')
        .map(|i| i + 1)
        .collect();
    if ends.last() != Some(&body.len()) {
        ends.push(body.len());
    }
    ends
}

/// Ends of frames, read from each frame's declared total length.
fn frame_ends(body: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut at = 0;
    while at + 4 <= body.len() {
        let total = u32::from_be_bytes(body[at..at + 4].try_into().unwrap()) as usize;
        at = (at + total.max(1)).min(body.len());
        ends.push(at);
    }
    if ends.last() != Some(&body.len()) {
        ends.push(body.len());
    }
    ends
}

/// A whole body decoded from `pieces` (the crate's one generic driver over the framings).
fn decode<D: Decoder>(pieces: &[&[u8]]) -> Result<Vec<D::Event>, CodecError> {
    let (events, end) = decode_parts::<D>(pieces);
    end.map(|()| events)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Sse,
    Ndjson,
    EventStream,
}

/// Every streamed body of the corpus with its framing. Cassettes say it by extension; genai
/// bodies are `response_NNN.txt`: Ollama's is NDJSON, and two `opencode_go/*_chat` bodies are
/// single non-streamed JSON documents without a newline — a one-record NDJSON stream, which
/// exercises the unterminated final line. Everything else there is SSE.
fn corpus_bodies() -> Vec<(PathBuf, Kind)> {
    let root = corpus_dir();
    let mut out = Vec::new();
    for p in files_under(&root.join("cassettes"), &|p| {
        p.file_name().is_some_and(|n| n == "body.sse")
    }) {
        out.push((p, Kind::Sse));
    }
    for p in files_under(&root.join("cassettes"), &|p| {
        p.file_name().is_some_and(|n| n == "body.eventstream")
    }) {
        out.push((p, Kind::EventStream));
    }
    for p in files_under(&root.join("genai"), &|p| {
        p.extension().is_some_and(|e| e == "txt")
    }) {
        let body = std::fs::read(&p).unwrap();
        let kind = if p.to_string_lossy().contains("ollama_cloud") || body.first() == Some(&b'{') {
            Kind::Ndjson
        } else {
            Kind::Sse
        };
        out.push((p, kind));
    }
    out
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn b64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

// ---------------------------------------------------------------------------------------------
// aws-sdk-go event-stream vectors

#[test]
fn eventstream_positive_vectors() {
    let dir = corpus_dir().join("eventstream");
    let files = files_under(&dir.join("encoded/positive"), &|_| true);
    assert_eq!(files.len(), 5);
    for enc in &files {
        let name = enc.file_name().unwrap();
        let bytes = read(enc);
        let want: Value =
            serde_json::from_slice(&read(&dir.join("decoded/positive").join(name))).unwrap();
        let frames =
            decode::<EventStreamDecoder>(&[&bytes]).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert_eq!(frames.len(), 1, "{name:?}");
        let f = &frames[0];
        assert_eq!(want["total_length"].as_u64(), Some(bytes.len() as u64));
        let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        assert_eq!(want["headers_length"].as_u64(), Some(u64::from(be(4))));
        // The JSON stores CRCs as signed 32-bit integers.
        assert_eq!(want["prelude_crc"].as_i64().unwrap() as u32, be(8));
        assert_eq!(
            want["message_crc"].as_i64().unwrap() as u32,
            be(bytes.len() - 4)
        );
        assert_eq!(
            f.payload,
            b64(want["payload"].as_str().unwrap()),
            "{name:?}"
        );
        let hs = want["headers"].as_array().unwrap();
        assert_eq!(f.headers.len(), hs.len(), "{name:?}");
        for ((got_name, got), h) in f.headers.iter().zip(hs) {
            assert_eq!(got_name, h["name"].as_str().unwrap());
            let v = &h["value"];
            let expect = match h["type"].as_u64().unwrap() {
                0 | 1 => HeaderValue::Bool(v.as_bool().unwrap()),
                2 => HeaderValue::Byte(v.as_i64().unwrap() as i8),
                3 => HeaderValue::Int16(v.as_i64().unwrap() as i16),
                4 => HeaderValue::Int32(v.as_i64().unwrap() as i32),
                5 => HeaderValue::Int64(v.as_i64().unwrap()),
                6 => HeaderValue::ByteArray(b64(v.as_str().unwrap())),
                7 => HeaderValue::String(String::from_utf8(b64(v.as_str().unwrap())).unwrap()),
                8 => HeaderValue::Timestamp(v.as_i64().unwrap()),
                9 => HeaderValue::Uuid(b64(v.as_str().unwrap()).try_into().unwrap()),
                t => panic!("unknown type {t}"),
            };
            assert_eq!(got, &expect, "{name:?} header {got_name}");
        }
        for i in 0..=bytes.len() {
            assert_eq!(
                decode::<EventStreamDecoder>(&[&bytes[..i], &bytes[i..]]).unwrap(),
                frames
            );
        }
    }
}

#[test]
fn eventstream_negative_vectors() {
    let dir = corpus_dir().join("eventstream");
    let files = files_under(&dir.join("encoded/negative"), &|_| true);
    assert_eq!(files.len(), 4);
    for enc in &files {
        let name = enc.file_name().unwrap();
        let bytes = read(enc);
        let want = std::fs::read_to_string(dir.join("decoded/negative").join(name)).unwrap();
        let is_expected = |e: &CodecError| match want.trim() {
            "Prelude checksum mismatch" => matches!(e, CodecError::PreludeChecksum { .. }),
            "Message checksum mismatch" => matches!(e, CodecError::MessageChecksum { .. }),
            other => panic!("unknown expectation {other}"),
        };
        // Same error at every split: a CRC error comes from feed, never as silence.
        for i in 0..=bytes.len() {
            let mut d = EventStreamDecoder::new();
            let mut out = Vec::new();
            let e = d
                .feed(&bytes[..i], &mut out)
                .and_then(|()| d.feed(&bytes[i..], &mut out));
            let e = e.expect_err("a corrupted frame must fail in feed");
            assert!(is_expected(&e), "{name:?} split {i}: {e:?}, want {want}");
            assert!(out.is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Every corpus body decodes, and what it decodes to is consistent with the raw bytes.

/// Lines of the raw body starting with `data:` (CR of CRLF dropped).
fn raw_data_lines(body: &[u8]) -> usize {
    body.split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b"data:"))
        .count()
}

fn check_sse(p: &Path, body: &[u8], events: &[SseEvent]) {
    assert!(!events.is_empty(), "{}", p.display());
    // Every data line of the raw body is in exactly one event.
    let lines: usize = events.iter().map(|e| e.data.split('\n').count()).sum();
    assert_eq!(lines, raw_data_lines(body), "{}", p.display());
    for e in events {
        assert!(
            !e.data.contains('\u{FFFD}'),
            "{}: replacement char",
            p.display()
        );
        if e.data == "[DONE]" {
            continue;
        }
        let v: Value = serde_json::from_str(&e.data)
            .unwrap_or_else(|err| panic!("{}: data is not JSON ({err}): {}", p.display(), e.data));
        // Anthropic and OpenAI Responses repeat the event name as the JSON `type`.
        if let (false, Some(t)) = (e.event.is_empty(), v.get("type").and_then(Value::as_str)) {
            assert_eq!(e.event, t, "{}", p.display());
        }
        assert_eq!((e.id.as_deref(), e.retry), (None, None));
    }
}

fn check_frames(p: &Path, frames: &[Frame]) {
    assert!(!frames.is_empty(), "{}", p.display());
    for f in frames {
        assert_eq!(
            f.header_str(":message-type"),
            Some("event"),
            "{}",
            p.display()
        );
        assert_eq!(f.header_str(":content-type"), Some("application/json"));
        assert!(f.header_str(":event-type").is_some());
        serde_json::from_slice::<Value>(&f.payload).unwrap();
    }
}

#[test]
fn every_corpus_body_decodes() {
    let bodies = corpus_bodies();
    let (mut n_sse, mut n_nd, mut n_es) = (0, 0, 0);
    let (mut ev_sse, mut ev_nd, mut ev_es) = (0, 0, 0);
    for (p, kind) in &bodies {
        let body = read(p);
        match kind {
            Kind::Sse => {
                let events = decode::<SseDecoder>(&[&body])
                    .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                check_sse(p, &body, &events);
                n_sse += 1;
                ev_sse += events.len();
            }
            Kind::Ndjson => {
                let lines = decode::<NdjsonDecoder>(&[&body]).unwrap();
                assert_eq!(
                    lines.len(),
                    body.split(|&b| b == b'\n')
                        .filter(|l| !l.is_empty())
                        .count()
                );
                for l in &lines {
                    serde_json::from_str::<Value>(l).unwrap();
                }
                n_nd += 1;
                ev_nd += lines.len();
            }
            Kind::EventStream => {
                let frames = decode::<EventStreamDecoder>(&[&body])
                    .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                check_frames(p, &frames);
                n_es += 1;
                ev_es += frames.len();
            }
        }
    }
    println!("SSE: {n_sse} bodies, {ev_sse} events; NDJSON: {n_nd} bodies, {ev_nd} lines; event-stream: {n_es} bodies, {ev_es} frames");
    assert_eq!((n_sse, n_nd, n_es), (90, 3, 7));
    assert_eq!((ev_sse, ev_nd, ev_es), (5427, 5, 133));
}

#[test]
fn utf8_split_across_reads_is_decoded_whole() {
    // The body rust-genai recorded for its own UTF-8 chunking bug: multi-byte characters
    // that a reader decoding each chunk separately garbles.
    let p = corpus_dir().join("genai/openai_resp/utf8_chunking_bug/response_000.txt");
    let body = read(&p);
    let whole = decode::<SseDecoder>(&[&body]).unwrap();
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(decode::<SseDecoder>(&bytes).unwrap(), whole);
    let non_ascii: usize = whole
        .iter()
        .map(|e| e.data.chars().filter(|c| !c.is_ascii()).count())
        .sum();
    assert_eq!(non_ascii, 28);
    assert!(whole.iter().all(|e| !e.data.contains('\u{FFFD}')));
}

#[path = "codec_corpus/faults.rs"]
mod faults;
#[path = "codec_corpus/sweep.rs"]
mod sweep;
