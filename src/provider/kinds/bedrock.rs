//! Amazon Bedrock (Converse). `AWS_BEARER_TOKEN_BEDROCK` is the Bedrock API key the AWS SDKs
//! read (sent as a bearer token instead of SigV4); otherwise the standard AWS credential
//! variables and SigV4.

use super::super::env::{get, Env};
use super::prelude::*;

/// The catalog id in an ARN (`arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.…`)
/// or an `invoke/` path.
fn catalog_id(id: &str) -> &str {
    let id = if id.starts_with("arn:") {
        id.rsplit('/').next().unwrap_or(id)
    } else {
        id
    };
    id.strip_prefix("invoke/").unwrap_or(id)
}

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "bedrock",
        display_name: "Amazon Bedrock",
        aliases: &["aws", "aws-bedrock", "amazon-bedrock"],
        vendor_names: &["bedrock_converse"],
        auth: AuthScheme::SigV4("bedrock"),
        format: WireFormat::BedrockConverse,
        framing: Framing::EventStream,
        key_env: &[
            "AWS_BEARER_TOKEN_BEDROCK",
            super::aws::CREDENTIALS[0],
            super::aws::CREDENTIALS[1],
            super::aws::CREDENTIALS[2],
        ],
        api_key_env: &["AWS_BEARER_TOKEN_BEDROCK"],
        extra_env: &super::aws::REGION,
        default_model: Some("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
        config_keys: &super::aws::CONFIG_KEYS,
        catalog: Some("bedrock"),
        catalog_id,
        catalog_profiles: true,
        // Titan or Cohere by model; none for other models (`embed_shape`).
        embeddings: Some(Shape::Titan),
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill: super::aws::fill,
        signal,
        target,
        embed_shape,
        claims_model,
        ..OPENAI_COMPATIBLE
    },
);

/// Bedrock embeds through InvokeModel in the model family's own body: Amazon Titan text
/// embeddings or Cohere embed; other models serve none.
fn embed_shape(_: &KindInfo, model: &str, _: Option<Api>) -> Option<Shape> {
    if model.contains("amazon.titan-embed") {
        Some(Shape::Titan)
    } else if model.contains("cohere.embed") {
        Some(Shape::Cohere)
    } else {
        None
    }
}

fn signal(env: &Env, _: &KindInfo) -> Option<&'static str> {
    if get(env, "AWS_BEARER_TOKEN_BEDROCK").is_some() {
        return Some("AWS_BEARER_TOKEN_BEDROCK");
    }
    // Plain AWS keys mean Bedrock unless a SageMaker endpoint is named.
    if get(env, super::sagemaker_tgi::ENDPOINT_VAR).is_some() {
        return None;
    }
    super::aws::has_keys(env)
}

/// `{base}/model/{model}/converse` (`converse-stream`).
const ROUTE: super::aws::Route = super::aws::Route {
    service: "bedrock-runtime",
    resource: "model",
    ops: ["converse", "converse-stream"],
};

fn target(cfg: &ProviderConfig, info: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    super::aws::target(cfg, info, r, &ROUTE)
}

/// Bedrock's model ids: `vendor.model-…`, optionally behind a cross-region inference profile
/// prefix (`us.`, `eu.`, …), or an ARN.
fn claims_model(m: &str) -> bool {
    const VENDORS: [&str; 11] = [
        "anthropic.",
        "amazon.",
        "meta.",
        "cohere.",
        "ai21.",
        "mistral.",
        "deepseek.",
        "openai.",
        "qwen.",
        "writer.",
        "twelvelabs.",
    ];
    let unprefixed = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au."]
        .iter()
        .find_map(|p| m.strip_prefix(p))
        .unwrap_or(m);
    VENDORS.iter().any(|v| unprefixed.starts_with(v)) || m.starts_with("arn:aws")
}
