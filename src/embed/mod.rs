//! Embeddings: the second capability beside chat (DESIGN §4), sans-IO like chat.
//!
//! ```text
//! EmbedRequest ─► plan(cfg) ─► Plan {shape, url, batches, warnings}
//!                               │ for each batch: build(cfg, plan, batch, now) ─► HttpRequest
//!                               │ (the client sends it, classifies errors, retries)
//!                               └ decode(plan, texts, headers, body) ─► Batch ─► Joiner ─► EmbedResponse
//! ```
//!
//! The provider decides the wire shape ([`Shape`], keyed on [`ProviderKind`] and, for Bedrock,
//! the model family); each shape is one small file: [`openai`] (`/embeddings`: OpenAI, Azure,
//! Mistral, LiteLLM, OpenRouter, Databricks, Venice, custom hosts, Ollama's OpenAI API),
//! [`gemini`] (`batchEmbedContents`), [`vertex`] (`predict`), [`bedrock`] (Titan text and Cohere
//! embed via InvokeModel), [`ollama`] (`/api/embed`), [`snowflake`] (`inference:embed`). URLs
//! come from the provider's own target resolution (`provider::resolve_target`), headers, auth
//! and SigV4 from `provider::request::finish_request`: the same code chat uses.
//!
//! Batches larger than a provider accepts (in texts, and in total tokens where a provider
//! documents a total) are split ([`Plan::batches`]) and rejoined in order.
//! Usage is the provider's count where it reports one, else estimated (and marked so); cost
//! comes from the model catalog by the same rule as chat (`usage::fill_cost`). Settings a
//! provider has no field for (`dimensions`, `inputType`) become warnings, never failures.

pub mod bedrock;
pub mod gemini;
pub mod mock;
pub mod ollama;
pub mod openai;
mod parse;
pub mod snowflake;
mod target;
pub mod vertex;
mod wire;

use crate::chunk::Usage;
use crate::error::{ProviderError, Result};
use crate::http::{Headers, HttpRequest};
use crate::message::Warning;
use crate::provider::{ProviderConfig, ProviderKind, Timestamp};
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;
use serde::Serialize;

pub use parse::parse_request;
pub use target::shape_for;
// The type lives with the kind rows that hold its values (provider -> embed would be a cycle);
// its behaviour (`max_batch`, the encoders) is here.
pub use crate::provider::embed_shape::Shape;

/// What the embedded text is for, where a provider optimizes for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputType {
    /// A search query (Gemini `RETRIEVAL_QUERY`, Cohere `search_query`).
    Query,
    /// A document to be searched (Gemini `RETRIEVAL_DOCUMENT`, Cohere `search_document`).
    Document,
}

/// An embedding request: `client.embed({input, dimensions?, inputType?})`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedRequest {
    /// The texts, in order (a single string is one text).
    pub input: Vec<String>,
    /// The model (otherwise the configured one).
    pub model: Option<String>,
    /// Length of the vectors, where the model can shorten them.
    pub dimensions: Option<u32>,
    /// Query or document.
    pub input_type: Option<InputType>,
}

/// Usage of an embedding request.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedUsage {
    /// Tokens of every input text.
    pub input_tokens: u64,
    /// Cost in USD from the catalog; `null` when the model's price is unknown.
    pub total_cost: Option<f64>,
    /// True when the provider reported no count for some batch and it was estimated.
    pub estimated: bool,
}

/// The answer to an [`EmbedRequest`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbedResponse {
    /// One vector per input text, in input order.
    pub embeddings: Vec<Vec<f64>>,
    /// Tokens and cost.
    pub usage: EmbedUsage,
    /// The model that answered.
    pub model: String,
    /// Settings the provider could not honour.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

impl Shape {
    /// Most texts one request may carry (`None`: no documented limit).
    fn max_batch(self, model: &str) -> Option<usize> {
        match self {
            // OpenAI: an input array holds at most 2048 items.
            Shape::OpenAi | Shape::Mistral => Some(2048),
            // Gemini API: at most 100 requests in one batch.
            Shape::Gemini => Some(100),
            // Vertex: 250 instances, but the Gemini embedding models take one per request.
            Shape::Vertex if model.contains("gemini-embedding") => Some(1),
            Shape::Vertex => Some(250),
            Shape::Titan => Some(1),
            // Cohere on Bedrock: at most 96 texts per call.
            Shape::Cohere => Some(96),
            Shape::Ollama | Shape::Snowflake => None,
        }
    }

    /// Most input tokens one request may carry, where the provider documents a total:
    /// OpenAI 300 000 summed over the inputs, Vertex 20 000.
    fn max_tokens(self) -> Option<u64> {
        match self {
            Shape::OpenAi => Some(300_000),
            Shape::Vertex => Some(20_000),
            _ => None,
        }
    }

