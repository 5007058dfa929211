//! Canonical request → Chat Completions request body.
//!
//! Host and model rules (each one documented where it is applied). What differs per host is
//! that provider kind's own `ChatRules` (`openai_chat/rules.rs`), in its row; the hosts
//! named here are examples:
//!
//! * **OpenAI reasoning models** (`o1*`, `o3*`, `o4*`, `gpt-5*` except `gpt-5-chat*`, also
//!   behind a `provider/` prefix): the system prompt is a `developer` message (`o1-mini` and
//!   `o1-preview` take neither: a user message), `max_completion_tokens` replaces `max_tokens`,
//!   and `temperature`/`top_p` are dropped with a warning (the API rejects them).
//! * **OpenAI proper and Azure** always use `max_completion_tokens` (`max_tokens` is deprecated
//!   there); every other host gets `max_tokens`, which they all accept.
//! * **Reasoning** (`reasoning.effort`, or a budget mapped to the nearest effort):
//!   `reasoning_effort` for OpenAI/Azure reasoning models and for the other hosts (Groq, xAI,
//!   Cerebras, …), `reasoning: {effort | max_tokens}` for OpenRouter; DeepSeek picks reasoning
//!   by model (`deepseek-reasoner`), so the setting is a warning there, as it is for
//!   non-reasoning OpenAI models. `minimal` exists for `gpt-5` only and becomes `low`
//!   elsewhere.
//! * **Reasoning replay** in history: `reasoning_content` (DeepSeek), `reasoning`
//!   (Cerebras), `reasoning_details` (OpenRouter, with signatures); dropped with a warning
//!   elsewhere.
//! * **PDFs** as `file` parts for OpenAI, Azure and OpenRouter; a warning elsewhere.
//! * `stream: true` comes with `stream_options: {include_usage: true}` so the usage arrives.
//! * `top_k` does not exist in this API: a warning. `providerOptions[provider]` is merged into
//!   the body last (top-level keys replace ours).

use super::messages::{encode_messages, same_id, Dialect, SystemRole};
use super::rules::{ChatRules, ReasoningParam};
use crate::error::Result;
use crate::format::{EncodeContext, Encoded};
use crate::message::{Effort, Reasoning, Request, ResponseFormat, ToolChoice, Warning};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// The host-level choices of the body encoding (beyond messages).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyDialect {
    /// Message encoding choices.
    pub messages: Dialect,
    /// Name of the max-output-tokens field.
    pub max_tokens_field: &'static str,
    /// `tool_choice` value for "must call a tool" (`required`, Mistral `any`).
    pub required_choice: &'static str,
    /// Whether `stream_options.include_usage` is sent with `stream: true`.
    pub stream_options: bool,
    /// Whether the `user` field exists.
    pub user_field: bool,
    /// Whether sampling parameters must be dropped (OpenAI reasoning models).
    pub no_sampling: bool,
    /// Name of the sampling-seed field (`seed`, Mistral `random_seed`).
    pub seed_field: &'static str,
}

/// The model id without a routing prefix (`openai/o3-mini` → `o3-mini`).
pub(crate) fn bare_model(model: &str) -> &str {
    model.rsplit('/').next().unwrap_or(model)
}

/// Whether `model` is an OpenAI reasoning model (o-series, gpt-5 family).
pub(crate) fn is_openai_reasoning_model(model: &str) -> bool {
    let m = bare_model(model);
    let o_series = ["o1", "o3", "o4"]
        .iter()
        .any(|p| m == *p || m.starts_with(&alloc::format!("{p}-")));
    o_series
        || (m.starts_with("gpt-5") && !m.starts_with("gpt-5-chat"))
        || m.starts_with("codex-mini")
}

/// The dialect of a host with `rules` (its kind's, from the [`EncodeContext`]) for `model`.
pub(crate) fn dialect_for(rules: ChatRules, model: &str) -> BodyDialect {
    let reasoning_model = is_openai_reasoning_model(model);
    let bare = bare_model(model);
    let system_role = if reasoning_model && rules.openai_proper {
        if bare.starts_with("o1-mini") || bare.starts_with("o1-preview") {
            SystemRole::User
        } else {
            SystemRole::Developer
        }
    } else {
        SystemRole::System
    };
    BodyDialect {
        messages: Dialect {
            reasoning_replay: rules.replay,
            documents: rules.documents,
            system_role,
            map_tool_id: same_id,
        },
        max_tokens_field: if rules.openai_proper || reasoning_model {
            "max_completion_tokens"
        } else {
            "max_tokens"
        },
        required_choice: "required",
        stream_options: true,
        user_field: true,
        no_sampling: reasoning_model,
        seed_field: "seed",
    }
}

/// Encodes a Chat Completions request for `ctx.provider`.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let model = req.model.clone().unwrap_or_else(|| ctx.model.clone());
    let d = dialect_for(ctx.chat, &model);
    let mut w = Vec::new();
    let mut body = encode_common(req, ctx, &model, &d, &mut w)?;
    encode_reasoning(req, ctx.chat, &model, &mut body, &mut w);
    merge_provider_options(req, &ctx.provider, &mut body);
    Ok(Encoded {
        body: Value::Object(body),
        warnings: w,
    })
}

