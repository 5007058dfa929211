//! Snowflake Cortex Chat Completions: `https://{account}.snowflakecomputing.com/api/v2/cortex/v1
//! /chat/completions` (the recorded cassettes use it too), with
//! `X-Snowflake-Authorization-Token-Type` telling the token's kind.

use super::super::config::SnowflakeTokenType;
use super::super::env::{first, get, ident, url, Env};
use super::prelude::*;
use crate::error::ProviderError;
use alloc::format;
use alloc::string::String;

const TOKENS: [&str; 3] = ["SNOWFLAKE_PAT", "SNOWFLAKE_JWT", "SNOWFLAKE_TOKEN"];
const ACCOUNT: [&str; 2] = ["SNOWFLAKE_ACCOUNT", "SNOWFLAKE_ACCOUNT_IDENTIFIER"];
const BASE_URL: &str = "SNOWFLAKE_BASE_URL";
const TOKEN_TYPE: &str = "SNOWFLAKE_TOKEN_TYPE";

pub(crate) const DEF: KindDef = KindDef::new(
    KindInfo {
        name: "snowflake",
        display_name: "Snowflake Cortex",
        aliases: &["cortex", "snowflake-cortex"],
        auth: AuthScheme::Snowflake,
        key_env: &TOKENS,
        api_key_env: &TOKENS,
        base_url_env: &[BASE_URL],
        extra_env: &[ACCOUNT[0], ACCOUNT[1], TOKEN_TYPE],
        default_model: Some("claude-sonnet-4-5"),
        config_keys: &["account", "token_type"],
        catalog: Some("snowflake"),
        embeddings: Some(Shape::Snowflake),
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
    if cfg.account.is_none() && cfg.base_url.is_none() {
        cfg.account = ident(env, &ACCOUNT, "-_.")?;
        if cfg.account.is_none() {
            cfg.base_url = url(env, &[BASE_URL])?;
        }
    }
    // The token's kind follows the variable it came from.
    if cfg.token_type.is_none() {
        cfg.token_type = match f.key_var {
            Some("SNOWFLAKE_JWT") => Some(SnowflakeTokenType::KeypairJwt),
            Some("SNOWFLAKE_TOKEN") => match get(env, TOKEN_TYPE) {
                Some(t) => Some(SnowflakeTokenType::parse(t).ok_or_else(|| {
                    ProviderError::config("SNOWFLAKE_TOKEN_TYPE: expected pat, jwt or oauth")
                })?),
                None => None,
            },
            _ => None,
        };
    }
    Ok(())
}

fn signal(env: &Env, info: &KindInfo) -> Option<&'static str> {
    first(env, &[ACCOUNT[0], ACCOUNT[1], BASE_URL])?;
    super::signal_by_key(env, info)
}

fn target(cfg: &ProviderConfig, info: &KindInfo, r: Resolve<'_>) -> Result<Target> {
    let base = match (&cfg.base_url, &cfg.account) {
        (Some(b), _) => b.clone(),
        (None, Some(acct)) => format!(
            "https://{}.snowflakecomputing.com/api/v2/cortex/v1",
            host_account(acct)
        ),
        (None, None) => {
            return Err(super::missing(
                cfg,
                "no account (set provider.account or SNOWFLAKE_ACCOUNT)",
            ))
        }
    };
    Ok(super::chat_or_responses(cfg, info, &base, r.model))
}

/// Account identifiers go into the host name lower-cased, with `_` as `-`.
fn host_account(acct: &str) -> String {
    acct.trim_end_matches(".snowflakecomputing.com")
        .to_ascii_lowercase()
        .replace('_', "-")
}