    /// Whether the request can carry `dimensions` for `model`.
    fn takes_dimensions(self, model: &str) -> bool {
        match self {
            // Titan text v1 has a fixed length; Cohere v3 too (v4 takes `output_dimension`).
            Shape::Titan => !model.contains("titan-embed-text-v1") && !model.contains("g1-text"),
            Shape::Cohere => model.contains("embed-v4"),
            Shape::Snowflake => false,
            _ => true,
        }
    }

    /// Whether the request can say query or document.
    fn takes_input_type(self) -> bool {
        matches!(self, Shape::Gemini | Shape::Vertex | Shape::Cohere)
    }
}

/// How one embedding request is carried out against a configured provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The wire shape.
    pub shape: Shape,
    /// The endpoint URL.
    pub url: String,
    /// The model as the provider knows it.
    pub model: String,
    /// Index ranges of `input`, one request each, in order.
    pub batches: Vec<Range<usize>>,
    /// Settings the provider cannot honour.
    pub warnings: Vec<Warning>,
    /// The aster provider name (errors).
    pub provider: String,
    /// The provider kind's name, under which the catalog prices the model.
    pub catalog: &'static str,
}

/// Plans `req` against `cfg`: shape, URL, batches, warnings. A provider without embeddings
/// is an `invalid_request` error naming it.
pub fn plan(cfg: &ProviderConfig, req: &EmbedRequest) -> Result<Plan> {
    if req.input.is_empty() {
        return Err(ProviderError::invalid_request("input: must not be empty"));
    }
    let model_hint = req.model.as_deref();
    let (shape, url, model) = target::resolve(cfg, model_hint)?;
    let mut warnings = Vec::new();
    if req.dimensions.is_some() && !shape.takes_dimensions(&model) {
        warnings.push(Warning::new(
            "dimensions",
            alloc::format!(
                "{} model `{model}` has a fixed vector length: not sent",
                cfg.name
            ),
        ));
    }
    if req.input_type.is_some() && !shape.takes_input_type() {
        warnings.push(Warning::new(
            "inputType",
            alloc::format!("{} has no query/document setting: not sent", cfg.name),
        ));
    }
    let batches = split(
        &req.input,
        shape.max_batch(&model).unwrap_or(usize::MAX),
        shape.max_tokens(),
    );
    Ok(Plan {
        shape,
        url,
        model,
        batches,
        warnings,
        provider: cfg.name.clone(),
        catalog: cfg.kind.name(),
    })
}

/// Splits `texts` into consecutive ranges of at most `max_texts` texts and, where a token
/// budget is given, at most 80 % of it by the estimate (the estimator is within about 10 % on
/// prose; the margin keeps an estimate that is low from crossing the real limit). A single text
/// over the budget goes alone: the provider's own error then says what is wrong with it.
fn split(texts: &[String], max_texts: usize, max_tokens: Option<u64>) -> Vec<Range<usize>> {
    let budget = max_tokens.map(|t| t / 5 * 4);
    let mut out = Vec::new();
    let mut start = 0;
    let mut tokens = 0u64;
    for (i, t) in texts.iter().enumerate() {
        let n = budget.map_or(0, |_| crate::usage::estimate_text_tokens(t));
        let full = i - start >= max_texts.max(1) || budget.is_some_and(|b| tokens + n > b);
        if full && i > start {
            out.push(start..i);
            start = i;
            tokens = 0;
        }
        tokens += n;
    }
    if start < texts.len() {
        out.push(start..texts.len());
    }
    out
}

/// The HTTP request of batch `batch` of `plan`, signed at `now`.
pub fn build(
    cfg: &ProviderConfig,
    plan: &Plan,
    req: &EmbedRequest,
    batch: usize,
    now: Timestamp,
) -> Result<HttpRequest> {
    let range = plan
        .batches
        .get(batch)
        .cloned()
        .ok_or_else(|| ProviderError::internal("no such embedding batch"))?;
    let texts = req.input.get(range).unwrap_or(&[]);
    let opts = Options {
        model: &plan.model,
        dimensions: req
            .dimensions
            .filter(|_| plan.shape.takes_dimensions(&plan.model)),
        input_type: req.input_type,
    };
    let body = match plan.shape {
        Shape::OpenAi => openai::encode(texts, &opts, "dimensions"),
        Shape::Mistral => openai::encode(texts, &opts, "output_dimension"),
        Shape::Gemini => gemini::encode(texts, &opts),
        Shape::Vertex => vertex::encode(texts, &opts),
        Shape::Titan => bedrock::encode_titan(texts, &opts)?,
        Shape::Cohere => bedrock::encode_cohere(texts, &opts),
        Shape::Ollama => ollama::encode(texts, &opts),
        Shape::Snowflake => snowflake::encode(texts, &opts),
    };
    target::finish(cfg, plan, body, now)
}

/// What one shape's encoder needs besides the texts.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// The model as the provider knows it.
    pub model: &'a str,
    /// Vector length, when the model takes one.
    pub dimensions: Option<u32>,
    /// Query or document.
    pub input_type: Option<InputType>,
}

