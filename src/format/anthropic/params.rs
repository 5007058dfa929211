//! Claude's sampling and extended-thinking rules, shared by the Anthropic Messages encoder and
//! the Bedrock Converse encoder (which sends the same `thinking` object to Claude models in
//! `additionalModelRequestFields`).
//!
//! The rules (Anthropic "extended thinking" docs):
//! * `budget_tokens` ≥ 1024 and < `max_tokens`;
//! * with thinking on, `temperature` must be unset (or 1), `top_k` unset, `top_p` in
//!   [0.95, 1];
//! * thinking cannot be combined with a forced tool choice (`any` / `tool`);
//! * `temperature` is 0–1 (OpenAI-style values up to 2 are clamped).
//!
//! Breaking a rule would fail the request; each is fixed here with a [`Warning`] instead.

use crate::float::fmt_f64;
use crate::message::{Request, ToolChoice, Warning};
use alloc::format;
use alloc::vec::Vec;

/// `max_tokens` when the request sets none (Anthropic requires the field), lowered to the
/// model's output limit when the catalog knows a smaller one. Not the catalog maximum itself:
/// Claude's limits reach 64k–128k tokens, and such a `max_tokens` on a non-streaming request
/// is refused as possibly longer than ten minutes.
pub const DEFAULT_MAX_TOKENS: u32 = 4096;

/// The model's output limit from the catalog, if it is known.
pub(crate) fn output_cap(provider: &str, model: &str) -> Option<u32> {
    crate::models::lookup(provider, model)
        .and_then(|m| m.max_output_tokens)
        .filter(|&n| n > 0)
}

/// The smallest thinking budget Anthropic accepts.
pub const MIN_THINKING_BUDGET: u32 = 1024;

/// Sampling settings after Claude's rules were applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ClaudeParams {
    /// `max_tokens` to send.
    pub max_tokens: u32,
    /// Whether `max_tokens` came from the request (else it is a default).
    pub max_tokens_explicit: bool,
    /// The thinking budget, when thinking is on.
    pub thinking_budget: Option<u32>,
    /// Temperature to send.
    pub temperature: Option<f64>,
    /// `top_p` to send.
    pub top_p: Option<f64>,
    /// `top_k` to send.
    pub top_k: Option<u32>,
}

