//! Canonical request → TGI `/generate` / `/generate_stream` body (see the module docs).
//!
//! `max_new_tokens` is the request's max tokens, or 1024 when it has none (TGI's own default,
//! 100 or less depending on the version, cuts most answers short). `top_p` is sent only inside
//! TGI's accepted range (0, 1); `top_p: 1` means no nucleus sampling and is omitted. `do_sample`
//! is true when a positive temperature, `top_p` or `top_k` is set.
//!
//! `providerOptions[provider]`: `template` picks the chat template; every other key is merged
//! into `parameters` (`repetition_penalty`, `seed`, `truncate`, `grammar`, …), since TGI's
//! top level has only `inputs`, `parameters` and `stream`.

use super::template::{render, Template};
use crate::error::Result;
use crate::format::{EncodeContext, Encoded};
use crate::message::{ContentBlock, Request, Role, Warning};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Encodes a TGI generate request.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let mut w = Vec::new();
    let provider = if ctx.provider.is_empty() {
        "tgi"
    } else {
        ctx.provider.as_str()
    };
    let opts = match req.provider_options.get(provider) {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    };
    let template = match opts.and_then(|o| o.get("template")) {
        Some(Value::String(name)) => Template::from_name(name).unwrap_or_else(|| {
            w.push(Warning::new(
                "providerOptions.template",
                format!("unknown template {name:?}; using chatml"),
            ));
            Template::ChatMl
        }),
        _ => Template::ChatMl,
    };
    let mut turns: Vec<(&str, String)> = Vec::new();
    for (mi, m) in req.messages.iter().enumerate() {
        let role = if m.role == Role::User {
            "user"
        } else {
            "assistant"
        };
        let mut text = String::new();
        for (bi, b) in m.content.iter().enumerate() {
            match b {
                ContentBlock::Text { text: t, .. } => text.push_str(t),
                other => w.push(Warning::new(
                    format!("messages[{mi}].content[{bi}]"),
                    format!(
                        "{} blocks cannot be expressed in a TGI prompt; dropped",
                        other.type_name()
                    ),
                )),
            }
        }
        // Merge consecutive turns of one role (tool-result-only turns leave empty ones).
        match turns.last_mut() {
            Some((r, t)) if *r == role => {
                if !t.is_empty() && !text.is_empty() {
                    t.push_str("\n\n");
                }
                t.push_str(&text);
            }
            _ => turns.push((role, text)),
        }
    }
    turns.retain(|(_, t)| !t.is_empty());
    let system = req.system_text();
    let inputs = render(template, system.as_deref(), &turns);

    if !req.tools.is_empty() {
        w.push(Warning::new(
            "tools",
            "TGI's generate routes have no tools (use its Messages route); dropped",
        ));
    }
    if req.reasoning.is_some() {
        w.push(Warning::new(
            "reasoning",
            "not supported by TGI's generate routes; dropped",
        ));
    }
    if req.response_format.is_some() {
        w.push(Warning::new(
            "responseFormat",
            "not sent (pass a TGI `grammar` in providerOptions)",
        ));
    }
    if req.user.is_some() {
        w.push(Warning::new("user", "not supported by TGI; dropped"));
    }

    let mut params = Map::new();
    params.insert(
        "max_new_tokens".into(),
        req.max_tokens.unwrap_or(1024).into(),
    );
    // TGI rejects temperature 0 ("must be strictly positive"): greedy decoding is do_sample false.
    let temperature = req.temperature.filter(|t| *t > 0.0);
    if let Some(t) = temperature {
        params.insert("temperature".into(), t.into());
    }
    if let Some(p) = req.top_p.filter(|p| *p > 0.0 && *p < 1.0) {
        params.insert("top_p".into(), p.into());
    }
    if let Some(k) = req.top_k.filter(|k| *k > 0) {
        params.insert("top_k".into(), k.into());
    }
    let sampling =
        temperature.is_some() || params.contains_key("top_p") || params.contains_key("top_k");
    params.insert("do_sample".into(), sampling.into());
    if !req.stop_sequences.is_empty() {
        params.insert("stop".into(), req.stop_sequences.clone().into());
    }
    if let Some(seed) = req.seed {
        params.insert("seed".into(), seed.into());
    }
    params.insert("details".into(), true.into());
    params.insert("return_full_text".into(), false.into());
    for (k, v) in opts.into_iter().flatten() {
        if k != "template" {
            params.insert(k.clone(), v.clone());
        }
    }
    let mut body = Map::new();
    body.insert("inputs".into(), inputs.into());
    body.insert("parameters".into(), Value::Object(params));
    body.insert("stream".into(), ctx.stream.into());
    Ok(Encoded {
        body: Value::Object(body),
        warnings: w,
    })
}
