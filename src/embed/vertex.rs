//! Vertex AI `POST …/publishers/google/models/{model}:predict` (text embeddings).
//!
//! Request `{instances: [{content, task_type?}], parameters: {outputDimensionality?}}`;
//! response `{predictions: [{embeddings: {values: [f32…], statistics: {token_count,
//! truncated}}}]}`: the token counts of the instances add up to the usage.

use super::{gemini::task_type, wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The request body.
pub fn encode(texts: &[String], o: &Options) -> Value {
    let instances: Vec<Value> = texts
        .iter()
        .map(|t| {
            let mut i = Map::new();
            i.insert("content".into(), Value::from(t.as_str()));
            if let Some(it) = o.input_type {
                i.insert("task_type".into(), Value::from(task_type(it)));
            }
            Value::Object(i)
        })
        .collect();
    let mut body = json!({ "instances": instances });
    if let Some(d) = o.dimensions {
        body["parameters"] = json!({ "outputDimensionality": d });
    }
    body
}

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    predictions: Vec<Prediction>,
}

#[derive(Deserialize)]
struct Prediction {
    embeddings: Embedding,
}

#[derive(Deserialize)]
struct Embedding {
    values: Vec<f32>,
    #[serde(default)]
    statistics: Option<Statistics>,
}

#[derive(Deserialize)]
struct Statistics {
    // A number, sometimes written as a float (`6.0`).
    #[serde(default)]
    token_count: Option<f64>,
}

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let b: Body = wire::parse(body, "predict")?;
    let mut tokens = Some(0u64);
    let mut vectors = Vec::with_capacity(b.predictions.len());
    for p in b.predictions {
        let n = p.embeddings.statistics.and_then(|s| s.token_count);
        tokens = match (tokens, n) {
            (Some(t), Some(n)) if n >= 0.0 => Some(t + n as u64),
            _ => None,
        };
        vectors.push(p.embeddings.values);
    }
    Ok(Batch {
        vectors,
        input_tokens: tokens,
        model: None,
    })
}
