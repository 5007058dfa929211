//! Canonical messages → Gemini `contents`.
//!
//! * roles: user → `user`, assistant → `model`; consecutive turns of one role are merged
//!   into one content (Gemini wants them alternating);
//! * text → `{text}`; base64 images and documents → `{inlineData: {mimeType, data}}` (a
//!   `data:` URL too); other URLs → `{fileData: {mimeType, fileUri}}` with the MIME type
//!   guessed from the extension (Gemini needs one); text documents → `{text}`;
//! * `tool_use` → `{functionCall: {name, args, id}}`; `tool_result` →
//!   `{functionResponse: {name, id, response: {output}}}` (or `{error}` when `is_error`),
//!   the function name found through the `tool_use` with that id in the history. Ids are
//!   always sent: Gemini matches them when present and ignores ones it did not issue. Images
//!   and documents in a result follow the `functionResponse` as `inlineData`/`fileData` parts
//!   of the same turn, which every Gemini version reads;
//! * thinking: unsigned thinking text → `{text, thought: true}`. A signature is put on the
//!   **next** part of the same turn (`thoughtSignature`): the stream decoder emits a
//!   signature just before the text or call it came on, so this is its original place, and
//!   Gemini 3 validates it on the first `functionCall` of a step. A signature with nothing
//!   after it goes on the turn's last part. `redacted_thinking` is another provider's and is
//!   dropped with a warning;
//! * Gemini 3 rejects a replayed step whose function calls carry no signature (history
//!   rebuilt by the caller, or produced by another provider). For `gemini-3*` models the
//!   documented `skip_thought_signature_validator` sentinel is put on the first call of such
//!   a turn, with one warning.

use crate::format::wire_util::{guess_media_type, parse_data_url};
use crate::message::{ContentBlock, Message, Request, Role, Source, ToolResultContent, Warning};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// Google's documented placeholder for a function call whose real signature is unknown.
const SKIP_SIGNATURE: &str = "skip_thought_signature_validator";

/// Builds `contents`. `gemini3` enables the signature sentinel.
pub(super) fn build(req: &Request, gemini3: bool, warnings: &mut Vec<Warning>) -> Vec<Value> {
    let names = call_names(&req.messages);
    let mut contents: Vec<Value> = Vec::new();
    let mut sentinel_used = false;
    for (mi, m) in req.messages.iter().enumerate() {
        let (role, mut parts) = match m.role {
            Role::User => ("user", user_parts(mi, m, &names, warnings)),
            Role::Assistant => ("model", model_parts(mi, m, warnings)),
        };
        if gemini3 && role == "model" && add_signature_sentinel(&mut parts) {
            sentinel_used = true;
        }
        if parts.is_empty() {
            continue;
        }
        match contents.last_mut() {
            Some(last) if last["role"] == role => {
                if let Some(existing) = last["parts"].as_array_mut() {
                    existing.extend(parts);
                }
            }
            _ => contents.push(json!({"role": role, "parts": parts})),
        }
    }
    if sentinel_used {
        warnings.push(Warning::new(
            "messages",
            "a replayed Gemini 3 function call had no thought signature; sent with Google's skip_thought_signature_validator placeholder",
        ));
    }
    contents
}

/// Tool call id → function name, over the whole history.
fn call_names(messages: &[Message]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for m in messages {
        for b in &m.content {
            if let ContentBlock::ToolUse { id, name, .. } = b {
                out.insert(id.clone(), name.clone());
            }
        }
    }
    out
}

fn user_parts(
    mi: usize,
    m: &Message,
    names: &BTreeMap<String, String>,
    warnings: &mut Vec<Warning>,
) -> Vec<Value> {
    let mut parts = Vec::new();
    for (bi, b) in m.content.iter().enumerate() {
        let at = || format!("messages[{mi}].content[{bi}]");
        match b {
            ContentBlock::Text { text, .. } => parts.push(json!({"text": text})),
            ContentBlock::Image { source, .. } => parts.push(media_part(source, None)),
            ContentBlock::Document { source, title, .. } => {
                parts.push(media_part(source, title.as_deref()))
            }
            ContentBlock::ToolResult {
                tool_use_id,
                content,
                is_error,
                ..
            } => {
                let name = match names.get(tool_use_id) {
                    Some(n) => n.clone(),
                    None => {
                        warnings.push(Warning::new(
                            at(),
                            "no tool_use with this id in the history: the id is sent as the function name",
                        ));
                        tool_use_id.clone()
                    }
                };
                let mut text = String::new();
                let mut media = Vec::new();
                for c in content {
                    match c {
                        ToolResultContent::Text { text: t } => {
                            if !text.is_empty() {
                                text.push('\n');
                            }
                            text.push_str(t);
                        }
                        ToolResultContent::Image { source } => media.push(media_part(source, None)),
                        ToolResultContent::Document { source } => {
                            media.push(media_part(source, None))
                        }
                    }
                }
                let mut response = Map::new();
                let key = if *is_error { "error" } else { "output" };
                response.insert(key.into(), Value::String(text));
                parts.push(json!({"functionResponse": {
                    "name": name, "id": tool_use_id, "response": response
                }}));
                parts.extend(media);
            }
            ContentBlock::ToolUse { .. }
            | ContentBlock::Thinking { .. }
            | ContentBlock::RedactedThinking { .. } => warnings.push(Warning::new(
                at(),
                "this block is only valid in an assistant message; dropped",
            )),
        }
    }
    parts
}

