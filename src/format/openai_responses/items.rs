//! Output items (`response.output[]`, `response.output_item.done.item`) → chunks. Shared by the
//! body decoder and the stream machine, which falls back to the finished item whenever a host
//! did not stream its deltas.
//!
//! Caller-visible items are `message` (text; `refusal` content counts as text), `reasoning`
//! (summary or raw reasoning text, and `encrypted_content` as redacted reasoning so it can be
//! replayed), `function_call` and client-side `custom_tool_call`. Tools the provider runs
//! itself — hosted tools (`web_search_call`, `file_search_call`, `code_interpreter_call`,
//! `image_generation_call`, `mcp_call`, `mcp_list_tools`, xAI's `x_search_call`) and xAI's
//! server-side `custom_tool_call`s — become `provider_tool` chunks, never client calls.
//! Everything else (`shell_call`, `computer_call`, `tool_search_*`, `compaction`, …) is
//! skipped without error: aster has no chunk for it.
//!
//! Which `custom_tool_call` is the caller's: one whose name is a `custom` tool of the
//! response's own `tools` list (every response object echoes the request's tools). xAI runs
//! its server tools (`x_keyword_search`, `view_x_video`, …) as `custom_tool_call` items whose
//! names are in no such list (its request declared `x_search`). When a host echoes no tools,
//! the provider decides: xAI's are server-side (its client tools are always `function_call`).
//!
//! Two rewrites:
//! * a custom tool's free-form `input` is not JSON, so it is sent as a JSON *string*
//!   (`"*** Begin Patch…"`): `arguments` stays valid JSON and `input` is the text;
//! * models occasionally emit the `multi_tool_use.parallel` wrapper (a call named `parallel`
//!   whose arguments are `{"tool_uses": [{"recipient_name": "functions.x", "parameters":
//!   {…}}]}`) instead of separate calls. It is unwrapped into one call per entry with ids
//!   `<call_id>_<n>`; a call of that name whose arguments do not have that shape is left alone.

use super::rules::ResponsesRules;
use crate::format::wire_util::str_of;
use crate::format::{Emitter, ToolKey};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// The caller-executed call kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CallKind {
    /// `function_call`: JSON arguments.
    Function,
    /// `custom_tool_call`: free-form text input, surfaced as a JSON string.
    Custom,
}

/// The `custom` tool names a response object declares (its echoed `tools`, the value given
/// here); `None` when it echoes no tools, so the item kind alone cannot tell a client tool from
/// a server one.
pub(super) fn declared_custom_tools(tools: Option<&Value>) -> Option<Vec<String>> {
    let tools = tools?.as_array().filter(|t| !t.is_empty())?;
    Some(
        tools
            .iter()
            .filter(|t| str_of(t, "type") == Some("custom"))
            .filter_map(|t| str_of(t, "name").map(String::from))
            .collect(),
    )
}

/// Whether an item is a call the caller must execute, and of which kind (see the module docs
/// for `custom_tool_call`; `declared` is [`declared_custom_tools`] of the response).
pub(super) fn call_kind(
    item: &Value,
    rules: ResponsesRules,
    declared: Option<&[String]>,
) -> Option<CallKind> {
    match str_of(item, "type")? {
        "function_call" => Some(CallKind::Function),
        "custom_tool_call" => {
            let client = match declared {
                Some(names) => {
                    let name = str_of(item, "name").unwrap_or("");
                    names.iter().any(|n| n == name)
                }
                None => !rules.server_custom_calls,
            };
            client.then_some(CallKind::Custom)
        }
        _ => None,
    }
}

/// Item types of tools the provider runs itself.
const HOSTED: [&str; 7] = [
    "web_search_call",
    "file_search_call",
    "code_interpreter_call",
    "image_generation_call",
    "mcp_call",
    "mcp_list_tools",
    "x_search_call",
];

/// A JSON text as its value, other text as a string.
fn parsed(v: &Value) -> Value {
    match v {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    }
}

/// Emits a finished item that the provider ran itself as a `provider_tool` chunk: a hosted
/// tool item, or a `custom_tool_call` that is not the caller's (`is_call` false). Other items
/// produce nothing.
pub(super) fn emit_provider_tool(item: &Value, em: &mut Emitter) {
    let ty = str_of(item, "type").unwrap_or("");
    if !(HOSTED.contains(&ty) || ty == "custom_tool_call") {
        return;
    }
    let first = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| item.get(*k).filter(|v| !v.is_null()))
            .map(parsed)
    };
    let input = first(&["arguments", "input", "action", "queries", "code"]).unwrap_or(Value::Null);
    let result = first(&["output", "results", "outputs", "result", "tools"]);
    let name = str_of(item, "name").filter(|n| !n.is_empty()).unwrap_or(ty);
    em.provider_tool(call_id(item).unwrap_or(""), name, input, result);
}

/// The call's complete arguments as JSON text.
pub(super) fn call_arguments(item: &Value, kind: CallKind) -> String {
    match kind {
        CallKind::Function => match item.get("arguments") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => serde_json::to_string(other).unwrap_or_default(),
        },
        CallKind::Custom => json_string(str_of(item, "input").unwrap_or("")),
    }
}

/// `s` as a JSON string literal.
pub(super) fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A piece of a JSON string literal's inside: escaping is per character, so the escaped
/// pieces add up to the escaped whole.
pub(super) fn json_string_piece(s: &str) -> String {
    let quoted = json_string(s);
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or("");
    String::from(inner)
}

/// Whether a call name is the `multi_tool_use.parallel` wrapper, whose calls are buffered.
pub(super) fn is_parallel_wrapper(name: &str) -> bool {
    name == "multi_tool_use.parallel" || name == "parallel"
}

