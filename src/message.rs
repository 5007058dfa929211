//! The canonical request (DESIGN §3.1): Anthropic `MessageParam` messages plus options.
//!
//! Callers pass what they already have: `{role, content: string | Block[]}`. Options are read
//! in camelCase (JS) or snake_case (the Anthropic/OpenAI wire spelling), so the same parser
//! serves the JS API and the gateway. Parsing lives in `message/parse.rs`; it reports the path
//! of a malformed field (`messages[2].content[0].source.media_type`) and never panics.
//! Serialization (serde) writes the Anthropic shapes back, which is what `CompletionResponse`
//! content blocks and the gateway's Anthropic output use.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use serde_json::{Map, Value};

mod parse;
pub use parse::{parse_messages, parse_request};

/// Who speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The user (tool results are sent by the user, as in Anthropic's API).
    User,
    /// The model.
    Assistant,
}

/// One message of the conversation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Message {
    /// Speaker.
    pub role: Role,
    /// Blocks; a string `content` becomes one text block.
    pub content: Vec<ContentBlock>,
}

impl Message {
    /// A user message with one text block.
    pub fn user(text: impl Into<String>) -> Self {
        Message {
            role: Role::User,
            content: alloc::vec![ContentBlock::text(text)],
        }
    }

    /// An assistant message with one text block.
    pub fn assistant(text: impl Into<String>) -> Self {
        Message {
            role: Role::Assistant,
            content: alloc::vec![ContentBlock::text(text)],
        }
    }
}

/// Anthropic-style prompt-cache breakpoint (`{"type": "ephemeral", "ttl": "5m"|"1h"}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CacheControl {
    /// Always `ephemeral` today.
    #[serde(rename = "type")]
    pub kind: String,
    /// Optional TTL (`5m`, `1h`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<String>,
}

/// Where an image or document comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// Inline base64 data.
    Base64 {
        /// MIME type (`image/png`, `application/pdf`, …).
        media_type: String,
        /// Base64 data (no `data:` prefix).
        data: String,
    },
    /// A URL the provider fetches (or a `data:` URL).
    Url {
        /// The URL.
        url: String,
    },
    /// Plain text document content.
    Text {
        /// MIME type, `text/plain`.
        media_type: String,
        /// The text.
        data: String,
    },
}

/// Content of a `tool_result` block.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ToolResultContent {
    /// Text.
    Text {
        /// The text.
        text: String,
    },
    /// An image.
    Image {
        /// Image source.
        source: Source,
    },
    /// A document.
    Document {
        /// Document source.
        source: Source,
    },
}

/// One content block (Anthropic shapes).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContentBlock {
    /// Text.
    Text {
        /// The text.
        text: String,
        /// Cache breakpoint after this block.
        #[serde(skip_serializing_if = "Option::is_none")]
        cache_control: Option<CacheControl>,
    },
    /// An image.
    Image {
        /// Image source.
        source: Source,
        /// Cache breakpoint.
        #[serde(skip_serializing_if = "Option::is_none")]
        cache_control: Option<CacheControl>,
    },
    /// A document (PDF or text).
    Document {
        /// Document source.
        source: Source,
        /// Optional title.
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// Cache breakpoint.
        #[serde(skip_serializing_if = "Option::is_none")]
        cache_control: Option<CacheControl>,
    },
    /// A tool call made by the assistant.
    ToolUse {
        /// Call id.
        id: String,
        /// Tool name.
        name: String,
        /// Arguments object.
        input: Value,
        /// Cache breakpoint.
        #[serde(skip_serializing_if = "Option::is_none")]
        cache_control: Option<CacheControl>,
    },
    /// The result of a tool call, sent by the user.
    ToolResult {
        /// The call this answers.
        tool_use_id: String,
        /// Result content (a string becomes one text item).
        content: Vec<ToolResultContent>,
        /// Whether the tool failed.
        #[serde(skip_serializing_if = "core::ops::Not::not")]
        is_error: bool,
        /// Cache breakpoint.
        #[serde(skip_serializing_if = "Option::is_none")]
        cache_control: Option<CacheControl>,
    },
    /// Model reasoning, replayed with its signature.
    Thinking {
        /// The reasoning text.
        thinking: String,
        /// Signature (Anthropic/Bedrock/Gemini thought signature).
        #[serde(skip_serializing_if = "Option::is_none")]
        signature: Option<String>,
    },
    /// Redacted/encrypted reasoning, replayed as-is.
    RedactedThinking {
        /// Opaque data.
        data: String,
    },
}

impl ContentBlock {
    /// A text block without cache control.
    pub fn text(text: impl Into<String>) -> Self {
        ContentBlock::Text {
            text: text.into(),
            cache_control: None,
        }
    }

