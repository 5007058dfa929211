//! Non-streaming body decoding for every format (the first byte picks it). Never panics, and
//! what it decodes keeps the chunk contract.
#![no_main]
use aster::decode::decode_body;
use aster::format::WireFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let format = WireFormat::ALL[sel as usize % WireFormat::ALL.len()];
    // A decoded body keeps the chunk contract; a failed one produced no chunks to check.
    if let Ok(chunks) = decode_body(format, "fuzz", body) {
        if let Err(e) = aster::chunk::check_contract(&chunks, false) {
            panic!("{format:?}: {e}");
        }
    }
});
