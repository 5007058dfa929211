//! [`ResponsesRules`]: how one Responses API host differs from OpenAI's. Each provider kind's
//! row holds its own (`KindInfo::responses`, set in its module under `provider/kinds/`); the
//! encoder receives them in its `EncodeContext` (filled from the row by `EncodeContext::new`).
//! The stream's item decoder still looks them up by the emitter's rules name
//! ([`ResponsesRules::of`]): the one lookup left from `format` into `provider`, until the
//! stream decoder is handed the rules as the encoder is.

/// The per-host choices of the Responses encoding and item decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ResponsesRules {
    /// Every redacted reasoning block is the host's own encrypted content and is replayed, not
    /// only OpenAI's Fernet tokens (xAI encrypts its own way).
    pub replay_any_encrypted: bool,
    /// Reasoning comes as plain text, with no encrypted content to ask for (`include`,
    /// `store: false` are not sent) and is replayed as plain text (DeepSeek).
    pub plain_reasoning: bool,
    /// A `custom_tool_call` of a response that echoes no tools is the host's own server tool,
    /// not the caller's (xAI's client tools are always `function_call`).
    pub server_custom_calls: bool,
}

impl ResponsesRules {
    /// OpenAI's behaviour, which most hosts copy.
    pub(crate) const OPENAI: ResponsesRules = ResponsesRules {
        replay_any_encrypted: false,
        plain_reasoning: false,
        server_custom_calls: false,
    };

    /// The rules of the provider named `rules` (used by the stream's item decoder only) (`ProviderConfig::rules_name`, a kind's name);
    /// OpenAI's for a name that is no kind (a custom provider, or none given).
    // One lookup in the binary, not one per caller (the speed build inlines freely).
    #[inline(never)]
    pub(crate) fn of(rules: &str) -> ResponsesRules {
        crate::provider::ProviderKind::from_name(rules)
            .map_or(ResponsesRules::OPENAI, |k| k.info().responses)
    }
}

/// OpenAI's rules: what a context built with no provider encodes with.
impl Default for ResponsesRules {
    fn default() -> ResponsesRules {
        ResponsesRules::OPENAI
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_come_from_the_kind_row() {
        assert_eq!(ResponsesRules::of(""), ResponsesRules::OPENAI);
        assert_eq!(ResponsesRules::of("openai"), ResponsesRules::OPENAI);
        assert_eq!(ResponsesRules::of("my-host"), ResponsesRules::OPENAI);
        assert!(ResponsesRules::of("xai").server_custom_calls);
        assert!(ResponsesRules::of("grok").replay_any_encrypted);
        assert!(ResponsesRules::of("deepseek").plain_reasoning);
    }
}
