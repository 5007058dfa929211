//! A format's stream decoder (framing + state machine + emitter): the first byte picks the
//! format and framing, the rest is the body. Never panics; a split changes nothing; the chunks
//! keep the contract (`aster::chunk::check_contract`).
#![no_main]
use aster::format::{Framing, StreamDecoder, WireFormat};
use libfuzzer_sys::fuzz_target;

fn run(
    format: WireFormat,
    framing: Framing,
    parts: &[&[u8]],
) -> (Vec<aster::Chunk>, Option<String>) {
    let mut dec = StreamDecoder::new(format, framing, "fuzz");
    let mut out = Vec::new();
    for p in parts {
        if let Err(e) = dec.feed(p, &mut out) {
            return (out, Some(format!("{:?}", e.kind)));
        }
    }
    let r = dec.finish(&mut out);
    (out, r.err().map(|e| format!("{:?}", e.kind)))
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let format = WireFormat::ALL[sel as usize % WireFormat::ALL.len()];
    // Mostly the format's own framing; sometimes another one (SageMaker-style, or wrong).
    let framing = match (sel / 8) % 8 {
        0 => Framing::Sse,
        1 => Framing::Ndjson,
        2 => Framing::EventStreamSse,
        _ => format.default_framing(),
    };
    let cut = (sel as usize * 7919) % (body.len() + 1);
    let whole = run(format, framing, &[body]);
    let split = run(format, framing, &[&body[..cut], &body[cut..]]);
    assert_eq!(whole, split, "{format:?} {framing:?} split at {cut}");
    // Whatever the bytes, what came out keeps the chunk contract. One exception, by design:
    // when a provider's final arguments (Responses `function_call_arguments.done`) contradict
    // its own deltas, the emitter trusts the final text (`Emitter::tool_complete_arguments`), so
    // those deltas cannot add up; every other rule still holds.
    if let Err(e) = aster::chunk::check_contract(&whole.0, whole.1.is_some()) {
        if !e.contains("do not add up to its arguments") {
            panic!("{format:?} {framing:?}: {e}");
        }
    }
});
