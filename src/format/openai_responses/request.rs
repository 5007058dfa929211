//! Canonical request → Responses request body (`POST /v1/responses`).
//!
//! * `instructions` carries the system prompt; `input` the conversation (see `input.rs`);
//! * tools → `{type: "function", name, description, parameters, strict}`. `strict: true` is set
//!   only when the schema already meets strict mode's rules (every object closes
//!   `additionalProperties` and requires all its properties), so turning it on never changes
//!   what the schema accepts; otherwise it is left out (non-strict);
//! * `toolChoice` → `auto` / `required` / `none` / `{type: "function", name}`;
//! * `maxTokens` → `max_output_tokens`; `user` → `user`;
//! * `reasoning` → `reasoning: {effort, summary: "auto"}` (a bare token budget picks the
//!   nearest effort: < 4096 low, < 16384 medium, else high);
//! * reasoning models (`o1`…`o4`, `gpt-5` except `gpt-5-chat`) reject `temperature` and
//!   `top_p`: they are dropped with a warning. `top_k` and stop sequences do not exist in the
//!   Responses API: warnings;
//! * `responseFormat` → `text.format` (`json_schema {name, schema, strict}` or `json_object`);
//! * statelessness: when reasoning is requested or the model is a reasoning model, the body
//!   sets `store: false` and `include: ["reasoning.encrypted_content"]`. aster never chains
//!   `previous_response_id`, so nothing needs to live on OpenAI's side; the encrypted reasoning
//!   comes back as a `redacted_thinking` block and is replayed on the next turn, which keeps
//!   the model's chain of thought across tool calls without server-side state (and without
//!   keeping the conversation at OpenAI for 30 days). Not for `deepseek`, whose reasoning is
//!   plain text (replayed as such, see `input.rs`);
//! * `cache_control` has no Responses equivalent (OpenAI caches prompt prefixes by itself):
//!   one warning;
//! * `providerOptions.openai` (then `providerOptions.<provider>`, e.g. `azure`) is merged last,
//!   recursively, so any field can be added or overridden (`service_tier`, `background`,
//!   built-in `tools`, `truncation`, …).

