//! Extraction of the facts an error body carries, whatever its provider's shape.
//!
//! One walker reads every documented shape into a [`BodyInfo`]:
//!
//! | provider | shape |
//! |---|---|
//! | Anthropic | `{"type":"error","error":{"type","message"},"request_id"}` |
//! | OpenAI & compatibles | `{"error":{"message","type","code","param"}}` (Groq adds `status_code`) |
//! | OpenAI Responses stream | `{"type":"error","code","message"}`, `{"type":"error","error":{…}}`, `{"type":"response.failed","response":{"error":{"code","message"}}}` |
//! | Gemini / Vertex | `{"error":{"code":429,"message","status","details":[RetryInfo…]}}`, or an array of those |
//! | Bedrock | `{"message"}` / `{"Message"}`, `__type`, plus the `x-amzn-errortype` header |
//! | OpenRouter | `{"error":{"code":429,"message","metadata":{"provider_name","raw"}}}` |
//! | Mistral | `{"object":"error","message": string or {detail:[…]},"type","code"}` |
//! | Ollama, TGI, HF | `{"error":"…"}` (TGI adds `error_type`) |
//! | FastAPI-style (vLLM, …) | `{"detail": string or [{"loc","msg"}]}` |

use crate::retry::after::parse_duration_ms;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// What an error body says.
#[derive(Debug, Default)]
pub(super) struct BodyInfo {
    /// The provider's message, if any.
    pub message: Option<String>,
    /// Every type/code/status string found, outermost and most specific first
    /// (`code` before `type` before `status`).
    pub codes: Vec<String>,
    /// An HTTP status carried in the body (Gemini/OpenRouter `error.code`, Groq `status_code`).
    pub status: Option<u16>,
    /// Gemini `RetryInfo.retryDelay`, in milliseconds.
    pub retry_delay_ms: Option<u64>,
    /// A request id carried in the body (Anthropic, Mistral).
    pub request_id: Option<String>,
}

/// How deep nested OpenRouter `metadata.raw` bodies are followed (a body quoting a body…).
const MAX_DEPTH: u8 = 3;

/// Reads a JSON error value.
pub(super) fn inspect_json(v: &Value) -> BodyInfo {
    let mut info = BodyInfo::default();
    walk(v, &mut info, 0);
    info
}

/// Reads a non-JSON body: plain text is the message; an HTML page contributes its `<title>`
/// only (proxies' error pages are long and say nothing more useful).
pub(super) fn inspect_text(text: &str) -> BodyInfo {
    let t = text.trim();
    let message = if t.starts_with('<') {
        html_title(t)
    } else if t.is_empty() {
        None
    } else {
        Some(String::from(t))
    };
    BodyInfo {
        message,
        ..BodyInfo::default()
    }
}

fn walk(v: &Value, info: &mut BodyInfo, depth: u8) {
    let obj = match v {
        // Gemini's non-SSE stream endpoint answers with an array of Status objects.
        Value::Array(items) => {
            if let Some(first) = items.first() {
                walk(first, info, depth);
            }
            return;
        }
        Value::String(s) => {
            set_message(info, s);
            return;
        }
        Value::Object(o) => o,
        _ => return,
    };
    if info.request_id.is_none() {
        info.request_id = str_field(obj, "request_id").map(String::from);
    }
    // `response.failed` events carry the error inside the response object.
    if obj.get("type").and_then(Value::as_str) == Some("response.failed") {
        if let Some(e) = obj.get("response").and_then(|r| r.get("error")) {
            walk(e, info, depth);
        }
        return;
    }
    match obj.get("error") {
        Some(Value::Object(e)) => read_error_object(e, info, depth),
        Some(Value::String(s)) => {
            // Ollama / TGI / Hugging Face: the message itself; TGI says its kind apart.
            set_message(info, s);
            push_code(info, obj.get("error_type"));
        }
        Some(Value::Array(items)) => {
            if let Some(first) = items.first() {
                walk(first, info, depth);
            }
        }
        // No nested error: the object is the error (Mistral, Bedrock, FastAPI, Responses
        // stream `{"type":"error","code","message"}`).
        _ => read_error_object(obj, info, depth),
    }
}

