//! Ollama `POST /api/embed`.
//!
//! Request `{model, input: [text…], dimensions?}`; response `{model, embeddings: [[f32…]],
//! prompt_eval_count}`.

use super::{wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use serde_json::{json, Value};

/// The request body.
pub fn encode(texts: &[String], o: &Options) -> Value {
    let mut body = json!({ "model": o.model, "input": texts });
    if let Some(d) = o.dimensions {
        body["dimensions"] = Value::from(d);
    }
    body
}

#[derive(Deserialize)]
struct Body {
    embeddings: Vec<Vec<f32>>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    prompt_eval_count: Option<u64>,
}

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let b: Body = wire::parse(body, "/api/embed")?;
    Ok(Batch {
        vectors: b.embeddings,
        input_tokens: b.prompt_eval_count,
        model: b.model,
    })
}
