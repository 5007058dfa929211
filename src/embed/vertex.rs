//! Vertex AI `POST …/publishers/google/models/{model}:predict` (text embeddings).
//!
//! Request `{instances: [{content, task_type?}], parameters: {outputDimensionality?}}`;
//! response `{predictions: [{embeddings: {values: [number…], statistics: {token_count,
//! truncated}}}]}`: the token counts of the instances add up to the usage.

use super::{gemini::task_type, wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
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

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let v = wire::parse(body, "predict")?;
    let mut tokens = Some(0u64);
    let mut vectors = Vec::new();
    for p in wire::array(&v, "predictions")? {
        let e = p.get("embeddings");
        let n = wire::count(
            e.and_then(|e| e.get("statistics"))
                .and_then(|s| s.get("token_count")),
        );
        tokens = tokens.zip(n).map(|(t, n)| t + n);
        let values = e.and_then(|e| e.get("values")).and_then(wire::vector);
        vectors.push(values.ok_or_else(|| wire::bad("predictions[].embeddings.values"))?);
    }
    Ok(Batch {
        vectors,
        input_tokens: tokens,
        model: None,
        cost: None,
    })
}
