//! [`CompletionResponse`] and the [`Accumulator`] that folds chunks into it.
//!
//! `complete()` is `stream()` folded: the same chunks, so a streamed and a non-streamed call
//! of the same response give the same result.

use crate::chunk::{Chunk, FinishReason, Usage};
use crate::message::ContentBlock;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

/// A finished response with Anthropic-shaped content blocks.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletionResponse {
    /// Provider response id.
    pub id: Option<String>,
    /// Model that served it.
    pub model: Option<String>,
    /// aster provider name.
    pub provider: Option<String>,
    /// Content blocks in order: `thinking`, `redacted_thinking`, `text`, `tool_use`.
    pub content: Vec<ContentBlock>,
    /// All text blocks joined.
    pub text: String,
    /// Why generation stopped.
    pub stop_reason: FinishReason,
    /// The provider's own stop reason.
    pub raw_stop_reason: Option<String>,
    /// Token usage and cost.
    pub usage: Usage,
    /// Tool calls whose arguments were not valid JSON: `(call id, parse error)`. The call is
    /// still in `content` with its raw arguments under `input._raw`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tool_errors: Vec<(String, String)>,
    /// Tools the provider ran itself (`provider_tool` chunks), in order, each with its result
    /// when one was reported. Not in `content`: nothing here is for the caller to run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provider_tools: Vec<ProviderToolUse>,
}

/// A tool the provider ran itself, as folded from `provider_tool` chunks.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderToolUse {
    /// Call or item id.
    pub id: String,
    /// Tool name (or hosted item type).
    pub name: String,
    /// What it was called with.
    pub input: serde_json::Value,
    /// What it returned, if reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
}

/// Folds a chunk sequence into a [`CompletionResponse`].
#[derive(Debug, Default)]
pub struct Accumulator {
    resp: CompletionResponse,
    finished: bool,
}

impl Accumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one chunk.
    pub fn push(&mut self, chunk: &Chunk) {
        let r = &mut self.resp;
        match chunk {
            Chunk::Metadata {
                id,
                model,
                provider,
            } => {
                r.id = r.id.take().or_else(|| id.clone());
                r.model = r.model.take().or_else(|| model.clone());
                r.provider = Some(provider.clone());
            }
            Chunk::Text { text } => {
                r.text.push_str(text);
                if let Some(ContentBlock::Text { text: last, .. }) = r.content.last_mut() {
                    last.push_str(text);
                } else {
                    r.content.push(ContentBlock::text(text.clone()));
                }
            }
            Chunk::Reasoning {
                reasoning,
                signature,
                redacted,
            } => {
                if let Some(data) = redacted {
                    r.content
                        .push(ContentBlock::RedactedThinking { data: data.clone() });
                    return;
                }
                if let Some(ContentBlock::Thinking {
                    thinking,
                    signature: sig,
                }) = r.content.last_mut()
                {
                    // A signature closes a thinking block: text after it starts a new block.
                    if sig.is_none() {
                        thinking.push_str(reasoning);
                        if signature.is_some() {
                            *sig = signature.clone();
                        }
                        return;
                    }
                }
                r.content.push(ContentBlock::Thinking {
                    thinking: reasoning.clone(),
                    signature: signature.clone(),
                });
            }
            Chunk::ToolCallStart { .. } | Chunk::ToolCallDelta { .. } => {}
            Chunk::ToolCall {
                id,
                name,
                arguments,
                input,
                error,
                ..
            } => {
                let input = match error {
                    None => input.clone(),
                    Some(e) => {
                        r.tool_errors.push((id.clone(), e.clone()));
                        let mut m = serde_json::Map::new();
                        m.insert(
                            String::from("_raw"),
                            serde_json::Value::String(arguments.clone()),
                        );
                        serde_json::Value::Object(m)
                    }
                };
                r.content.push(ContentBlock::ToolUse {
                    id: id.clone(),
                    name: name.clone(),
                    input,
                    cache_control: None,
                });
            }
            Chunk::ProviderTool {
                id,
                name,
                input,
                result,
            } => {
                // A result reported apart from its call completes the call of the same id.
                let known = r.provider_tools.iter_mut().rev().find(|t| &t.id == id);
                match (known, result) {
                    (Some(t), Some(res)) if input.is_null() => t.result = Some(res.clone()),
                    _ => r.provider_tools.push(ProviderToolUse {
                        id: id.clone(),
                        name: name.clone(),
                        input: input.clone(),
                        result: result.clone(),
                    }),
                }
            }
            Chunk::Usage(u) => r.usage = u.clone(),
            Chunk::Finish { reason, raw_reason } => {
                r.stop_reason = *reason;
                r.raw_stop_reason = raw_reason.clone();
                self.finished = true;
            }
        }
    }

    /// Adds every chunk of a slice.
    pub fn extend(&mut self, chunks: &[Chunk]) {
        for c in chunks {
            self.push(c);
        }
    }

    /// Whether a `finish` chunk was seen.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The response so far.
    pub fn response(&self) -> &CompletionResponse {
        &self.resp
    }

    /// The final response.
    pub fn finish(self) -> CompletionResponse {
        self.resp
    }
}
