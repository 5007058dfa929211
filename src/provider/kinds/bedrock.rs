//! Amazon Bedrock (Converse). `AWS_BEARER_TOKEN_BEDROCK` is the Bedrock API key the AWS SDKs
//! read (sent as a bearer token instead of SigV4); otherwise the standard AWS credential
//! variables and SigV4.

use super::super::env::{get, Env};
use super::super::request::segment;
use super::prelude::*;
use alloc::format;

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
        ..KindInfo::OPENAI_COMPATIBLE
    },
    super::Behaviour {
        fill,
        signal,
        target,
        ..OPENAI_COMPATIBLE
    },
);

fn fill(cfg: &mut ProviderConfig, env: &Env, _: &KindInfo, f: &mut Fill) -> Result<()> {
    super::aws::fill(cfg, env, f)
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

fn target(cfg: &ProviderConfig, _: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let base = super::aws::base(cfg, "bedrock-runtime")?;
    let op = if r.stream {
        "converse-stream"
    } else {
        "converse"
    };
    Ok(Target {
        url: format!("{base}/model/{}/{op}", segment(&r.model, b"")),
        model: r.model,
        format: WireFormat::BedrockConverse,
        framing: Framing::EventStream,
    })
}
