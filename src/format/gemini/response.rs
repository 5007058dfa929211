//! Non-streaming bodies → chunks: one `GenerateContentResponse` (`generateContent`), or a JSON
//! array of them (what `streamGenerateContent` returns without `alt=sse`). Each element goes
//! through the stream machine's chunk handler, so a body and the stream of the same response
//! give the same chunks. An `{"error": …}` body (or element) is the classified provider error;
//! JSON that is neither shape is a `decode` error.

use super::stream::Stream;
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::Emitter;
use serde_json::Value;

/// Decodes a whole Gemini body.
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    let mut machine = Stream::default();
    match body {
        Value::Array(items) => {
            for item in items {
                machine.on_chunk(item, em)?;
            }
        }
        Value::Object(o) => {
            if let Some(err) = o.get("error").filter(|e| e.is_object()) {
                return Err(classify_stream_error(err, em.provider()));
            }
            if !o.contains_key("candidates") && !o.contains_key("promptFeedback") {
                return Err(ProviderError::decode(
                    "gemini: the body is not a GenerateContentResponse (no candidates)",
                ));
            }
            machine.on_chunk(body, em)?;
        }
        _ => {
            return Err(ProviderError::decode(
                "gemini: the body is neither a GenerateContentResponse nor an array of them",
            ))
        }
    }
    machine.close_partial(em);
    Ok(())
}
