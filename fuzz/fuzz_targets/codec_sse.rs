//! SSE decoder: never panics, and splitting the input at a data-derived point changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;

mod split_check;

fuzz_target!(|data: &[u8]| {
    split_check::check::<aster::codec::SseDecoder>(data, data.first());
});
