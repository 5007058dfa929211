//! Canonical request parsing on arbitrary JSON, then encoding in every format. Never panics.
#![no_main]
mod encode_all;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(req) = aster::message::parse_request(&v) {
        for stream in [false, true] {
            encode_all::encode_all(&req, "m", stream);
        }
    }
});
