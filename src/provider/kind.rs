//! [`ProviderKind`]: the one table of the providers aster speaks to.
//!
//! Each kind's row ([`KindInfo`]: name, default base URL, auth scheme, wire format and framing,
//! environment variables, config keys, retry defaults, catalog key and vendor spellings, the
//! Chat Completions and Responses host rules, the embeddings shape) and its behaviour (filling
//! from the environment, detection, target URL, body and header rules, embeddings by model)
//! live in its own module under `provider/kinds/`; `ProviderKind::def` is the one `match` that
//! maps a kind to it. The formats, the catalog and embeddings read these rows (by the kind a
//! rules name names), never match provider names of their own.
//! Adding an OpenAI-compatible provider is its module plus one row here.

use super::config::Api;
use super::kinds::KindDef;
use crate::format::openai_chat::rules::ChatRules;
use crate::format::openai_responses::rules::ResponsesRules;
use crate::format::{Framing, WireFormat};
use crate::provider::embed_shape::Shape;
use crate::retry::RetryConfig;

/// How a provider authenticates a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthScheme {
    /// `Authorization: Bearer <key>`; the key is required.
    Bearer,
    /// `Authorization: Bearer <key>` when a key is configured (local servers, proxies).
    OptionalBearer,
    /// Anthropic: `x-api-key: <key>` plus `anthropic-version: 2023-06-01`.
    AnthropicKey,
    /// Azure OpenAI: `api-key: <key>`, or `Authorization: Bearer <Entra token>`.
    AzureKey,
    /// Google AI Studio: `x-goog-api-key: <key>`.
    GoogApiKey,
    /// Vertex AI: `Authorization: Bearer <OAuth access token>` (from a token or a service
    /// account exchanged with `provider::vertex`).
    GoogleOAuth,
    /// AWS SigV4 with this signing name; Bedrock also takes an API key as a bearer token.
    SigV4(&'static str),
    /// Snowflake: `Authorization: Bearer <token>` plus `X-Snowflake-Authorization-Token-Type`.
    Snowflake,
    /// No credentials (the built-in mock).
    None,
}

