//! `providerOptions` pass-through, merged into an encoded body last (DESIGN §3.1).
//!
//! Merge rules, chosen so options can *add* to what aster built as well as override it:
//! * objects merge key by key, recursively (`{"thinking": {"type": "adaptive"}}` changes one
//!   field of the `thinking` aster wrote);
//! * a `tools` array is appended to the encoded tools, so provider-defined tools (Anthropic
//!   `web_search_20250305`, `code_execution_…`, MCP toolsets) sit beside function tools;
//! * any other value replaces; `null` removes the key.

use crate::message::Request;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

fn merge_into(dst: &mut Map<String, Value>, src: &Map<String, Value>) {
    for (k, v) in src {
        match (dst.get_mut(k), v) {
            (Some(Value::Object(d)), Value::Object(s)) => merge_into(d, s),
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

/// Merges `providerOptions[key]` for each key in `keys` (in order, each at most once) into
/// `body`. The keys are the format's own name and the aster provider name, so options written
/// for `anthropic` also reach Claude served by another provider speaking the same format.
pub(crate) fn merge_provider_options(body: &mut Map<String, Value>, req: &Request, keys: &[&str]) {
    let mut seen: Vec<&str> = Vec::new();
    for key in keys {
        if key.is_empty() || seen.contains(key) {
            continue;
        }
        seen.push(key);
        if let Some(Value::Object(o)) = req.provider_options.get(*key) {
            merge_into(body, o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_objects_appends_tools_removes_nulls() {
        let body = json!({
            "tools": [{"name": "a"}],
            "thinking": {"type": "enabled", "budget_tokens": 1024},
            "temperature": 0.5
        });
        let mut req = Request::default();
        req.provider_options.insert(
            "anthropic".into(),
            json!({
                "tools": [{"type": "web_search_20250305", "name": "web_search"}],
                "thinking": {"type": "adaptive", "budget_tokens": null},
                "temperature": null,
                "mcp_servers": [{"name": "x"}]
            }),
        );
        let mut m = body.as_object().cloned().unwrap_or_default();
        merge_provider_options(&mut m, &req, &["anthropic", "anthropic"]);
        assert_eq!(
            Value::Object(m),
            json!({
                "tools": [{"name": "a"}, {"type": "web_search_20250305", "name": "web_search"}],
                "thinking": {"type": "adaptive"},
                "mcp_servers": [{"name": "x"}]
            })
        );
    }
}
