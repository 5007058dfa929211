//! The gateway direction: every recorded Responses stream, decoded, written back out by the
//! Responses SSE writer (what a `/v1/responses` client of the gateway receives) and decoded
//! again, gives the same text, reasoning, tool calls, usage and finish. Tools the provider ran
//! are not written back (a client would take them for its own calls), and signatures alone
//! have no Responses field; everything else survives.

use super::*;
use aster::chunk::Chunk;
use aster::decode::{aggregate, decode_stream};
use aster::format::openai_responses::SseWriter;

fn write(chunks: &[Chunk]) -> Vec<u8> {
    let mut w = SseWriter::new("m", 0);
    let mut out = Vec::new();
    for c in chunks {
        w.push(c, &mut out);
    }
    out
}

/// The aggregate without what cannot survive by design: `other` finishes go out as
/// `completed`.
fn comparable(d: &Decoded) -> Value {
    let mut v = aggregate(d);
    if v["finishReason"] == "other" {
        v["finishReason"] = json!("stop");
    }
    v
}

#[test]
fn every_stream_round_trips_through_the_responses_writer() {
    let mut n = 0;
    for (label, provider, body) in streams() {
        let d = decode_stream(F, provider, &body, 0);
        if d.error.is_some() {
            continue; // failed streams end in an error event, checked elsewhere
        }
        let out = write(&d.chunks);
        let back = decode_stream(F, "openai", &out, 0);
        assert!(back.error.is_none(), "{label}: {:?}", back.error);
        assert_eq!(comparable(&back), comparable(&d), "{label}");
        // Encrypted reasoning is carried on the reasoning items.
        let enc = |d: &Decoded| {
            d.chunks
                .iter()
                .filter_map(|c| match c {
                    Chunk::Reasoning { redacted, .. } => redacted.clone(),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(enc(&back), enc(&d), "{label}: encrypted reasoning");
        n += 1;
    }
    assert!(n > 40, "only {n} streams");
}