/// The fixed facts about one provider kind: its row in the table. Each kind's row is in its
/// own module under `provider/kinds/`, beside the kind's behaviour.
#[derive(Clone, Debug)]
pub struct KindInfo {
    /// aster name, used in configuration (`type = "…"`) and `provider/model` prefixes.
    pub name: &'static str,
    /// Human-readable name.
    pub display_name: &'static str,
    /// Other names accepted for this kind in `type` and model prefixes.
    pub aliases: &'static [&'static str],
    /// Further spellings of this kind in LiteLLM and OpenRouter model ids (`vertex_ai/…`),
    /// read by the model catalog's lookup only.
    pub vendor_names: &'static [&'static str],
    /// Default base URL (`None` when it is built from other settings: Azure endpoint,
    /// Bedrock/SageMaker region, Vertex project, Databricks workspace, Snowflake account).
    pub default_base_url: Option<&'static str>,
    /// Auth scheme.
    pub auth: AuthScheme,
    /// Wire format of the default endpoint. A kind's target may choose another for some
    /// requests: Vertex uses Anthropic Messages for Claude models, kinds whose `apis` include
    /// Responses use it when configured with `api = "responses"`, Ollama Chat Completions with
    /// `api = "chat"`.
    pub format: WireFormat,
    /// How the default endpoint frames a stream.
    pub framing: Framing,
    /// Environment variables holding a credential, in order of preference (detection reads
    /// these).
    pub key_env: &'static [&'static str],
    /// The subset of `key_env` read as `provider.api_key` (AWS keys and Vertex tokens are
    /// credentials of their own kind, not API keys).
    pub api_key_env: &'static [&'static str],
    /// Environment variables read as the base URL, in order of preference. Each has the
    /// meaning it has for the provider's own SDK (see the README).
    pub base_url_env: &'static [&'static str],
    /// The path the provider's SDK puts between a host-only base URL and the API paths (`/v1`;
    /// empty when its base URL includes the version, as OpenAI's does). Added to a base URL
    /// that does not end with it, so both spellings work.
    pub version_path: &'static str,
    /// Other environment variables read (region, project, account, …).
    pub extra_env: &'static [&'static str],
    /// Model used when none is configured (`None`: the model must be given).
    pub default_model: Option<&'static str>,
    /// Bare model names starting with one of these (lower-cased) are this kind's
    /// (`createWithNamedModel("claude-…")`).
    pub model_prefixes: &'static [&'static str],
    /// Configuration keys this kind accepts beside the common ones (`type`, `api_key`,
    /// `api_key_env`, `model`, `base_url`, `headers`) and `api`.
    pub config_keys: &'static [&'static str],
    /// The APIs `api = "…"` may select (empty: the key is not accepted); the first is the
    /// default.
    pub apis: &'static [Api],
    /// Retry settings when the configuration has none.
    pub retry: &'static RetryConfig,
    /// The wire shape of the kind's embeddings API (`None`: it serves none). Where the shape
    /// depends on the model (Vertex: none for Claude; Bedrock: Titan or Cohere) or on `api`
    /// (Ollama), the kind's module decides per request, and this is the shape it usually has.
    pub embeddings: Option<Shape>,
    /// The model catalog's section for this kind's prices (`None`: no prices).
    pub catalog: Option<&'static str>,
    /// A path the provider puts before its own model ids that its catalog rows leave out
    /// (Fireworks' `accounts/fireworks/models/`).
    pub catalog_id_prefix: Option<&'static str>,
    /// The catalog id in a model id written the provider's own way (a resource path, an ARN),
    /// after its prefix is removed: `same_id` for most.
    pub catalog_id: fn(&str) -> &str,
    /// The catalog section to try, once, when this kind's own has no row for a catalog id
    /// (Azure serves OpenAI's models at OpenAI's prices): `None` for most.
    pub catalog_fallback: fn(&str) -> Option<&'static str>,
    /// A shorter id the catalog prices a catalog id as, tried after the id itself misses
    /// (Ollama's `:tag`): `no_base` for most.
    pub catalog_base: fn(&str) -> Option<&str>,
    /// Ids may name a cross-region inference profile (`us.…`, `global.…`), priced from the
    /// base model's row (Bedrock).
    pub catalog_profiles: bool,
    /// A header the provider's own SDK sends when a page calls it directly with
    /// `dangerouslyAllowBrowser` (its CORS answer depends on it).
    pub browser_header: Option<(&'static str, &'static str)>,
    /// The response header the host puts its own request id in, when it is not one of the
    /// usual ones (`request-id`, `x-request-id`, …): it becomes the errors' `requestId`.
    pub request_id_header: Option<&'static str>,
    /// How the host's Chat Completions differ from OpenAI's (reasoning parameter and replay,
    /// PDFs, OpenAI's own field choices): handed to the Chat encoder in its `EncodeContext`
    /// (`EncodeContext::new`).
    pub(crate) chat: ChatRules,
    /// How the host's Responses API differs from OpenAI's (reasoning replay, server-side
    /// custom tool calls): handed to the Responses encoder in its `EncodeContext` and to the
    /// stream's item decoder in its `Emitter` (`provider::responses_rules`).
    pub(crate) responses: ResponsesRules,
}

impl KindInfo {
    /// The common values of an OpenAI-compatible row (bearer key, Chat Completions over SSE,
    /// the general retry defaults), for rows to complete with `..`.
    pub const OPENAI_COMPATIBLE: KindInfo = KindInfo {
        name: "",
        display_name: "",
        aliases: &[],
        vendor_names: &[],
        default_base_url: None,
        auth: AuthScheme::Bearer,
        format: WireFormat::OpenAiChat,
        framing: Framing::Sse,
        key_env: &[],
        api_key_env: &[],
        base_url_env: &[],
        version_path: "",
        extra_env: &[],
        default_model: None,
        model_prefixes: &[],
        config_keys: &[],
        apis: &[],
        retry: &RetryConfig::DEFAULT,
        embeddings: None,
        catalog: None,
        catalog_id_prefix: None,
        catalog_id: same_id,
        catalog_fallback: no_fallback,
        catalog_base: no_base,
        catalog_profiles: false,
        browser_header: None,
        request_id_header: None,
        chat: ChatRules::COMPATIBLE,
        responses: ResponsesRules::OPENAI,
    };

