//! Canonical request → `generateContent` / `streamGenerateContent` body (the same for Google
//! AI and Vertex; the model and `alt=sse` live in the URL, built by the provider).
//!
//! * `systemInstruction: {parts: [{text}…]}`, one part per system text block;
//! * `contents`: see `contents.rs`;
//! * tools → `tools: [{functionDeclarations: [{name, description, parameters}]}]`, the schema
//!   cleaned to Gemini's OpenAPI subset (`schema.rs`);
//! * `toolChoice` → `toolConfig.functionCallingConfig.mode`: `AUTO`, `ANY`, `NONE`, or `ANY`
//!   with `allowedFunctionNames: [name]` for one tool. Gemini cannot switch parallel calls
//!   off: `parallelToolCalls: false` is a warning;
//! * `generationConfig`: `maxOutputTokens`, `temperature`, `topP`, `topK`, `stopSequences`;
//!   structured output → `responseMimeType: "application/json"` with `responseJsonSchema` (the
//!   schema as is: that field takes real JSON Schema, `$defs` and all); reasoning →
//!   `thinkingConfig: {includeThoughts: true, …}` with `thinkingLevel` for Gemini 3 models
//!   given an effort (Gemini 3 Pro knows only `low` and `high`: `minimal` → `low`, `medium`
//!   → `high`), else `thinkingBudget` (the explicit budget, or the effort's budget). The two
//!   are never sent together (the API rejects that);
//! * `user` has no Gemini field, and `cache_control` no meaning (Gemini caches implicitly):
//!   warnings;
//! * `providerOptions.google`, then `providerOptions.<provider>` (`vertex`, …), merged last.

use super::{contents, schema};
use crate::error::Result;
use crate::format::build::{object, text};
use crate::format::wire_util::{has_cache_control, merge_provider_options};
use crate::format::{EncodeContext, Encoded};
use crate::message::{Effort, Request, ResponseFormat, ToolChoice, Warning};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// Canonical request → Gemini body. Never fails: what cannot be expressed is a warning.
pub fn encode(req: &Request, ctx: &EncodeContext) -> Result<Encoded> {
    let mut warnings = Vec::new();
    let model = if ctx.model.is_empty() {
        req.model.as_deref().unwrap_or("")
    } else {
        ctx.model.as_str()
    };
    let family = Family::of(model);
    let mut body = Map::new();
    body.insert(
        "contents".into(),
        Value::Array(contents::build(req, family.gemini3, &mut warnings)),
    );
    let system: Vec<Value> = req
        .system
        .iter()
        .filter_map(|b| match b {
            crate::message::ContentBlock::Text { text, .. } if !text.is_empty() => {
                Some(object(&mut [("text", self::text(text))]))
            }
            _ => None,
        })
        .collect();
    if !system.is_empty() {
        body.insert(
            "systemInstruction".into(),
            object(&mut [("parts", Value::Array(system))]),
        );
    }
    if !req.tools.is_empty() {
        let decls: Vec<Value> = req
            .tools
            .iter()
            .map(|t| {
                let mut d = Map::new();
                d.insert("name".into(), text(&t.name));
                if let Some(desc) = &t.description {
                    d.insert("description".into(), text(desc));
                }
                d.insert("parameters".into(), schema::clean(&t.input_schema));
                Value::Object(d)
            })
            .collect();
        body.insert(
            "tools".into(),
            Value::Array(alloc::vec![object(&mut [(
                "functionDeclarations",
                Value::Array(decls)
            )])]),
        );
    }
    if let Some(choice) = &req.tool_choice {
        let config = match choice {
            ToolChoice::Auto => object(&mut [("mode", text("AUTO"))]),
            ToolChoice::Any => object(&mut [("mode", text("ANY"))]),
            ToolChoice::None => object(&mut [("mode", text("NONE"))]),
            ToolChoice::Tool(name) => object(&mut [
                ("mode", text("ANY")),
                (
                    "allowedFunctionNames",
                    Value::Array(alloc::vec![text(name)]),
                ),
            ]),
        };
        body.insert(
            "toolConfig".into(),
            object(&mut [("functionCallingConfig", config)]),
        );
    }
    if req.parallel_tool_calls == Some(false) {
        warnings.push(Warning::new(
            "parallel_tool_calls",
            "Gemini cannot turn parallel function calls off; ignored",
        ));
    }
    let gen = generation_config(req, family);
    if !gen.is_empty() {
        body.insert("generationConfig".into(), Value::Object(gen));
    }
    if req.user.is_some() {
        warnings.push(Warning::new(
            "user",
            "Gemini has no end-user id field; dropped",
        ));
    }
    if has_cache_control(req) {
        warnings.push(Warning::new(
            "cache_control",
            "Gemini caches repeated prompt prefixes implicitly; cache_control ignored",
        ));
    }
    merge_provider_options(&mut body, req, &["google", &ctx.provider]);
    Ok(Encoded {
        body: Value::Object(body),
        warnings,
    })
}

fn generation_config(req: &Request, family: Family) -> Map<String, Value> {
    let mut g = Map::new();
    if let Some(n) = req.max_tokens {
        g.insert("maxOutputTokens".into(), Value::from(n));
    }
    if let Some(t) = req.temperature {
        g.insert("temperature".into(), Value::from(t));
    }
    if let Some(p) = req.top_p {
        g.insert("topP".into(), Value::from(p));
    }
    if let Some(k) = req.top_k {
        g.insert("topK".into(), Value::from(k));
    }
    if let Some(seed) = req.seed {
        g.insert("seed".into(), Value::from(seed));
    }
    if !req.stop_sequences.is_empty() {
        g.insert(
            "stopSequences".into(),
            Value::from(req.stop_sequences.clone()),
        );
    }
    match &req.response_format {
        Some(ResponseFormat::JsonSchema { schema, .. }) => {
            g.insert("responseMimeType".into(), text("application/json"));
            g.insert("responseJsonSchema".into(), schema.clone());
        }
        Some(ResponseFormat::JsonObject) => {
            g.insert("responseMimeType".into(), text("application/json"));
        }
        Some(ResponseFormat::Text) | None => {}
    }
    if let Some(r) = &req.reasoning {
        let mut t = Map::new();
        t.insert("includeThoughts".into(), Value::Bool(true));
        match (r.effort, r.budget_tokens) {
            (Some(e), _) if family.gemini3 => {
                t.insert("thinkingLevel".into(), text(family.level(e)));
            }
            (_, Some(b)) => {
                t.insert("thinkingBudget".into(), Value::from(b));
            }
            (Some(e), None) => {
                t.insert("thinkingBudget".into(), Value::from(e.budget_tokens()));
            }
            (None, None) => {}
        }
        g.insert("thinkingConfig".into(), Value::Object(t));
    }
    g
}

/// What the model id says about the rules that apply.
#[derive(Clone, Copy, Debug)]
struct Family {
    gemini3: bool,
    pro: bool,
}

impl Family {
    fn of(model: &str) -> Self {
        // Vertex and gateways prefix ids (`publishers/google/models/gemini-3-pro`, `google/…`).
        let m = model.rsplit('/').next().unwrap_or(model);
        Family {
            gemini3: m.starts_with("gemini-3"),
            pro: m.contains("-pro"),
        }
    }

    fn level(self, e: Effort) -> &'static str {
        match (e, self.pro) {
            (Effort::Minimal | Effort::Low, true) => "low",
            (Effort::Medium | Effort::High, true) => "high",
            (Effort::Minimal, false) => "minimal",
            (Effort::Low, false) => "low",
            (Effort::Medium, false) => "medium",
            (Effort::High, false) => "high",
        }
    }
}
