//! Non-streaming body decoding for every format (the first byte picks it). Never panics.
#![no_main]
use aster::format::{decode_body, WireFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let format = WireFormat::ALL[sel as usize % WireFormat::ALL.len()];
    let _ = decode_body(format, "fuzz", body);
});
