//! TGI bodies and the parts of stream events they share: text, `details`, errors.

use crate::chunk::Usage;
use crate::error::{classify_stream_error, ProviderError, Result};
use crate::format::openai_chat::finish::map_finish;
use crate::format::openai_chat::json::{count_field, non_null, str_field};
use crate::format::Emitter;
use serde_json::Value;

/// Fails on a TGI error object (`{"error": "...", "error_type": "..."}`).
pub(crate) fn check_error(v: &Value, em: &Emitter) -> Result<()> {
    if non_null(v, "error").is_some() {
        return Err(classify_stream_error(v, em.provider()));
    }
    Ok(())
}

/// Records the finish reason and usage of a `details` object.
pub(crate) fn on_details(details: &Value, em: &mut Emitter) {
    if let Some(raw) = str_field(details, "finish_reason") {
        if let Some(reason) = map_finish(raw) {
            em.set_finish(reason, Some(raw));
        }
    }
    let Some(output) = count_field(details, "generated_tokens") else {
        return;
    };
    let input = count_field(details, "prompt_tokens")
        .or_else(|| count_field(details, "input_length"))
        .or_else(|| {
            details
                .get("prefill")
                .and_then(Value::as_array)
                .filter(|p| !p.is_empty())
                .map(|p| p.len() as u64)
        });
    em.set_usage(Usage {
        input_tokens: input.unwrap_or_else(|| em.input_estimate()),
        output_tokens: output,
        estimated: input.is_none(),
        ..Usage::default()
    });
}

/// Non-streaming body → chunks: `{"generated_text", "details"}` or a list of those (the first
/// is used).
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    check_error(body, em)?;
    let item = match body {
        Value::Array(items) => items.first().unwrap_or(&Value::Null),
        other => other,
    };
    check_error(item, em)?;
    let text = item
        .get("generated_text")
        .and_then(Value::as_str)
        .ok_or_else(|| ProviderError::decode("not a TGI generate body: no `generated_text`"))?;
    em.metadata(None, None);
    em.text(text);
    if let Some(details) = non_null(item, "details") {
        on_details(details, em);
    }
    Ok(())
}
