//! The request options beside `messages`, in both spellings.
//!
//! Precedence where two keys say the same thing: the camelCase spelling over the snake_case
//! one; `parallelToolCalls` over `tool_choice.disable_parallel_tool_use`; `reasoning` over the
//! Anthropic wire `thinking`; `user` over `metadata.user_id`.

use super::{
    as_object, expected, field, one_of, opt_bool, opt_string, parse_cache_control, req, req_str,
    req_string,
};
use crate::error::Result;
use crate::message::{ContentBlock, Effort, Reasoning, Request, ResponseFormat, Tool, ToolChoice};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// The first present, non-null key among `keys`, with the spelling that was used.
fn pick<'a>(o: &'a Map<String, Value>, keys: &[&'static str]) -> Option<(&'static str, &'a Value)> {
    keys.iter()
        .find_map(|k| o.get(*k).filter(|v| !v.is_null()).map(|v| (*k, v)))
}

pub(super) fn parse_options(o: &Map<String, Value>, req: &mut Request) -> Result<()> {
    req.model = opt_string(o, "", "model")?;
    if let Some(v) = o.get("system").filter(|v| !v.is_null()) {
        req.system = parse_system(v)?;
    }
    if let Some(v) = o.get("tools").filter(|v| !v.is_null()) {
        req.tools = parse_tools(v)?;
    }
    if let Some((key, v)) = pick(o, &["toolChoice", "tool_choice"]) {
        let (choice, parallel) = parse_tool_choice(v, key)?;
        req.tool_choice = Some(choice);
        req.parallel_tool_calls = parallel;
    }
    if let Some((key, v)) = pick(o, &["parallelToolCalls", "parallel_tool_calls"]) {
        req.parallel_tool_calls = Some(v.as_bool().ok_or_else(|| expected(key, "a boolean", v))?);
    }
    if let Some((key, v)) = pick(o, &["maxTokens", "max_tokens"]) {
        req.max_tokens = Some(u32_value(v, key)?);
    }
    if let Some(v) = o.get("temperature").filter(|v| !v.is_null()) {
        req.temperature = Some(f64_value(v, "temperature")?);
    }
    if let Some((key, v)) = pick(o, &["topP", "top_p"]) {
        req.top_p = Some(f64_value(v, key)?);
    }
    if let Some((key, v)) = pick(o, &["topK", "top_k"]) {
        req.top_k = Some(u32_value(v, key)?);
    }
    if let Some((key, v)) = pick(o, &["stopSequences", "stop_sequences"]) {
        req.stop_sequences = string_array(v, key)?;
    }
    if let Some(v) = o.get("seed").filter(|v| !v.is_null()) {
        req.seed = Some(i64_value(v, "seed")?);
    }
    req.reasoning = match (
        o.get("reasoning").filter(|v| !v.is_null()),
        pick(o, &["thinking"]),
    ) {
        (Some(r), _) => parse_reasoning(r)?,
        (None, Some((_, t))) => parse_thinking(t)?,
        (None, None) => None,
    };
    if let Some((key, v)) = pick(o, &["responseFormat", "response_format"]) {
        req.response_format = Some(parse_response_format(v, key)?);
    }
    req.user = match opt_string(o, "", "user")? {
        Some(u) => Some(u),
        None => match o.get("metadata").filter(|v| !v.is_null()) {
            Some(m) => opt_string(as_object(m, "metadata")?, "metadata", "user_id")?,
            None => None,
        },
    };
    if let Some((key, v)) = pick(o, &["providerOptions", "provider_options"]) {
        req.provider_options = as_object(v, key)?.clone();
    }
    Ok(())
}

/// `system`: a string, or text blocks (which may carry `cache_control`).
fn parse_system(v: &Value) -> Result<Vec<ContentBlock>> {
    match v {
        Value::String(s) if s.is_empty() => Ok(Vec::new()),
        Value::String(s) => Ok(alloc::vec![ContentBlock::text(s.as_str())]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let p = format!("system[{i}]");
                let o = as_object(b, &p)?;
                let ty = req_str(o, &p, "type")?;
                if ty != "text" {
                    return Err(one_of(&field(&p, "type"), &["text"], ty, ""));
                }
                Ok(ContentBlock::Text {
                    text: req_string(o, &p, "text")?,
                    cache_control: parse_cache_control(o, &p)?,
                })
            })
            .collect(),
        other => Err(expected(
            "system",
            "a string or an array of text blocks",
            other,
        )),
    }
}

