//! The non-streamed `response` object (gateway direction) and the usage shape both outputs
//! share. The object is what `response.completed` of a stream of the same response carries:
//! [`response_body`] replays the folded response through the [`SseWriter`], so the two cannot
//! drift apart.

use super::sse_out::SseWriter;
use crate::chunk::{Chunk, Usage};
use crate::message::ContentBlock;
use crate::response::CompletionResponse;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// Usage in the Responses convention (which is aster's: input includes cached, output
/// includes reasoning), with the gateway's `cost` and `estimated` when known.
pub(super) fn usage_json(u: &Usage) -> Value {
    let mut v = Map::new();
    v.insert("input_tokens".into(), u.input_tokens.into());
    let mut details = Map::new();
    details.insert("cached_tokens".into(), u.cache_read_tokens.into());
    if u.cache_write_tokens > 0 {
        details.insert("cache_write_tokens".into(), u.cache_write_tokens.into());
    }
    v.insert("input_tokens_details".into(), Value::Object(details));
    v.insert("output_tokens".into(), u.output_tokens.into());
    v.insert(
        "output_tokens_details".into(),
        json!({"reasoning_tokens": u.reasoning_tokens}),
    );
    v.insert(
        "total_tokens".into(),
        u.input_tokens.saturating_add(u.output_tokens).into(),
    );
    if let Some(c) = u.total_cost {
        v.insert("cost".into(), c.into());
    }
    if u.estimated {
        v.insert("estimated".into(), true.into());
    }
    Value::Object(v)
}

/// The chunks a stream of `resp` would have carried (what the writer needs to rebuild it).
fn chunks_of(resp: &CompletionResponse) -> Vec<Chunk> {
    let mut out = alloc::vec![Chunk::Metadata {
        id: resp.id.clone(),
        model: resp.model.clone(),
        provider: resp.provider.clone().unwrap_or_default(),
    }];
    let mut calls = 0u32;
    for b in &resp.content {
        match b {
            ContentBlock::Text { text, .. } => out.push(Chunk::Text { text: text.clone() }),
            ContentBlock::Thinking { thinking, .. } => out.push(Chunk::Reasoning {
                reasoning: thinking.clone(),
                signature: None,
                redacted: None,
            }),
            ContentBlock::RedactedThinking { data } => out.push(Chunk::Reasoning {
                reasoning: String::new(),
                signature: None,
                redacted: Some(data.clone()),
            }),
            ContentBlock::ToolUse {
                id, name, input, ..
            } => {
                let raw = input
                    .get("_raw")
                    .and_then(Value::as_str)
                    .filter(|_| resp.tool_errors.iter().any(|(e, _)| e == id));
                let arguments = match raw {
                    Some(r) => String::from(r),
                    None => serde_json::to_string(input).unwrap_or_default(),
                };
                out.push(Chunk::ToolCall {
                    index: calls,
                    id: id.clone(),
                    name: name.clone(),
                    arguments,
                    input: input.clone(),
                    error: None,
                });
                calls += 1;
            }
            _ => {}
        }
    }
    out.push(Chunk::Usage(resp.usage.clone()));
    out.push(Chunk::Finish {
        reason: resp.stop_reason,
        raw_reason: resp.raw_stop_reason.clone(),
    });
    out
}

/// The non-streaming `response` object for a finished response, reported as `model` at Unix
/// time `created`: the object `response.completed` of a stream of it would carry.
pub fn response_body(resp: &CompletionResponse, model: &str, created: u64) -> Value {
    let mut w = SseWriter::new(model, created);
    let mut sink = Vec::new();
    for c in chunks_of(resp) {
        w.push(&c, &mut sink);
    }
    w.final_response().unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chunk::FinishReason;

    #[test]
    fn body_equals_the_streamed_final_object() {
        let resp = CompletionResponse {
            id: Some("x".into()),
            content: alloc::vec![
                ContentBlock::RedactedThinking {
                    data: "gAAAAAenc".into()
                },
                ContentBlock::text("Hello")
            ],
            text: "Hello".into(),
            stop_reason: FinishReason::Length,
            ..CompletionResponse::default()
        };
        let b = response_body(&resp, "m", 3);
        assert_eq!(b["status"], "incomplete");
        assert_eq!(b["incomplete_details"]["reason"], "max_output_tokens");
        assert_eq!(b["output"][0]["encrypted_content"], "gAAAAAenc");
        assert_eq!(b["output"][1]["content"][0]["text"], "Hello");
        assert_eq!(b["created_at"], 3);
    }
}
