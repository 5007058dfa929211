//! Canonical request → Mistral chat body: the shared Chat Completions encoder with Mistral's
//! dialect (see the module docs).

use super::ids::tool_id;
use crate::error::Result;
use crate::format::openai_chat::messages::{Dialect, DocumentStyle, ReasoningReplay, SystemRole};
use crate::format::openai_chat::request::{encode_common, merge_provider_options, BodyDialect};
use crate::format::{EncodeContext, Encoded};
use crate::message::{Request, Warning};
use alloc::vec::Vec;
use serde_json::Value;

const DIALECT: BodyDialect = BodyDialect {
    messages: Dialect {
        reasoning_replay: ReasoningReplay::ThinkingChunks,
        documents: DocumentStyle::DocumentUrl,
        system_role: SystemRole::System,
        map_tool_id: tool_id,
    },
    max_tokens_field: "max_tokens",
    required_choice: "any",
    stream_options: false,
    user_field: false,
    no_sampling: false,
    seed_field: "random_seed",
};

/// Encodes a Mistral chat request.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let model = req.model.clone().unwrap_or_else(|| ctx.model.clone());
    let mut w = Vec::new();
    let mut body = encode_common(req, ctx, &model, &DIALECT, &mut w)?;
    if req
        .reasoning
        .as_ref()
        .is_some_and(|r| r.effort.is_some() || r.budget_tokens.is_some())
    {
        if model.contains("magistral") {
            body.insert("prompt_mode".into(), "reasoning".into());
        } else {
            w.push(Warning::new(
                "reasoning",
                "Mistral reasons with Magistral models only; not sent",
            ));
        }
    }
    let provider = if ctx.provider.is_empty() {
        "mistral"
    } else {
        ctx.provider.as_str()
    };
    merge_provider_options(req, provider, &mut body);
    if let Some(seed) = body.remove("seed") {
        body.entry("random_seed").or_insert(seed);
    }
    Ok(Encoded {
        body: Value::Object(body),
        warnings: w,
    })
}
