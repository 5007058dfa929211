//! Amazon SageMaker endpoints running Text Generation Inference. The model is the endpoint
//! name. Streams arrive as event-stream `PayloadPart` frames whose raw bytes are TGI's SSE.

use super::super::env::{get, Env};
use super::prelude::*;
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

fn fill(cfg: &mut ProviderConfig, env: &Env, info: &KindInfo, f: &mut Fill) -> Result<()> {
    super::aws::fill(cfg, env, info, f)?;
    if cfg.model.is_none() {
        cfg.model = get(env, ENDPOINT_VAR).map(str::to_string);
    }
    Ok(())
}

fn signal(env: &Env, _: &KindInfo) -> Option<&'static str> {
    super::aws::has_keys(env)?;
    get(env, ENDPOINT_VAR).map(|_| ENDPOINT_VAR)
}

/// `{base}/endpoints/{endpoint}/invocations` (`invocations-response-stream`).
const ROUTE: super::aws::Route = super::aws::Route {
    service: "runtime.sagemaker",
    resource: "endpoints",
    ops: ["invocations", "invocations-response-stream"],
};

fn target(cfg: &ProviderConfig, info: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    super::aws::target(cfg, info, r, &ROUTE)
}