fn parse_tools(v: &Value) -> Result<Vec<Tool>> {
    let items = v
        .as_array()
        .ok_or_else(|| expected("tools", "an array of tools", v))?;
    items
        .iter()
        .enumerate()
        .map(|(i, t)| parse_tool(t, &format!("tools[{i}]")))
        .collect()
}

/// A custom tool: `{name, description, input_schema | inputSchema | parameters,
/// cache_control}`, optionally `type: "custom"`, or OpenAI's `{type: "function", function:
/// {name, description, parameters}}`.
fn parse_tool(v: &Value, path: &str) -> Result<Tool> {
    let o = as_object(v, path)?;
    let (def, def_path) = match opt_string(o, path, "type")?.as_deref() {
        None | Some("custom") => (o, String::from(path)),
        Some("function") => match o.get("function") {
            Some(f) if !f.is_null() => {
                let p = field(path, "function");
                (as_object(f, &p)?, p)
            }
            // The Responses API's flat `{type: "function", name, parameters}`.
            _ => (o, String::from(path)),
        },
        Some(other) => {
            return Err(crate::error::ProviderError::invalid_request(format!(
                "{}: unsupported tool type \"{}\": server tools are not supported, declare a \
                 custom tool with name, description and input_schema",
                field(path, "type"),
                super::shorten(other)
            )))
        }
    };
    let input_schema = match pick(def, &["input_schema", "inputSchema", "parameters"]) {
        Some((_, s @ Value::Object(_))) => s.clone(),
        Some((key, other)) => return Err(expected(&field(&def_path, key), "an object", other)),
        // A tool without parameters.
        None => serde_json::json!({"type": "object", "properties": {}}),
    };
    Ok(Tool {
        name: req_string(def, &def_path, "name")?,
        description: opt_string(def, &def_path, "description")?,
        input_schema,
        cache_control: parse_cache_control(o, path)?,
    })
}

/// `"auto" | "any" | "required" | "none"`, or `{type: "auto"|"any"|"none"|"tool", name,
/// disable_parallel_tool_use}`, or OpenAI's `{type: "function", function: {name}}`.
/// Returns the choice and the parallel-calls setting it implies.
fn parse_tool_choice(v: &Value, key: &str) -> Result<(ToolChoice, Option<bool>)> {
    const CHOICES: [&str; 4] = ["auto", "any", "required", "none"];
    let simple = |s: &str, path: &str| match s {
        "auto" => Ok(ToolChoice::Auto),
        "any" | "required" => Ok(ToolChoice::Any),
        "none" => Ok(ToolChoice::None),
        other => Err(one_of(path, &CHOICES, other, "")),
    };
    let o = match v {
        Value::String(s) => return Ok((simple(s, key)?, None)),
        Value::Object(o) => o,
        other => return Err(expected(key, "a string or an object", other)),
    };
    let ty_path = field(key, "type");
    let choice = match req_str(o, key, "type")? {
        "tool" => ToolChoice::Tool(req_string(o, key, "name")?),
        "function" => {
            let p = field(key, "function");
            match o.get("function").filter(|f| !f.is_null()) {
                Some(f) => ToolChoice::Tool(req_string(as_object(f, &p)?, &p, "name")?),
                // The Responses API's flat `{type: "function", name}`.
                None => ToolChoice::Tool(req_string(o, key, "name")?),
            }
        }
        s @ ("auto" | "any" | "required" | "none") => simple(s, &ty_path)?,
        other => {
            return Err(one_of(
                &ty_path,
                &["auto", "any", "none", "tool", "function"],
                other,
                "",
            ))
        }
    };
    let parallel = opt_bool(o, key, "disable_parallel_tool_use")?.map(|disable| !disable);
    Ok((choice, parallel))
}

