//! OpenAI `POST /embeddings`, the shape most providers speak: OpenAI, Azure OpenAI (both
//! routes), LiteLLM, OpenRouter, Databricks (`/serving-endpoints/embeddings`), Venice, custom
//! OpenAI-compatible hosts, Ollama's OpenAI API, and Mistral (`output_dimension` for the
//! vector length).
//!
//! Request `{model, input: [text…], dimensions?}` (no `encoding_format`: float is the API's
//! default); response
//! `{data: [{index, embedding: [f32…]}], model, usage: {prompt_tokens, total_tokens}}`.

use super::{wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The request body; `dimensions_key` is `dimensions` (OpenAI) or `output_dimension`
/// (Mistral).
pub fn encode(texts: &[String], o: &Options, dimensions_key: &str) -> Value {
    let mut m = Map::new();
    m.insert("model".into(), Value::from(o.model));
    m.insert("input".into(), json!(texts));
    if let Some(d) = o.dimensions {
        m.insert(dimensions_key.into(), Value::from(d));
    }
    Value::Object(m)
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
    embedding: Vec<f32>,
}

#[derive(Deserialize)]
struct Tokens {
    #[serde(default)]
    prompt_tokens: Option<u64>,
    #[serde(default)]
    total_tokens: Option<u64>,
}

/// Decodes a response body; items are put in `index` order.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let mut b: Body = wire::parse(body, "embeddings")?;
    if b.data.iter().all(|i| i.index.is_some()) {
        b.data.sort_by_key(|i| i.index);
    }
    Ok(Batch {
        vectors: b.data.into_iter().map(|i| i.embedding).collect(),
        input_tokens: b.usage.and_then(|u| u.prompt_tokens.or(u.total_tokens)),
        model: b.model,
    })
}
