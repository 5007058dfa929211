//! Prompt-token estimate of a raw request body in any wire format, priced with the same
//! [`Profile`]s as a canonical request (see `prompt.rs` for the numbers).

use super::prompt::{
    base64_text_tokens, schema_tokens, tool_tokens, value_tokens, visible_text_tokens, Profile,
    MAX_DEPTH, PER_TOOL,
};
use super::tokens::estimate_text_tokens;
use alloc::string::String;
use serde_json::{Map, Value};

/// Estimated prompt tokens of a raw request body in any wire format (OpenAI Chat and
/// Responses, Anthropic, Gemini, Bedrock Converse, Ollama, Mistral), sent to `model`.
///
/// For bodies that have no canonical [`crate::message::Request`]: pass-through requests and recorded traffic.
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
        Value::String(s) => visible_text_tokens(s),
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
                    ("text", Value::String(s)) => visible_text_tokens(s),
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
