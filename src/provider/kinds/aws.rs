//! What Bedrock and SageMaker share: the AWS credential and region variables, the DNS suffix.

use super::super::env::{get, ident, Env};
use super::super::request::segment;
use super::super::sigv4::AwsCredentials;
use super::super::Secret;
use super::prelude::*;
use crate::error::ProviderError;
use alloc::string::{String, ToString};

/// The standard AWS credential variables.
pub(super) const CREDENTIALS: [&str; 3] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];
/// The region variables, in the AWS SDKs' order.
pub(super) const REGION: [&str; 2] = ["AWS_REGION", "AWS_DEFAULT_REGION"];

fn credentials(env: &Env) -> Result<Option<AwsCredentials>> {
    match (
        get(env, "AWS_ACCESS_KEY_ID"),
        get(env, "AWS_SECRET_ACCESS_KEY"),
    ) {
        (Some(id), Some(secret)) => {
            if !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(ProviderError::config(
                    "AWS_ACCESS_KEY_ID: not a valid access key id",
                ));
            }
            Ok(Some(AwsCredentials {
                access_key_id: id.to_string(),
                secret_access_key: Secret::new(secret),
                session_token: get(env, "AWS_SESSION_TOKEN").map(Secret::new),
            }))
        }
        _ => Ok(None),
    }
}

/// Whether the plain AWS key pair is set (the variable named is the key id).
pub(super) fn has_keys(env: &Env) -> Option<&'static str> {
    get(env, "AWS_SECRET_ACCESS_KEY")?;
    get(env, "AWS_ACCESS_KEY_ID").map(|_| "AWS_ACCESS_KEY_ID")
}

/// Credentials and region from the environment; the region defaults to us-east-1, with a
/// warning.
pub(super) fn fill(cfg: &mut ProviderConfig, env: &Env, _: &KindInfo, f: &mut Fill) -> Result<()> {
    if cfg.aws.is_none() {
        cfg.aws = credentials(env)?;
    }
    if cfg.region.is_none() {
        cfg.region = ident(env, &REGION, "-")?;
    }
    if cfg.region.is_none() {
        cfg.region = Some(String::from("us-east-1"));
        f.warnings.push(String::from(
            "no AWS region set (AWS_REGION): using us-east-1",
        ));
    }
    Ok(())
}

/// Where an AWS kind sends a request: `{base}/{resource}/{model}/{op}`, `op` the first of
/// `ops` for a whole answer and the second for a stream.
pub(super) struct Route {
    /// The service's host name before the region (`bedrock-runtime`).
    pub service: &'static str,
    /// The path segment before the model (`model`, `endpoints`).
    pub resource: &'static str,
    /// The operation: `[whole answer, stream]`.
    pub ops: [&'static str; 2],
}

/// The target of `route` for the request, in the row's format and framing.
pub(super) fn target(
    cfg: &ProviderConfig,
    info: &KindInfo,
    r: Resolve<'_>,
    route: &Route,
) -> Result<Target> {
    let base = base(cfg, route.service)?;
    let op = route.ops[usize::from(r.stream)];
    Ok(Target {
        url: alloc::format!("{base}/{}/{}/{op}", route.resource, segment(&r.model, b"")),
        model: r.model,
        format: info.format,
        framing: info.framing,
    })
}

/// `https://{service}.{region}.{suffix}` unless a base URL is configured.
fn base(cfg: &ProviderConfig, service: &str) -> Result<String> {
    if let Some(b) = &cfg.base_url {
        return Ok(String::from(b.trim_end_matches('/')));
    }
    let r = cfg
        .region
        .as_deref()
        .ok_or_else(|| super::missing(cfg, "no AWS region (set provider.region or AWS_REGION)"))?;
    // China regions have their own DNS suffix.
    let suffix = if r.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    Ok(alloc::format!("https://{service}.{r}.{suffix}"))
}

/// The configuration keys of the AWS kinds.
pub(super) const CONFIG_KEYS: [&str; 4] = [
    "region",
    "access_key_id",
    "secret_access_key",
    "session_token",
];
