//! [`ResponsesRules`]: how one Responses API host differs from OpenAI's. Each provider kind's
//! row holds its own (`KindInfo::responses`, set in its module under `provider/kinds/`); the
//! encoder receives them in its `EncodeContext` (filled from the row by `EncodeContext::new`),
//! the item decoder from its `Emitter` (set by whoever builds the decoder from a kind:
//! `crate::decode`, the client). `format` never looks a provider kind up by name.

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
}

/// OpenAI's rules: what a context built with no provider encodes with.
impl Default for ResponsesRules {
    fn default() -> ResponsesRules {
        ResponsesRules::OPENAI
    }
}
