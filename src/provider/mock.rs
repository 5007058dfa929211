//! The built-in `mock` provider (DESIGN §4): deterministic text, reasoning and tool calls with
//! configurable pacing, so the playground, the gateway and users' own tests work with no key
//! and no network.
//!
//! The generator is pure: the same request and settings always give the same chunks. The
//! chunks go through the same [`Emitter`] as every real format, so they follow the chunk
//! contract exactly (metadata first, tool calls start → deltas → `tool_call`, one `usage`, one
//! `finish`). Pacing (the delay between chunks) is applied by the client, which owns time.
//!
//! Behaviour, in order:
//! * the last user message carries `tool_result` blocks → a text answer quoting the results;
//! * the prompt mentions the weather and a `get_weather` tool is offered (and tools are not
//!   disabled) → a `get_weather` call with `{"location": …}` taken from the prompt;
//! * `toolChoice` forces a tool → a call of that tool (or the first tool, for `any`) with `{}`;
//! * otherwise a text answer echoing the prompt.
//!
//! Reasoning is streamed first when the request asks for it (`reasoning`) or the model name
//! contains `reason` or `think`. `maxTokens` is honoured: a longer answer is cut and finishes
//! with `length`.

use crate::chunk::{Chunk, FinishReason, Usage};
use crate::format::{Emitter, ToolKey};
use crate::message::{ContentBlock, Request, Role, ToolChoice, ToolResultContent};
use crate::usage::estimate_tokens_from_len;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// The provider name chunks are labelled with.
pub const PROVIDER_NAME: &str = "mock";

/// The model name used when none is configured.
pub const DEFAULT_MODEL: &str = "mock";

/// Settings of the mock provider (`{type: "mock", model, delayMs, chunkSize}` in JS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockConfig {
    /// Model name reported in `metadata`.
    pub model: String,
    /// Delay before every chunk after the first, in milliseconds (0 = no pacing).
    pub delay_ms: u64,
    /// Characters per text, reasoning or arguments piece (at least 1).
    pub chunk_size: usize,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            model: String::from(DEFAULT_MODEL),
            delay_ms: 0,
            chunk_size: 12,
        }
    }
}

impl MockConfig {
    /// Reads the settings from a JSON object (camelCase or snake_case keys); missing keys keep
    /// their defaults.
    pub fn from_json(v: &Value) -> MockConfig {
        let mut cfg = MockConfig::default();
        if let Some(m) = v.get("model").and_then(Value::as_str) {
            if !m.is_empty() {
                cfg.model = String::from(m);
            }
        }
        if let Some(d) = get_u64(v, "delayMs", "delay_ms") {
            cfg.delay_ms = d;
        }
        if let Some(c) = get_u64(v, "chunkSize", "chunk_size") {
            cfg.chunk_size = usize::try_from(c).unwrap_or(usize::MAX).max(1);
        }
        cfg
    }
}

