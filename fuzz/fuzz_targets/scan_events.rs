//! The hand-written event scanners (the stream decoders' fast paths: OpenAI
//! `chat.completion.chunk`, Anthropic `content_block_delta`, the Responses `*.delta` events,
//! Gemini's text chunks and their `usageMetadata`) against serde: whenever a scanner reads an
//! input, serde must read it into exactly the same struct (the same usage for Gemini's
//! counts), and the Anthropic and Responses events read without a `Value` must read as a
//! `Value` does.
//! Inputs a scanner leaves to serde are fine (that is the fallback); a disagreement is a bug.
#![no_main]
use aster::format::{anthropic, gemini, openai_chat, openai_responses};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        assert_ne!(openai_chat::scan_check(s), Some(false), "openai-chat: {s:?}");
        assert_ne!(anthropic::scan_check(s), Some(false), "anthropic: {s:?}");
        assert_ne!(anthropic::light_check(s), Some(false), "anthropic light: {s:?}");
        assert_ne!(openai_responses::scan_check(s), Some(false), "openai-responses: {s:?}");
        assert_ne!(openai_responses::light_check(s), Some(false), "openai-responses light: {s:?}");
        assert_ne!(gemini::scan_check(s), Some(false), "gemini: {s:?}");
        assert!(gemini::usage_check(s), "gemini usage: {s:?}");
    }
});
