//! AWS event-stream decoder: never panics, and splitting the input at a data-derived point
//! changes nothing. Most random inputs fail the prelude CRC, so the seed corpus (real frames)
//! matters here; the cut comes from the last byte, which the prelude does not constrain.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod split_check;

fuzz_target!(|data: &[u8]| {
    split_check::check::<aster::codec::EventStreamDecoder>(data, data.last());
});