/// Everything but reasoning and provider options, shared with Mistral.
pub(crate) fn encode_common(
    req: &Request,
    ctx: &EncodeContext,
    model: &str,
    d: &BodyDialect,
    w: &mut Vec<Warning>,
) -> Result<Map<String, Value>> {
    let mut body = Map::new();
    body.insert("model".into(), model.into());
    body.insert(
        "messages".into(),
        Value::Array(encode_messages(req, &d.messages, w)?),
    );
    if !req.tools.is_empty() {
        let tools: Vec<Value> = req
            .tools
            .iter()
            .map(|t| {
                let mut f = Map::new();
                f.insert("name".into(), t.name.clone().into());
                if let Some(desc) = &t.description {
                    f.insert("description".into(), desc.clone().into());
                }
                f.insert("parameters".into(), t.input_schema.clone());
                json!({"type": "function", "function": f})
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
        if let Some(p) = req.parallel_tool_calls {
            body.insert("parallel_tool_calls".into(), p.into());
        }
    }
    if let Some(choice) = &req.tool_choice {
        let v = match choice {
            ToolChoice::Auto => json!("auto"),
            ToolChoice::Any => json!(d.required_choice),
            ToolChoice::None => json!("none"),
            ToolChoice::Tool(name) => json!({"type": "function", "function": {"name": name}}),
        };
        if req.tools.is_empty() && !matches!(choice, ToolChoice::None | ToolChoice::Auto) {
            w.push(Warning::new(
                "toolChoice",
                "no tools were given; tool choice not sent",
            ));
        } else if !req.tools.is_empty() {
            body.insert("tool_choice".into(), v);
        }
    }
    if let Some(n) = req.max_tokens {
        body.insert(d.max_tokens_field.into(), n.into());
    }
    for (name, value) in [("temperature", req.temperature), ("top_p", req.top_p)] {
        if let Some(x) = value {
            if d.no_sampling {
                w.push(Warning::new(
                    name,
                    "not supported by reasoning models; dropped",
                ));
            } else {
                body.insert(name.into(), x.into());
            }
        }
    }
    if req.top_k.is_some() {
        w.push(Warning::new("topK", "not supported by this API; dropped"));
    }
    if let Some(seed) = req.seed {
        body.insert(d.seed_field.into(), seed.into());
    }
    if !req.stop_sequences.is_empty() {
        body.insert("stop".into(), req.stop_sequences.clone().into());
    }
    match &req.response_format {
        Some(ResponseFormat::JsonObject) => {
            body.insert("response_format".into(), json!({"type": "json_object"}));
        }
        Some(ResponseFormat::JsonSchema {
            name,
            schema,
            strict,
        }) => {
            body.insert(
                "response_format".into(),
                json!({"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": strict}}),
            );
        }
        Some(ResponseFormat::Text) | None => {}
    }
    if let Some(user) = &req.user {
        if d.user_field {
            body.insert("user".into(), user.clone().into());
        } else {
            w.push(Warning::new(
                "user",
                "not supported by this provider; dropped",
            ));
        }
    }
    if ctx.stream {
        body.insert("stream".into(), true.into());
        if d.stream_options {
            body.insert("stream_options".into(), json!({"include_usage": true}));
        }
    }
    Ok(body)
}

/// The effort to send: the requested one, or the one whose budget is nearest the requested
/// budget.
pub(crate) fn effort_of(r: &Reasoning) -> Effort {
    if let Some(e) = r.effort {
        return e;
    }
    let budget = r.budget_tokens.unwrap_or(Effort::Medium.budget_tokens());
    [Effort::Minimal, Effort::Low, Effort::Medium, Effort::High]
        .into_iter()
        .min_by_key(|e| e.budget_tokens().abs_diff(budget))
        .unwrap_or(Effort::Medium)
}

fn encode_reasoning(
    req: &Request,
    rules: ChatRules,
    model: &str,
    body: &mut Map<String, Value>,
    w: &mut Vec<Warning>,
) {
    let Some(r) = &req.reasoning else { return };
    if r.effort.is_none() && r.budget_tokens.is_none() {
        return;
    }
    let mut effort = effort_of(r);
    if effort == Effort::Minimal && !bare_model(model).starts_with("gpt-5") {
        effort = Effort::Low;
    }
    match rules.reasoning {
        ReasoningParam::OpenRouter => {
            let v = match (r.effort, r.budget_tokens) {
                (None, Some(budget)) => json!({"max_tokens": budget}),
                _ => json!({"effort": effort.as_str()}),
            };
            body.insert("reasoning".into(), v);
        }
        ReasoningParam::ByModel(why) => w.push(Warning::new("reasoning", why)),
        ReasoningParam::Effort if rules.openai_proper && !is_openai_reasoning_model(model) => {
            w.push(Warning::new(
                "reasoning",
                "this model does not support reasoning; not sent",
            ));
        }
        ReasoningParam::Effort => {
            body.insert("reasoning_effort".into(), effort.as_str().into());
        }
    }
}

/// Merges `providerOptions[provider]` into the body: the one merge of every format
/// ([`wire_util::merge_provider_options`](crate::format::wire_util::merge_provider_options)),
/// under the provider's own key only (Chat Completions hosts differ too much for one
/// `openai` key to suit them all).
pub(crate) fn merge_provider_options(req: &Request, provider: &str, body: &mut Map<String, Value>) {
    crate::format::wire_util::merge_provider_options(body, req, &[provider]);
}
