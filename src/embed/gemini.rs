//! Gemini API `POST models/{model}:batchEmbedContents`.
//!
//! Request `{requests: [{model: "models/{m}", content: {parts: [{text}]}, taskType?,
//! outputDimensionality?}]}` (each request names the model again); response `{embeddings:
//! [{values: [f32…]}]}`, with no token count (the usage is estimated).

use super::{wire, Batch, InputType, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
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

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    embeddings: Vec<Values>,
}

#[derive(Deserialize)]
struct Values {
    values: Vec<f32>,
}

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let b: Body = wire::parse(body, "batchEmbedContents")?;
    Ok(Batch {
        vectors: b.embeddings.into_iter().map(|e| e.values).collect(),
        input_tokens: None,
        model: None,
    })
}
