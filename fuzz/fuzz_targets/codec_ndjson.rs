//! NDJSON decoder: never panics, and splitting the input at a data-derived point changes nothing.
#![no_main]
use aster::codec::NdjsonDecoder;
use libfuzzer_sys::fuzz_target;

fn run(parts: &[&[u8]]) -> (Vec<String>, Result<(), aster::codec::CodecError>) {
    let mut dec = NdjsonDecoder::new();
    let mut out = Vec::new();
    for p in parts {
        if let Err(e) = dec.feed(p, &mut out) {
            return (out, Err(e));
        }
    }
    let r = dec.finish(&mut out);
    (out, r)
}

fuzz_target!(|data: &[u8]| {
    let cut = data.first().map_or(0, |b| *b as usize * 7919) % (data.len() + 1);
    let whole = run(&[data]);
    let split = run(&[&data[..cut], &data[cut..]]);
    let bytes = data.iter().map(core::slice::from_ref).collect::<Vec<_>>();
    let single = run(&bytes);
    assert_eq!(whole, split, "split at {cut}");
    assert_eq!(whole, single, "byte by byte");
});
