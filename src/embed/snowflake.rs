//! Snowflake Cortex `POST /api/v2/cortex/inference:embed`.
//!
//! Request `{model, text: [text…]}` (no vector-length or input-type setting); response
//! `{data: [{index, embedding: [[f32…]]}], model, usage: {total_tokens}}`: each embedding is
//! nested one level deeper than OpenAI's (a flat vector is accepted too).

use super::{wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use serde_json::{json, Value};

/// The request body.
pub fn encode(texts: &[String], o: &Options) -> Value {
    json!({ "model": o.model, "text": texts })
}

#[derive(Deserialize)]
struct Body {
    data: Vec<Item>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    usage: Option<Tokens>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    index: Option<usize>,
    embedding: Nested,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Nested {
    Nested(Vec<Vec<f32>>),
    Flat(Vec<f32>),
}

#[derive(Deserialize)]
struct Tokens {
    #[serde(default)]
    total_tokens: Option<u64>,
}

/// Decodes a response body.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let mut b: Body = wire::parse(body, "inference:embed")?;
    if b.data.iter().all(|i| i.index.is_some()) {
        b.data.sort_by_key(|i| i.index);
    }
    let vectors = b
        .data
        .into_iter()
        .map(|i| match i.embedding {
            Nested::Nested(mut v) if v.len() == 1 => v.pop().unwrap_or_default(),
            Nested::Nested(v) => v.into_iter().flatten().collect(),
            Nested::Flat(v) => v,
        })
        .collect();
    Ok(Batch {
        vectors,
        input_tokens: b.usage.and_then(|u| u.total_tokens),
        model: b.model,
    })
}
