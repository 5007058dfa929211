//! Prompt-token estimates for whole requests: the canonical [`Request`] and, for bodies that
//! never were canonical (pass-through, recorded traffic), raw wire JSON in any of the formats.
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
//! and one per member). Thinking blocks of earlier turns are not counted: providers drop them.

use super::tokens::estimate_text_tokens;
use crate::message::{ContentBlock, Request, ResponseFormat, Source, ToolResultContent};
use base64::Engine;
use serde_json::{Map, Value};

/// Depth bound for walking JSON (serde_json parses at most 128 levels; this stays below).
const MAX_DEPTH: usize = 64;
/// Fixed cost of one tool definition beyond its name, description and schema.
const PER_TOOL: u64 = 6;

/// What a model family adds around the prompt text. See the module docs for the numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Profile {
    base: u64,
    per_message: u64,
    tools_present: u64,
    image: u64,
    thinking: u64,
    /// Tool declarations count at this percentage of their estimate.
    tool_percent: u64,
    /// Whether a structured-output schema counts as prompt.
    counts_response_schema: bool,
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
    fn overhead(&self, messages: u64, tools: bool, thinking: bool) -> u64 {
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
        ContentBlock::Text { text, .. } => estimate_text_tokens(text),
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

/// Tokens of the text inside base64 data, or `None` when it does not decode.
fn base64_text_tokens(data: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .ok()?;
    Some(estimate_text_tokens(
        &alloc::string::String::from_utf8_lossy(&bytes),
    ))
}

/// A tool definition: fixed cost, name, description and its parameter schema.
fn tool_tokens(name: &str, description: &str, schema: &Value) -> u64 {
    PER_TOOL
        + estimate_text_tokens(name)
        + estimate_text_tokens(description)
        + schema_tokens(schema, 0)
}

/// A JSON schema as providers render it: member names, string values and one per member;
/// boilerplate (`additionalProperties`, `title`, `strict`, `$schema`) is dropped by them.
fn schema_tokens(v: &Value, depth: usize) -> u64 {
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
fn value_tokens(v: &Value, depth: usize) -> u64 {
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

/// Estimated prompt tokens of a raw request body in any wire format (OpenAI Chat and
/// Responses, Anthropic, Gemini, Bedrock Converse, Ollama, Mistral), sent to `model`.
///
/// For bodies that have no canonical [`Request`]: pass-through requests and recorded traffic.
/// The content (messages, system, tool results) is every string outside the known settings,
/// ids and signatures; tools, response schemas and media are priced as for a `Request`.
pub fn estimate_body_tokens(body: &Value, model: &str) -> u64 {
    let p = Profile::for_model(model);
    let Some(obj) = body.as_object() else {
        return value_tokens(body, 0) + p.overhead(1, false, false);
    };
    let content = content_tokens(body, &p, 0);
    let mut tool_t = 0;
    let mut tools = false;
    for tool in tool_list(obj) {
        tools = true;
        tool_t += wire_tool_tokens(tool);
    }
    tool_t = tool_t * p.tool_percent / 100;
    let schema = response_schema(obj)
        .filter(|_| p.counts_response_schema)
        .map(|s| schema_tokens(s, 0) + PER_TOOL);
    let messages = ["messages", "contents", "input"]
        .iter()
        .find_map(|k| match obj.get(*k) {
            Some(Value::Array(a)) => Some(a.len() as u64),
            Some(Value::String(_)) => Some(1),
            _ => None,
        })
        .unwrap_or(0);
    let system = [
        "system",
        "instructions",
        "systemInstruction",
        "system_instruction",
    ]
    .iter()
    .any(|k| obj.get(*k).is_some_and(|v| !is_empty(v)));
    let thinking = thinking_on(obj);
    content
        + tool_t
        + schema.unwrap_or(0)
        + p.overhead(
            messages + u64::from(system),
            tools || schema.is_some(),
            thinking,
        )
}

/// Settings, ids, signatures and encrypted blobs: never prompt text. Tools and response
/// formats are priced separately.
fn is_setting(key: &str) -> bool {
    matches!(
        key,
        "model"
            | "stream"
            | "max_tokens"
            | "max_completion_tokens"
            | "max_output_tokens"
            | "temperature"
            | "top_p"
            | "top_k"
            | "n"
            | "seed"
            | "stop"
            | "include"
            | "stream_options"
            | "tool_choice"
            | "toolChoice"
            | "tools"
            | "toolConfig"
            | "inferenceConfig"
            | "generationConfig"
            | "response_format"
            | "text"
            | "output_format"
            | "reasoning"
            | "thinking"
            | "reasoning_effort"
            | "service_tier"
            | "background"
            | "store"
            | "metadata"
            | "user"
            | "parallel_tool_calls"
            | "frequency_penalty"
            | "presence_penalty"
            | "id"
            | "call_id"
            | "tool_call_id"
            | "toolUseId"
            | "tool_use_id"
            | "signature"
            | "thoughtSignature"
            | "thought_signature"
            | "encrypted_content"
            | "redacted_thinking"
            | "role"
            | "type"
            | "status"
            | "index"
            | "prefix"
            | "cache_control"
            | "cachePoint"
            | "previous_response_id"
            | "conversation"
            | "additionalModelRequestFields"
            | "safetySettings"
            | "cachedContent"
            | "options"
            | "keep_alive"
            | "format"
            | "provider"
            | "models"
            | "transforms"
            | "moderation"
            | "context_management"
            | "truncation"
            | "mcp_servers"
            | "labels"
    )
}

fn content_tokens(v: &Value, p: &Profile, depth: usize) -> u64 {
    if depth > MAX_DEPTH {
        return 0;
    }
    match v {
        // `data:` URLs are media whose object was not recognised; never count base64 as text.
        Value::String(s) if s.starts_with("data:") => p.image,
        Value::String(s) => estimate_text_tokens(s),
        Value::Number(_) => 1,
        Value::Bool(_) | Value::Null => 0,
        Value::Array(items) => items.iter().map(|x| content_tokens(x, p, depth + 1)).sum(),
        Value::Object(map) => {
            if let Some(t) = media_tokens(map, p, depth) {
                return t;
            }
            let ty = map.get("type").and_then(Value::as_str);
            // Earlier turns' reasoning is dropped by the providers (Gemini marks it `thought`).
            if matches!(ty, Some("thinking" | "redacted_thinking" | "reasoning"))
                || map.get("thought").and_then(Value::as_bool) == Some(true)
            {
                return 0;
            }
            map.iter()
                .map(|(k, x)| match (k.as_str(), x) {
                    // A text part, where the Responses API's `text` setting is an object.
                    ("text", Value::String(s)) => estimate_text_tokens(s),
                    (k, _) if is_setting(k) => 0,
                    // Tool-call arguments and structured results: their keys are text too.
                    ("input" | "args" | "arguments" | "response" | "json", Value::Object(_)) => {
                        value_tokens(x, depth + 1)
                    }
                    _ => content_tokens(x, p, depth + 1),
                })
                .sum()
        }
    }
}

/// The cost of an image or document part in any wire shape, or `None` for other objects.
fn media_tokens(map: &Map<String, Value>, p: &Profile, depth: usize) -> Option<u64> {
    let text = map
        .get("text")
        .and_then(Value::as_str)
        .map_or(0, estimate_text_tokens);
    let ty = map.get("type").and_then(Value::as_str).unwrap_or("");
    let is_image = matches!(ty, "image" | "image_url" | "input_image")
        || map.get("image_url").is_some_and(|v| !v.is_null())
        || map.get("image").is_some_and(Value::is_object)
        || map.get("images").is_some_and(Value::is_array);
    if is_image {
        let n = map
            .get("images")
            .and_then(Value::as_array)
            .map_or(1, |a| a.len() as u64);
        // Ollama puts `images` beside the message's `content`.
        let rest = map
            .get("content")
            .map_or(0, |c| content_tokens(c, p, depth + 1));
        return Some(text + rest + p.image * n);
    }
    for key in ["inlineData", "inline_data", "fileData", "file_data"] {
        if let Some(Value::Object(d)) = map.get(key) {
            let mime = ["mimeType", "mime_type"]
                .iter()
                .find_map(|k| d.get(*k).and_then(Value::as_str))
                .unwrap_or("");
            let t = match d.get("data").and_then(Value::as_str) {
                Some(data) if mime.starts_with("text/") => base64_text_tokens(data),
                _ => None,
            };
            return Some(text + t.unwrap_or(p.image));
        }
    }
    let doc = map
        .get("document")
        .or_else(|| map.get("file"))
        .filter(|v| v.is_object())
        .or_else(|| matches!(ty, "document" | "input_file" | "file").then_some(&Value::Null))?;
    Some(text + document_tokens(doc, map, p))
}

/// A document part: its text when it is a text document (Bedrock `format: txt|md|csv|html`,
/// Anthropic `source.type: text`), else one page priced like an image.
fn document_tokens(doc: &Value, outer: &Map<String, Value>, p: &Profile) -> u64 {
    let d = doc.as_object().unwrap_or(outer);
    let source = d.get("source").and_then(Value::as_object);
    let format = d.get("format").and_then(Value::as_str).unwrap_or("");
    let stype = source
        .and_then(|s| s.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let data = source
        .and_then(|s| s.get("bytes").or_else(|| s.get("data")))
        .and_then(Value::as_str);
    let name = d
        .get("name")
        .and_then(Value::as_str)
        .map_or(0, estimate_text_tokens);
    let body = match (stype, data) {
        ("text", Some(text)) => Some(estimate_text_tokens(text)),
        (_, Some(b64)) if matches!(format, "txt" | "md" | "csv" | "html") => {
            base64_text_tokens(b64)
        }
        _ => None,
    };
    name + body.unwrap_or(p.image)
}

/// Tool declarations in any wire shape (Gemini nests them in `functionDeclarations`).
fn tool_list(obj: &Map<String, Value>) -> impl Iterator<Item = &Value> {
    let tools = obj
        .get("tools")
        .or_else(|| obj.get("toolConfig").and_then(|t| t.get("tools")))
        .and_then(Value::as_array)
        .map(|a| a.as_slice())
        .unwrap_or(&[]);
    tools.iter().flat_map(|t| {
        let decls = t
            .get("functionDeclarations")
            .or_else(|| t.get("function_declarations"))
            .and_then(Value::as_array);
        match decls {
            Some(d) => d.as_slice(),
            None => core::slice::from_ref(t),
        }
    })
}

fn wire_tool_tokens(tool: &Value) -> u64 {
    let t = tool
        .get("function")
        .or_else(|| tool.get("toolSpec"))
        .filter(|f| f.is_object())
        .unwrap_or(tool);
    let name = t.get("name").and_then(Value::as_str).unwrap_or("");
    let desc = t.get("description").and_then(Value::as_str).unwrap_or("");
    let schema = [
        "parameters",
        "input_schema",
        "inputSchema",
        "parameters_json_schema",
        "parametersJsonSchema",
    ]
    .iter()
    .find_map(|k| t.get(*k))
    .map(|s| s.get("json").unwrap_or(s))
    .unwrap_or(&Value::Null);
    tool_tokens(name, desc, schema)
}

/// A structured-output schema: OpenAI Chat `response_format`, Responses `text.format`,
/// Anthropic `output_format`, Ollama `format`.
fn response_schema(obj: &Map<String, Value>) -> Option<&Value> {
    let rf = obj.get("response_format");
    rf.and_then(|r| r.get("json_schema"))
        .and_then(|j| j.get("schema"))
        .or_else(|| {
            obj.get("text")
                .and_then(|t| t.get("format"))
                .and_then(|f| f.get("schema"))
        })
        .or_else(|| obj.get("output_format").and_then(|f| f.get("schema")))
        .or_else(|| obj.get("format").filter(|f| f.is_object()))
}

/// Whether extended thinking is requested (only Claude's profile prices it).
fn thinking_on(obj: &Map<String, Value>) -> bool {
    let enabled = |t: &Value| {
        t.get("type")
            .and_then(Value::as_str)
            .is_some_and(|s| s == "enabled" || s == "adaptive")
            || t.get("enabled").and_then(Value::as_bool) == Some(true)
            || t.get("effort").is_some()
    };
    obj.get("thinking").is_some_and(enabled)
        || obj.get("reasoning").is_some_and(enabled)
        || obj
            .get("additionalModelRequestFields")
            .and_then(|f| f.get("thinking"))
            .is_some_and(enabled)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}
