//! Test support shared by the Anthropic and Bedrock format tests: feeding a state machine
//! directly, feeding the full decoder in arbitrary pieces, and summarizing chunks.
#![allow(dead_code)]

use aster::chunk::{Chunk, Usage};
use aster::decode::Decoded;
use aster::format::{Emitter, Framing, StreamMachine, WireEvent, WireFormat};
use serde_json::Value;

/// Feeds events straight into a state machine (no framing codec involved).
pub fn run_machine<M: StreamMachine + Default>(
    provider: &str,
    events: &[WireEvent<'_>],
) -> Decoded {
    let mut m = M::default();
    let mut em = Emitter::new(provider);
    let mut chunks = Vec::new();
    for ev in events {
        let ev = match ev {
            WireEvent::Sse(e) => WireEvent::Sse(e),
            WireEvent::Line(l) => WireEvent::Line(l),
            WireEvent::Frame(f) => WireEvent::Frame(f),
        };
        if let Err(e) = m.on_event(ev, &mut em) {
            let e = em.fail(e);
            em.drain_into(&mut chunks);
            return Decoded {
                chunks,
                error: Some(e),
            };
        }
    }
    let error = m.on_end(&mut em).err();
    em.drain_into(&mut chunks);
    Decoded { chunks, error }
}

/// Feeds `body` to the full decoder (codec + machine) in pieces of the given sizes (cycled).
pub fn run_pieces(
    format: WireFormat,
    framing: Framing,
    provider: &str,
    body: &[u8],
    sizes: &[usize],
) -> Decoded {
    let mut dec = aster::decode::stream_decoder(format, framing, provider);
    let mut chunks = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while pos < body.len() {
        let n = sizes[i % sizes.len()].max(1).min(body.len() - pos);
        i += 1;
        if let Err(e) = dec.feed(&body[pos..pos + n], &mut chunks) {
            return Decoded {
                chunks,
                error: Some(e),
            };
        }
        pos += n;
    }
    let error = dec.finish(&mut chunks).err();
    Decoded { chunks, error }
}

/// Random piece sizes (1..=max) from a seeded generator.
pub fn random_sizes(seed: u64, max: usize) -> Vec<usize> {
    let mut rng = super::Rng::new(seed);
    (0..257).map(|_| 1 + rng.below(max)).collect()
}

/// Feeds `body` whole, one byte at a time, and in random pieces; asserts all agree with
/// `reference` (chunks and error kind), and returns the whole-body result.
pub fn assert_chunking_invariant(
    format: WireFormat,
    framing: Framing,
    provider: &str,
    body: &[u8],
    name: &str,
) -> Decoded {
    let whole = run_pieces(format, framing, provider, body, &[body.len().max(1)]);
    let mut variants = vec![("1-byte", vec![1usize])];
    for seed in [7u64, 1234, 99991] {
        variants.push(("random", random_sizes(seed, 64)));
    }
    variants.push(("random-large", random_sizes(42, 4096)));
    for (label, sizes) in variants {
        let d = run_pieces(format, framing, provider, body, &sizes);
        assert_same_chunks(
            &d.chunks,
            &whole.chunks,
            &format!("{name}: {label} chunking"),
        );
        assert_eq!(
            d.error.as_ref().map(|e| e.kind),
            whole.error.as_ref().map(|e| e.kind),
            "{name}: {label} chunking changed the error"
        );
    }
    whole
}

/// Asserts two chunk lists are equal, reporting only the first difference (streams are long).
pub fn assert_same_chunks(a: &[Chunk], b: &[Chunk], what: &str) {
    if a == b {
        return;
    }
    let i = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    panic!(
        "{what}: chunks differ at {i} (lengths {} vs {}): {:?} vs {:?}",
        a.len(),
        b.len(),
        a.get(i),
        b.get(i)
    );
}

/// All text chunks joined.
pub fn text(d: &Decoded) -> String {
    d.chunks
        .iter()
        .filter_map(|c| match c {
            Chunk::Text { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// All reasoning text joined.
pub fn reasoning(d: &Decoded) -> String {
    d.chunks
        .iter()
        .filter_map(|c| match c {
            Chunk::Reasoning { reasoning, .. } => Some(reasoning.as_str()),
            _ => None,
        })
        .collect()
}

/// Signatures and redacted data of reasoning chunks.
pub fn signatures(d: &Decoded) -> (Vec<String>, Vec<String>) {
    let mut sigs = Vec::new();
    let mut red = Vec::new();
    for c in &d.chunks {
        if let Chunk::Reasoning {
            signature,
            redacted,
            ..
        } = c
        {
            sigs.extend(signature.clone());
            red.extend(redacted.clone());
        }
    }
    (sigs, red)
}

/// Completed tool calls as `(id, name, parsed input)`.
pub fn tool_calls(d: &Decoded) -> Vec<(String, String, Value)> {
    d.chunks
        .iter()
        .filter_map(|c| match c {
            Chunk::ToolCall {
                id, name, input, ..
            } => Some((id.clone(), name.clone(), input.clone())),
            _ => None,
        })
        .collect()
}

/// The usage chunk, if any.
pub fn usage(d: &Decoded) -> Option<Usage> {
    d.chunks.iter().find_map(|c| match c {
        Chunk::Usage(u) => Some(u.clone()),
        _ => None,
    })
}

/// `(reason, raw)` of the finish chunk, if any.
pub fn finish(d: &Decoded) -> Option<(String, Option<String>)> {
    d.chunks.iter().find_map(|c| match c {
        Chunk::Finish { reason, raw_reason } => {
            Some((reason.as_str().to_string(), raw_reason.clone()))
        }
        _ => None,
    })
}

/// DESIGN §3.2 on a decoded stream, by the library's one checker.
pub fn assert_contract(d: &Decoded, name: &str) {
    if let Err(e) = aster::chunk::check_contract(&d.chunks, d.error.is_some()) {
        panic!("{name}: {e}");
    }
}
