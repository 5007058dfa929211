//! Non-streaming body (a `response` object) → chunks.
//!
//! The output items are emitted in order (see `items.rs`), then `usage` and the finish reason
//! from `status` / `incomplete_details`. An `{"error": …}` body or a `failed` response is the
//! classified provider error. A body that is not a Responses object at all (a chat completion
//! sent to the wrong decoder) is a `decode` error rather than an empty success.

use super::{finish, items, usage};
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::wire_util::str_of;
use crate::format::{Emitter, ToolKey};
use serde_json::Value;

/// Decodes a whole Responses body.
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    let provider = alloc::string::String::from(em.provider());
    if let Some(err) = body.get("error").filter(|e| e.is_object()) {
        if body.get("output").is_none() {
            return Err(classify_stream_error(err, &provider));
        }
    }
    if finish::is_failed(body) {
        return Err(finish::failure(body, &provider));
    }
    let Some(output) = body.get("output").and_then(Value::as_array) else {
        return Err(ProviderError::decode(
            "openai-responses: the body is not a Responses API response (no `output` array)",
        ));
    };
    em.metadata(str_of(body, "id"), str_of(body, "model"));
    let mut refused = false;
    let declared = items::declared_custom_tools(body.get("tools"));
    for (i, item) in output.iter().enumerate() {
        refused |= items::emit_item(item, ToolKey::Index(i as u64), declared.as_deref(), em);
    }
    if let Some(u) = usage::parse(body.get("usage")) {
        em.set_usage(u);
    }
    let (reason, raw) = finish::reason(body, "completed", refused);
    em.set_finish(reason, Some(&raw));
    Ok(())
}
