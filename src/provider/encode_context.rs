//! [`EncodeContext::new`]: the encoder's context with the host's rules taken from its kind's
//! row. It lives here, not in `format`, so the dependency runs one way (provider -> format):
//! the encoders receive their rules and never look a provider kind up by name.

use crate::format::openai_chat::rules::ChatRules;
use crate::format::openai_responses::rules::ResponsesRules;
use crate::format::EncodeContext;
use crate::provider::ProviderKind;
use alloc::string::String;

impl EncodeContext {
    /// A context for encoding for `provider` (a rules name: `ProviderConfig::rules_name`, a
    /// kind's name or alias; empty for none, which is OpenAI's rules). A name that is no kind (a
    /// custom provider) gets the rules of a plain OpenAI-compatible host.
    pub fn new(provider: &str, model: impl Into<String>, stream: bool) -> EncodeContext {
        let kind = ProviderKind::from_name(provider);
        let chat = match kind {
            Some(k) => k.info().chat,
            None if provider.is_empty() => ChatRules::OPENAI,
            None => ChatRules::COMPATIBLE,
        };
        EncodeContext {
            model: model.into(),
            stream,
            provider: String::from(provider),
            chat,
            responses: responses_rules_of(kind),
        }
    }
}

/// The Responses host rules of the provider named `provider` (a rules name, as for
/// [`EncodeContext::new`]): its kind's row, OpenAI's for a name that is no kind. The one
/// name-to-rules lookup, used for encoding and by whoever builds a stream decoder
/// (`crate::decode`, the client).
pub(crate) fn responses_rules(provider: &str) -> ResponsesRules {
    responses_rules_of(ProviderKind::from_name(provider))
}

fn responses_rules_of(kind: Option<ProviderKind>) -> ResponsesRules {
    kind.map_or(ResponsesRules::OPENAI, |k| k.info().responses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::openai_chat::messages::ReasoningReplay;
    use crate::format::openai_chat::rules::ReasoningParam;

    fn chat(name: &str) -> ChatRules {
        EncodeContext::new(name, "m", false).chat
    }

    fn responses(name: &str) -> ResponsesRules {
        EncodeContext::new(name, "m", false).responses
    }

    #[test]
    fn chat_rules_come_from_the_kind_row() {
        assert_eq!(chat(""), ChatRules::OPENAI);
        assert_eq!(EncodeContext::default().chat, ChatRules::OPENAI);
        assert_eq!(chat("azure"), ChatRules::OPENAI);
        assert_eq!(chat("my-host"), ChatRules::COMPATIBLE);
        assert_eq!(chat("groq"), ChatRules::COMPATIBLE);
        let deepseek = chat("deepseek");
        assert_eq!(deepseek, ProviderKind::DeepSeek.info().chat);
        assert_eq!(deepseek.replay, ReasoningReplay::Field("reasoning_content"));
        assert!(matches!(deepseek.reasoning, ReasoningParam::ByModel(_)));
        // Aliases name the same kind.
        assert_eq!(chat("grok"), ProviderKind::Xai.info().chat);
    }

    #[test]
    fn responses_rules_come_from_the_kind_row() {
        assert_eq!(responses(""), ResponsesRules::OPENAI);
        assert_eq!(EncodeContext::default().responses, ResponsesRules::OPENAI);
        assert_eq!(responses("openai"), ResponsesRules::OPENAI);
        assert_eq!(responses("my-host"), ResponsesRules::OPENAI);
        assert!(responses("xai").server_custom_calls);
        assert!(responses("grok").replay_any_encrypted);
        assert!(responses("deepseek").plain_reasoning);
        // The decoder's lookup agrees with the context's.
        for name in ["", "openai", "xai", "grok", "deepseek", "my-host"] {
            assert_eq!(responses_rules(name), responses(name), "{name}");
        }
    }
}