fn get_u64(v: &Value, camel: &str, snake: &str) -> Option<u64> {
    v.get(camel).or_else(|| v.get(snake)).and_then(|x| {
        x.as_u64()
            .or_else(|| x.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
    })
}

/// Generates the whole chunk sequence for `req`. The client paces them one per step.
/// `nonce` makes the response and tool-call ids unique (the client draws it from its
/// transport's randomness and clock: the core has neither); the text is deterministic.
pub fn generate(req: &Request, cfg: &MockConfig, nonce: u64) -> Vec<Chunk> {
    let model = req.model.as_deref().unwrap_or(&cfg.model);
    let size = cfg.chunk_size.max(1);
    let prompt = last_user_text(req);
    let mut em = Emitter::new(PROVIDER_NAME);
    let id = format!("{:016x}", fnv1a(&prompt) ^ nonce);
    em.metadata(Some(&format!("mock-{id}")), Some(model));

    let mut budget = Budget::new(req.max_tokens);
    let mut reasoning_bytes = 0u64;
    let lower_model = model.to_ascii_lowercase();
    if req.reasoning.is_some() || lower_model.contains("reason") || lower_model.contains("think") {
        let thought = format!(
            "The user wrote {} characters. I will answer deterministically.",
            prompt.chars().count()
        );
        let thought = budget.take(&thought);
        reasoning_bytes = thought.len() as u64;
        for piece in pieces(&thought, size) {
            em.reasoning(piece, None, None);
        }
        em.reasoning("", Some("mock-signature"), None);
    }

    if let Some(results) = tool_results(req) {
        let text = format!("The tool returned: {results}");
        emit_text(&mut em, &mut budget, &text, size);
    } else if let Some((name, args)) = tool_to_call(req, &prompt) {
        em.tool_start(ToolKey::Index(0), Some(&format!("call_mock_{id}_0")), &name);
        let arguments = args.to_string();
        for piece in pieces(&arguments, size) {
            // The call was started just above, so the delta cannot fail.
            let _ = em.tool_delta(&ToolKey::Index(0), piece);
        }
        em.tool_end(&ToolKey::Index(0));
        budget.used += arguments.len() as u64;
        em.set_finish(FinishReason::ToolCalls, Some("tool_use"));
    } else {
        let text = if prompt.is_empty() {
            String::from("Hello! This is the aster mock provider.")
        } else {
            format!("This is the aster mock provider. You said: \"{prompt}\"")
        };
        emit_text(&mut em, &mut budget, &text, size);
    }

    if budget.cut {
        em.set_finish(FinishReason::Length, Some("max_tokens"));
    } else if em.finish_reason().is_none() {
        em.set_finish(FinishReason::Stop, Some("end_turn"));
    }
    em.set_usage(Usage {
        input_tokens: estimate_tokens_from_len(prompt_len(req) as u64),
        output_tokens: estimate_tokens_from_len(budget.used),
        reasoning_tokens: estimate_tokens_from_len(reasoning_bytes),
        total_cost: Some(0.0),
        ..Usage::default()
    });
    em.end();
    let mut out = Vec::new();
    em.drain_into(&mut out);
    out
}

fn emit_text(em: &mut Emitter, budget: &mut Budget, text: &str, size: usize) {
    for piece in pieces(&budget.take(text), size) {
        em.text(piece);
    }
}

/// Output limit from `maxTokens` (about four bytes a token, as the estimator counts).
struct Budget {
    left: Option<u64>,
    used: u64,
    cut: bool,
}

impl Budget {
    fn new(max_tokens: Option<u32>) -> Self {
        Budget {
            left: max_tokens.map(|t| u64::from(t) * 4),
            used: 0,
            cut: false,
        }
    }

    /// The part of `text` that fits, on a character boundary.
    fn take(&mut self, text: &str) -> String {
        let mut end = text.len();
        if let Some(left) = self.left {
            if (text.len() as u64) > left {
                self.cut = true;
                end = 0;
                for (i, c) in text.char_indices() {
                    if (i + c.len_utf8()) as u64 > left {
                        break;
                    }
                    end = i + c.len_utf8();
                }
            }
            self.left = Some(left - end as u64);
        }
        self.used += end as u64;
        String::from(text.get(..end).unwrap_or(""))
    }
}

/// Splits `text` into pieces of `size` characters (never inside a character).
fn pieces(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (i, _) in text.char_indices() {
        if count == size {
            out.push(&text[start..i]);
            start = i;
            count = 0;
        }
        count += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The text of the last user message (text blocks joined with spaces).
fn last_user_text(req: &Request) -> String {
    let Some(msg) = req.messages.iter().rev().find(|m| m.role == Role::User) else {
        return String::new();
    };
    let mut out = String::new();
    for b in &msg.content {
        if let ContentBlock::Text { text, .. } = b {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(text);
        }
    }
    out
}

/// Bytes of everything the prompt consists of, for the input-token count.
fn prompt_len(req: &Request) -> usize {
    let mut n = req.system_text().map(|s| s.len()).unwrap_or(0);
    for m in &req.messages {
        for b in &m.content {
            n += match b {
                ContentBlock::Text { text, .. } => text.len(),
                ContentBlock::ToolUse { input, .. } => input.to_string().len(),
                ContentBlock::ToolResult { content, .. } => content
                    .iter()
                    .map(|c| match c {
                        ToolResultContent::Text { text } => text.len(),
                        _ => 0,
                    })
                    .sum(),
                ContentBlock::Thinking { thinking, .. } => thinking.len(),
                _ => 0,
            };
        }
    }
    for t in &req.tools {
        n += t.name.len() + t.input_schema.to_string().len();
        n += t.description.as_deref().map(str::len).unwrap_or(0);
    }
    n
}

/// The tool results of the last message, joined, when it is a user turn answering tool calls.
fn tool_results(req: &Request) -> Option<String> {
    let last = req.messages.last().filter(|m| m.role == Role::User)?;
    let mut out = String::new();
    let mut any = false;
    for b in &last.content {
        if let ContentBlock::ToolResult { content, .. } = b {
            any = true;
            for c in content {
                if let ToolResultContent::Text { text } = c {
                    if !out.is_empty() {
                        out.push_str("; ");
                    }
                    out.push_str(text);
                }
            }
        }
    }
    any.then_some(out)
}

/// Which tool to call, if any, with its arguments.
fn tool_to_call(req: &Request, prompt: &str) -> Option<(String, Value)> {
    if req.tools.is_empty() || req.tool_choice == Some(ToolChoice::None) {
        return None;
    }
    let weather = req.tools.iter().find(|t| t.name == "get_weather");
    let wants_weather = prompt.to_ascii_lowercase().contains("weather");
    let forced = match &req.tool_choice {
        Some(ToolChoice::Tool(name)) => req.tools.iter().find(|t| &t.name == name),
        Some(ToolChoice::Any) => weather.or(req.tools.first()),
        _ => None,
    };
    let tool = match forced {
        Some(t) => t,
        None if wants_weather => weather?,
        None => return None,
    };
    let mut args = Map::new();
    if tool.name == "get_weather" {
        args.insert(
            String::from("location"),
            Value::String(location_in(prompt).unwrap_or_else(|| String::from("San Francisco"))),
        );
    }
    Some((tool.name.clone(), Value::Object(args)))
}

/// The place named after the last " in " of the prompt ("weather in Paris?" → "Paris").
fn location_in(prompt: &str) -> Option<String> {
    let lower = prompt.to_ascii_lowercase();
    let at = lower.rfind(" in ")? + 4;
    let rest = prompt.get(at..)?;
    let place: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '\'')
        .collect();
    let place = place.trim();
    (!place.is_empty()).then(|| String::from(place))
}

/// FNV-1a: a stable, dependency-free hash, mixed into the response id.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Message, Tool};

    fn weather_tool() -> Tool {
        Tool {
            name: String::from("get_weather"),
            description: Some(String::from("Current weather")),
            input_schema: serde_json::json!({"type": "object"}),
            cache_control: None,
        }
    }

    fn text_of(chunks: &[Chunk]) -> String {
        chunks
            .iter()
            .filter_map(|c| match c {
                Chunk::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn echoes_the_prompt_in_pieces() {
        let req = Request {
            messages: alloc::vec![Message::user("héllo wörld")],
            ..Request::default()
        };
        let cfg = MockConfig {
            chunk_size: 5,
            ..MockConfig::default()
        };
        let chunks = generate(&req, &cfg, 0);
        assert!(matches!(chunks[0], Chunk::Metadata { .. }));
        assert_eq!(
            text_of(&chunks),
            "This is the aster mock provider. You said: \"héllo wörld\""
        );
        let n = chunks.len();
        assert!(matches!(chunks[n - 2], Chunk::Usage(_)));
        assert!(matches!(
            chunks[n - 1],
            Chunk::Finish {
                reason: FinishReason::Stop,
                ..
            }
        ));
        // Deterministic.
        assert_eq!(chunks, generate(&req, &cfg, 0));
    }

    #[test]
    fn calls_get_weather_when_offered() {
        let req = Request {
            messages: alloc::vec![Message::user("What's the weather in Paris?")],
            tools: alloc::vec![weather_tool()],
            ..Request::default()
        };
        let chunks = generate(&req, &MockConfig::default(), 0);
        let call = chunks.iter().find_map(|c| match c {
            Chunk::ToolCall { name, input, .. } => Some((name.clone(), input.clone())),
            _ => None,
        });
        assert_eq!(
            call,
            Some((
                String::from("get_weather"),
                serde_json::json!({"location": "Paris"})
            ))
        );
        assert!(chunks.iter().any(|c| matches!(
            c,
            Chunk::Finish {
                reason: FinishReason::ToolCalls,
                ..
            }
        )));
    }

    #[test]
    fn ids_differ_per_response() {
        let req = Request {
            messages: alloc::vec![Message::user("What's the weather in Paris?")],
            tools: alloc::vec![weather_tool()],
            ..Request::default()
        };
        let ids = |nonce| {
            generate(&req, &MockConfig::default(), nonce)
                .into_iter()
                .filter_map(|c| match c {
                    Chunk::Metadata { id, .. } => id,
                    Chunk::ToolCall { id, .. } => Some(id),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let (a, b) = (ids(1), ids(2));
        assert_eq!(a.len(), 2);
        assert!(a[0] != b[0] && a[1] != b[1], "{a:?} {b:?}");
        assert!(a[1].starts_with("call_mock_"));
    }

    #[test]
    fn no_tool_when_not_offered_or_disabled() {
        let mut req = Request {
            messages: alloc::vec![Message::user("weather in Oslo")],
            ..Request::default()
        };
        assert!(!generate(&req, &MockConfig::default(), 0)
            .iter()
            .any(|c| matches!(c, Chunk::ToolCall { .. })));
        req.tools.push(weather_tool());
        req.tool_choice = Some(ToolChoice::None);
        assert!(!generate(&req, &MockConfig::default(), 0)
            .iter()
            .any(|c| matches!(c, Chunk::ToolCall { .. })));
    }

    #[test]
    fn reasoning_and_max_tokens() {
        let req = Request {
            model: Some(String::from("mock-reasoning")),
            messages: alloc::vec![Message::user("a long question that will be cut")],
            max_tokens: Some(5),
            ..Request::default()
        };
        let chunks = generate(&req, &MockConfig::default(), 0);
        assert!(chunks.iter().any(|c| matches!(
            c,
            Chunk::Reasoning {
                signature: Some(_),
                ..
            }
        )));
        assert!(chunks.iter().any(|c| matches!(
            c,
            Chunk::Finish {
                reason: FinishReason::Length,
                ..
            }
        )));
    }

    #[test]
    fn config_from_json() {
        let cfg = MockConfig::from_json(&serde_json::json!({"delayMs": 20, "chunk_size": 0}));
        assert_eq!(cfg.delay_ms, 20);
        assert_eq!(cfg.chunk_size, 1);
        assert_eq!(cfg.model, DEFAULT_MODEL);
    }
}
