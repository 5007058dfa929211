//! Gemini API `POST models/{model}:batchEmbedContents`.
//!
//! Request `{requests: [{model: "models/{m}", content: {parts: [{text}]}, taskType?,
//! outputDimensionality?}]}` (each request names the model again); response `{embeddings:
//! [{values: [number…]}]}`, with no token count (the usage is estimated).

use super::{wire, Batch, InputType, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// `taskType` / `task_type` for an input type (Gemini API and Vertex share the values).
pub fn task_type(t: InputType) -> &'static str {
    match t {
        InputType::Query => "RETRIEVAL_QUERY",
        InputType::Document => "RETRIEVAL_DOCUMENT",
    }
}

/// The request body.
pub fn encode(texts: &[String], o: &Options) -> Value {
    let name = if o.model.starts_with("models/") || o.model.starts_with("tunedModels/") {
        String::from(o.model)
    } else {
        alloc::format!("models/{}", o.model)
    };
    let requests: Vec<Value> = texts
        .iter()
        .map(|t| {
            let mut r = Map::new();
            r.insert("model".into(), Value::from(name.as_str()));
            r.insert("content".into(), json!({"parts": [{"text": t}]}));
            if let Some(it) = o.input_type {
                r.insert("taskType".into(), Value::from(task_type(it)));
            }
            if let Some(d) = o.dimensions {
                r.insert("outputDimensionality".into(), Value::from(d));
            }
            Value::Object(r)
        })
        .collect();
    json!({ "requests": requests })
}

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let v = wire::parse(body, "batchEmbedContents")?;
    let vectors = wire::array(&v, "embeddings")?
        .iter()
        .map(|e| e.get("values").and_then(wire::vector))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| wire::bad("embeddings[].values"))?;
    Ok(Batch {
        vectors,
        input_tokens: None,
        model: None,
        cost: None,
    })
}