/// The calls inside a `multi_tool_use.parallel` wrapper, when the arguments have its shape.
fn unwrap_parallel(arguments: &str) -> Option<Vec<(String, String)>> {
    let v: Value = serde_json::from_str(arguments).ok()?;
    let uses = v.get("tool_uses")?.as_array()?;
    let mut out = Vec::with_capacity(uses.len());
    for u in uses {
        let recipient = str_of(u, "recipient_name")?;
        let name = recipient.strip_prefix("functions.").unwrap_or(recipient);
        let params = match u.get("parameters") {
            Some(p @ Value::Object(_)) => serde_json::to_string(p).unwrap_or_default(),
            None | Some(Value::Null) => String::from("{}"),
            Some(_) => return None,
        };
        out.push((String::from(name), params));
    }
    Some(out)
}

/// Emits a whole call at once, unwrapping the parallel wrapper.
pub(super) fn emit_call(
    em: &mut Emitter,
    key: ToolKey,
    call_id: Option<&str>,
    name: &str,
    arguments: &str,
) {
    if is_parallel_wrapper(name) {
        if let Some(calls) = unwrap_parallel(arguments) {
            let base = call_id.unwrap_or("call");
            for (i, (n, a)) in calls.iter().enumerate() {
                let id = format!("{base}_{i}");
                em.tool_call(ToolKey::Id(id.clone()), Some(&id), n, a);
            }
            return;
        }
    }
    em.tool_call(key, call_id, name, arguments);
}

/// The text of a `message` item, and whether it was a refusal.
pub(super) fn message_text(item: &Value) -> (String, bool) {
    let mut text = String::new();
    let mut refused = false;
    for part in item
        .get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match str_of(part, "type") {
            Some("output_text") | Some("text") => text.push_str(str_of(part, "text").unwrap_or("")),
            Some("refusal") => {
                refused = true;
                text.push_str(str_of(part, "refusal").unwrap_or(""));
            }
            _ => {}
        }
    }
    (text, refused)
}

/// The readable text of a `reasoning` item: its summary parts (joined by blank lines, as the
/// stream joins them), or else its raw `reasoning_text` content (gpt-oss, DeepSeek).
pub(super) fn reasoning_text(item: &Value) -> String {
    let mut out = String::new();
    for s in item
        .get("summary")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(t) = str_of(s, "text").filter(|t| !t.is_empty()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(t);
        }
    }
    if out.is_empty() {
        for c in item
            .get("content")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(t) = str_of(c, "text") {
                out.push_str(t);
            }
        }
    }
    out
}

/// A reasoning item's encrypted content, when it has some.
pub(super) fn encrypted(item: &Value) -> Option<&str> {
    str_of(item, "encrypted_content").filter(|s| !s.is_empty())
}

/// The call id of a call item (`call_id`, else the item `id`).
pub(super) fn call_id(item: &Value) -> Option<&str> {
    str_of(item, "call_id")
        .filter(|s| !s.is_empty())
        .or_else(|| str_of(item, "id"))
}

/// Emits a finished item whole (the body decoder; the stream when nothing was streamed);
/// `declared` as for [`call_kind`]. Returns whether the item was a refusal.
pub(super) fn emit_item(
    item: &Value,
    key: ToolKey,
    declared: Option<&[String]>,
    em: &mut Emitter,
) -> bool {
    match str_of(item, "type") {
        Some("message") => {
            let (text, refused) = message_text(item);
            em.text(&text);
            return refused;
        }
        Some("reasoning") => {
            em.reasoning(&reasoning_text(item), None, None);
            em.reasoning("", None, encrypted(item));
        }
        _ => match call_kind(item, em.responses_rules(), declared) {
            Some(kind) => {
                let args = call_arguments(item, kind);
                let name = str_of(item, "name").unwrap_or("");
                emit_call(em, key, call_id(item), name, &args);
            }
            None => emit_provider_tool(item, em),
        },
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parallel_wrapper_shape() {
        let calls = unwrap_parallel(
            r#"{"tool_uses":[{"recipient_name":"functions.weather","parameters":{"location":"SF"}},{"recipient_name":"cityAttractions","parameters":{"city":"Rome"}}]}"#,
        )
        .unwrap();
        assert_eq!(calls[0], ("weather".into(), r#"{"location":"SF"}"#.into()));
        assert_eq!(
            calls[1],
            ("cityAttractions".into(), r#"{"city":"Rome"}"#.into())
        );
        assert!(unwrap_parallel(r#"{"x":1}"#).is_none());
        assert!(unwrap_parallel("not json").is_none());
    }

    #[test]
    fn escaped_pieces_add_up() {
        let whole = "a \"quoted\"\nline\\ é";
        let (a, b) = whole.split_at(5);
        let pieces = format!("\"{}{}\"", json_string_piece(a), json_string_piece(b));
        assert_eq!(pieces, json_string(whole));
    }

    #[test]
    fn texts() {
        let m = json!({"type": "message", "content": [
            {"type": "output_text", "text": "a"}, {"type": "refusal", "refusal": "no"}]});
        assert_eq!(message_text(&m), ("ano".into(), true));
        let r = json!({"type": "reasoning", "summary": [
            {"type": "summary_text", "text": "one"}, {"type": "summary_text", "text": "two"}]});
        assert_eq!(reasoning_text(&r), "one\n\ntwo");
        let raw = json!({"type": "reasoning", "summary": [],
            "content": [{"type": "reasoning_text", "text": "raw"}]});
        assert_eq!(reasoning_text(&raw), "raw");
    }
}
