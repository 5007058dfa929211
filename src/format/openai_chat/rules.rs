//! [`ChatRules`]: how one Chat Completions host differs from the others. The rules are that
//! provider's own facts, so each provider kind's row holds its own (`KindInfo::chat`, set in
//! its module under `provider/kinds/`); the encoder reads them through [`ChatRules::of`], never
//! by matching provider names.

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

    /// The rules of the provider a body is encoded for: `rules` is its rules name
    /// (`ProviderConfig::rules_name`, a kind's name), or empty when no provider is given
    /// (OpenAI's own rules). A name that is no kind (a custom provider) gets
    /// [`ChatRules::COMPATIBLE`].
    // One lookup in the binary, not one per caller (the speed build inlines freely).
    #[inline(never)]
    pub(crate) fn of(rules: &str) -> ChatRules {
        if rules.is_empty() {
            return ChatRules::OPENAI;
        }
        crate::provider::ProviderKind::from_name(rules)
            .map_or(ChatRules::COMPATIBLE, |k| k.info().chat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ProviderKind;

    #[test]
    fn rules_come_from_the_kind_row() {
        assert_eq!(ChatRules::of(""), ChatRules::OPENAI);
        assert_eq!(ChatRules::of("azure"), ChatRules::OPENAI);
        assert_eq!(ChatRules::of("my-host"), ChatRules::COMPATIBLE);
        assert_eq!(ChatRules::of("groq"), ChatRules::COMPATIBLE);
        let deepseek = ChatRules::of("deepseek");
        assert_eq!(deepseek, ProviderKind::DeepSeek.info().chat);
        assert_eq!(deepseek.replay, ReasoningReplay::Field("reasoning_content"));
        assert!(matches!(deepseek.reasoning, ReasoningParam::ByModel(_)));
        // Aliases name the same kind.
        assert_eq!(ChatRules::of("grok"), ProviderKind::Xai.info().chat);
    }
}
