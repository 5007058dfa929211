//! Ollama `POST /api/embed`.
//!
//! Request `{model, input: [text…], dimensions?}`; response `{model, embeddings: [[number…]],
//! prompt_eval_count}`.

use super::{wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

/// The request body.
pub fn encode(texts: &[String], o: &Options) -> Value {
    let mut body = json!({ "model": o.model, "input": texts });
    if let Some(d) = o.dimensions {
        body["dimensions"] = Value::from(d);
    }
    body
}

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let v = wire::parse(body, "/api/embed")?;
    let vectors = wire::array(&v, "embeddings")?
        .iter()
        .map(wire::vector)
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| wire::bad("embeddings"))?;
    Ok(Batch {
        vectors,
        input_tokens: wire::count(v.get("prompt_eval_count")),
        model: v.get("model").and_then(Value::as_str).map(String::from),
        cost: None,
    })
}
