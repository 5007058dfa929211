//! [`ProviderKind`]: the one table of the providers aster speaks to.
//!
//! Everything that is a fixed fact about a provider — its name, default base URL, auth scheme,
//! wire format and framing, the environment variables it is detected from, its default model —
//! lives in [`ProviderKind::info`], one `match`. Endpoints and headers were checked against each
//! provider's documentation; see the per-arm comments for the non-obvious ones.

use crate::format::{Framing, WireFormat};

/// How a provider authenticates a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// The fixed facts about one provider kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindInfo {
    /// aster name, used in configuration (`type = "…"`) and `provider/model` prefixes.
    pub name: &'static str,
    /// Human-readable name.
    pub display_name: &'static str,
    /// Other names accepted for this kind in `type` and model prefixes.
    pub aliases: &'static [&'static str],
    /// Default base URL (`None` when it is built from other settings: Azure endpoint,
    /// Bedrock/SageMaker region, Vertex project, Databricks workspace, Snowflake account).
    pub default_base_url: Option<&'static str>,
    /// Auth scheme.
    pub auth: AuthScheme,
    /// Wire format of the default endpoint (Vertex switches to Anthropic for Claude models,
    /// OpenAI/Azure/OpenRouter/custom to Responses when configured, Ollama to OpenAI chat).
    pub format: WireFormat,
    /// How the default endpoint frames a stream.
    pub framing: Framing,
    /// Environment variables holding the credential, in order of preference.
    pub key_env: &'static [&'static str],
    /// Other environment variables read (base URL, region, project, account, …).
    pub extra_env: &'static [&'static str],
    /// Model used when none is configured (`None`: the model must be given).
    pub default_model: Option<&'static str>,
}

/// One of the providers aster speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// A user-named OpenAI-compatible provider (see `config::CustomProvider`).
    Custom,
    /// The built-in deterministic mock: no network, no key.
    Mock,
}

impl ProviderKind {
    /// Every kind, in table order.
    pub const ALL: [ProviderKind; 17] = [
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
        ProviderKind::Custom,
        ProviderKind::Mock,
    ];

    /// The order `create()` tries the environment in (the seed's list: OpenAI and Anthropic
    /// first; Ollama last, from `OLLAMA_API_KEY` only: a local Ollama is found by probing).
    pub const DETECTION_ORDER: [ProviderKind; 15] = [
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
        ProviderKind::LiteLlm,
        ProviderKind::SagemakerTgi,
        ProviderKind::Ollama,
    ];

