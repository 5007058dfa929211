//! Cut, corrupted and rewritten real bodies: truncation is an error from `finish` (except for
//! NDJSON, whose final line needs no newline), corruption an error from `feed`, and the SSE
//! grammar's line endings, BOM, comments, multi-line data, `id` and `retry` applied to real
//! streams give the events the original gives.
use super::{corpus_bodies, decode, frame_ends, read, Codec, Kind};
use aster::codec::{CodecError, EventStreamDecoder, NdjsonDecoder, SseDecoder, SseEvent};
use common::Rng;
use serde_json::Value;

use super::common;

fn bodies(kind: Kind) -> Vec<(String, Vec<u8>)> {
    corpus_bodies()
        .into_iter()
        .filter(|(_, k)| *k == kind)
        .map(|(p, _)| (p.display().to_string(), read(&p)))
        .collect()
}

/// Feeds `input` whole; returns what was decoded and the first error, saying where it came
/// from (`true` = `finish`).
fn run<C: Codec>(input: &[u8]) -> (Vec<C::Event>, Option<(bool, CodecError)>) {
    let mut d = C::default();
    let mut out = Vec::new();
    if let Err(e) = d.feed(input, &mut out) {
        return (out, Some((false, e)));
    }
    let r = d.finish(&mut out).err().map(|e| (true, e));
    (out, r)
}

#[test]
fn sse_cut_inside_a_line_is_truncated_cut_at_a_line_end_is_not() {
    let (mut truncated, mut clean, mut untyped) = (0, 0, 0);
    for (name, body) in bodies(Kind::Sse) {
        let whole = decode::<SseDecoder>(&[&body]).unwrap();
        // Dropping the final blank line's terminator still dispatches the last event.
        assert_eq!(
            decode::<SseDecoder>(&[&body[..body.len() - 1]]).unwrap(),
            whole,
            "{name}"
        );
        // Cuts in the last 300 bytes, each decoded from a snapshot taken at a line start
        // before them (redecoding the whole body per cut would be quadratic).
        let from = body.len().saturating_sub(300);
        let base = body[..from]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let mut snap = SseDecoder::new();
        let mut before = Vec::new();
        snap.feed(&body[..base], &mut before).unwrap();
        for cut in from..body.len() {
            let (mut d, mut got) = (snap.clone(), before.clone());
            d.feed(&body[base..cut], &mut got).unwrap();
            let err = d.finish(&mut got).err().map(|e| (true, e));
            if cut == 0 || matches!(body[cut - 1], b'\n' | b'\r') {
                assert!(err.is_none(), "{name} cut at {cut}: {err:?}");
                // The unterminated last block is dispatched with the fields it has so far:
                // same data, but Bedrock Mantle sends `data:` before `event:`, so a cut
                // between the two gives that event no type.
                let n = got.len();
                assert!(
                    n <= whole.len() && got[..n.saturating_sub(1)] == whole[..n.saturating_sub(1)]
                );
                if let (Some(g), Some(w)) = (got.last(), whole.get(n.wrapping_sub(1))) {
                    assert_eq!(g.data, w.data, "{name} cut at {cut}");
                    untyped += usize::from(g.event != w.event);
                }
                clean += 1;
            } else {
                assert!(
                    matches!(err, Some((true, CodecError::Truncated(_)))),
                    "{name} {cut}"
                );
                truncated += 1;
            }
        }
    }
    println!("SSE cuts: {truncated} truncated, {clean} at a line end ({untyped} untyped)");
    assert!(
        untyped > 0,
        "the Bedrock Mantle data-before-event case is exercised"
    );
}

#[test]
fn ndjson_partial_final_line_is_emitted_at_finish() {
    for (name, body) in bodies(Kind::Ndjson) {
        for cut in 0..=body.len() {
            let want: Vec<String> = body[..cut]
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect();
            let (got, err) = run::<NdjsonDecoder>(&body[..cut]);
            assert_eq!((got, err), (want, None), "{name} cut at {cut}");
        }
    }
}

#[test]
fn eventstream_cut_short_is_truncated() {
    for (name, body) in bodies(Kind::EventStream) {
        let whole = decode::<EventStreamDecoder>(&[&body]).unwrap();
        let ends = frame_ends(&body);
        // Every cut in the smallest bodies; around every frame boundary in all of them.
        let cuts: Vec<usize> = if body.len() < 2500 {
            (0..body.len()).collect()
        } else {
            ends.iter()
                .flat_map(|&e| e.saturating_sub(13)..(e + 13).min(body.len()))
                .collect()
        };
        for cut in cuts {
            let (got, err) = run::<EventStreamDecoder>(&body[..cut]);
            let complete = ends.iter().take_while(|&&e| e <= cut).count();
            assert_eq!(got, whole[..complete], "{name} cut at {cut}");
            if cut == 0 || ends.contains(&cut) {
                assert_eq!(err, None, "{name} cut at {cut}");
            } else {
                assert!(
                    matches!(err, Some((true, CodecError::Truncated(_)))),
                    "{name} {cut}"
                );
            }
        }
    }
}