/// The decoded answer to one batch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Batch {
    /// One vector per text of the batch, in order.
    pub vectors: Vec<Vec<f64>>,
    /// Input tokens, when the provider reported them.
    pub input_tokens: Option<u64>,
    /// The model the provider said answered.
    pub model: Option<String>,
    /// The cost in USD the provider reported (OpenRouter `usage.cost`), which wins over the
    /// catalog as for chat (DESIGN §3.2).
    pub cost: Option<f64>,
}

/// Decodes the 2xx `body` (with its response `headers`) of a batch of `texts`. A body cut
/// short is a retryable `network` error, as a truncated stream is for chat; anything else
/// malformed, or a vector count that does not match, is a `decode` error.
pub fn decode(plan: &Plan, texts: &[String], headers: &Headers, body: &[u8]) -> Result<Batch> {
    let batch = match plan.shape {
        Shape::OpenAi | Shape::Mistral => openai::decode(body),
        Shape::Gemini => gemini::decode(body),
        Shape::Vertex => vertex::decode(body),
        Shape::Titan => bedrock::decode_titan(body),
        Shape::Cohere => bedrock::decode_cohere(body, headers),
        Shape::Ollama => ollama::decode(body),
        Shape::Snowflake => snowflake::decode(body),
    }
    .map_err(|e| e.with_provider(plan.provider.clone()))?;
    if batch.vectors.len() != texts.len() {
        return Err(ProviderError::decode(alloc::format!(
            "expected {} embeddings, got {}",
            texts.len(),
            batch.vectors.len()
        ))
        .with_provider(plan.provider.clone()));
    }
    Ok(batch)
}

/// Joins the batches of a request, in order, into its response.
#[derive(Clone, Debug, Default)]
pub struct Joiner {
    vectors: Vec<Vec<f64>>,
    tokens: u64,
    estimated: bool,
    model: Option<String>,
    /// The provider-reported cost of every batch so far (`None` once one reported none).
    cost: Option<f64>,
    batches: usize,
}

impl Joiner {
    /// An empty joiner.
    pub fn new() -> Self {
        Joiner::default()
    }

    /// Adds the next batch (of `texts`).
    pub fn push(&mut self, batch: Batch, texts: &[String]) {
        match batch.input_tokens {
            Some(n) => self.tokens += n,
            None => {
                self.estimated = true;
                self.tokens += estimate(texts);
            }
        }
        if self.model.is_none() {
            self.model = batch.model.filter(|m| !m.is_empty());
        }
        self.cost = match (self.batches, self.cost, batch.cost) {
            (0, _, c) => c,
            (_, Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
        self.batches += 1;
        self.vectors.extend(batch.vectors);
    }

    /// The response, priced from the catalog under `plan.catalog`.
    pub fn finish(self, plan: &Plan) -> EmbedResponse {
        let model = self.model.unwrap_or_else(|| plan.model.clone());
        let mut usage = priced(self.tokens, self.estimated, plan.catalog, &model);
        if let Some(c) = self.cost {
            usage.total_cost = Some(c);
        }
        EmbedResponse {
            embeddings: self.vectors,
            usage,
            model,
            warnings: plan.warnings.clone(),
        }
    }
}

/// Estimated tokens of `texts` (the chat estimator, DESIGN §3.2).
pub fn estimate(texts: &[String]) -> u64 {
    texts
        .iter()
        .map(|t| crate::usage::estimate_text_tokens(t))
        .sum()
}

/// Usage of `tokens` input tokens on `model`, priced under `catalog` by the chat rule.
pub fn priced(tokens: u64, estimated: bool, catalog: &str, model: &str) -> EmbedUsage {
    let mut u = Usage {
        input_tokens: tokens,
        ..Usage::default()
    };
    let total_cost = if model.is_empty() {
        None
    } else {
        crate::usage::fill_cost(&mut u, catalog, model, None)
    };
    EmbedUsage {
        input_tokens: tokens,
        total_cost,
        estimated,
    }
}

/// Whether `kind` serves embeddings at all (the README table): its row says so
/// (`KindInfo::embeddings`), and the built-in mock embeds in the client.
pub fn serves_embeddings(kind: ProviderKind) -> bool {
    kind == ProviderKind::Mock || kind.info().embeddings.is_some()
}

#[cfg(test)]
mod tests {
    use super::split;
    use alloc::string::String;
    use alloc::vec::Vec;

    #[test]
    fn splits_by_count_and_by_token_budget() {
        let texts: Vec<String> = (0..10)
            .map(|_| String::from("one two three four"))
            .collect();
        assert_eq!(split(&texts, 4, None), [0..4, 4..8, 8..10]);
        assert_eq!(split(&texts, usize::MAX, None).len(), 1);
        // About 4 tokens a text, a budget of 10 (8 after the margin): two texts a request.
        assert_eq!(split(&texts, usize::MAX, Some(10)).len(), 5);
        // One text over the budget still goes, alone.
        assert_eq!(split(&texts[..2], usize::MAX, Some(1)), [0..1, 1..2]);
        assert!(split(&[], 4, None).is_empty());
    }
}
