//! [`Shape`]: the wire shape of a provider's embedding endpoint, a value each kind's row holds
//! (`KindInfo::embeddings`). Only the type is here, so the rows need nothing from `embed`; what
//! each shape means (batch limits, encoding, decoding) is in `embed`, which re-exports it as
//! `aster::embed::Shape`.

/// The wire shape of a provider's embedding endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// OpenAI `POST /embeddings` (`dimensions`).
    OpenAi,
    /// Mistral `POST /v1/embeddings`: OpenAI's shape with `output_dimension`.
    Mistral,
    /// Gemini API `models/{m}:batchEmbedContents`.
    Gemini,
    /// Vertex AI `publishers/google/models/{m}:predict`.
    Vertex,
    /// Bedrock InvokeModel, Amazon Titan text embeddings (one text per call).
    Titan,
    /// Bedrock InvokeModel, Cohere embed (v3 and v4).
    Cohere,
    /// Ollama `POST /api/embed`.
    Ollama,
    /// Snowflake Cortex `POST /api/v2/cortex/inference:embed`.
    Snowflake,
}