    /// The block's cache breakpoint, if any.
    pub fn cache_control(&self) -> Option<&CacheControl> {
        match self {
            ContentBlock::Text { cache_control, .. }
            | ContentBlock::Image { cache_control, .. }
            | ContentBlock::Document { cache_control, .. }
            | ContentBlock::ToolUse { cache_control, .. }
            | ContentBlock::ToolResult { cache_control, .. } => cache_control.as_ref(),
            ContentBlock::Thinking { .. } | ContentBlock::RedactedThinking { .. } => None,
        }
    }

    /// The Anthropic `type` string of this block.
    pub fn type_name(&self) -> &'static str {
        match self {
            ContentBlock::Text { .. } => "text",
            ContentBlock::Image { .. } => "image",
            ContentBlock::Document { .. } => "document",
            ContentBlock::ToolUse { .. } => "tool_use",
            ContentBlock::ToolResult { .. } => "tool_result",
            ContentBlock::Thinking { .. } => "thinking",
            ContentBlock::RedactedThinking { .. } => "redacted_thinking",
        }
    }
}

/// A tool the model may call.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tool {
    /// Name.
    pub name: String,
    /// What it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// JSON Schema of the input object.
    pub input_schema: Value,
    /// Cache breakpoint after the tool definitions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
}

/// How the model must use tools.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ToolChoice {
    /// The model decides (default).
    Auto,
    /// The model must call some tool (`any` / `required`).
    Any,
    /// The model must not call tools.
    None,
    /// The model must call this tool.
    Tool(String),
}

/// Reasoning effort levels (OpenAI `reasoning_effort`, mapped to budgets elsewhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Effort {
    /// `minimal`
    Minimal,
    /// `low`
    Low,
    /// `medium`
    Medium,
    /// `high`
    High,
}

impl Effort {
    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::Minimal => "minimal",
            Effort::Low => "low",
            Effort::Medium => "medium",
            Effort::High => "high",
        }
    }

    /// A thinking-token budget for providers that take budgets rather than efforts.
    pub fn budget_tokens(self) -> u32 {
        match self {
            Effort::Minimal => 1024,
            Effort::Low => 2048,
            Effort::Medium => 8192,
            Effort::High => 24576,
        }
    }
}

/// Reasoning settings: an effort, a token budget, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reasoning {
    /// Effort level.
    pub effort: Option<Effort>,
    /// Explicit thinking budget in tokens.
    pub budget_tokens: Option<u32>,
}

/// Requested response format.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ResponseFormat {
    /// Plain text (default).
    Text,
    /// Any JSON object.
    JsonObject,
    /// JSON matching a schema.
    JsonSchema {
        /// Schema name (some providers require one).
        name: String,
        /// The JSON Schema.
        schema: Value,
        /// Strict adherence where supported.
        strict: bool,
    },
}

/// The canonical request: messages plus options (DESIGN §3.1).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Request {
    /// Model override (otherwise the client's configured model).
    pub model: Option<String>,
    /// The conversation.
    pub messages: Vec<Message>,
    /// System prompt as text blocks (a string becomes one block; blocks may carry cache_control).
    pub system: Vec<ContentBlock>,
    /// Tools.
    pub tools: Vec<Tool>,
    /// Tool choice.
    pub tool_choice: Option<ToolChoice>,
    /// Whether the model may call several tools at once (`false` disables parallel calls).
    pub parallel_tool_calls: Option<bool>,
    /// Max output tokens.
    pub max_tokens: Option<u32>,
    /// Sampling temperature.
    pub temperature: Option<f64>,
    /// Nucleus sampling.
    pub top_p: Option<f64>,
    /// Top-k sampling (Anthropic, Gemini, Ollama).
    pub top_k: Option<u32>,
    /// Stop sequences.
    pub stop_sequences: Vec<String>,
    /// Sampling seed, for reproducible output where the API takes one (OpenAI chat and
    /// compatible hosts, Mistral `random_seed`, Gemini, Ollama, TGI); elsewhere a warning.
    pub seed: Option<i64>,
    /// Reasoning settings.
    pub reasoning: Option<Reasoning>,
    /// Structured output.
    pub response_format: Option<ResponseFormat>,
    /// End-user id for abuse tracking (`user` / `metadata.user_id`).
    pub user: Option<String>,
    /// Per-provider pass-through options, keyed by provider name (`{"openai": {...}}`), merged
    /// into that provider's request body last.
    pub provider_options: Map<String, Value>,
}

impl Request {
    /// The system prompt as one string (blocks joined with blank lines).
    pub fn system_text(&self) -> Option<String> {
        let mut out = String::new();
        for b in &self.system {
            if let ContentBlock::Text { text, .. } = b {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(text);
            }
        }
        if out.is_empty() {
            None
        } else {
            Some(out)
        }
    }
}

/// A setting a provider cannot honour: reported, never a silent drop, never a failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The setting or content that was not sent (`temperature`, `messages[1].content[0]`, …).
    pub setting: String,
    /// What happened to it.
    pub message: String,
}

impl Warning {
    /// A warning about `setting`.
    pub fn new(setting: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            setting: setting.into(),
            message: message.into(),
        }
    }
}
