//! Snowflake Cortex `POST /api/v2/cortex/inference:embed`.
//!
//! Request `{model, text: [text…]}` (no vector-length or input-type setting); response
//! `{data: [{index, embedding: [[number…]]}], model, usage: {total_tokens}}`: each embedding is
//! nested one level deeper than OpenAI's (a flat vector is accepted too).

use super::{wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

/// The request body.
pub fn encode(texts: &[String], o: &Options) -> Value {
    json!({ "model": o.model, "text": texts })
}

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let v = wire::parse(body, "inference:embed")?;
    let vectors = wire::by_index(wire::array(&v, "data")?)
        .into_iter()
        .map(|i| {
            let e = i.get("embedding")?;
            // `[[…]]`: the one vector of this text, nested; a flat vector is taken as is.
            match e.as_array()?.as_slice() {
                [inner @ Value::Array(_)] => wire::vector(inner),
                _ => wire::vector(e),
            }
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| wire::bad("data[].embedding"))?;
    Ok(Batch {
        vectors,
        input_tokens: wire::count(v.get("usage").and_then(|u| u.get("total_tokens"))),
        model: v.get("model").and_then(Value::as_str).map(String::from),
        cost: None,
    })
}
