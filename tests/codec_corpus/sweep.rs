//! Split-everywhere sweep: every corpus body, fed in two pieces split at every byte position,
//! byte by byte, and in seeded random chunks, decodes exactly like the whole body.
//!
//! Redecoding a whole body once per split position is quadratic (3·10^11 bytes for this
//! corpus), so the exhaustive 2-way split works segment by segment instead (a segment is a
//! line for SSE/NDJSON, a frame for event-stream): with `S` the decoder state after the
//! segments before `[a, b)`, feeding `[a, p)` then `[p, b)` to a clone of `S` must give the
//! same events *and the same decoder state* as feeding `[a, b)` whole. Decoders are
//! deterministic, so equal state at `b` means the rest of the stream decodes identically:
//! this is every 2-way split, at the cost of one segment per position. In a line longer than
//! `LONG` bytes, where the middle is plain JSON text, the positions are the first and last
//! `EDGE` bytes, around every non-ASCII or CR byte, and every `STRIDE`th byte. Small bodies are
//! also swept the plain way (two real pieces, whole redecode), which checks the segment
//! shortcut itself.
use super::{corpus_bodies, decode, read, Codec, Kind};
use aster::codec::{EventStreamDecoder, NdjsonDecoder, SseDecoder};
use common::Rng;

use super::common;

const LONG: usize = 1024;
const EDGE: usize = 64;
/// In a long line, one position in this many is checked besides the structural ones.
const STRIDE: usize = 401;
/// Bodies up to this size are also split the plain way at every position.
const PLAIN_MAX: usize = 2000;

fn positions(body: &[u8], a: usize, b: usize) -> Vec<usize> {
    if b - a <= LONG {
        return (a + 1..b).collect();
    }
    let mut ps: Vec<usize> = (a + 1..a + EDGE).chain(b - EDGE..b).collect();
    for (i, &byte) in body.iter().enumerate().take(b).skip(a) {
        if byte >= 0x80 || byte == b'\r' {
            ps.extend([i, i + 1]);
        }
    }
    ps.extend((a + 1..b).step_by(STRIDE));
    ps.retain(|&p| p > a && p < b);
    ps.sort_unstable();
    ps.dedup();
    ps
}

/// Every 2-way split via segments; returns the number of positions checked.
fn sweep_segments<C: Codec>(body: &[u8], whole: &[C::Event]) -> usize {
    let mut snap = C::default();
    let mut events = Vec::new();
    let mut checked = 0;
    let mut a = 0;
    for b in C::segment_ends(body) {
        let mut reference = snap.clone();
        let mut ref_events = Vec::new();
        let ref_result = reference.feed(&body[a..b], &mut ref_events);
        assert!(ref_result.is_ok(), "segment {a}..{b}: {ref_result:?}");
        for p in positions(body, a, b) {
            let mut d = snap.clone();
            let mut got = Vec::new();
            d.feed(&body[a..p], &mut got).unwrap();
            d.feed(&body[p..b], &mut got).unwrap();
            assert_eq!(got, ref_events, "events, split at {p} in {a}..{b}");
            assert_eq!(d, reference, "decoder state, split at {p} in {a}..{b}");
            checked += 1;
        }
        events.extend(ref_events);
        snap = reference;
        a = b;
    }
    snap.finish(&mut events).unwrap();
    assert_eq!(events, whole, "segment-wise feeding");
    checked
}

fn sweep_body<C: Codec>(body: &[u8], seed: u64) -> (usize, usize) {
    let whole = decode::<C>(&[body]).unwrap();
    let mut checked = sweep_segments::<C>(body, &whole);
    let mut plain = 0;
    if body.len() <= PLAIN_MAX {
        for i in 0..=body.len() {
            assert_eq!(
                decode::<C>(&[&body[..i], &body[i..]]).unwrap(),
                whole,
                "split at {i}"
            );
        }
        plain = body.len() + 1;
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(decode::<C>(&bytes).unwrap(), whole, "byte by byte");
    let mut rng = Rng::new(seed);
    for max_chunk in [3, 17, 300, 5000] {
        let mut pieces = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let n = (rng.below(max_chunk) + 1).min(rest.len());
            pieces.push(&rest[..n]);
            rest = &rest[n..];
        }
        assert_eq!(
            decode::<C>(&pieces).unwrap(),
            whole,
            "random chunks ≤ {max_chunk}"
        );
    }
    checked += 4;
    (checked, plain)
}

#[test]
fn split_everywhere_sweep() {
    let (mut segment_splits, mut plain_splits, mut bodies) = (0, 0, 0);
    for (i, (p, kind)) in corpus_bodies().iter().enumerate() {
        let body = read(p);
        let seed = 0x5EED + i as u64;
        let (s, q) = match kind {
            Kind::Sse => sweep_body::<SseDecoder>(&body, seed),
            Kind::Ndjson => sweep_body::<NdjsonDecoder>(&body, seed),
            Kind::EventStream => sweep_body::<EventStreamDecoder>(&body, seed),
        };
        segment_splits += s;
        plain_splits += q;
        bodies += 1;
    }
    println!("{bodies} bodies: {segment_splits} segment splits, {plain_splits} plain 2-way splits");
    assert_eq!(bodies, 100);
}
