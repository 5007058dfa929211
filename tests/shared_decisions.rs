//! One meaning for each decision the formats share: a count sent as a string counts the same
//! in every format.

use aster::chunk::Chunk;
use aster::decode::decode_body;
use aster::format::WireFormat;
use serde_json::json;

fn usage(format: WireFormat, body: serde_json::Value) -> (u64, u64) {
    let chunks = decode_body(format, "p", body.to_string().as_bytes()).unwrap();
    chunks
        .iter()
        .find_map(|c| match c {
            Chunk::Usage(u) => Some((u.input_tokens, u.output_tokens)),
            _ => None,
        })
        .unwrap()
}

#[test]
fn counts_sent_as_strings_count_in_every_format() {
    let cases = [
        (
            WireFormat::OpenAiChat,
            json!({"id": "c", "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": "12", "completion_tokens": "3"}}),
        ),
        (
            WireFormat::OpenAiResponses,
            json!({"id": "r", "model": "m", "status": "completed",
                   "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "hi"}]}],
                   "usage": {"input_tokens": "12", "output_tokens": "3"}}),
        ),
        (
            WireFormat::Gemini,
            json!({"candidates": [{"content": {"role": "model", "parts": [{"text": "hi"}]}, "finishReason": "STOP"}],
                   "usageMetadata": {"promptTokenCount": "12", "candidatesTokenCount": "3"}}),
        ),
        (
            WireFormat::Anthropic,
            json!({"id": "a", "type": "message", "role": "assistant", "model": "m", "content": [{"type": "text", "text": "hi"}],
                   "stop_reason": "end_turn", "usage": {"input_tokens": "12", "output_tokens": "3"}}),
        ),
        (
            WireFormat::BedrockConverse,
            json!({"output": {"message": {"role": "assistant", "content": [{"text": "hi"}]}}, "stopReason": "end_turn",
                   "usage": {"inputTokens": "12", "outputTokens": "3"}}),
        ),
    ];
    for (format, body) in cases {
        assert_eq!(usage(format, body), (12, 3), "{format:?}");
    }
}