/// Applies the rules to `req`. `cap` is the model's output limit when known: defaults and
/// raises aster makes itself stay within it (a value the caller set is never lowered).
pub(crate) fn claude_params(req: &Request, cap: Option<u32>, w: &mut Vec<Warning>) -> ClaudeParams {
    let explicit = req.max_tokens.filter(|&n| n > 0);
    let default = cap.map_or(DEFAULT_MAX_TOKENS, |c| c.min(DEFAULT_MAX_TOKENS));
    let mut p = ClaudeParams {
        max_tokens: explicit.unwrap_or(default),
        max_tokens_explicit: explicit.is_some(),
        thinking_budget: None,
        temperature: req.temperature,
        top_p: req.top_p,
        top_k: req.top_k,
    };
    let mut budget = req
        .reasoning
        .as_ref()
        .and_then(|r| r.budget_tokens.or(r.effort.map(|e| e.budget_tokens())))
        .filter(|&b| b > 0);
    if budget.is_some() && matches!(req.tool_choice, Some(ToolChoice::Any | ToolChoice::Tool(_))) {
        w.push(Warning::new(
            "reasoning",
            "extended thinking cannot be combined with a forced tool choice; thinking was not enabled",
        ));
        budget = None;
    }
    if let Some(b) = budget {
        let b = if b < MIN_THINKING_BUDGET {
            w.push(Warning::new(
                "reasoning.budgetTokens",
                format!("raised from {b} to the minimum of {MIN_THINKING_BUDGET}"),
            ));
            MIN_THINKING_BUDGET
        } else {
            b
        };
        if p.max_tokens <= b {
            // The caller's max_tokens becomes the answer's room beside the thinking budget.
            let mut raised = b.saturating_add(p.max_tokens);
            if let Some(c) = cap.filter(|&c| c > b) {
                raised = raised.min(c);
            }
            if p.max_tokens_explicit {
                w.push(Warning::new(
                    "maxTokens",
                    format!(
                        "raised from {} to {raised}: it must exceed the thinking budget ({b})",
                        p.max_tokens
                    ),
                ));
            }
            p.max_tokens = raised;
        }
        p.thinking_budget = Some(b);
        if let Some(t) = p.temperature.filter(|&t| t != 1.0) {
            w.push(Warning::new(
                "temperature",
                format!(
                    "{} is not allowed with extended thinking; not sent",
                    fmt_f64(t)
                ),
            ));
            p.temperature = None;
        }
        if p.top_k.take().is_some() {
            w.push(Warning::new(
                "topK",
                "not allowed with extended thinking; not sent",
            ));
        }
        if let Some(tp) = p.top_p.filter(|&tp| tp < 0.95) {
            w.push(Warning::new(
                "topP",
                format!(
                    "{} is below the 0.95 allowed with extended thinking; not sent",
                    fmt_f64(tp)
                ),
            ));
            p.top_p = None;
        }
    }
    if let Some(t) = p.temperature.filter(|&t| t > 1.0) {
        w.push(Warning::new(
            "temperature",
            format!("{} is above Claude's maximum of 1; sent as 1", fmt_f64(t)),
        ));
        p.temperature = Some(1.0);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Effort, Reasoning};

    fn with_reasoning(effort: Option<Effort>, budget: Option<u32>) -> Request {
        Request {
            reasoning: Some(Reasoning {
                effort,
                budget_tokens: budget,
            }),
            ..Request::default()
        }
    }

    #[test]
    fn effort_budget_raises_default_max_tokens_silently() {
        let mut w = Vec::new();
        let p = claude_params(&with_reasoning(Some(Effort::High), None), None, &mut w);
        assert_eq!(p.thinking_budget, Some(24576));
        assert_eq!(p.max_tokens, 24576 + DEFAULT_MAX_TOKENS);
        assert!(w.is_empty());
    }

    #[test]
    fn explicit_small_max_tokens_is_raised_with_warning() {
        let mut w = Vec::new();
        let mut r = with_reasoning(None, Some(500));
        r.max_tokens = Some(800);
        r.temperature = Some(0.2);
        r.top_k = Some(5);
        r.top_p = Some(0.9);
        let p = claude_params(&r, None, &mut w);
        assert_eq!(p.thinking_budget, Some(1024));
        assert_eq!(p.max_tokens, 1024 + 800);
        assert_eq!((p.temperature, p.top_k, p.top_p), (None, None, None));
        let settings: Vec<&str> = w.iter().map(|w| w.setting.as_str()).collect();
        assert_eq!(
            settings,
            [
                "reasoning.budgetTokens",
                "maxTokens",
                "temperature",
                "topK",
                "topP"
            ]
        );
    }

    #[test]
    fn catalog_cap_bounds_defaults_and_raises_only() {
        let mut w = Vec::new();
        let p = claude_params(&Request::default(), Some(1000), &mut w);
        assert_eq!(p.max_tokens, 1000);
        let p = claude_params(
            &with_reasoning(Some(Effort::High), None),
            Some(26000),
            &mut w,
        );
        assert_eq!((p.thinking_budget, p.max_tokens), (Some(24576), 26000));
        let r = Request {
            max_tokens: Some(50000),
            ..Request::default()
        };
        assert_eq!(claude_params(&r, Some(30000), &mut w).max_tokens, 50000);
        assert!(w.is_empty());
    }

    #[test]
    fn forced_tool_disables_thinking() {
        let mut w = Vec::new();
        let mut r = with_reasoning(Some(Effort::Low), None);
        r.tool_choice = Some(ToolChoice::Any);
        assert_eq!(claude_params(&r, None, &mut w).thinking_budget, None);
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn temperature_is_clamped_without_thinking() {
        let mut w = Vec::new();
        let r = Request {
            temperature: Some(1.5),
            ..Request::default()
        };
        assert_eq!(claude_params(&r, None, &mut w).temperature, Some(1.0));
        assert_eq!(w.len(), 1);
    }
}
