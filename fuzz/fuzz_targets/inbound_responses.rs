//! The gateway's inbound OpenAI Responses parser on arbitrary JSON; what parses is re-encoded
//! for the other APIs. Never panics.
#![no_main]
mod encode_all;

use aster::format::openai_responses;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(inb) = openai_responses::parse_inbound(&v) {
        encode_all::encode_all(&inb.request, &inb.model, inb.stream);
    }
});
