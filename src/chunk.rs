//! The normalized stream: one [`Chunk`] per event, the same for every provider (DESIGN §3.2).
//!
//! Serialized with serde they are exactly the JS objects the package yields: camelCase fields,
//! discriminated by `type`.

mod contract;
pub use contract::check_contract;

use alloc::string::String;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One event of a normalized stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Chunk {
    /// First chunk, once the response id / model are known.
    Metadata {
        /// Response id from the provider, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Model that served the request, if reported.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        model: Option<String>,
        /// aster provider name (`openai`, `anthropic`, …).
        provider: String,
    },
    /// A piece of answer text.
    Text {
        /// The text delta.
        text: String,
    },
    /// A piece of reasoning ("thinking").
    Reasoning {
        /// The reasoning text delta (empty for a signature-only or redacted chunk).
        reasoning: String,
        /// Signature that must be replayed with the thinking block (Anthropic, Bedrock, Gemini).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signature: Option<String>,
        /// Opaque redacted/encrypted reasoning data; `reasoning` is then empty.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        redacted: Option<String>,
    },
    /// A tool call begins.
    ToolCallStart {
        /// Position of this call among the response's tool calls (0-based, in order of start).
        index: u32,
        /// Call id (generated as `call_<index>` when the provider gives none).
        id: String,
        /// Tool name.
        name: String,
    },
    /// A piece of a tool call's JSON arguments.
    ToolCallDelta {
        /// Index of the call.
        index: u32,
        /// Call id.
        id: String,
        /// The arguments text delta.
        arguments_delta: String,
    },
    /// A tool call is complete.
    ToolCall {
        /// Index of the call.
        index: u32,
        /// Call id.
        id: String,
        /// Tool name.
        name: String,
        /// The complete arguments JSON text, as the provider sent it.
        arguments: String,
        /// The arguments parsed (`null` when they are not valid JSON; see `error`).
        input: Value,
        /// Set when `arguments` is not valid JSON: the text is kept, never dropped.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// A tool the provider ran itself (Anthropic server tools, xAI server tools, OpenAI hosted
    /// tools such as web search): never a call for the caller to answer. One chunk carries a
    /// call with its result (Anthropic's `*_tool_result` block is joined to its call); a
    /// result whose call was never seen comes alone, with the result block's type as `name`
    /// and a `null` input.
    ProviderTool {
        /// The call id (or the hosted item id).
        id: String,
        /// The tool name (`web_search`, `x_keyword_search`) or the hosted item type
        /// (`web_search_call`) when the item has no name.
        name: String,
        /// What the tool was called with (`null` when unknown).
        input: Value,
        /// What it returned, when the provider reports it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        result: Option<Value>,
    },
    /// Token usage and cost: exactly one, just before `finish`.
    Usage(Usage),
    /// The end of a successful stream.
    Finish {
        /// Normalized reason.
        reason: FinishReason,
        /// The provider's own reason string.
        #[serde(default)]
        raw_reason: Option<String>,
    },
}

impl Chunk {
    /// Whether this chunk is caller-visible output (text, reasoning or a tool call), as opposed
    /// to metadata, usage and finish. Output that was emitted is never retried (DESIGN §3.4).
    pub fn is_output(&self) -> bool {
        matches!(
            self,
            Chunk::Text { .. }
                | Chunk::Reasoning { .. }
                | Chunk::ToolCallStart { .. }
                | Chunk::ToolCallDelta { .. }
                | Chunk::ToolCall { .. }
                | Chunk::ProviderTool { .. }
        )
    }
}

/// Why generation stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FinishReason {
    /// Natural end or a stop sequence.
    #[default]
    Stop,
    /// Hit the max-tokens limit (or the context window).
    Length,
    /// The model called tools and waits for their results.
    ToolCalls,
    /// Blocked by a safety/content filter, or a refusal.
    ContentFilter,
    /// The provider reported an error.
    Error,
    /// Anything else (e.g. Anthropic `pause_turn`).
    Other,
}

impl FinishReason {
    /// The string used on the JS side.
    pub fn as_str(self) -> &'static str {
        match self {
            FinishReason::Stop => "stop",
            FinishReason::Length => "length",
            FinishReason::ToolCalls => "tool_calls",
            FinishReason::ContentFilter => "content_filter",
            FinishReason::Error => "error",
            FinishReason::Other => "other",
        }
    }
}

/// Token usage, normalized the same way for every provider (DESIGN §3.2):
///
/// * `input_tokens` counts **every** prompt token: uncached + cache read + cache write.
///   (Anthropic and Bedrock report these apart; they are added here.)
/// * `output_tokens` counts every generated token, reasoning included.
///   (Gemini reports thoughts apart; they are added here.)
/// * `cache_read_tokens`, `cache_write_tokens` and `reasoning_tokens` are the parts of those
///   totals, for pricing and display.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Every prompt token (uncached + cache read + cache write).
    pub input_tokens: u64,
    /// Every generated token (reasoning included).
    pub output_tokens: u64,
    /// Prompt tokens served from the cache (part of `input_tokens`).
    pub cache_read_tokens: u64,
    /// Prompt tokens written to the cache (part of `input_tokens`).
    pub cache_write_tokens: u64,
    /// Reasoning tokens (part of `output_tokens`).
    pub reasoning_tokens: u64,
    /// Cost in USD: provider-reported when available, else from the price table; `null` when
    /// the model's prices are unknown.
    pub total_cost: Option<f64>,
    /// True when the token counts are an estimate (no usage reported, or the stream was cut).
    pub estimated: bool,
}

impl Usage {
    /// Prompt tokens billed at the plain input rate.
    pub fn uncached_input_tokens(&self) -> u64 {
        self.input_tokens
            .saturating_sub(self.cache_read_tokens)
            .saturating_sub(self.cache_write_tokens)
    }
}
