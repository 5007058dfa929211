//! A Messages API request received by the gateway → [`Inbound`].
//!
//! Messages, system, tools and the sampling options are read by the canonical parser
//! (`message::parse_request`, which accepts Anthropic's snake_case spelling). What the
//! canonical request cannot hold travels in `providerOptions.anthropic`, so a request routed
//! to Anthropic keeps it and other providers ignore it:
//! * provider-defined tools (`{"type": "web_search_20250305", …}`: no `input_schema`), and
//!   the `tool_choice` when it can only refer to them;
//! * Anthropic-only parameters (`mcp_servers`, `container`, `context_management`,
//!   `service_tier`, `output_config.effort`, non-`enabled` `thinking` modes).

use crate::error::{ProviderError, Result};
use crate::format::Inbound;
use crate::message::{parse_request, Reasoning, ResponseFormat, ToolChoice};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

const PASSTHROUGH: [&str; 4] = [
    "mcp_servers",
    "container",
    "context_management",
    "service_tier",
];

fn is_function_tool(t: &Value) -> bool {
    t.get("input_schema").is_some()
        && matches!(t.get("type").and_then(Value::as_str), None | Some("custom"))
}

/// Parses an Anthropic Messages request body. As the API does, it refuses an empty
/// `messages` and a missing `max_tokens`.
pub fn parse_inbound(v: &Value) -> Result<Inbound> {
    if v.get("max_tokens").is_none_or(Value::is_null) && v.is_object() {
        return Err(ProviderError::invalid_request("max_tokens: Field required"));
    }
    parse(v)
}

/// Parses a `count_tokens` request body: a Messages body without `max_tokens`.
pub fn parse_count_tokens(v: &Value) -> Result<Inbound> {
    parse(v)
}

fn parse(v: &Value) -> Result<Inbound> {
    if v.get("messages")
        .and_then(Value::as_array)
        .is_some_and(|m| m.is_empty())
    {
        return Err(ProviderError::invalid_request(
            "messages: at least one message is required",
        ));
    }
    let obj = v
        .as_object()
        .ok_or_else(|| ProviderError::invalid_request("the request body must be a JSON object"))?;
    let model = obj
        .get("model")
        .and_then(Value::as_str)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| ProviderError::invalid_request("model: a model name is required"))?;
    let stream = obj.get("stream").and_then(Value::as_bool).unwrap_or(false);

    let mut canonical = obj.clone();
    canonical.remove("model");
    canonical.remove("stream");
    let mut pass = take_passthrough(&mut canonical);
    let thinking = canonical.remove("thinking");
    let format = take_output_config(&mut canonical, &mut pass);

    let tool_choice = canonical.get("tool_choice").cloned();
    let mut request = parse_request(&Value::Object(canonical))?;
    request.model = None;

    match thinking {
        Some(t) if t.get("type").and_then(Value::as_str) == Some("enabled") => {
            let budget = t.get("budget_tokens").and_then(Value::as_u64);
            request.reasoning = Some(Reasoning {
                effort: None,
                budget_tokens: budget.map(|b| u32::try_from(b).unwrap_or(u32::MAX)),
            });
        }
        Some(t) if !t.is_null() => {
            pass.insert("thinking".into(), t);
        }
        _ => {}
    }
    if let Some(schema) = format
        .as_ref()
        .filter(|f| f.get("type").and_then(Value::as_str) == Some("json_schema"))
        .and_then(|f| f.get("schema"))
    {
        request.response_format = Some(ResponseFormat::JsonSchema {
            name: String::from("output"),
            schema: schema.clone(),
            strict: true,
        });
    }
    apply_tool_choice(&mut request, tool_choice.as_ref());
    if request.user.is_none() {
        request.user = obj
            .get("metadata")
            .and_then(|m| m.get("user_id"))
            .and_then(Value::as_str)
            .map(String::from);
    }
    if request.top_k.is_none() {
        request.top_k = obj
            .get("top_k")
            .and_then(Value::as_u64)
            .and_then(|k| u32::try_from(k).ok());
    }
    if !pass.is_empty() {
        let slot = request
            .provider_options
            .entry("anthropic")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = slot {
            for (k, x) in pass {
                m.insert(k, x);
            }
        }
    }
    Ok(Inbound {
        request,
        model: String::from(model),
        stream,
        include_usage: false,
    })
}

/// Moves what the canonical request cannot hold out of `canonical`: provider-defined tools
/// (with the tool choice when it can only refer to them) and the Anthropic-only parameters.
fn take_passthrough(canonical: &mut Map<String, Value>) -> Map<String, Value> {
    let mut pass = Map::new();
    if let Some(Value::Array(tools)) = canonical.get_mut("tools") {
        let (function, server): (Vec<Value>, Vec<Value>) =
            tools.drain(..).partition(is_function_tool);
        let only_server = function.is_empty() && !server.is_empty();
        *tools = function;
        if !server.is_empty() {
            pass.insert("tools".into(), Value::Array(server));
        }
        if only_server {
            // A tool choice over server tools only travels with them.
            if let Some(tc) = canonical.remove("tool_choice") {
                pass.insert("tool_choice".into(), tc);
            }
        }
    }
    for key in PASSTHROUGH {
        if let Some(x) = canonical.remove(key) {
            pass.insert(key.into(), x);
        }
    }
    pass
}

/// Takes `output_config` out of `canonical`: its `format` is returned (a JSON schema becomes
/// the response format), the rest (`effort`, …) travels in `pass`.
fn take_output_config(
    canonical: &mut Map<String, Value>,
    pass: &mut Map<String, Value>,
) -> Option<Value> {
    let mut output_config = match canonical.remove("output_config") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let format = output_config.remove("format");
    if !output_config.is_empty() {
        pass.insert("output_config".into(), Value::Object(output_config));
    }
    format
}

/// Anthropic's `tool_choice` where the canonical parser left none: its `type` (`auto`,
/// `any`, `none`, `tool` with a `name`) and `disable_parallel_tool_use`.
fn apply_tool_choice(request: &mut crate::message::Request, tc: Option<&Value>) {
    if request.parallel_tool_calls.is_none()
        && tc
            .and_then(|t| t.get("disable_parallel_tool_use"))
            .and_then(Value::as_bool)
            == Some(true)
    {
        request.parallel_tool_calls = Some(false);
    }
    if request.tool_choice.is_none() {
        let kind = tc.and_then(|t| t.get("type")).and_then(Value::as_str);
        let name = tc.and_then(|t| t.get("name")).and_then(Value::as_str);
        request.tool_choice = match (kind, name) {
            (Some("auto"), _) => Some(ToolChoice::Auto),
            (Some("any"), _) => Some(ToolChoice::Any),
            (Some("none"), _) => Some(ToolChoice::None),
            (Some("tool"), Some(n)) => Some(ToolChoice::Tool(String::from(n))),
            _ => None,
        };
    }
}
