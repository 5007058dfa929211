//! Small helpers shared by the wire formats: reading event JSON, merging `providerOptions`,
//! data URLs and lenient accessors over `serde_json::Value`.
//!
//! Everything here is total: malformed input gives `None` or a `decode` error, never a panic.

use crate::error::{ProviderError, Result};
use crate::message::Request;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Parses one event's `data` as JSON. Malformed upstream data is a `decode` error that names
/// the format, so a broken stream never passes silently.
pub(crate) fn parse_event(data: &str, format: &str) -> Result<Value> {
    serde_json::from_str(data).map_err(|e| {
        ProviderError::decode(format!("{format}: stream event is not valid JSON: {e}"))
    })
}

/// `v[key]` as a string slice.
pub(crate) fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A token count: a non-negative integer, also accepting floats (`12.0`, truncated) and numeric
/// strings (`"12"`), which some compatible hosts send. The one lenient count reader of every
/// format; anything else (negative, `null`, another type) is absent.
pub(crate) fn as_count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

/// `v[key]` as a count (see [`as_count`]).
pub(crate) fn count_field(v: &Value, key: &str) -> Option<u64> {
    v.get(key).and_then(as_count)
}

/// `v[key]` as a count, 0 when absent (see [`as_count`]).
pub(crate) fn u64_of(v: &Value, key: &str) -> u64 {
    count_field(v, key).unwrap_or(0)
}

/// Merges `providerOptions[key]` for each of `keys` (in order, each at most once: the format
/// family's key such as `openai` or `anthropic`, then the provider's own such as `azure`,
/// so the most specific setting wins) into an encoded body, last. The one merge of every
/// format (DESIGN §3.1), chosen so options can *add* to what aster built as well as override
/// it:
/// * objects merge key by key, recursively (`reasoning: {summary}` keeps the encoder's
///   `reasoning.effort`);
/// * a `tools` array is appended to the encoded tools, so provider-defined tools (Anthropic
///   `web_search_20250305`, OpenAI hosted tools, MCP toolsets) sit beside function tools;
/// * `null` removes the key (a caller can drop a field the encoder set);
/// * any other value replaces.
pub(crate) fn merge_provider_options(body: &mut Map<String, Value>, req: &Request, keys: &[&str]) {
    let mut seen: Vec<&str> = Vec::new();
    for key in keys {
        if key.is_empty() || seen.contains(key) {
            continue;
        }
        seen.push(key);
        if let Some(Value::Object(o)) = req.provider_options.get(*key) {
            merge_patch(body, o);
        }
    }
}

/// [`merge_provider_options`]'s merge of one options object (for a format that reshapes the
/// options first, as Ollama routes sampling keys under `options`).
pub(crate) fn merge_patch(dst: &mut Map<String, Value>, src: &Map<String, Value>) {
    for (k, v) in src {
        match (dst.get_mut(k), v) {
            (Some(Value::Object(d)), Value::Object(s)) => merge_patch(d, s),
            (Some(Value::Array(d)), Value::Array(s)) if k == "tools" => d.extend(s.iter().cloned()),
            (_, Value::Null) => {
                dst.remove(k);
            }
            _ => {
                dst.insert(k.clone(), v.clone());
            }
        }
    }
}

/// A `data:` URL for base64 data.
pub(crate) fn data_url(media_type: &str, data: &str) -> String {
    format!("data:{media_type};base64,{data}")
}

/// Splits a `data:<mime>;base64,<data>` URL into its MIME type and data.
pub(crate) fn parse_data_url(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("data:")?;
    let (head, data) = rest.split_once(',')?;
    let mime = head.strip_suffix(";base64")?;
    Some((mime, data))
}

/// Guesses a MIME type from a URL's file extension (query and fragment ignored).
pub(crate) fn guess_media_type(url: &str) -> Option<&'static str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        _ => return None,
    })
}

/// Whether any block, system block or tool of the request sets `cache_control`.
pub(crate) fn has_cache_control(req: &Request) -> bool {
    req.system.iter().any(|b| b.cache_control().is_some())
        || req.tools.iter().any(|t| t.cache_control.is_some())
        || req
            .messages
            .iter()
            .any(|m| m.content.iter().any(|b| b.cache_control().is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_recurses_appends_tools_removes_nulls_replaces_the_rest() {
        let body = json!({
            "tools": [{"name": "a"}],
            "reasoning": {"effort": "low"},
            "thinking": {"type": "enabled", "budget_tokens": 1024},
            "temperature": 0.5,
            "store": false
        });
        let mut req = Request::default();
        req.provider_options.insert(
            "family".into(),
            json!({
                "tools": [{"type": "web_search_20250305", "name": "web_search"}],
                "reasoning": {"summary": "detailed"},
                "thinking": {"type": "adaptive", "budget_tokens": null},
                "temperature": null,
                "mcp_servers": [{"name": "x"}]
            }),
        );
        req.provider_options.insert(
            "own".into(),
            json!({"store": true, "reasoning": {"summary": "auto"}}),
        );
        let mut m = body.as_object().cloned().unwrap_or_default();
        // Each key once, the provider's own last.
        merge_provider_options(&mut m, &req, &["family", "own", "family", ""]);
        assert_eq!(
            Value::Object(m),
            json!({
                "tools": [{"name": "a"}, {"type": "web_search_20250305", "name": "web_search"}],
                "reasoning": {"effort": "low", "summary": "auto"},
                "thinking": {"type": "adaptive"},
                "mcp_servers": [{"name": "x"}],
                "store": true
            })
        );
    }

    #[test]
    fn data_urls_round_trip() {
        let u = data_url("image/png", "AAAA");
        assert_eq!(parse_data_url(&u), Some(("image/png", "AAAA")));
        assert_eq!(parse_data_url("https://x/y.png"), None);
        assert_eq!(
            guess_media_type("https://x/y.JPG?size=2"),
            Some("image/jpeg")
        );
        assert_eq!(guess_media_type("https://x/y"), None);
    }

    #[test]
    fn lenient_numbers() {
        let v = json!({"a": 3, "b": 2.0, "c": -1, "d": "x", "e": " 12", "f": null});
        assert_eq!(u64_of(&v, "a"), 3);
        assert_eq!(u64_of(&v, "b"), 2);
        assert_eq!(u64_of(&v, "c"), 0);
        assert_eq!(u64_of(&v, "d"), 0);
        assert_eq!(u64_of(&v, "missing"), 0);
        assert_eq!(u64_of(&v, "e"), 12);
        assert_eq!(count_field(&v, "f"), None);
        assert_eq!(count_field(&v, "d"), None);
    }
}