    /// Every environment variable this kind reads, credentials first.
    pub fn env_vars(&self) -> impl Iterator<Item = &'static str> {
        let own = self
            .key_env
            .iter()
            .chain(self.base_url_env)
            .chain(self.extra_env);
        own.copied()
    }
}

/// A model id that is its own catalog id (`KindInfo::catalog_id` of most kinds).
pub(crate) fn same_id(id: &str) -> &str {
    id
}

/// No catalog section but the kind's own (`KindInfo::catalog_fallback` of most kinds).
pub(crate) fn no_fallback(_: &str) -> Option<&'static str> {
    None
}

/// No shorter id to price a catalog id as (`KindInfo::catalog_base` of most kinds).
pub(crate) fn no_base(_: &str) -> Option<&str> {
    None
}

/// An OpenAI fine-tune's base: `ft:gpt-4o-mini-2024-07-18:org:name:id` is priced as
/// `ft:gpt-4o-mini-2024-07-18` (OpenAI's and Azure's `KindInfo::catalog_base`).
pub(crate) fn fine_tune_base(id: &str) -> Option<&str> {
    if !id.starts_with("ft:") {
        return None;
    }
    let base_len = id.match_indices(':').nth(1).map_or(id.len(), |(i, _)| i);
    id.get(..base_len)
}

/// The last segment of a resource path: Google's `models/gemini-2.5-pro` and Vertex's
/// `projects/p/locations/l/publishers/google/models/gemini-…` name `gemini-…`.
pub(crate) fn last_segment(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// One of the providers aster speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ProviderKind {
    /// OpenAI.
    OpenAi,
    /// Anthropic.
    Anthropic,
    /// Google AI Studio (Gemini API).
    Google,
    /// Azure OpenAI.
    Azure,
    /// Amazon Bedrock (Converse).
    Bedrock,
    /// Google Cloud Vertex AI (Gemini and Claude).
    GcpVertexAi,
    /// Ollama (local or ollama.com).
    Ollama,
    /// OpenRouter.
    OpenRouter,
    /// LiteLLM proxy.
    LiteLlm,
    /// xAI (Grok).
    Xai,
    /// Venice AI.
    Venice,
    /// Databricks Model Serving.
    Databricks,
    /// Snowflake Cortex.
    Snowflake,
    /// Amazon SageMaker endpoint running Text Generation Inference.
    SagemakerTgi,
    /// Mistral AI.
    Mistral,
    /// Groq.
    Groq,
    /// DeepSeek.
    DeepSeek,
    /// Together AI.
    Together,
    /// Fireworks AI.
    Fireworks,
    /// Cerebras.
    Cerebras,
    /// Perplexity.
    Perplexity,
    /// A user-named OpenAI-compatible provider (see `config::CustomProvider`).
    Custom,
    /// The built-in deterministic mock: no network, no key.
    Mock,
}

impl ProviderKind {
    /// Every kind, in table order (also the order `detect::infer_kind` asks each kind's naming
    /// convention in: Bedrock before Ollama).
    pub const ALL: [ProviderKind; 23] = [
        ProviderKind::OpenAi,
        ProviderKind::Anthropic,
        ProviderKind::Google,
        ProviderKind::Azure,
        ProviderKind::Bedrock,
        ProviderKind::GcpVertexAi,
        ProviderKind::Ollama,
        ProviderKind::OpenRouter,
        ProviderKind::LiteLlm,
        ProviderKind::Xai,
        ProviderKind::Venice,
        ProviderKind::Databricks,
        ProviderKind::Snowflake,
        ProviderKind::SagemakerTgi,
        ProviderKind::Mistral,
        ProviderKind::Groq,
        ProviderKind::DeepSeek,
        ProviderKind::Together,
        ProviderKind::Fireworks,
        ProviderKind::Cerebras,
        ProviderKind::Perplexity,
        ProviderKind::Custom,
        ProviderKind::Mock,
    ];

