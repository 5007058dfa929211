//! Amazon SageMaker endpoints running Text Generation Inference. The model is the endpoint
//! name. Streams arrive as event-stream `PayloadPart` frames whose raw bytes are TGI's SSE.

use super::super::env::{get, Env};
use super::super::request::segment;
use super::prelude::*;
use alloc::format;
use alloc::string::ToString;

/// The variable naming the endpoint (the model); it also tells plain AWS keys apart from
/// Bedrock's.
pub(super) const ENDPOINT_VAR: &str = "SAGEMAKER_ENDPOINT_NAME";

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "sagemaker_tgi",
        display_name: "Amazon SageMaker (TGI)",
        aliases: &["sagemaker", "sagemaker-tgi"],
        auth: AuthScheme::SigV4("sagemaker"),
        format: WireFormat::Tgi,
        framing: Framing::EventStreamSse,
        key_env: &super::aws::CREDENTIALS,
        extra_env: &[ENDPOINT_VAR, super::aws::REGION[0], super::aws::REGION[1]],
        config_keys: &super::aws::CONFIG_KEYS,
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
    super::aws::fill(cfg, env, f)?;
    if cfg.model.is_none() {
        cfg.model = get(env, ENDPOINT_VAR).map(str::to_string);
    }
    Ok(())
}

fn signal(env: &Env, _: &KindInfo) -> Option<&'static str> {
    super::aws::has_keys(env)?;
    get(env, ENDPOINT_VAR).map(|_| ENDPOINT_VAR)
}

fn target(cfg: &ProviderConfig, _: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let base = super::aws::base(cfg, "runtime.sagemaker")?;
    let op = if r.stream {
        "invocations-response-stream"
    } else {
        "invocations"
    };
    Ok(Target {
        url: format!("{base}/endpoints/{}/{op}", segment(&r.model, b"")),
        model: r.model,
        format: WireFormat::Tgi,
        framing: Framing::EventStreamSse,
    })
}