#[test]
fn eventstream_every_bit_flip_is_a_checksum_error_from_feed() {
    let mut flips = 0;
    for (name, body) in bodies(Kind::EventStream).into_iter().take(3) {
        let whole = decode::<EventStreamDecoder>(&[&body]).unwrap();
        let ends = frame_ends(&body);
        for i in 0..body.len() {
            let mut bad = body.clone();
            bad[i] ^= 1 << (i % 8);
            let k = ends.iter().take_while(|&&e| e <= i).count();
            let start = if k == 0 { 0 } else { ends[k - 1] };
            let (got, err) = run::<EventStreamDecoder>(&bad);
            assert_eq!(got, whole[..k], "{name} flip at {i}");
            // CRC-32 catches every single-bit error: in the prelude (its CRC included) the
            // prelude check fires, anywhere else the message check.
            let ok = match err {
                Some((false, CodecError::PreludeChecksum { .. })) => i - start < 12,
                Some((false, CodecError::MessageChecksum { .. })) => i - start >= 12,
                _ => false,
            };
            assert!(ok, "{name} flip at {i}: {err:?}");
            flips += 1;
        }
    }
    println!("{flips} bit flips rejected");
}

/// The first frame of a real body with its prelude rewritten (CRC recomputed, so the prelude
/// itself is valid and the length checks are what fires).
fn with_prelude(total: u32, headers: u32) -> Vec<u8> {
    let (_, body) = &bodies(Kind::EventStream)[0];
    let mut f = body[..frame_ends(body)[0]].to_vec();
    f[..4].copy_from_slice(&total.to_be_bytes());
    f[4..8].copy_from_slice(&headers.to_be_bytes());
    let crc = crc32fast::hash(&f[..8]);
    f[8..12].copy_from_slice(&crc.to_be_bytes());
    f
}

type IsError = fn(&CodecError) -> bool;

#[test]
fn eventstream_bad_lengths_fail_from_the_prelude() {
    let real = with_prelude(0, 0);
    let (_, body) = &bodies(Kind::EventStream)[0];
    let total = frame_ends(body)[0] as u32;
    let cases: [(u32, u32, IsError); 5] = [
        (total, total, |e| matches!(e, CodecError::Malformed(_))),
        (0, 0, |e| matches!(e, CodecError::Malformed(_))),
        (15, 0, |e| matches!(e, CodecError::Malformed(_))),
        (16 * 1024 * 1024 + 1, 0, |e| {
            matches!(e, CodecError::TooLarge(_))
        }),
        (16 * 1024 * 1024, 128 * 1024 + 1, |e| {
            matches!(e, CodecError::TooLarge(_))
        }),
    ];
    for (total, headers, want) in cases {
        let f = with_prelude(total, headers);
        // The 12 prelude bytes alone are enough to reject it.
        let mut d = EventStreamDecoder::new();
        let e = d
            .feed(&f[..12], &mut Vec::new())
            .expect_err("rejected from the prelude");
        assert!(want(&e), "total {total}, headers {headers}: {e:?}");
    }
    assert_eq!(real.len(), total as usize);
    // Corrupting the real frame's lengths without fixing the CRC is a prelude checksum error.
    let mut f = body.clone();
    f[3] ^= 0x40;
    assert!(matches!(
        run::<EventStreamDecoder>(&f).1,
        Some((false, CodecError::PreludeChecksum { .. }))
    ));
}

