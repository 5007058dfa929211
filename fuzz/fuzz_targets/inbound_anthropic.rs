//! The gateway's inbound Anthropic Messages parser on arbitrary JSON; what parses is re-encoded for
//! the other APIs. Never panics.
#![no_main]
use aster::format::{anthropic, encode, EncodeContext, WireFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(inb) = anthropic::parse_inbound(&v) else {
        return;
    };
    for format in WireFormat::ALL {
        let ctx = EncodeContext {
            model: inb.model.clone(),
            stream: inb.stream,
            provider: format.name().into(),
        };
        let _ = encode(format, &inb.request, &ctx);
    }
});