    /// The order `create()` tries the environment in (the seed's list: OpenAI and Anthropic
    /// first; Ollama last, from `OLLAMA_API_KEY` only: a local Ollama is found by probing).
    pub const DETECTION_ORDER: [ProviderKind; 21] = [
        ProviderKind::OpenAi,
        ProviderKind::Anthropic,
        ProviderKind::Google,
        ProviderKind::Azure,
        ProviderKind::Bedrock,
        ProviderKind::GcpVertexAi,
        ProviderKind::OpenRouter,
        ProviderKind::Xai,
        ProviderKind::Venice,
        ProviderKind::Databricks,
        ProviderKind::Snowflake,
        ProviderKind::Mistral,
        ProviderKind::Groq,
        ProviderKind::DeepSeek,
        ProviderKind::Together,
        ProviderKind::Fireworks,
        ProviderKind::Cerebras,
        ProviderKind::Perplexity,
        ProviderKind::LiteLlm,
        ProviderKind::SagemakerTgi,
        ProviderKind::Ollama,
    ];

    /// The kind's definition: its module's row and behaviour. The one `match` of the table.
    pub(crate) fn def(self) -> &'static KindDef {
        use super::kinds as m;
        match self {
            ProviderKind::OpenAi => &m::openai::DEF,
            ProviderKind::Anthropic => &m::anthropic::DEF,
            ProviderKind::Google => &m::google::DEF,
            ProviderKind::Azure => &m::azure::DEF,
            ProviderKind::Bedrock => &m::bedrock::DEF,
            ProviderKind::GcpVertexAi => &m::vertex::DEF,
            ProviderKind::Ollama => &m::ollama::DEF,
            ProviderKind::OpenRouter => &m::openrouter::DEF,
            ProviderKind::LiteLlm => &m::litellm::DEF,
            ProviderKind::Xai => &m::xai::DEF,
            ProviderKind::Venice => &m::venice::DEF,
            ProviderKind::Databricks => &m::databricks::DEF,
            ProviderKind::Snowflake => &m::snowflake::DEF,
            ProviderKind::SagemakerTgi => &m::sagemaker_tgi::DEF,
            ProviderKind::Mistral => &m::mistral::DEF,
            ProviderKind::Groq => &m::groq::DEF,
            ProviderKind::DeepSeek => &m::deepseek::DEF,
            ProviderKind::Together => &m::together::DEF,
            ProviderKind::Fireworks => &m::fireworks::DEF,
            ProviderKind::Cerebras => &m::cerebras::DEF,
            ProviderKind::Perplexity => &m::perplexity::DEF,
            ProviderKind::Custom => &m::custom::DEF,
            ProviderKind::Mock => &m::mock::DEF,
        }
    }

    /// The table row of this kind.
    pub fn info(self) -> &'static KindInfo {
        &self.def().info
    }

    /// The aster name (`openai`, `gcpvertexai`, `sagemaker_tgi`, …).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Every environment variable any kind reads, each once, in table order: what a tool that
    /// forwards the environment to aster (`scripts/dev.mjs`) copies.
    pub fn all_env_vars() -> alloc::vec::Vec<&'static str> {
        let mut out: alloc::vec::Vec<&'static str> = alloc::vec::Vec::new();
        for v in ProviderKind::ALL.iter().flat_map(|k| k.info().env_vars()) {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }

    /// Looks a kind up by name or alias (ASCII case-insensitive).
    pub fn from_name(name: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| {
            let i = k.info();
            i.name.eq_ignore_ascii_case(name)
                || i.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        })
    }
}

// Here, not in `retry`, so the dependency runs one way (provider -> retry): `retry` knows
// nothing of provider kinds.
impl RetryConfig {
    /// The per-kind defaults (`ProviderKind::info().retry`, each kind's module sets its own)
    /// of the kind named `name` (a kind name or alias, case-insensitive); the general default
    /// for any other name.
    pub fn for_provider(name: &str) -> Self {
        ProviderKind::from_name(name).map_or(RetryConfig::DEFAULT, |k| k.info().retry.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for k in ProviderKind::ALL {
            assert_eq!(ProviderKind::from_name(k.name()), Some(k));
            for a in k.info().aliases {
                assert_eq!(ProviderKind::from_name(a), Some(k), "{a}");
            }
        }
        assert_eq!(
            ProviderKind::from_name("VERTEX"),
            Some(ProviderKind::GcpVertexAi)
        );
        assert_eq!(ProviderKind::from_name("nope"), None);
    }
}