/// `reasoning: {effort?, budgetTokens? | budget_tokens?}`; an empty object means no setting.
fn parse_reasoning(v: &Value) -> Result<Option<Reasoning>> {
    let o = as_object(v, "reasoning")?;
    let effort = match opt_string(o, "reasoning", "effort")? {
        None => None,
        Some(e) => Some(match e.as_str() {
            "minimal" => Effort::Minimal,
            "low" => Effort::Low,
            "medium" => Effort::Medium,
            "high" => Effort::High,
            other => {
                return Err(one_of(
                    "reasoning.effort",
                    &["minimal", "low", "medium", "high"],
                    other,
                    "",
                ))
            }
        }),
    };
    let budget_tokens = match pick(o, &["budgetTokens", "budget_tokens"]) {
        Some((key, b)) => Some(u32_value(b, &field("reasoning", key))?),
        None => None,
    };
    if effort.is_none() && budget_tokens.is_none() {
        return Ok(None);
    }
    Ok(Some(Reasoning {
        effort,
        budget_tokens,
    }))
}

/// Anthropic wire `thinking: {type: "enabled", budget_tokens}` or `{type: "disabled"}`.
fn parse_thinking(v: &Value) -> Result<Option<Reasoning>> {
    let o = as_object(v, "thinking")?;
    match req_str(o, "thinking", "type")? {
        "enabled" => {
            let b = req(o, "thinking", "budget_tokens", "a non-negative integer")?;
            Ok(Some(Reasoning {
                effort: None,
                budget_tokens: Some(u32_value(b, "thinking.budget_tokens")?),
            }))
        }
        "disabled" => Ok(None),
        other => Err(one_of("thinking.type", &["enabled", "disabled"], other, "")),
    }
}

/// `{type: "text"}`, `{type: "json_object"}`, or a JSON schema, OpenAI style
/// (`{type: "json_schema", json_schema: {name, schema, strict}}`) or flat (`{type:
/// "json_schema", name, schema, strict}`). The name defaults to `response`, strict to false.
fn parse_response_format(v: &Value, key: &str) -> Result<ResponseFormat> {
    let o = as_object(v, key)?;
    match req_str(o, key, "type")? {
        "text" => Ok(ResponseFormat::Text),
        "json_object" => Ok(ResponseFormat::JsonObject),
        "json_schema" => {
            let (def, path) = match o.get("json_schema").filter(|j| !j.is_null()) {
                Some(j) => {
                    let p = field(key, "json_schema");
                    (as_object(j, &p)?, p)
                }
                None => (o, String::from(key)),
            };
            let schema = req(def, &path, "schema", "an object")?;
            if !schema.is_object() {
                return Err(expected(&field(&path, "schema"), "an object", schema));
            }
            Ok(ResponseFormat::JsonSchema {
                name: opt_string(def, &path, "name")?.unwrap_or_else(|| String::from("response")),
                schema: schema.clone(),
                strict: opt_bool(def, &path, "strict")?.unwrap_or(false),
            })
        }
        other => Err(one_of(
            &field(key, "type"),
            &["text", "json_object", "json_schema"],
            other,
            "",
        )),
    }
}

/// A non-negative integer that fits `u32`. Integral floats (`1024.0`) are accepted: numbers
/// that crossed from JS may arrive as floats.
fn u32_value(v: &Value, path: &str) -> Result<u32> {
    let n = match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && *f <= f64::from(u32::MAX) && *f == (*f as u64) as f64)
                .map(|f| f as u64)
        }),
        _ => None,
    };
    n.and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| match v {
            Value::Number(_) => crate::error::ProviderError::invalid_request(format!(
                "{path}: expected a non-negative integer below 2^32, got {v}"
            )),
            other => expected(path, "a non-negative integer", other),
        })
}

/// An integer (integral floats accepted, as in [`u32_value`]).
fn i64_value(v: &Value, path: &str) -> Result<i64> {
    let n = match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                // (no_std: no `fract`/`abs`.) Integral and exactly representable.
                .filter(|f| *f > -9.0e15 && *f < 9.0e15 && *f == (*f as i64) as f64)
                .map(|f| f as i64)
        }),
        _ => None,
    };
    n.ok_or_else(|| expected(path, "an integer", v))
}

fn f64_value(v: &Value, path: &str) -> Result<f64> {
    v.as_f64().ok_or_else(|| expected(path, "a number", v))
}

fn string_array(v: &Value, path: &str) -> Result<Vec<String>> {
    let items = v
        .as_array()
        .ok_or_else(|| expected(path, "an array of strings", v))?;
    items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.as_str()
                .map(String::from)
                .ok_or_else(|| expected(&format!("{path}[{i}]"), "a string", s))
        })
        .collect()
}

#[cfg(test)]
mod tests;