fn model_parts(mi: usize, m: &Message, warnings: &mut Vec<Warning>) -> Vec<Value> {
    let mut parts: Vec<Value> = Vec::new();
    let mut pending_sig: Option<&str> = None;
    for (bi, b) in m.content.iter().enumerate() {
        let mut part = match b {
            ContentBlock::Text { text, .. } => json!({"text": text}),
            ContentBlock::ToolUse {
                id, name, input, ..
            } => {
                let args = match input {
                    Value::Object(_) => input.clone(),
                    Value::Null => Value::Object(Map::new()),
                    // Gemini arguments are an object; keep any other value under one key.
                    other => json!({"input": other}),
                };
                json!({"functionCall": {"name": name, "args": args, "id": id}})
            }
            ContentBlock::Thinking {
                thinking,
                signature,
            } => {
                if let Some(s) = signature.as_deref().filter(|s| !s.is_empty()) {
                    pending_sig = Some(s);
                }
                if thinking.is_empty() {
                    continue;
                }
                // The thought itself goes out unsigned; its signature rides on what follows.
                parts.push(json!({"text": thinking, "thought": true}));
                continue;
            }
            ContentBlock::RedactedThinking { .. } => {
                warnings.push(Warning::new(
                    format!("messages[{mi}].content[{bi}]"),
                    "redacted reasoning from another provider cannot be replayed to Gemini; dropped",
                ));
                continue;
            }
            ContentBlock::Image { .. }
            | ContentBlock::Document { .. }
            | ContentBlock::ToolResult { .. } => {
                warnings.push(Warning::new(
                    format!("messages[{mi}].content[{bi}]"),
                    "Gemini takes no images, documents or tool results from the model; dropped",
                ));
                continue;
            }
        };
        if let Some(sig) = pending_sig.take() {
            part["thoughtSignature"] = Value::String(String::from(sig));
        }
        parts.push(part);
    }
    if let Some(sig) = pending_sig {
        match parts.last_mut() {
            Some(last) if last.get("thoughtSignature").is_none() => {
                last["thoughtSignature"] = Value::String(String::from(sig));
            }
            _ => parts.push(json!({"text": "", "thoughtSignature": sig})),
        }
    }
    parts
}

/// Puts the placeholder signature on the first call of a turn whose calls have none.
fn add_signature_sentinel(parts: &mut [Value]) -> bool {
    let calls = || parts.iter().filter(|p| p.get("functionCall").is_some());
    if calls().next().is_none() || calls().any(|p| p.get("thoughtSignature").is_some()) {
        return false;
    }
    match parts.iter_mut().find(|p| p.get("functionCall").is_some()) {
        Some(first) => {
            first["thoughtSignature"] = Value::String(String::from(SKIP_SIGNATURE));
            true
        }
        None => false,
    }
}

fn media_part(source: &Source, title: Option<&str>) -> Value {
    match source {
        Source::Base64 { media_type, data } => {
            json!({"inlineData": {"mimeType": media_type, "data": data}})
        }
        Source::Url { url } => match parse_data_url(url) {
            Some((mime, data)) => json!({"inlineData": {"mimeType": mime, "data": data}}),
            None => {
                let mime = guess_media_type(url).unwrap_or("application/octet-stream");
                json!({"fileData": {"mimeType": mime, "fileUri": url}})
            }
        },
        Source::Text { data, .. } => match title {
            Some(t) if !t.is_empty() => json!({"text": format!("{t}\n\n{data}")}),
            _ => json!({"text": data}),
        },
    }
}
