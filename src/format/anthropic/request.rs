//! Canonical request → Messages API body.
//!
//! Choices worth knowing:
//! * `max_tokens` is required by Anthropic: the request's value, else
//!   [`DEFAULT_MAX_TOKENS`](super::DEFAULT_MAX_TOKENS), lowered to the model's output limit
//!   when the catalog (`models::lookup`) knows a smaller one.
//! * `reasoning` becomes `thinking: {type: "enabled", budget_tokens}` (an effort maps to
//!   `Effort::budget_tokens()`), with Claude's thinking rules applied (`params.rs`).
//! * A JSON-schema `responseFormat` uses structured outputs,
//!   `output_config: {format: {type: "json_schema", schema}}` (GA on the Claude API and Bedrock
//!   for Claude 4.5+ models, no beta header). There is no JSON mode without a schema, so
//!   `json_object` is a warning.
//! * `parallelToolCalls: false` becomes `tool_choice.disable_parallel_tool_use`.
//! * `providerOptions.anthropic` (and `providerOptions[<provider>]`) is merged last
//!   (`options.rs`).
//! * The model goes in the body; providers that put it in the URL (Bedrock `/invoke`, Vertex)
//!   remove it and add their `anthropic_version` when they build the HTTP request.

use super::content::{cache_control_value, message_value, system_value};
use super::options::merge_provider_options;
use super::params::{claude_params, output_cap};
use crate::error::{ProviderError, Result};
use crate::format::{EncodeContext, Encoded};
use crate::message::{Request, ResponseFormat, ToolChoice, Warning};
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// The wire `tools` array.
fn tools_value(req: &Request) -> Option<Value> {
    if req.tools.is_empty() {
        return None;
    }
    let tools = req
        .tools
        .iter()
        .map(|t| {
            let mut m = Map::new();
            m.insert("name".into(), Value::String(t.name.clone()));
            if let Some(d) = &t.description {
                m.insert("description".into(), Value::String(d.clone()));
            }
            m.insert("input_schema".into(), t.input_schema.clone());
            if let Some(cc) = &t.cache_control {
                m.insert("cache_control".into(), cache_control_value(cc));
            }
            Value::Object(m)
        })
        .collect();
    Some(Value::Array(tools))
}

/// The wire `tool_choice`, or `None` to leave Anthropic's default (`auto`).
fn tool_choice_value(req: &Request, w: &mut Vec<Warning>) -> Option<Value> {
    if req.tools.is_empty() {
        if matches!(req.tool_choice, Some(ToolChoice::Any | ToolChoice::Tool(_))) {
            w.push(Warning::new(
                "toolChoice",
                "a tool choice that requires a tool was given without tools; not sent",
            ));
        }
        return None;
    }
    let no_parallel = req.parallel_tool_calls == Some(false);
    let mut v = match &req.tool_choice {
        None if no_parallel => json!({"type": "auto"}),
        None => return None,
        Some(ToolChoice::Auto) => json!({"type": "auto"}),
        Some(ToolChoice::Any) => json!({"type": "any"}),
        Some(ToolChoice::None) => return Some(json!({"type": "none"})),
        Some(ToolChoice::Tool(name)) => json!({"type": "tool", "name": name}),
    };
    if let (true, Some(m)) = (no_parallel, v.as_object_mut()) {
        m.insert("disable_parallel_tool_use".into(), Value::Bool(true));
    }
    Some(v)
}

/// Encodes `req` as a Messages API body.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let mut w = Vec::new();
    let model = if ctx.model.is_empty() {
        req.model.clone().unwrap_or_default()
    } else {
        ctx.model.clone()
    };
    if model.is_empty() {
        return Err(ProviderError::config(
            "no model given for the Anthropic request",
        ));
    }
    let provider = if ctx.provider.is_empty() {
        "anthropic"
    } else {
        ctx.provider.as_str()
    };
    let params = claude_params(req, output_cap(provider, &model), &mut w);
    let messages: Vec<Value> = req
        .messages
        .iter()
        .enumerate()
        .filter_map(|(i, m)| message_value(m, i, &mut w))
        .collect();
    if messages.is_empty() {
        return Err(ProviderError::invalid_request(
            "the request has no message Anthropic accepts",
        ));
    }

    let mut body = Map::new();
    body.insert("model".into(), Value::String(model));
    body.insert("max_tokens".into(), json!(params.max_tokens));
    body.insert("messages".into(), Value::Array(messages));
    if let Some(s) = system_value(&req.system, &mut w) {
        body.insert("system".into(), s);
    }
    if let Some(b) = params.thinking_budget {
        body.insert(
            "thinking".into(),
            json!({"type": "enabled", "budget_tokens": b}),
        );
    }
    if let Some(t) = params.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if let Some(p) = params.top_p {
        body.insert("top_p".into(), json!(p));
    }
    if let Some(k) = params.top_k {
        body.insert("top_k".into(), json!(k));
    }
    if !req.stop_sequences.is_empty() {
        body.insert("stop_sequences".into(), json!(req.stop_sequences));
    }
    if req.seed.is_some() {
        w.push(Warning::new("seed", "Anthropic has no seed; not sent"));
    }
    if let Some(t) = tools_value(req) {
        body.insert("tools".into(), t);
    }
    if let Some(tc) = tool_choice_value(req, &mut w) {
        body.insert("tool_choice".into(), tc);
    }
    match &req.response_format {
        Some(ResponseFormat::JsonSchema { schema, .. }) => {
            body.insert(
                "output_config".into(),
                json!({"format": {"type": "json_schema", "schema": schema}}),
            );
        }
        Some(ResponseFormat::JsonObject) => w.push(Warning::new(
            "responseFormat",
            "Anthropic has no JSON mode without a schema; give a JSON schema to get structured output",
        )),
        Some(ResponseFormat::Text) | None => {}
    }
    if let Some(u) = &req.user {
        body.insert("metadata".into(), json!({"user_id": u}));
    }
    body.insert("stream".into(), Value::Bool(ctx.stream));
    merge_provider_options(&mut body, req, &["anthropic", ctx.provider.as_str()]);
    Ok(Encoded {
        body: Value::Object(body),
        warnings: w,
    })
}
