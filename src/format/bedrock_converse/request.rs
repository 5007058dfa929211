//! Canonical request → Converse / ConverseStream body.
//!
//! * The model id goes in the URL (`/model/{id}/converse[-stream]`), not the body; `ctx.model`
//!   is only read to apply model-family rules.
//! * Consecutive messages of the same role are merged (Converse wants turns to alternate).
//! * `inferenceConfig` holds `maxTokens`, `temperature`, `topP`, `stopSequences`. For Claude
//!   models Claude's rules apply (`anthropic/params.rs`): `reasoning` becomes
//!   `additionalModelRequestFields.thinking`, `topK` goes to
//!   `additionalModelRequestFields.top_k`. Nova takes `topK` in
//!   `additionalModelRequestFields.inferenceConfig`. Other models' reasoning and `topK` are
//!   warnings.
//! * `toolChoice` `none` has no Converse spelling: the tools are left out, unless the history
//!   holds tool blocks, which Converse refuses without a `toolConfig`; then the tools stay and
//!   a warning says the model may still call them.
//! * A JSON-schema `responseFormat` becomes `outputConfig.textFormat` (Converse structured
//!   output; the schema is sent as a JSON string, as the API requires).
//! * `providerOptions.bedrock` (and `providerOptions[<provider>]`) is merged last.

use super::content::{cache_point, push_block, Ctx};
use crate::error::{ProviderError, Result};
use crate::format::anthropic::{claude_params, merge_provider_options, output_cap};
use crate::format::build::{object, text};
use crate::format::{EncodeContext, Encoded};
use crate::message::{ContentBlock, Request, ResponseFormat, Role, ToolChoice, Warning};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Claude,
    Nova,
    Other,
}

fn family(model: &str) -> Family {
    let m = model.to_ascii_lowercase();
    if m.contains("anthropic.") || m.contains("claude") {
        Family::Claude
    } else if m.contains("amazon.nova") {
        Family::Nova
    } else {
        Family::Other
    }
}

fn has_tool_blocks(req: &Request) -> bool {
    req.messages.iter().flat_map(|m| &m.content).any(|b| {
        matches!(
            b,
            ContentBlock::ToolUse { .. } | ContentBlock::ToolResult { .. }
        )
    })
}

fn messages_value(req: &Request, cx: &mut Ctx, w: &mut Vec<Warning>) -> Vec<Value> {
    let mut out: Vec<(Role, Vec<Value>)> = Vec::new();
    for (i, m) in req.messages.iter().enumerate() {
        let mut blocks = Vec::new();
        for (j, b) in m.content.iter().enumerate() {
            push_block(
                cx,
                b,
                &format!("messages[{i}].content[{j}]"),
                &mut blocks,
                w,
            );
        }
        if blocks.is_empty() {
            w.push(Warning::new(
                format!("messages[{i}]"),
                "the message has no content Bedrock accepts; it was not sent",
            ));
            continue;
        }
        match out.last_mut() {
            Some((role, prev)) if *role == m.role => prev.extend(blocks),
            _ => out.push((m.role, blocks)),
        }
    }
    out.into_iter()
        .map(|(role, content)| {
            let role = if role == Role::User {
                "user"
            } else {
                "assistant"
            };
            object(&mut [("role", text(role)), ("content", Value::Array(content))])
        })
        .collect()
}

fn system_value(req: &Request, w: &mut Vec<Warning>) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, b) in req.system.iter().enumerate() {
        match b {
            ContentBlock::Text {
                text,
                cache_control,
            } => {
                if !text.is_empty() {
                    out.push(object(&mut [("text", self::text(text))]));
                }
                if cache_control.is_some() {
                    out.push(cache_point());
                }
            }
            other => w.push(Warning::new(
                format!("system[{i}]"),
                format!(
                    "a system prompt holds text only; the {} block was not sent",
                    other.type_name()
                ),
            )),
        }
    }
    out
}

fn tool_config(req: &Request, w: &mut Vec<Warning>) -> Option<Value> {
    let history = has_tool_blocks(req);
    if req.tools.is_empty() {
        if history {
            w.push(Warning::new(
                "tools",
                "Bedrock requires tool definitions when the messages hold tool calls or results",
            ));
        }
        return None;
    }
    let choice = match &req.tool_choice {
        Some(ToolChoice::None) if !history => return None,
        Some(ToolChoice::None) => {
            w.push(Warning::new(
                "toolChoice",
                "Converse has no `none` tool choice and needs the tools for the tool blocks in the history; the model may still call them",
            ));
            None
        }
        None | Some(ToolChoice::Auto) => req
            .tool_choice
            .as_ref()
            .map(|_| object(&mut [("auto", Value::Object(Map::new()))])),
        Some(ToolChoice::Any) => Some(object(&mut [("any", Value::Object(Map::new()))])),
        Some(ToolChoice::Tool(name)) => {
            Some(object(&mut [("tool", object(&mut [("name", text(name))]))]))
        }
    };
    if req.parallel_tool_calls == Some(false) {
        w.push(Warning::new(
            "parallelToolCalls",
            "Converse cannot disable parallel tool calls; not sent",
        ));
    }
    let mut tools = Vec::new();
    for t in &req.tools {
        let mut spec = Map::new();
        spec.insert("name".into(), Value::String(t.name.clone()));
        if let Some(d) = t.description.as_ref().filter(|d| !d.is_empty()) {
            spec.insert("description".into(), Value::String(d.clone()));
        }
        spec.insert(
            "inputSchema".into(),
            object(&mut [("json", t.input_schema.clone())]),
        );
        tools.push(object(&mut [("toolSpec", Value::Object(spec))]));
        if t.cache_control.is_some() {
            tools.push(cache_point());
        }
    }
    let mut cfg = Map::new();
    cfg.insert("tools".into(), Value::Array(tools));
    if let Some(c) = choice {
        cfg.insert("toolChoice".into(), c);
    }
    Some(Value::Object(cfg))
}