fn read_error_object(e: &Map<String, Value>, info: &mut BodyInfo, depth: u8) {
    for key in ["message", "Message", "detail", "error_description"] {
        if let Some(m) = e.get(key).and_then(message_text) {
            set_message(info, &m);
            break;
        }
    }
    // Most specific first: OpenAI `code` refines `type`; Gemini's `status` is the enum name.
    push_code(info, e.get("code"));
    push_code(info, e.get("type"));
    push_code(info, e.get("status"));
    push_code(info, e.get("error_type"));
    if let Some(t) = str_field(e, "__type") {
        push_str_code(info, bedrock_type_name(t));
    }
    if info.status.is_none() {
        info.status = ["code", "status_code", "status"]
            .iter()
            .find_map(|k| e.get(*k).and_then(http_status));
    }
    if info.request_id.is_none() {
        info.request_id = str_field(e, "request_id").map(String::from);
    }
    if let Some(details) = e.get("details").and_then(Value::as_array) {
        for d in details {
            let is_retry_info = d
                .get("@type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with("google.rpc.RetryInfo"));
            // ErrorInfo.reason says more than the status (`API_KEY_INVALID` under a 400).
            if d.get("@type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with("google.rpc.ErrorInfo"))
            {
                push_code(info, d.get("reason"));
            }
            if is_retry_info {
                if let Some(ms) = d
                    .get("retryDelay")
                    .and_then(Value::as_str)
                    .and_then(parse_duration_ms)
                {
                    info.retry_delay_ms = Some(ms);
                }
            }
        }
    }
    if let Some(meta) = e.get("metadata").and_then(Value::as_object) {
        read_openrouter_metadata(meta, info, depth);
    }
}

/// OpenRouter wraps the upstream failure: `metadata.raw` is the upstream body (often JSON
/// text) and `metadata.provider_name` who sent it. Its message is appended to OpenRouter's
/// generic "Provider returned error", and its codes are kept after OpenRouter's own.
fn read_openrouter_metadata(meta: &Map<String, Value>, info: &mut BodyInfo, depth: u8) {
    let raw = match meta.get("raw") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.as_str(),
        _ => return,
    };
    let upstream = match serde_json::from_str::<Value>(raw) {
        Ok(v) if depth < MAX_DEPTH => {
            let mut inner = BodyInfo::default();
            walk(&v, &mut inner, depth + 1);
            info.codes.append(&mut inner.codes);
            if info.retry_delay_ms.is_none() {
                info.retry_delay_ms = inner.retry_delay_ms;
            }
            inner.message
        }
        _ => Some(String::from(raw.trim())),
    };
    let Some(upstream) = upstream else { return };
    let mut m = info.message.take().unwrap_or_default();
    if let Some(p) = str_field(meta, "provider_name") {
        m.push_str(" (");
        m.push_str(p);
        m.push(')');
    }
    if !m.is_empty() {
        m.push_str(": ");
    }
    m.push_str(&upstream);
    info.message = Some(m);
}

/// A message that may be a string, a FastAPI/Mistral validation list, or an object.
fn message_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(String::from(s.trim())),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(message_text).collect();
            if parts.is_empty() {
                None
            } else {
                Some(parts.join("; "))
            }
        }
        Value::Object(o) => {
            // FastAPI validation item: {"loc": ["body", "messages"], "msg": "Field required"}.
            if let Some(msg) = str_field(o, "msg") {
                let loc = o.get("loc").and_then(Value::as_array).map(|l| {
                    l.iter()
                        .map(|p| match p {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(".")
                });
                return Some(match loc {
                    Some(l) if !l.is_empty() => alloc::format!("{l}: {msg}"),
                    _ => String::from(msg),
                });
            }
            ["message", "detail"]
                .iter()
                .find_map(|k| o.get(*k).and_then(message_text))
                .or_else(|| serde_json::to_string(v).ok())
        }
        _ => None,
    }
}

fn set_message(info: &mut BodyInfo, m: &str) {
    let m = m.trim();
    if info.message.is_none() && !m.is_empty() {
        info.message = Some(String::from(m));
    }
}

fn push_code(info: &mut BodyInfo, v: Option<&Value>) {
    if let Some(s) = v.and_then(Value::as_str) {
        push_str_code(info, s);
    }
}

fn push_str_code(info: &mut BodyInfo, s: &str) {
    let s = s.trim();
    // `error` is the envelope's own type (Anthropic, Responses), not a kind of error.
    if !s.is_empty() && s != "error" && !info.codes.iter().any(|c| c == s) {
        info.codes.push(String::from(s));
    }
}

/// A number in a body that is plausibly an HTTP status (Gemini's `code` is; Mistral's string
/// `"1500"` codes are not read as statuses).
fn http_status(v: &Value) -> Option<u16> {
    let n = v.as_u64()?;
    if (100..=599).contains(&n) {
        u16::try_from(n).ok()
    } else {
        None
    }
}

fn str_field<'a>(o: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

/// `com.amazon.coral.validate#ValidationException:http://…` → `ValidationException`.
pub(super) fn bedrock_type_name(t: &str) -> &str {
    let t = t.trim();
    let t = t.rsplit('#').next().unwrap_or(t);
    t.split(':').next().unwrap_or(t).trim()
}

/// The text of an HTML page's `<title>`, if any.
fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower.get(open..)?.find('>')? + 1;
    let end = start + lower.get(start..)?.find("</title")?;
    let title = html.get(start..end)?.trim();
    if title.is_empty() {
        None
    } else {
        Some(String::from(title))
    }
}
