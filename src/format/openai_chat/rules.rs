//! [`ChatRules`]: how one Chat Completions host differs from the others. The rules are that
//! provider's own facts, so each provider kind's row holds its own (`KindInfo::chat`, set in
//! its module under `provider/kinds/`); the encoder receives them in its `EncodeContext`
//! (filled from the row by `EncodeContext::new`), never by looking a provider up by name: the
//! format does not depend on `provider`.

use super::messages::{DocumentStyle, ReasoningReplay};

/// How a host takes a reasoning setting (`reasoning.effort` or a budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReasoningParam {
    /// `reasoning_effort` (OpenAI, Groq, xAI, Cerebras, … ): on OpenAI proper only for its
    /// reasoning models, a warning for the others.
    Effort,
    /// OpenRouter's `reasoning: {effort}` or `reasoning: {max_tokens}`.
    OpenRouter,
    /// Not settable: the model chooses (DeepSeek's `deepseek-reasoner`); a warning saying so.
    ByModel(&'static str),
}

/// The per-host choices of the Chat Completions encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ChatRules {
    /// OpenAI itself (and Azure, which serves its models): `developer` system role for
    /// reasoning models, `max_completion_tokens` always (`max_tokens` is deprecated there).
    pub openai_proper: bool,
    /// How a reasoning setting is sent.
    pub reasoning: ReasoningParam,
    /// How reasoning in the history is replayed.
    pub replay: ReasoningReplay,
    /// How PDFs are sent.
    pub documents: DocumentStyle,
}

impl ChatRules {
    /// An OpenAI-compatible host with no rules of its own: `reasoning_effort`, `max_tokens`,
    /// no reasoning replay, no PDFs.
    pub(crate) const COMPATIBLE: ChatRules = ChatRules {
        openai_proper: false,
        reasoning: ReasoningParam::Effort,
        replay: ReasoningReplay::Drop,
        documents: DocumentStyle::Unsupported,
    };

    /// OpenAI itself.
    pub(crate) const OPENAI: ChatRules = ChatRules {
        openai_proper: true,
        documents: DocumentStyle::OpenAiFile,
        ..ChatRules::COMPATIBLE
    };
}

/// OpenAI's own rules: what a context built with no provider encodes with.
impl Default for ChatRules {
    fn default() -> ChatRules {
        ChatRules::OPENAI
    }
}