/// Encodes `req` as a Converse body.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let mut w = Vec::new();
    let model = if ctx.model.is_empty() {
        req.model.as_deref().unwrap_or("")
    } else {
        ctx.model.as_str()
    };
    let fam = family(model);
    let mut cx = Ctx::new(fam == Family::Claude);
    let messages = messages_value(req, &mut cx, &mut w);
    if messages.is_empty() {
        return Err(ProviderError::invalid_request(
            "the request has no message Bedrock accepts",
        ));
    }
    let mut body = Map::new();
    body.insert("messages".into(), Value::Array(messages));
    let system = system_value(req, &mut w);
    if !system.is_empty() {
        body.insert("system".into(), Value::Array(system));
    }

    let mut inference = Map::new();
    let mut extra = Map::new();
    if fam == Family::Claude {
        let provider = if ctx.provider.is_empty() {
            "bedrock"
        } else {
            ctx.provider.as_str()
        };
        let p = claude_params(req, output_cap(provider, model), &mut w);
        if p.max_tokens_explicit || p.thinking_budget.is_some() {
            inference.insert("maxTokens".into(), Value::from(p.max_tokens));
        }
        if let Some(t) = p.temperature {
            inference.insert("temperature".into(), Value::from(t));
        }
        if let Some(t) = p.top_p {
            inference.insert("topP".into(), Value::from(t));
        }
        if let Some(k) = p.top_k {
            extra.insert("top_k".into(), Value::from(k));
        }
        if let Some(b) = p.thinking_budget {
            extra.insert(
                "thinking".into(),
                object(&mut [("type", text("enabled")), ("budget_tokens", Value::from(b))]),
            );
        }
    } else {
        if let Some(n) = req.max_tokens {
            inference.insert("maxTokens".into(), Value::from(n));
        }
        if let Some(t) = req.temperature {
            inference.insert("temperature".into(), Value::from(t));
        }
        if let Some(t) = req.top_p {
            inference.insert("topP".into(), Value::from(t));
        }
        match (req.top_k, fam) {
            (Some(k), Family::Nova) => {
                extra.insert(
                    "inferenceConfig".into(),
                    object(&mut [("topK", Value::from(k))]),
                );
            }
            (Some(_), _) => w.push(Warning::new(
                "topK",
                "not supported for this Bedrock model; not sent",
            )),
            (None, _) => {}
        }
        if req.reasoning.is_some() {
            w.push(Warning::new(
                "reasoning",
                "reasoning settings are only mapped for Claude on Bedrock; pass them in providerOptions.bedrock.additionalModelRequestFields",
            ));
        }
    }
    if !req.stop_sequences.is_empty() {
        inference.insert(
            "stopSequences".into(),
            Value::from(req.stop_sequences.clone()),
        );
    }
    if req.seed.is_some() {
        w.push(Warning::new("seed", "Converse has no seed; not sent"));
    }
    if !inference.is_empty() {
        body.insert("inferenceConfig".into(), Value::Object(inference));
    }
    if let Some(tc) = tool_config(req, &mut w) {
        body.insert("toolConfig".into(), tc);
    }
    if !extra.is_empty() {
        body.insert("additionalModelRequestFields".into(), Value::Object(extra));
    }
    match &req.response_format {
        Some(ResponseFormat::JsonSchema { name, schema, .. }) => {
            let name = if name.is_empty() { String::from("output") } else { name.clone() };
            body.insert(
                "outputConfig".into(),
                object(&mut [(
                    "textFormat",
                    object(&mut [
                        ("type", text("json_schema")),
                        (
                            "structure",
                            object(&mut [(
                                "jsonSchema",
                                object(&mut [
                                    (
                                        "schema",
                                        Value::String(
                                            serde_json::to_string(schema).unwrap_or_default(),
                                        ),
                                    ),
                                    ("name", Value::String(name)),
                                ]),
                            )]),
                        ),
                    ]),
                )]),
            );
        }
        Some(ResponseFormat::JsonObject) => w.push(Warning::new(
            "responseFormat",
            "Converse has no JSON mode without a schema; give a JSON schema to get structured output",
        )),
        Some(ResponseFormat::Text) | None => {}
    }
    if req.user.is_some() {
        w.push(Warning::new(
            "user",
            "Converse has no end-user field; not sent",
        ));
    }
    merge_provider_options(&mut body, req, &["bedrock", ctx.provider.as_str()]);
    Ok(Encoded {
        body: Value::Object(body),
        warnings: w,
    })
}