/// Rewrites every line ending of a body (`\r\n` or `\n`) with `nl(i)` for line `i`.
fn relines(body: &[u8], nl: impl Fn(usize) -> &'static str) -> Vec<u8> {
    let text = std::str::from_utf8(body).unwrap();
    let mut out = String::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line
            .strip_suffix('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l));
        match bare {
            Some(l) => {
                out.push_str(l);
                out.push_str(nl(i));
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

#[test]
fn sse_line_endings_bom_and_comments_on_real_streams() {
    let mut n = 0;
    for (name, body) in bodies(Kind::Sse) {
        let whole = decode::<SseDecoder>(&[&body]).unwrap();
        let variants = [
            relines(&body, |_| "\n"),
            relines(&body, |_| "\r\n"),
            relines(&body, |_| "\r"),
            relines(&body, |i| ["\n", "\r", "\r\n"][i % 3]),
            [b"\xEF\xBB\xBF".as_slice(), &body].concat(),
            relines(&body, |_| "\n: OPENROUTER PROCESSING\n"),
        ];
        for (v, input) in variants.iter().enumerate() {
            assert_eq!(
                decode::<SseDecoder>(&[input]).unwrap(),
                whole,
                "{name} variant {v}"
            );
            // And split right after every CR, where a CRLF may be cut in two.
            for cut in (0..input.len()).filter(|&i| input[i] == b'\r').take(50) {
                let pieces = [&input[..=cut], &input[cut + 1..]];
                assert_eq!(
                    decode::<SseDecoder>(&pieces).unwrap(),
                    whole,
                    "{name} {v} {cut}"
                );
            }
        }
        n += 1;
    }
    assert_eq!(n, 90);
}

#[test]
fn sse_multiline_data_id_and_retry_on_real_streams() {
    for (name, body) in bodies(Kind::Sse) {
        let whole = decode::<SseDecoder>(&[&body]).unwrap();
        // Each JSON data line becomes one `data:` line per line of the pretty-printed JSON
        // (indentation kept: only the space after the colon is dropped); every second event
        // gets an `id`, the first a `retry`.
        let mut out = String::from("retry: 2500\n");
        let mut event = 0;
        for line in std::str::from_utf8(&body).unwrap().lines() {
            match line.strip_prefix("data: ") {
                Some(json) if json.starts_with('{') => {
                    if event % 2 == 0 {
                        out.push_str(&format!("id: ev-{event}\n"));
                    }
                    let v: Value = serde_json::from_str(json).unwrap();
                    for part in serde_json::to_string_pretty(&v).unwrap().lines() {
                        out.push_str("data: ");
                        out.push_str(part);
                        out.push('\n');
                    }
                    event += 1;
                }
                _ => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        let got = decode::<SseDecoder>(&[out.as_bytes()]).unwrap();
        assert_eq!(got.len(), whole.len(), "{name}");
        let mut json_events = 0;
        for (i, (g, w)) in got.iter().zip(&whole).enumerate() {
            assert_eq!(g.event, w.event);
            assert_eq!(g.retry, (i == 0).then_some(2500), "{name}");
            if w.data == "[DONE]" {
                assert_eq!(g.data, w.data);
                continue;
            }
            let v: Value = serde_json::from_str(&w.data).unwrap();
            assert_eq!(
                g.data,
                serde_json::to_string_pretty(&v).unwrap(),
                "{name} event {i}"
            );
            // The id persists: odd events carry the previous event's id.
            let id = format!("ev-{}", json_events - json_events % 2);
            assert_eq!(g.id.as_deref(), Some(id.as_str()), "{name} event {i}");
            json_events += 1;
        }
    }
}

#[test]
fn garbage_and_mutated_bodies_never_panic() {
    let mut rng = Rng::new(0xBAD);
    let seeds: Vec<Vec<u8>> = corpus_bodies()
        .iter()
        .take(40)
        .map(|(p, _)| read(p))
        .collect();
    let alphabet = b"data:event:id:retry: \r\n\n{}\"\xEF\xBB\xBF\xF0\x9F\x98\x80\x00\xFF";
    for round in 0..300 {
        let mut input: Vec<u8> = if round % 2 == 0 {
            (0..rng.below(3000))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect()
        } else {
            seeds[rng.below(seeds.len())].clone()
        };
        for _ in 0..rng.below(20) {
            if !input.is_empty() {
                let i = rng.below(input.len());
                input[i] = rng.next_u64() as u8;
            }
        }
        let mut rest = input.as_slice();
        let (mut sse, mut nd, mut es) = (
            SseDecoder::new(),
            NdjsonDecoder::new(),
            EventStreamDecoder::new(),
        );
        let (mut a, mut b, mut c): (Vec<SseEvent>, Vec<String>, Vec<_>) = (vec![], vec![], vec![]);
        while !rest.is_empty() {
            let (piece, tail) = rest.split_at((rng.below(700) + 1).min(rest.len()));
            let _ = (
                sse.feed(piece, &mut a),
                nd.feed(piece, &mut b),
                es.feed(piece, &mut c),
            );
            rest = tail;
        }
        let _ = (sse.finish(&mut a), nd.finish(&mut b), es.finish(&mut c));
    }
}
