//! [`parse_request`]: an embedding request from JSON, in the JS spelling (`inputType`) or the
//! wire one (`input_type`), as `client.embed` and the gateway receive it.

use super::{EmbedRequest, InputType};
use crate::error::{ProviderError, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

fn bad(msg: impl Into<String>) -> ProviderError {
    ProviderError::invalid_request(msg)
}

/// Parses `{input: string | string[], model?, dimensions?, inputType?}`. `null` counts as
/// absent; unknown keys are ignored (`encoding_format`, `user`, `signal`, …).
pub fn parse_request(v: &Value) -> Result<EmbedRequest> {
    let Some(obj) = v.as_object() else {
        return Err(bad("request must be an object"));
    };
    let get = |k: &str| obj.get(k).filter(|v| !v.is_null());
    let input = match get("input") {
        Some(Value::String(s)) => alloc::vec![s.clone()],
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    Value::Number(_) | Value::Array(_) => {
                        return Err(bad(format!(
                            "input[{i}]: token arrays are not supported, pass text"
                        )))
                    }
                    other => {
                        return Err(bad(format!(
                            "input[{i}]: expected a string, got {}",
                            kind(other)
                        )))
                    }
                }
            }
            out
        }
        Some(other) => {
            return Err(bad(format!(
                "input: expected a string or an array of strings, got {}",
                kind(other)
            )))
        }
        None => return Err(bad("input: required")),
    };
    if input.is_empty() {
        return Err(bad("input: must not be empty"));
    }
    let model = match get("model") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::String(_)) | None => None,
        Some(other) => {
            return Err(bad(format!(
                "model: expected a string, got {}",
                kind(other)
            )))
        }
    };
    let dimensions = match get("dimensions") {
        None => None,
        Some(d) => match d.as_u64().filter(|n| (1..=u64::from(u32::MAX)).contains(n)) {
            Some(n) => Some(n as u32),
            None => return Err(bad("dimensions: expected a positive integer")),
        },
    };
    let input_type = match get("inputType").or_else(|| get("input_type")) {
        None => None,
        Some(Value::String(s)) => Some(match s.as_str() {
            "query" => InputType::Query,
            "document" => InputType::Document,
            other => {
                return Err(bad(format!(
                    "inputType: expected \"query\" or \"document\", got \"{}\"",
                    other.chars().take(40).collect::<String>()
                )))
            }
        }),
        Some(other) => {
            return Err(bad(format!(
                "inputType: expected a string, got {}",
                kind(other)
            )))
        }
    };
    Ok(EmbedRequest {
        input,
        model,
        dimensions,
        input_type,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