    /// The table row of this kind.
    pub fn info(self) -> &'static KindInfo {
        use AuthScheme as A;
        use Framing::{EventStream, EventStreamSse, Ndjson, Sse};
        use WireFormat as W;
        match self {
            ProviderKind::OpenAi => &KindInfo {
                name: "openai",
                display_name: "OpenAI",
                aliases: &[],
                default_base_url: Some("https://api.openai.com/v1"),
                auth: A::Bearer,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["OPENAI_API_KEY"],
                extra_env: &["OPENAI_BASE_URL"],
                default_model: Some("gpt-4o"),
            },
            ProviderKind::Anthropic => &KindInfo {
                name: "anthropic",
                display_name: "Anthropic",
                aliases: &["claude"],
                default_base_url: Some("https://api.anthropic.com/v1"),
                auth: A::AnthropicKey,
                format: W::Anthropic,
                framing: Sse,
                key_env: &["ANTHROPIC_API_KEY"],
                extra_env: &["ANTHROPIC_BASE_URL"],
                default_model: Some("claude-sonnet-4-5"),
            },
            // Gemini API: the key goes in `x-goog-api-key` (not `?key=`, which would put the
            // credential in URLs and logs).
            ProviderKind::Google => &KindInfo {
                name: "google",
                display_name: "Google Gemini",
                aliases: &["gemini", "google-ai", "googleai"],
                default_base_url: Some("https://generativelanguage.googleapis.com/v1beta"),
                auth: A::GoogApiKey,
                format: W::Gemini,
                framing: Sse,
                key_env: &["GEMINI_API_KEY", "GOOGLE_API_KEY"],
                extra_env: &[],
                default_model: Some("gemini-2.5-flash"),
            },
            // The names the official `openai` SDK's AzureOpenAI client reads.
            ProviderKind::Azure => &KindInfo {
                name: "azure",
                display_name: "Azure OpenAI",
                aliases: &["azure-openai", "azure_openai"],
                default_base_url: None,
                auth: A::AzureKey,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"],
                extra_env: &[
                    "AZURE_OPENAI_ENDPOINT",
                    "OPENAI_API_VERSION",
                    "AZURE_OPENAI_API_VERSION",
                    "AZURE_OPENAI_DEPLOYMENT",
                ],
                default_model: None,
            },
            // AWS_BEARER_TOKEN_BEDROCK is the Bedrock API key the AWS SDKs read; otherwise the
            // standard AWS credential variables and SigV4.
            ProviderKind::Bedrock => &KindInfo {
                name: "bedrock",
                display_name: "Amazon Bedrock",
                aliases: &["aws", "aws-bedrock", "amazon-bedrock"],
                default_base_url: None,
                auth: A::SigV4("bedrock"),
                format: W::BedrockConverse,
                framing: EventStream,
                key_env: &[
                    "AWS_BEARER_TOKEN_BEDROCK",
                    "AWS_ACCESS_KEY_ID",
                    "AWS_SECRET_ACCESS_KEY",
                    "AWS_SESSION_TOKEN",
                ],
                extra_env: &["AWS_REGION", "AWS_DEFAULT_REGION"],
                default_model: Some("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            },
            ProviderKind::GcpVertexAi => &KindInfo {
                name: "gcpvertexai",
                display_name: "Google Vertex AI",
                aliases: &["vertex", "vertexai", "vertex-ai", "google-vertex"],
                default_base_url: None,
                auth: A::GoogleOAuth,
                format: W::Gemini,
                framing: Sse,
                key_env: &[
                    "GOOGLE_VERTEX_ACCESS_TOKEN",
                    "CLOUDSDK_AUTH_ACCESS_TOKEN",
                    "GOOGLE_APPLICATION_CREDENTIALS_JSON",
                    "GOOGLE_APPLICATION_CREDENTIALS",
                    "GOOGLE_CLIENT_EMAIL",
                    "GOOGLE_PRIVATE_KEY",
                ],
                extra_env: &[
                    "GOOGLE_CLOUD_PROJECT",
                    "GOOGLE_VERTEX_PROJECT",
                    "VERTEXAI_PROJECT",
                    "GOOGLE_CLOUD_LOCATION",
                    "GOOGLE_VERTEX_LOCATION",
                    "VERTEXAI_LOCATION",
                ],
                default_model: Some("gemini-2.5-flash"),
            },
            // Native /api/chat (NDJSON). The key is only needed for ollama.com.
            ProviderKind::Ollama => &KindInfo {
                name: "ollama",
                display_name: "Ollama",
                aliases: &[],
                default_base_url: Some("http://localhost:11434"),
                auth: A::OptionalBearer,
                format: W::Ollama,
                framing: Ndjson,
                key_env: &["OLLAMA_API_KEY"],
                extra_env: &["OLLAMA_HOST"],
                default_model: Some("llama3.2"),
            },
            // Attribution headers (`HTTP-Referer`, `X-Title`) are sent when configured.
            ProviderKind::OpenRouter => &KindInfo {
                name: "openrouter",
                display_name: "OpenRouter",
                aliases: &[],
                default_base_url: Some("https://openrouter.ai/api/v1"),
                auth: A::Bearer,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["OPENROUTER_API_KEY"],
                extra_env: &["OPENROUTER_BASE_URL"],
                default_model: Some("openrouter/auto"),
            },
            // The LiteLLM proxy listens on port 4000 by default; the names are the ones the
            // LiteLLM SDK's `litellm_proxy` provider reads.
            ProviderKind::LiteLlm => &KindInfo {
                name: "litellm",
                display_name: "LiteLLM",
                aliases: &["litellm-proxy", "litellm_proxy"],
                default_base_url: Some("http://localhost:4000"),
                auth: A::OptionalBearer,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["LITELLM_PROXY_API_KEY", "LITELLM_API_KEY"],
                extra_env: &["LITELLM_PROXY_API_BASE", "LITELLM_BASE_URL"],
                default_model: None,
            },
            ProviderKind::Xai => &KindInfo {
                name: "xai",
                display_name: "xAI",
                aliases: &["grok", "x-ai"],
                default_base_url: Some("https://api.x.ai/v1"),
                auth: A::Bearer,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["XAI_API_KEY"],
                extra_env: &["XAI_BASE_URL"],
                default_model: Some("grok-4"),
            },
            ProviderKind::Venice => &KindInfo {
                name: "venice",
                display_name: "Venice AI",
                aliases: &[],
                default_base_url: Some("https://api.venice.ai/api/v1"),
                auth: A::Bearer,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["VENICE_API_KEY"],
                extra_env: &[],
                default_model: Some("zai-org-glm-5"),
            },
            // `{workspace}/serving-endpoints/chat/completions`, model = serving endpoint name.
            ProviderKind::Databricks => &KindInfo {
                name: "databricks",
                display_name: "Databricks",
                aliases: &[],
                default_base_url: None,
                auth: A::Bearer,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["DATABRICKS_TOKEN"],
                extra_env: &["DATABRICKS_HOST"],
                default_model: Some("databricks-claude-sonnet-4-5"),
            },
            // Cortex Chat Completions: `https://{account}.snowflakecomputing.com/api/v2/cortex/v1
            // /chat/completions` (the recorded cassettes use it too).
            ProviderKind::Snowflake => &KindInfo {
                name: "snowflake",
                display_name: "Snowflake Cortex",
                aliases: &["cortex", "snowflake-cortex"],
                default_base_url: None,
                auth: A::Snowflake,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &["SNOWFLAKE_PAT", "SNOWFLAKE_JWT", "SNOWFLAKE_TOKEN"],
                extra_env: &[
                    "SNOWFLAKE_ACCOUNT",
                    "SNOWFLAKE_ACCOUNT_IDENTIFIER",
                    "SNOWFLAKE_BASE_URL",
                    "SNOWFLAKE_TOKEN_TYPE",
                ],
                default_model: Some("claude-sonnet-4-5"),
            },
            // The model is the SageMaker endpoint name. Streams arrive as event-stream
            // `PayloadPart` frames whose raw bytes are TGI's SSE.
            ProviderKind::SagemakerTgi => &KindInfo {
                name: "sagemaker_tgi",
                display_name: "Amazon SageMaker (TGI)",
                aliases: &["sagemaker", "sagemaker-tgi"],
                default_base_url: None,
                auth: A::SigV4("sagemaker"),
                format: W::Tgi,
                framing: EventStreamSse,
                key_env: &[
                    "AWS_ACCESS_KEY_ID",
                    "AWS_SECRET_ACCESS_KEY",
                    "AWS_SESSION_TOKEN",
                ],
                extra_env: &[
                    "SAGEMAKER_ENDPOINT_NAME",
                    "AWS_REGION",
                    "AWS_DEFAULT_REGION",
                ],
                default_model: None,
            },
            ProviderKind::Mistral => &KindInfo {
                name: "mistral",
                display_name: "Mistral AI",
                aliases: &["mistralai"],
                default_base_url: Some("https://api.mistral.ai/v1"),
                auth: A::Bearer,
                format: W::Mistral,
                framing: Sse,
                key_env: &["MISTRAL_API_KEY"],
                extra_env: &["MISTRAL_BASE_URL"],
                default_model: Some("mistral-large-latest"),
            },
            ProviderKind::Custom => &KindInfo {
                name: "custom",
                display_name: "OpenAI-compatible",
                aliases: &["openai-compatible", "openai_compatible"],
                default_base_url: None,
                auth: A::OptionalBearer,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &[],
                extra_env: &[],
                default_model: None,
            },
            // `mock://` URLs are answered by the transport's built-in mock, never the network.
            ProviderKind::Mock => &KindInfo {
                name: "mock",
                display_name: "Mock",
                aliases: &[],
                default_base_url: Some("mock://aster/v1"),
                auth: A::None,
                format: W::OpenAiChat,
                framing: Sse,
                key_env: &[],
                extra_env: &[],
                default_model: Some("mock"),
            },
        }
    }

    /// The aster name (`openai`, `gcpvertexai`, `sagemaker_tgi`, …).
    pub fn name(self) -> &'static str {
        self.info().name
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
