//! Prompt-token estimates for whole requests: the canonical [`Request`] here, raw wire JSON in
//! `body.rs` (for bodies that never were canonical: pass-through, recorded traffic).
//!
//! A prompt costs its text (see [`estimate_text_tokens`]) plus what the provider adds around
//! it, which depends on the model family far more than on the text ([`Profile`]):
//!
//! | family | fixed | per message | tools present | image | thinking on |
//! |---|---|---|---|---|---|
//! | Claude | 5 | 3 | 500 (tool-use system prompt; Anthropic documents 346 + framing) | 1600 | 25 |
//! | Gemini, Gemma | 0 | 0 | 0; declarations count half, response schemas not at all | 258 | 0 |
//! | Amazon Nova | 0 | 0 | 0 | 1000 | 0 |
//! | gpt-oss (harmony system message) | 65 | 3 | 0 | 1000 | 0 |
//! | Llama 3 (dated system preamble) | 35 | 4 | 0 | 1000 | 0 |
//! | OpenAI GPT / o-series | 3 | 3 | 0 | 765 | 0 |
//! | anything else (ChatML-like) | 3 | 3 | 0 | 1000 | 0 |
//!
//! Images cost a fixed number per image since their size is not at hand: 1600 for Claude
//! (≈ w·h/750 for a 1.15-megapixel image, the largest before downscaling), 765 for OpenAI (a
//! 1024×1024 image at high detail: 85 + 4·170), 258 for Gemini (one tile), 1000 otherwise. A
//! PDF or other binary document counts as one page, priced like an image; a text document
//! counts its text. A tool costs 6 plus its name, description and schema (keys, string values
//! and one per member). Thinking blocks of earlier turns are not counted, nor `<think>…</think>`
//! spans in replayed text: providers and chat templates drop them.

use super::tokens::estimate_text_tokens;
use crate::message::{ContentBlock, Request, ResponseFormat, Source, ToolResultContent};
use base64::Engine;
use serde_json::Value;

/// Depth bound for walking JSON (serde_json parses at most 128 levels; this stays below).
pub(super) const MAX_DEPTH: usize = 64;
/// Fixed cost of one tool definition beyond its name, description and schema.
pub(super) const PER_TOOL: u64 = 6;

/// What a model family adds around the prompt text. See the module docs for the numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Profile {
    base: u64,
    per_message: u64,
    tools_present: u64,
    /// Cost of one image, or of one page of a binary document.
    pub(super) image: u64,
    thinking: u64,
    /// Tool declarations count at this percentage of their estimate.
    pub(super) tool_percent: u64,
    /// Whether a structured-output schema counts as prompt.
    pub(super) counts_response_schema: bool,
}

impl Profile {
    const GENERIC: Profile = Profile {
        base: 3,
        per_message: 3,
        tools_present: 0,
        image: 1000,
        thinking: 0,
        tool_percent: 100,
        counts_response_schema: true,
    };

    /// The profile of `model` (any spelling: `anthropic/claude-…`, `us.anthropic.claude-…`).
    pub(crate) fn for_model(model: &str) -> Profile {
        let m = model.to_ascii_lowercase();
        let g = Profile::GENERIC;
        if m.contains("claude") {
            Profile {
                base: 5,
                tools_present: 500,
                image: 1600,
                thinking: 25,
                ..g
            }
        } else if m.contains("gemini") || m.contains("gemma") {
            Profile {
                base: 0,
                per_message: 0,
                image: 258,
                tool_percent: 50,
                counts_response_schema: false,
                ..g
            }
        } else if m.contains("nova") {
            Profile {
                base: 0,
                per_message: 0,
                ..g
            }
        } else if m.contains("gpt-oss") {
            Profile { base: 65, ..g }
        } else if (m.contains("llama-3") || m.contains("llama3")) && !m.contains("distill") {
            Profile {
                base: 35,
                per_message: 4,
                ..g
            }
        } else if is_openai(&m) {
            Profile { image: 765, ..g }
        } else {
            g
        }
    }

    /// Overhead for a prompt of `messages` turns (the system prompt counts as one).
    pub(super) fn overhead(&self, messages: u64, tools: bool, thinking: bool) -> u64 {
        self.base
            + self.per_message * messages
            + if tools { self.tools_present } else { 0 }
            + if thinking { self.thinking } else { 0 }
    }
}

