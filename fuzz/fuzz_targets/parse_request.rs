//! Canonical request parsing on arbitrary JSON, then encoding in every format. Never panics.
#![no_main]
use aster::format::{encode, EncodeContext, WireFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(req) = aster::message::parse_request(&v) else {
        return;
    };
    for format in WireFormat::ALL {
        for stream in [false, true] {
            let ctx = EncodeContext {
                model: "m".into(),
                stream,
                provider: format.name().into(),
            };
            let _ = encode(format, &req, &ctx);
        }
    }
});