use super::input;
use crate::error::Result;
use crate::format::wire_util::{has_cache_control, merge_provider_options};
use crate::format::{EncodeContext, Encoded};
use crate::message::{Effort, Request, ResponseFormat, ToolChoice, Warning};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// Canonical request → Responses body. Never fails: what cannot be expressed is a warning.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let mut warnings = Vec::new();
    let model = if ctx.model.is_empty() {
        req.model.clone().unwrap_or_default()
    } else {
        ctx.model.clone()
    };
    let reasoning_model = is_reasoning_model(&model);
    let mut body = Map::new();
    body.insert("model".into(), Value::String(model));
    if let Some(system) = req.system_text() {
        body.insert("instructions".into(), Value::String(system));
    }
    let items = input::build(req, ctx.responses, &mut warnings);
    body.insert("input".into(), Value::Array(items));

    if !req.tools.is_empty() {
        let tools: Vec<Value> = req
            .tools
            .iter()
            .map(|t| {
                let mut f = Map::new();
                f.insert("type".into(), json!("function"));
                f.insert("name".into(), json!(t.name));
                if let Some(d) = &t.description {
                    f.insert("description".into(), json!(d));
                }
                f.insert("parameters".into(), t.input_schema.clone());
                if is_strict_compatible(&t.input_schema) {
                    f.insert("strict".into(), json!(true));
                }
                Value::Object(f)
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
    }
    if let Some(choice) = &req.tool_choice {
        let v = match choice {
            ToolChoice::Auto => json!("auto"),
            ToolChoice::Any => json!("required"),
            ToolChoice::None => json!("none"),
            ToolChoice::Tool(name) => json!({"type": "function", "name": name}),
        };
        body.insert("tool_choice".into(), v);
    }
    if let Some(p) = req.parallel_tool_calls {
        body.insert("parallel_tool_calls".into(), json!(p));
    }
    if let Some(n) = req.max_tokens {
        body.insert("max_output_tokens".into(), json!(n));
    }
    sampling(req, reasoning_model, &mut body, &mut warnings);
    if let Some(r) = &req.reasoning {
        let effort = match (r.effort, r.budget_tokens) {
            (Some(e), _) => Some(e),
            (None, Some(b)) => Some(effort_for_budget(b)),
            (None, None) => None,
        };
        let mut reasoning = Map::new();
        if let Some(e) = effort {
            reasoning.insert("effort".into(), json!(e.as_str()));
        }
        reasoning.insert("summary".into(), json!("auto"));
        body.insert("reasoning".into(), Value::Object(reasoning));
    }
    match &req.response_format {
        Some(ResponseFormat::JsonSchema {
            name,
            schema,
            strict,
        }) => {
            let name = if name.is_empty() { "response" } else { name };
            body.insert(
                "text".into(),
                json!({"format": {"type": "json_schema", "name": name, "schema": schema, "strict": strict}}),
            );
        }
        Some(ResponseFormat::JsonObject) => {
            body.insert("text".into(), json!({"format": {"type": "json_object"}}));
        }
        Some(ResponseFormat::Text) | None => {}
    }
    if let Some(u) = &req.user {
        body.insert("user".into(), json!(u));
    }
    body.insert("stream".into(), json!(ctx.stream));
    // DeepSeek returns its reasoning as plain text and has no encrypted content to include.
    let plain_reasoning = ctx.responses.plain_reasoning;
    if (req.reasoning.is_some() || reasoning_model) && !plain_reasoning {
        body.insert("store".into(), json!(false));
        body.insert("include".into(), json!(["reasoning.encrypted_content"]));
    }
    if has_cache_control(req) {
        warnings.push(Warning::new(
            "cache_control",
            "the Responses API caches prompt prefixes automatically; cache_control ignored",
        ));
    }
    merge_provider_options(&mut body, req, &["openai", &ctx.provider]);
    Ok(Encoded {
        body: Value::Object(body),
        warnings,
    })
}

fn sampling(
    req: &Request,
    reasoning_model: bool,
    body: &mut Map<String, Value>,
    w: &mut Vec<Warning>,
) {
    for (name, value) in [("temperature", req.temperature), ("top_p", req.top_p)] {
        let Some(v) = value else { continue };
        if reasoning_model {
            w.push(Warning::new(
                name,
                "reasoning models (o-series, gpt-5) do not accept this sampling parameter; dropped",
            ));
        } else {
            body.insert(name.into(), json!(v));
        }
    }
    if req.top_k.is_some() {
        w.push(Warning::new(
            "top_k",
            "the Responses API has no top_k; dropped",
        ));
    }
    if req.seed.is_some() {
        w.push(Warning::new(
            "seed",
            "the Responses API has no seed; dropped",
        ));
    }
    if !req.stop_sequences.is_empty() {
        w.push(Warning::new(
            "stop_sequences",
            "the Responses API has no stop sequences; dropped",
        ));
    }
}

/// The effort closest to a thinking budget.
fn effort_for_budget(budget: u32) -> Effort {
    match budget {
        0..=4095 => Effort::Low,
        4096..=16383 => Effort::Medium,
        _ => Effort::High,
    }
}

/// Whether a model is an OpenAI reasoning model (no `temperature` / `top_p`).
pub(super) fn is_reasoning_model(model: &str) -> bool {
    // Hosts that route several vendors prefix the id (`openai/gpt-5`).
    let m = model.rsplit('/').next().unwrap_or(model);
    let o_series = m.len() >= 2
        && m.starts_with('o')
        && m.as_bytes().get(1).is_some_and(|c| c.is_ascii_digit());
    let gpt5 = m.starts_with("gpt-5") && !m.starts_with("gpt-5-chat");
    o_series || gpt5
}

/// Whether a JSON schema already satisfies OpenAI strict mode: the root is an object and every
/// object in it sets `additionalProperties: false` and lists all its properties as required.
pub(super) fn is_strict_compatible(schema: &Value) -> bool {
    let Some(o) = schema.as_object() else {
        return false;
    };
    if o.get("type").and_then(Value::as_str) != Some("object") {
        return false;
    }
    strict_node(schema, 0)
}

fn strict_node(v: &Value, depth: usize) -> bool {
    // Deeply nested or recursive-looking schemas are simply not marked strict.
    if depth > 32 {
        return false;
    }
    let Some(o) = v.as_object() else {
        return true;
    };
    let is_object =
        o.get("type").and_then(Value::as_str) == Some("object") || o.contains_key("properties");
    if is_object {
        if o.get("additionalProperties") != Some(&Value::Bool(false)) {
            return false;
        }
        let props = o.get("properties").and_then(Value::as_object);
        let required: Vec<&str> = o
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = props {
            if props.keys().any(|k| !required.contains(&k.as_str())) {
                return false;
            }
            if !props.values().all(|p| strict_node(p, depth + 1)) {
                return false;
            }
        }
    }
    for key in ["items", "anyOf", "$defs", "definitions"] {
        let ok = match o.get(key) {
            Some(Value::Array(a)) => a.iter().all(|x| strict_node(x, depth + 1)),
            Some(Value::Object(m)) if key == "$defs" || key == "definitions" => {
                m.values().all(|x| strict_node(x, depth + 1))
            }
            Some(x) => strict_node(x, depth + 1),
            None => true,
        };
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasoning_models() {
        for m in [
            "o1",
            "o3-mini",
            "o4-mini",
            "gpt-5",
            "gpt-5.2",
            "openai/gpt-5-mini",
        ] {
            assert!(is_reasoning_model(m), "{m}");
        }
        for m in [
            "gpt-4o",
            "gpt-4.1",
            "gpt-5-chat-latest",
            "omni",
            "deepseek-v4-flash",
            "",
        ] {
            assert!(!is_reasoning_model(m), "{m}");
        }
    }

    #[test]
    fn strictness() {
        assert!(is_strict_compatible(&json!({
            "type": "object", "additionalProperties": false,
            "properties": {"a": {"type": "object", "additionalProperties": false,
                "properties": {"b": {"type": "string"}}, "required": ["b"]}},
            "required": ["a"]
        })));
        assert!(!is_strict_compatible(&json!({
            "type": "object", "additionalProperties": false,
            "properties": {"a": {"type": "string"}}, "required": []
        })));
        assert!(!is_strict_compatible(&json!({
            "type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]
        })));
        assert!(!is_strict_compatible(&json!({"type": "string"})));
    }

    #[test]
    fn budgets_map_to_efforts() {
        assert_eq!(effort_for_budget(1024), Effort::Low);
        assert_eq!(effort_for_budget(8192), Effort::Medium);
        assert_eq!(effort_for_budget(32000), Effort::High);
    }
}
