//! Small helpers shared by the wire formats: reading event JSON, merging `providerOptions`,
//! data URLs and lenient accessors over `serde_json::Value`.
//!
//! Everything here is total: malformed input gives `None` or a `decode` error, never a panic.

use crate::error::{ProviderError, Result};
use crate::message::Request;
use alloc::format;
use alloc::string::String;
use serde_json::Value;

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

/// `v[key]` as an unsigned integer (0 when absent, negative or not a number). Token counts
/// arrive as JSON integers, but some hosts send floats (`12.0`): those are truncated.
pub(crate) fn u64_of(v: &Value, key: &str) -> u64 {
    match v.get(key) {
        Some(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f > 0.0).map(|f| f as u64))
            .unwrap_or(0),
        None => 0,
    }
}

/// Merges `providerOptions` into a request body, last: first the format family's key
/// (`openai`, `google`), then the provider's own key when it differs (`azure`, `vertex`), so
/// the most specific setting wins. Objects merge recursively (`reasoning: {summary}` keeps the
/// encoder's `reasoning.effort`); any other value replaces what the encoder wrote, including
/// `null`, which lets a caller remove a field the encoder set.
pub(crate) fn merge_provider_options(
    body: &mut Value,
    req: &Request,
    family: &str,
    provider: &str,
) {
    if let Some(opts) = req.provider_options.get(family) {
        merge_json(body, opts);
    }
    if !provider.is_empty() && provider != family {
        if let Some(opts) = req.provider_options.get(provider) {
            merge_json(body, opts);
        }
    }
}

/// Recursive JSON merge of `patch` into `target` (objects merge, everything else replaces).
pub(crate) fn merge_json(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                match t.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => {
                        merge_json(existing, v)
                    }
                    _ => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (t, p) => *t = p.clone(),
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
    fn merge_is_recursive_and_replaces_scalars() {
        let mut body = json!({"reasoning": {"effort": "low"}, "store": false, "n": 1});
        merge_json(
            &mut body,
            &json!({"reasoning": {"summary": "detailed"}, "store": true, "n": null}),
        );
        assert_eq!(
            body,
            json!({"reasoning": {"effort": "low", "summary": "detailed"}, "store": true, "n": null})
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
        let v = json!({"a": 3, "b": 2.0, "c": -1, "d": "x"});
        assert_eq!(u64_of(&v, "a"), 3);
        assert_eq!(u64_of(&v, "b"), 2);
        assert_eq!(u64_of(&v, "c"), 0);
        assert_eq!(u64_of(&v, "d"), 0);
        assert_eq!(u64_of(&v, "missing"), 0);
    }
}