fn is_openai(m: &str) -> bool {
    let name = m.rsplit(['/', '.']).next().unwrap_or(m);
    m.starts_with("openai")
        || name.starts_with("gpt-")
        || name.starts_with("chatgpt")
        || (name.starts_with('o') && name.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
}

/// Estimated prompt tokens of `req` sent to `model`.
pub fn estimate_request_tokens(req: &Request, model: &str) -> u64 {
    let p = Profile::for_model(model);
    let mut t: u64 = req.system.iter().map(|b| block_tokens(b, &p)).sum();
    for m in &req.messages {
        t += m.content.iter().map(|b| block_tokens(b, &p)).sum::<u64>();
    }
    let mut tool_t: u64 = req
        .tools
        .iter()
        .map(|tool| {
            tool_tokens(
                &tool.name,
                tool.description.as_deref().unwrap_or(""),
                &tool.input_schema,
            )
        })
        .sum();
    tool_t = tool_t * p.tool_percent / 100;
    let schema = match &req.response_format {
        Some(ResponseFormat::JsonSchema { schema, .. }) if p.counts_response_schema => {
            Some(schema_tokens(schema, 0) + PER_TOOL)
        }
        _ => None,
    };
    let messages = req.messages.len() as u64 + u64::from(!req.system.is_empty());
    let thinking = req
        .reasoning
        .as_ref()
        .is_some_and(|r| r.effort.is_some() || r.budget_tokens.is_some_and(|b| b > 0));
    let tools = !req.tools.is_empty() || schema.is_some();
    t + tool_t + schema.unwrap_or(0) + p.overhead(messages, tools, thinking)
}

fn block_tokens(b: &ContentBlock, p: &Profile) -> u64 {
    match b {
        ContentBlock::Text { text, .. } => visible_text_tokens(text),
        ContentBlock::Image { .. } => p.image,
        ContentBlock::Document { source, title, .. } => {
            title.as_deref().map_or(0, estimate_text_tokens) + source_tokens(source, p)
        }
        ContentBlock::ToolUse { name, input, .. } => {
            estimate_text_tokens(name) + value_tokens(input, 0)
        }
        ContentBlock::ToolResult { content, .. } => content
            .iter()
            .map(|c| match c {
                ToolResultContent::Text { text } => estimate_text_tokens(text),
                ToolResultContent::Image { .. } => p.image,
                ToolResultContent::Document { source } => source_tokens(source, p),
            })
            .sum(),
        ContentBlock::Thinking { .. } | ContentBlock::RedactedThinking { .. } => 0,
    }
}

fn source_tokens(source: &Source, p: &Profile) -> u64 {
    match source {
        Source::Text { data, .. } => estimate_text_tokens(data),
        Source::Base64 { media_type, data } if media_type.starts_with("text/") => {
            base64_text_tokens(data).unwrap_or(p.image)
        }
        _ => p.image,
    }
}

/// Tokens of message text as the model sees it: reasoning models' chat templates (Qwen3,
/// DeepSeek-R1, GLM) drop `<think>…</think>` blocks replayed in earlier assistant turns.
pub(super) fn visible_text_tokens(text: &str) -> u64 {
    let mut tokens = 0;
    let mut rest = text;
    while let Some(open) = rest.find("<think>") {
        tokens += estimate_text_tokens(rest.get(..open).unwrap_or(""));
        let after = rest.get(open..).unwrap_or("");
        match after.find("</think>") {
            Some(close) => rest = after.get(close + "</think>".len()..).unwrap_or(""),
            // Unclosed: still the model's own output, count it.
            None => return tokens + estimate_text_tokens(after),
        }
    }
    tokens + estimate_text_tokens(rest)
}

/// Tokens of the text inside base64 data, or `None` when it does not decode.
pub(super) fn base64_text_tokens(data: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .ok()?;
    Some(estimate_text_tokens(
        &alloc::string::String::from_utf8_lossy(&bytes),
    ))
}

/// A tool definition: fixed cost, name, description and its parameter schema.
pub(super) fn tool_tokens(name: &str, description: &str, schema: &Value) -> u64 {
    PER_TOOL
        + estimate_text_tokens(name)
        + estimate_text_tokens(description)
        + schema_tokens(schema, 0)
}

/// A JSON schema as providers render it: member names, string values and one per member;
/// boilerplate (`additionalProperties`, `title`, `strict`, `$schema`) is dropped by them.
pub(super) fn schema_tokens(v: &Value, depth: usize) -> u64 {
    if depth > MAX_DEPTH {
        return 0;
    }
    match v {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "additionalProperties" | "title" | "strict" | "$schema"
                )
            })
            .map(|(k, x)| estimate_text_tokens(k) + 1 + schema_tokens(x, depth + 1))
            .sum(),
        Value::Array(items) => items.iter().map(|x| schema_tokens(x, depth + 1)).sum(),
        other => value_tokens(other, depth),
    }
}

/// Any JSON value as text: keys and strings by their text, numbers one token.
pub(super) fn value_tokens(v: &Value, depth: usize) -> u64 {
    if depth > MAX_DEPTH {
        return 0;
    }
    match v {
        Value::String(s) => estimate_text_tokens(s),
        Value::Number(_) => 1,
        Value::Bool(_) | Value::Null => 0,
        Value::Array(items) => items.iter().map(|x| value_tokens(x, depth + 1)).sum(),
        Value::Object(map) => map
            .iter()
            .map(|(k, x)| estimate_text_tokens(k) + value_tokens(x, depth + 1))
            .sum(),
    }
}
